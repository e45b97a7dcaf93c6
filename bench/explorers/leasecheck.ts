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
  return async (n) => {
    const [system, scope, options]: [System, Record<string, number>, CheckOptions] =
      model === 'philosophers' ? [philosophers, { n }, {}]
      : model === 'peterson' ? [peterson, { n }, {}]
      : [daxBenchSystem(), { processes: n }, n >= 3 ? { maxStates: DAX_BENCH_CAP } : {}];
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
}
