/**
 * Benchmark (issue 2): distinct-state exploration of the dining philosophers by leasecheck,
 * xstate/graph and a hand-written BFS, each measurement in a fresh child process.
 *   npm run bench [-- --json --sizes 10,12,14 --xstate-max 12 --quick]
 * Not part of `npm test`.
 */
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import { measure } from './child.ts';
import { expectedStates } from './expected.ts';
import { EXPLORERS, type ExplorerName } from './explorers/index.ts';
import { addRatios, checkCounts, MODEL, noteRow, okRow, targets, type Row } from './results.ts';
import { formatCounts, formatTable, formatTargets } from './table.ts';

const NOTES = [
  'seconds: best wall time of the runs in one child (leasecheck: check() incl. compiling the system and its invariant;',
  '  hand-bfs checks the same invariant; xstate-graph: getAdjacencyMap). peak RSS: the child\'s maxRSS; (+x): peak minus',
  '  its RSS before the search (node, tsx and the modules). vs leasecheck: states/s over leasecheck\'s at the same N.',
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
const { sizes, xstateMax, xstateTimeout } = args;

/** Runs per measurement: xstate/graph once (it is slow); the others best of 2 for N <= 14, where a run is short. */
const runsFor = (e: ExplorerName, n: number) => (e === 'xstate-graph' ? 1 : (args.runs ?? (n <= 14 ? 2 : 1)));

const plan = sizes.flatMap((n) => EXPLORERS.map((e) => ({ n, e })));
const rows: Row[] = [];
let xstateGaveUp: string | null = null;
for (const [i, { n, e }] of plan.entries()) {
  const tag = `[${i + 1}/${plan.length}] ${e} N=${n}`;
  if (e === 'xstate-graph' && n > xstateMax) {
    rows.push(noteRow(n, e, 'skipped', `skipped: N > --xstate-max ${xstateMax}`));
    process.stderr.write(`${tag}: skipped (N > --xstate-max ${xstateMax})\n`);
    continue;
  }
  if (e === 'xstate-graph' && xstateGaveUp) {
    rows.push(noteRow(n, e, 'skipped', `skipped: ${xstateGaveUp}`));
    process.stderr.write(`${tag}: skipped (${xstateGaveUp})\n`);
    continue;
  }
  const runs = runsFor(e, n);
  process.stderr.write(`${tag}${runs > 1 ? ` (best of ${runs})` : ''} ... `);
  const r = await measure(e, n, runs, e === 'xstate-graph' ? xstateTimeout : Infinity);
  if (r.ok) {
    const row = okRow(r.m);
    rows.push(row);
    process.stderr.write(`${row.states!.toLocaleString('en-US')} states in ${row.seconds!.toFixed(3)} s\n`);
  } else if (r.reason === 'timeout') {
    rows.push(noteRow(n, e, 'skipped', `skipped: over ${r.seconds} s`));
    xstateGaveUp = `over ${r.seconds} s at N=${n}`;
    process.stderr.write(`skipped: over ${r.seconds} s\n`);
  } else {
    rows.push(noteRow(n, e, 'failed', r.message));
    process.stderr.write(`FAILED: ${r.message}\n`);
  }
}

addRatios(rows);
const counts = checkCounts(rows, expectedStates);
const goals = targets(rows);

if (args.json) {
  const report = {
    model: MODEL,
    formula: 'distinct states = trace(M^N), M = [[1,1,1],[1,1,1],[1,0,0]]',
    environment: environment(),
    options: { sizes, xstateMax, xstateTimeout, runs: args.runs ?? 'best of 2 for N <= 14, else 1 (xstate-graph: 1)' },
    counts,
    results: rows,
    targets: goals,
  };
  console.log(JSON.stringify(report, null, 2));
} else {
  const env = environment();
  console.log(`leasecheck benchmark: ${MODEL}, one XState machine per philosopher and per fork`);
  console.log(`node ${env.node}, xstate ${env.xstate}, ${env.cpus} x ${env.cpu}; each measurement in a fresh child process`);
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
  return { node: process.version, xstate, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, platform: `${process.platform}-${process.arch}` };
}
