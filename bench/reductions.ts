/**
 * What the reductions do (issue 13): distinct states and seconds with and without partial-order
 * reduction (POR) and symmetry, side by side in one run, on the DAX model (design zombie-lease, safety
 * properties) at 2 and 3 processes, and on the philosophers and Peterson next to SPIN with its own
 * partial-order reduction on (its default) and off.
 *
 * The philosophers and Peterson are checked as SPIN checks its Promela twin: for deadlocks only (pan's
 * invalid end states; -E keeps pan going past the philosophers' deadlock so both count every state),
 * with no invariant, since an invariant over every process makes every step visible and leaves POR
 * nothing to reduce (see docs/reductions.md). leasecheck-por runs with the default
 * warm-up (2,000 states expanded in full first).
 *
 *   node --import tsx/esm bench/reductions.ts [--processes 2,3] [--phil 12,14,16] [--peterson 4,5,6]
 *        [--runs R] [--max-states N] [--timeout S] [--no-dax] [--no-spin] [--json]
 * Runs in this process, one check after another; progress on stderr. Record `uptime` with the figures.
 * Each philosophers and Peterson row is the best of R runs (default 3), SPIN's too (pan's own time,
 * compiled once), as bench/run.ts takes the best of its runs: the first leasecheck run of a model
 * also pays the JIT's warm-up, which on runs of hundredths of a second is most of the time. That
 * first run's time is kept in the row's note. The DAX rows are one run each. SPIN's time to generate
 * and compile pan (spin -a, gcc) is not in its rows, as leasecheck's start-up is not in its own; it is
 * in each SPIN row's note, and the POR summary also gives the ratio with it counted. A leasecheck
 * row's seconds are the check's (CheckStats.seconds): the search, and under reduction its set-up too
 * (the partial-order analysis steps every machine; symmetry builds its tables).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkAsync, defineSystem, type CheckOptions, type System } from '../src/index.ts';
import { philosophers } from './models/philosophers.ts';
import { peterson } from './models/peterson.ts';
import { petersonPromela, philosophersPromela } from './models/promela.ts';
import { daxBenchSystem, DAX_BENCH_DESIGN } from './models/dax.ts';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '2,3' },
    phil: { type: 'string', default: '12,14,16' },
    peterson: { type: 'string', default: '4,5,6' },
    'max-states': { type: 'string', default: '20000000' },
    timeout: { type: 'string', default: '120' },
    runs: { type: 'string', default: '3' },
    'no-dax': { type: 'boolean', default: false },
    'no-spin': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const list = (s: string) => (s === '' ? [] : s.split(',').map(Number));
const maxStates = Number(values['max-states']);
const timeoutMs = Number(values.timeout) * 1000;
const runs = Math.max(1, Number(values.runs));
if (!Number.isInteger(runs)) throw new Error(`--runs must be a whole number, got ${values.runs}`);

interface Row {
  model: string;
  n: number;
  variant: string;
  states: number;
  seconds: number;
  /** SPIN's rows: seconds of spin -a and gcc, paid once before pan runs. */
  compileSeconds?: number;
  /** Set when the run stopped at a limit: `states` is then a lower bound. */
  stoppedBy?: string;
  verdicts?: string;
  note?: string;
}

const rows: Row[] = [];
const load0 = loadavg();

/** The model as SPIN checks it: deadlocks only, no invariant. */
function deadlockOnly(base: System): System {
  return defineSystem({ name: `${base.name}-deadlock`, params: base.params, build: (scope) => ({ ...base.build(scope), properties: [], checkDeadlock: true }) });
}

