/**
 * Benchmark (issues 2 and 6): distinct-state exploration of the same models by leasecheck (one thread,
 * and two worker threads), xstate/graph, a hand-written TypeScript BFS and SPIN, each measurement in
 * a fresh child process. Models: dining philosophers, Peterson's filter lock, and the DAX model
 * (leasecheck only).
 *   npm run bench [-- --json --quick --models peterson --peterson 4,5 --no-spin]
 * Not part of `npm test`.
 */
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import { measure } from './child.ts';
import { explorersFor, type ExplorerName, type ModelName } from './explorers/index.ts';
import { spinAvailable } from './explorers/spin.ts';
import { DAX_BENCH_CAP, DAX_BENCH_DESIGN } from './models/dax.ts';
import { knownStates } from './expected.ts';
import { addRatios, checkCounts, noteRow, okRow, targets, type Row } from './results.ts';
import { formatCounts, formatTable, formatTargets } from './table.ts';

const NOTES = [
  'seconds: best wall time over the runs and rounds (leasecheck: check() incl. compiling the system, with its properties',
  '  checked on every new state; hand-bfs checks the same invariant; xstate-graph: getAdjacencyMap; spin: pan\'s own',
  '  "elapsed time", compile not timed, no invariant). peak MB: the child\'s maxRSS, (+x) minus its RSS before the search;',
  '  spin: pan\'s "total actual memory usage". B/state: leasecheck\'s fingerprint table + parent + action arrays (capacity)',
  '  per distinct state. vs leasecheck: states/s over one-thread leasecheck\'s on the same model and N.',
  '  The philosophers\' and Peterson\'s invariants are declared per pair (forAll); bench/invariantForms.ts times the whole-state form.',
  '  leasecheck-2w: the worker threads boot once a process (0.3-0.7 s: tsx, the engine, XState, the model) and are kept between',
  '  its runs; they are booted before the timed runs (as the one-thread run loads its modules before its own), so its time',
  '  is the search\'s, and the boot is in the row\'s note.',
  `  dax: design ${DAX_BENCH_DESIGN}, N = processes, every property (liveness too: the graph is kept); capped at ${DAX_BENCH_CAP.toLocaleString('en-US')} states above N=2.`,
].join('\n');

let args: BenchArgs | null;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!args) {
  console.log(USAGE);
  process.exit(0);
}
const { models, sizes, xstateMax, xstateTimeout } = args;
const haveSpin = args.spin && spinAvailable();
const spinNote = !args.spin ? 'skipped: --no-spin' : 'skipped: spin or gcc not found (apt-get install -y spin)';

/**
 * Runs per measurement: xstate/graph and SPIN once; the JavaScript explorers best of 5 below 500,000
 * states, of 2 below 3,000,000, else 1. A short run's first pass is mostly the JIT warming up (half the
 * speed of later passes for leasecheck at 228,486 states), so a best-of-2 there measures the warm-up.
 */
const runsFor = (m: ModelName, e: ExplorerName, n: number) => {
  if (e === 'xstate-graph' || e === 'spin') return 1;
  if (args.runs !== undefined) return args.runs;
  const states = knownStates(m, n) ?? Infinity;
  return states < 500_000 ? 5 : states < 3_000_000 ? 2 : 1;
};

