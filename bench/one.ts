/**
 * Child process entry: one measurement of one explorer on one model at one size, in a fresh process.
 *   node --expose-gc --import tsx/esm bench/one.ts <model> <explorer> <n> <runs>
 * Runs the explorer `runs` times (the first run warms the JIT up) and prints one JSON line
 * (a Measurement) with the best time. Memory is the process's peak RSS (getrusage maxRSS) and that
 * peak minus the RSS before the first run (the modules are loaded by then). SPIN reports its own.
 */
import { isExplorer, isModel, loadExplorer, type Explored } from './explorers/index.ts';

export interface Measurement {
  model: string;
  explorer: string;
  n: number;
  states: number;
  /** Best wall time over the runs, seconds. */
  seconds: number;
  runs: number[];
  peakRssMB: number;
  baseRssMB: number;
  engineBytes?: number;
  capped?: string;
  note?: string;
}

const [model, name, nText, runsText] = process.argv.slice(2);
if (!model || !isModel(model) || !name || !isExplorer(name) || !/^\d+$/.test(nText ?? '') || !/^\d+$/.test(runsText ?? '')) {
  console.error('usage: node --expose-gc --import tsx/esm bench/one.ts <philosophers|peterson|dax> <leasecheck|leasecheck-2w|xstate-graph|hand-bfs|spin> <n> <runs>');
  process.exit(2);
}
const n = Number(nText);
const runs = Math.max(1, Number(runsText));
const explore = await loadExplorer(model, name);
const gc = (globalThis as { gc?: () => void }).gc;

gc?.();
// (Before the workers' boot: their modules count in the run's memory, as they did before the boot moved.)
const baseRssMB = process.memoryUsage().rss / 2 ** 20;
const bootSeconds = explore.boot ? await explore.boot(n) : undefined;
const times: number[] = [];
let last: Explored | null = null;
for (let r = 0; r < runs; r++) {
  gc?.();
  const t0 = performance.now();
  const e = await explore(n);
  const t1 = performance.now();
  if (last && e.states !== last.states) throw new Error(`${name} found ${last.states} then ${e.states} states at N=${n}`);
  last = e;
  times.push(e.seconds ?? (t1 - t0) / 1000);
}
const m: Measurement = {
  model,
  explorer: name,
  n,
  states: last!.states,
  seconds: Math.min(...times),
  runs: times,
  peakRssMB: last!.peakMB ?? process.resourceUsage().maxRSS / 1024,
  baseRssMB: last!.peakMB !== undefined ? 0 : baseRssMB,
  ...(last!.engineBytes !== undefined ? { engineBytes: last!.engineBytes } : {}),
  ...(last!.capped ? { capped: last!.capped } : {}),
  ...(last!.note || bootSeconds !== undefined ? { note: [last!.note, bootSeconds !== undefined ? `workers booted in ${bootSeconds.toFixed(2)} s before the timed runs` : ''].filter(Boolean).join('; ') } : {}),
};
process.stdout.write(JSON.stringify(m) + '\n');