/** Best of `times` runs (the first one's seconds kept in the note when there are several). */
async function leasecheck(model: string, n: number, variant: string, system: System, options: CheckOptions, times = 1): Promise<void> {
  process.stderr.write(`${model} ${n} ${variant} ... `);
  const seconds: number[] = [];
  let r: Awaited<ReturnType<typeof checkAsync>> | undefined;
  for (let i = 0; i < times; i++) {
    const ri = await checkAsync(system, { maxStates, timeoutMs, ...options });
    if (ri.status === 'error') throw ri.error;
    if (r && r.status !== 'error' && ri.stats.distinctStates !== r.stats.distinctStates) throw new Error(`${model} ${n} ${variant}: ${r.stats.distinctStates} then ${ri.stats.distinctStates} states`);
    seconds.push(ri.stats.seconds);
    r = ri;
    // A run stopped at a limit is not repeated: its count is a bound, its time the limit's.
    if (ri.stoppedBy) break;
  }
  if (!r || r.status === 'error') throw new Error('unreachable');
  const por = r.exploration.por;
  const first = seconds.length > 1 ? `first run ${seconds[0].toFixed(2)} s` : '';
  const row: Row = {
    model,
    n,
    variant,
    states: r.stats.distinctStates,
    seconds: Math.min(...seconds),
    ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
    verdicts: r.properties.filter((p) => p.verdict !== 'incomplete' || p.kind === 'always').map((p) => `${p.verdict[0]}${p.trace ? p.trace.steps.length - 1 : ''}${p.shortest === false ? '+' : ''}`).join(' '),
  };
  const notes = [por ? `${por.reducedStates.toLocaleString('en-US')} states reduced${por.repairs ? `, ${por.repairs} repairs (${por.repairedStates.toLocaleString('en-US')} states)` : ''}` : '', first].filter(Boolean);
  if (notes.length > 0) row.note = notes.join('; ');
  rows.push(row);
  process.stderr.write(`${row.stoppedBy ? '>= ' : ''}${row.states.toLocaleString('en-US')} states, ${row.seconds.toFixed(2)} s\n`);
}

