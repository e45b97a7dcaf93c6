import { checkAsync, type CheckOptions, type System } from '../../src/index.ts';
import philosophers from '../models/philosophers.ts';
import peterson from '../models/peterson.ts';
import { daxBenchSystem, DAX_BENCH_CAP } from '../models/dax.ts';
import type { Explore, ModelName } from './index.ts';

/**
 * leasecheck through its public API, as a user runs it: check() compiles the system at scope n and
 * explores it, evaluating the model's properties on every new state. `workers` > 1 uses worker threads
 * (checkAsync: the one-thread run goes through it too, so both pay the same event-loop turns).
 */
export function leasecheckExplorer(model: ModelName, workers: number): Explore {
  const setup = (n: number): [System, Record<string, number>, CheckOptions] =>
    model === 'philosophers' ? [philosophers, { n }, {}]
    : model === 'peterson' ? [peterson, { n }, {}]
    : [daxBenchSystem(), { processes: n }, n >= 3 ? { maxStates: DAX_BENCH_CAP } : {}];
  const explore: Explore = async (n) => {
    const [system, scope, options] = setup(n);
    const notes: string[] = [];
    const r = await checkAsync(system, { ...options, scope, workers, onNote: (m) => notes.push(m) });
    if (notes.length) throw new Error(notes.join('; '));
    if (r.status === 'error') throw r.error;
    if (r.status !== 'complete' && r.stoppedBy !== 'max-states') throw new Error(`leasecheck stopped early (${r.stoppedBy})`);
    if (model !== 'dax') {
      const bad = r.properties.filter((p) => p.verdict !== 'holds');
      if (bad.length) throw new Error(`leasecheck: unexpected verdicts ${bad.map((p) => `${p.id}=${p.verdict}`).join(', ')}`);
    }
    const ex = r.exploration;
    return {
      states: r.stats.distinctStates,
      engineBytes: ex.seenBytes + ex.parent.bytes() + ex.via.bytes(),
      ...(r.status === 'incomplete' ? { capped: `stopped at --max-states ${DAX_BENCH_CAP.toLocaleString('en-US')}` } : {}),
    };
  };
  // The worker threads boot once a process (tsx, the engine, XState, the model, in each thread) and are
  // kept for its later runs: booted before the timed runs, as the one-thread run's modules are loaded
  // before its own, so that both times are the search's (one.ts reports the boot apart).
  if (workers > 1) {
    explore.boot = async (n) => {
      const [system, scope] = setup(n);
      const t0 = performance.now();
      const r = await checkAsync(system, { scope, workers, maxStates: 1 });
      if (r.status === 'error') throw r.error;
      return (performance.now() - t0) / 1000;
    };
  }
  return explore;
}
