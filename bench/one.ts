/**
 * Child process entry: one measurement of one explorer at one N, in a fresh process.
 *   node --expose-gc --import tsx bench/one.ts <explorer> <n> <runs>
 * Runs the explorer `runs` times (the first run warms the JIT up) and prints one JSON line
 * (a Measurement) with the best time. Memory is the process's peak RSS (getrusage maxRSS) and that
 * peak minus the RSS before the first run (the modules are loaded by then).
 */
import { isExplorer, loadExplorer } from './explorers/index.ts';

export interface Measurement {
  explorer: string;
  n: number;
  states: number;
  /** Best wall time over the runs, seconds. */
  seconds: number;
  runs: number[];
  peakRssMB: number;
  baseRssMB: number;
}

const [name, nText, runsText] = process.argv.slice(2);
if (!name || !isExplorer(name) || !/^\d+$/.test(nText ?? '') || !/^\d+$/.test(runsText ?? '')) {
  console.error('usage: node --expose-gc --import tsx bench/one.ts <leasecheck|xstate-graph|hand-bfs> <n> <runs>');
  process.exit(2);
}
const n = Number(nText);
const runs = Math.max(1, Number(runsText));
const explore = await loadExplorer(name);
const gc = (globalThis as { gc?: () => void }).gc;

gc?.();
const baseRssMB = process.memoryUsage().rss / 2 ** 20;
const times: number[] = [];
let states = -1;
for (let r = 0; r < runs; r++) {
  gc?.();
  const t0 = performance.now();
  const s = explore(n);
  const t1 = performance.now();
  if (states >= 0 && s !== states) throw new Error(`${name} found ${states} then ${s} states at N=${n}`);
  states = s;
  times.push((t1 - t0) / 1000);
}
const m: Measurement = {
  explorer: name,
  n,
  states,
  seconds: Math.min(...times),
  runs: times,
  peakRssMB: process.resourceUsage().maxRSS / 1024,
  baseRssMB,
};
process.stdout.write(JSON.stringify(m) + '\n');
