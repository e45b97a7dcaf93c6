/**
 * How the DAX model's cost grows with the number of processes, with and without symmetry reduction
 * (issue 6, README "Scaling"): every design at processes = 2, 3, 4, safety properties only (symmetry
 * is sound for those; liveness needs the full graph), each run capped.
 *   node --import tsx/esm bench/daxScaling.ts [--processes 2,3,4] [--designs a,b] [--max-states N] [--timeout S] [--json]
 * Runs in this process, one check after another; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { checkAsync } from '../src/index.ts';
import { DESIGNS } from '../specs/designs/designs.ts';
import { daxSystem } from '../specs/dax/system.ts';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '2,3,4' },
    designs: { type: 'string' },
    'max-states': { type: 'string', default: '1000000' },
    timeout: { type: 'string', default: '120' },
    json: { type: 'boolean', default: false },
  },
});
const processes = values.processes!.split(',').map(Number);
const designs = values.designs ? DESIGNS.filter((d) => values.designs!.split(',').includes(d.id)) : DESIGNS;
const maxStates = Number(values['max-states']);
const timeoutMs = Number(values.timeout) * 1000;

interface Cell {
  design: string;
  processes: number;
  symmetry: boolean;
  states: number;
  seconds: number;
  depth: number;
  /** Why the run stopped early, if it did: then `states` is a lower bound. */
  stoppedBy?: string;
  verdicts: string;
}

const cells: Cell[] = [];
const load0 = loadavg();
for (const d of designs) {
  for (const p of processes) {
    for (const symmetry of [false, true]) {
      process.stderr.write(`${d.id} processes=${p}${symmetry ? ' --symmetry' : ''} ... `);
      const r = await checkAsync(daxSystem(d).system, { scope: { processes: p }, safetyOnly: true, symmetry, maxStates, timeoutMs });
      if (r.status === 'error') throw r.error;
      const cell: Cell = {
        design: d.id,
        processes: p,
        symmetry,
        states: r.stats.distinctStates,
        seconds: r.stats.seconds,
        depth: r.stats.depth,
        ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
        verdicts: r.properties.filter((x) => x.verdict !== 'incomplete' || x.kind === 'always').map((x) => `${x.verdict[0]}${x.trace ? x.trace.steps.length - 1 : ''}`).join(' '),
      };
      cells.push(cell);
      process.stderr.write(`${cell.stoppedBy ? '>= ' : ''}${cell.states.toLocaleString('en-US')} states, ${cell.seconds.toFixed(1)} s\n`);
    }
  }
}

if (values.json) {
  console.log(JSON.stringify({ maxStates, timeoutSeconds: timeoutMs / 1000, loadAverage: [load0, loadavg()], cells }, null, 2));
} else {
  const fmt = (c: Cell | undefined) =>
    !c ? '-' : `${c.stoppedBy ? '≥ ' : ''}${c.states.toLocaleString('en-US')} / ${c.seconds.toFixed(1)} s${c.stoppedBy === 'timeout' ? ' (timeout)' : ''}`;
  const find = (d: string, p: number, s: boolean) => cells.find((c) => c.design === d && c.processes === p && c.symmetry === s);
  const head = ['design', ...processes.flatMap((p) => [`${p} processes`, `${p}, symmetry`])];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const d of designs) console.log(`| ${d.id} | ${processes.flatMap((p) => [fmt(find(d.id, p, false)), fmt(find(d.id, p, true))]).join(' | ')} |`);
  console.log(`\ndistinct states / seconds, safety properties only; ≥: stopped at --max-states ${maxStates.toLocaleString('en-US')} (or the ${timeoutMs / 1000} s timeout). load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after.`);
}
