import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import type { System } from '../../src/index.ts';

/** The design the benchmark explores at processes = 2, 3, 4 (every property, liveness included). */
export const DAX_BENCH_DESIGN = 'zombie-lease';
/** Above two processes the DAX state space is large: the benchmark stops there. */
export const DAX_BENCH_CAP = 2_000_000;

export function daxBenchSystem(): System {
  return daxSystem(DESIGNS.find((d) => d.id === DAX_BENCH_DESIGN)!).system;
}