// With --rounds K the JavaScript explorers of one model and size are measured K times in turn
// (leasecheck, hand-bfs, leasecheck, ...) and each keeps its best: this machine's speed drifts over
// seconds to minutes, and interleaving keeps one explorer from getting only the slow stretches.
const ROUNDED: readonly ExplorerName[] = ['leasecheck', 'leasecheck-2w', 'hand-bfs'];
const roundsFor = (m: ModelName, n: number) => args.rounds ?? ((knownStates(m, n) ?? Infinity) < 3_000_000 ? 3 : 1);
const plan = models.flatMap((m) =>
  sizes[m].flatMap((n) =>
    Array.from({ length: roundsFor(m, n) }, (_, round) =>
      explorersFor(m).filter((e) => round === 0 || ROUNDED.includes(e)).map((e) => ({ m, n, e, round })),
    ).flat(),
  ),
);
const rows: Row[] = [];
const xstateGaveUp = new Map<ModelName, string>();
const load0 = loadavg();
for (const [i, { m, n, e, round }] of plan.entries()) {
  const tag = `[${i + 1}/${plan.length}] ${m} N=${n} ${e}${roundsFor(m, n) > 1 ? ` round ${round + 1}` : ''}`;
  const skip = (why: string) => {
    if (round === 0) rows.push(noteRow(m, n, e, 'skipped', `skipped: ${why}`));
    process.stderr.write(`${tag}: skipped (${why})\n`);
  };
  const earlier = rows.find((r) => r.model === m && r.n === n && r.explorer === e);
  if (round > 0 && earlier?.status !== 'ok') continue;
  if (e === 'xstate-graph' && n > xstateMax[m]) { skip(`N > xstate max ${xstateMax[m]}`); continue; }
  if (e === 'xstate-graph' && xstateGaveUp.has(m)) { skip(xstateGaveUp.get(m)!); continue; }
  if (e === 'spin' && !haveSpin) { rows.push(noteRow(m, n, e, 'skipped', spinNote)); continue; }
  if (e === 'leasecheck-2w' && !args.workers) { skip('--no-workers'); continue; }
  const runs = runsFor(m, e, n);
  process.stderr.write(`${tag}${runs > 1 ? ` (best of ${runs})` : ''} ... `);
  const r = await measure(m, e, n, runs, e === 'xstate-graph' ? xstateTimeout : Infinity);
  if (r.ok) {
    const row = okRow(r.m);
    if (earlier) mergeRounds(earlier, row);
    else rows.push(row);
    process.stderr.write(`${row.capped ? '>= ' : ''}${row.states!.toLocaleString('en-US')} states in ${row.seconds!.toFixed(3)} s\n`);
  } else if (r.reason === 'timeout') {
    rows.push(noteRow(m, n, e, 'skipped', `skipped: over ${r.seconds} s`));
    xstateGaveUp.set(m, `over ${r.seconds} s at N=${n}`);
    process.stderr.write(`skipped: over ${r.seconds} s\n`);
  } else {
    if (earlier) Object.assign(earlier, noteRow(m, n, e, 'failed', r.message));
    else rows.push(noteRow(m, n, e, 'failed', r.message));
    process.stderr.write(`FAILED: ${r.message}\n`);
  }
}

/** Keeps the best round of an explorer: the fastest time (with its states/s), every run, the highest peak memory. */
function mergeRounds(into: Row, next: Row): void {
  if (next.states !== into.states) {
    Object.assign(into, noteRow(into.model, into.n, into.explorer, 'failed', `found ${into.states} then ${next.states} states`));
    return;
  }
  const runs = [...(into.runs ?? []), ...(next.runs ?? [])];
  const best = next.seconds! < into.seconds! ? next : into;
  Object.assign(into, { ...best, runs, peakRssMB: Math.max(into.peakRssMB!, next.peakRssMB!), rssDeltaMB: Math.max(into.rssDeltaMB!, next.rssDeltaMB!) });
}

addRatios(rows);
const counts = checkCounts(rows);
const goals = targets(rows);
const env = { ...environment(), loadAverage: { before: load0.map((x) => +x.toFixed(2)), after: loadavg().map((x) => +x.toFixed(2)) } };

if (args.json) {
  const report = {
    models,
    environment: env,
    options: { sizes, xstateMax, xstateTimeout, spin: haveSpin, workers: args.workers, runs: args.runs ?? 'best of 5 below 500,000 states, of 2 below 3,000,000, else 1 (xstate-graph, spin: 1)', rounds: args.rounds ?? 'interleaved, 3 below 3,000,000 states, else 1' },
    counts,
    results: rows,
    targets: goals,
  };
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`leasecheck benchmark: ${models.join(', ')}; each measurement in a fresh child process`);
  console.log(`node ${env.node}, xstate ${env.xstate}, ${env.spin}, ${env.cpus} x ${env.cpu}; load average ${env.loadAverage.before.join(' ')} before, ${env.loadAverage.after.join(' ')} after`);
  console.log(formatCounts(counts));
  console.log('');
  console.log(formatTable(rows));
  console.log(NOTES);
  console.log('');
  console.log(formatTargets(goals));
}
process.exitCode = counts.agree ? 0 : 1;

function environment() {
  let xstate = 'unknown';
  try {
    const entry = createRequire(import.meta.url).resolve('xstate');
    xstate = JSON.parse(readFileSync(join(entry, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    // keep 'unknown'
  }
  let spin = 'no spin';
  if (haveSpin) {
    try {
      spin = /Spin Version [\d.]+/.exec(String(require_('child_process').execFileSync('spin', ['-V'])))?.[0] ?? 'spin';
    } catch {
      spin = 'spin';
    }
  }
  return { node: process.version, xstate, spin, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, platform: `${process.platform}-${process.arch}` };
}

function require_(m: string) {
  return createRequire(import.meta.url)(m);
}
