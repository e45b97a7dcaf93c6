import { check } from '../../src/index.ts';
import philosophers from '../models/philosophers.ts';

/**
 * leasecheck through its public API, as a user runs it: check() compiles the system at scope n and
 * explores it, evaluating the model's invariant (neighbours never both eat) on every new state.
 * Returns the number of distinct states.
 */
export function leasecheckStates(n: number): number {
  const r = check(philosophers, { scope: { n } });
  if (r.status === 'error') throw r.error;
  if (r.status !== 'complete') throw new Error(`leasecheck stopped early (${r.stoppedBy})`);
  const bad = r.properties.filter((p) => p.verdict !== 'holds');
  if (bad.length) throw new Error(`leasecheck: unexpected verdicts ${bad.map((p) => `${p.id}=${p.verdict}`).join(', ')}`);
  return r.stats.distinctStates;
}