/** pan compiled once and run `times` times: the best of its own elapsed times. */
function spin(model: 'philosophers' | 'peterson', n: number, reduce: boolean, times: number): void {
  process.stderr.write(`${model} ${n} spin${reduce ? '-por' : ''} ... `);
  const dir = mkdtempSync(join(tmpdir(), 'leasecheck-spin-'));
  try {
    writeFileSync(join(dir, 'model.pml'), model === 'philosophers' ? philosophersPromela(n) : petersonPromela(n));
    // What a SPIN user waits for before pan runs (not in the row's time, which is pan's own): in the note.
    const t0 = performance.now();
    execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'pipe' });
    execFileSync('gcc', ['-O2', '-DBFS', ...(reduce ? [] : ['-DNOREDUCE']), '-DSAFETY', '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
    const compileSeconds = (performance.now() - t0) / 1000;
    const w = model === 'philosophers' ? Math.min(27, Math.max(18, Math.ceil(n * 1.27) + 1)) : Math.min(27, 4 * n);
    let states = 0;
    let best = Infinity;
    for (let i = 0; i < times; i++) {
      const out = execFileSync('./pan', ['-E', `-w${w}`, '-m10000000'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
      const stored = /([\d.e+]+) states, stored/.exec(out);
      const secs = /pan: elapsed time ([\d.e+]+) seconds/.exec(out);
      if (!stored || !secs) throw new Error(`could not read pan's output: ${out.slice(-300)}`);
      states = Number(stored[1]);
      best = Math.min(best, Number(secs[1]));
    }
    const row: Row = { model, n, variant: reduce ? 'spin-por' : 'spin', states, seconds: Math.max(best, 0.005), note: `pan -DBFS${reduce ? '' : ' -DNOREDUCE'} -E -w${w}${times > 1 ? `, best of ${times}` : ''}; spin -a and gcc before it: ${compileSeconds.toFixed(2)} s`, compileSeconds };
    rows.push(row);
    process.stderr.write(`${row.states.toLocaleString('en-US')} states, ${row.seconds.toFixed(2)} s\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const spinOn = !values['no-spin'] && ['spin', 'gcc'].every((cmd) => !spawnSync(cmd, ['-V']).error);

if (!values['no-dax']) {
  const dax = daxBenchSystem();
  for (const p of list(values.processes!)) {
    const scope = { processes: p };
    await leasecheck('dax', p, 'leasecheck', dax, { scope, safetyOnly: true });
    await leasecheck('dax', p, 'leasecheck-por', dax, { scope, safetyOnly: true, por: true });
    await leasecheck('dax', p, 'leasecheck-sym', dax, { scope, safetyOnly: true, symmetry: true });
    await leasecheck('dax', p, 'leasecheck-por+sym', dax, { scope, safetyOnly: true, por: true, symmetry: true });
  }
}
for (const [model, base, sizes] of [['philosophers', philosophers, list(values.phil!)], ['peterson', peterson, list(values.peterson!)]] as const) {
  const system = deadlockOnly(base);
  for (const n of sizes) {
    await leasecheck(model, n, 'leasecheck', system, { scope: { n } }, runs);
    await leasecheck(model, n, 'leasecheck-por', system, { scope: { n }, por: true }, runs);
    if (spinOn) {
      spin(model, n, false, runs);
      spin(model, n, true, runs);
    }
  }
}

const load1 = loadavg();
if (values.json) {
  console.log(JSON.stringify({ daxDesign: DAX_BENCH_DESIGN, maxStates, timeoutSeconds: timeoutMs / 1000, runs, loadAverage: [load0, load1], rows }, null, 2));
} else {
  const fmt = (x: number) => x.toLocaleString('en-US');
  const base = (r: Row) => rows.find((x) => x.model === r.model && x.n === r.n && x.variant === 'leasecheck');
  console.log(`model          N  variant             distinct states  seconds  states vs plain  time vs plain  verdicts / note`);
  console.log(`-------------  -  ------------------  ---------------  -------  ---------------  -------------  ---------------`);
  for (const r of rows) {
    const b = base(r);
    const states = `${r.stoppedBy ? '>= ' : ''}${fmt(r.states)}`;
    console.log(
      `${r.model.padEnd(13)}  ${String(r.n).padStart(1)}  ${r.variant.padEnd(18)}  ${states.padStart(15)}  ${r.seconds.toFixed(2).padStart(7)}  ` +
        `${b && !r.stoppedBy && !b.stoppedBy ? `${(r.states / b.states).toFixed(3)}x`.padStart(15) : '-'.padStart(15)}  ${b ? `${(r.seconds / b.seconds).toFixed(2)}x`.padStart(13) : '-'.padStart(13)}  ${[r.verdicts, r.note].filter(Boolean).join('  ')}`,
    );
  }
  const spinPor = rows.filter((r) => r.variant === 'spin-por');
  for (const s of spinPor) {
    const ours = rows.find((r) => r.model === s.model && r.n === s.n && r.variant === 'leasecheck-por');
    if (!ours) continue;
    if (ours.stoppedBy) console.log(`${s.model} N=${s.n}: leasecheck-por stopped (${ours.stoppedBy}) before the end: no ratio (raise --max-states or --timeout)`);
    else console.log(`${s.model} N=${s.n}: leasecheck-por stores ${(ours.states / s.states).toFixed(2)}x SPIN's POR states (goal <= 2x), in ${(ours.seconds / s.seconds).toFixed(2)}x its time (goal < 1x; ${(ours.seconds / (s.seconds + (s.compileSeconds ?? 0))).toFixed(2)}x with spin -a and gcc counted)`);
  }
  console.log(`\nDAX design ${DAX_BENCH_DESIGN}, safety properties; >=: stopped at --max-states ${fmt(maxStates)} or the ${timeoutMs / 1000} s timeout. Philosophers and Peterson: best of ${runs} run${runs > 1 ? 's' : ''} each (SPIN's too). load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after.`);
}
