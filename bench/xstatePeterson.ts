/**
 * xstate/graph on Peterson's filter lock in two encodings: the flat machine the benchmark runs
 * (models/petersonTable.ts: the pcs in the context) and a parallel statechart with a region per
 * process (models/petersonChart.ts, the philosophers' style). Prints states and states/s for each.
 *   node --import tsx/esm bench/xstatePeterson.ts [N ...]     (default 3 4)
 */
import { getAdjacencyMap } from 'xstate/graph';
import { petersonTable } from './models/petersonTable.ts';
import { petersonChart } from './models/petersonChart.ts';
import { PETERSON_STATES } from './expected.ts';

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [3, 4]) {
  for (const [name, machine] of [['flat (pcs in context)', petersonTable(n)], ['statechart (region per process)', petersonChart(n)]] as const) {
    const t0 = performance.now();
    const states = Object.keys(getAdjacencyMap(machine as never, {})).length;
    const s = (performance.now() - t0) / 1000;
    const ok = states === PETERSON_STATES[n] ? '' : ` (expected ${PETERSON_STATES[n]})`;
    console.log(`N=${n}  ${name.padEnd(32)} ${states.toLocaleString('en-US').padStart(8)} states${ok}  ${s.toFixed(2)} s  ${Math.round(states / s).toLocaleString('en-US')} states/s`);
  }
}
