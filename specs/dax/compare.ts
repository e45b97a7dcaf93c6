import { checkAsync, replayTrace, type CheckOptions, type CheckSuccess } from '../../src/index.ts';
import type { Design } from '../designs/designs.ts';
import { daxSystem } from './system.ts';

export interface DesignResult {
  design: Design;
  result: CheckSuccess;
}

/**
 * Checks every property on every design at one scope, one design after another, and replays every
 * trace on real XState actors before anything is reported. Throws LeasecheckError on bad input.
 */
export async function compareDesigns(
  designs: readonly Design[],
  options: CheckOptions,
  onDesign?: (d: Design, i: number) => void,
): Promise<DesignResult[]> {
  const out: DesignResult[] = [];
  for (const [i, design] of designs.entries()) {
    onDesign?.(design, i);
    const r = await checkAsync(daxSystem(design).system, options);
    if (r.status === 'error') throw r.error;
    for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
    out.push({ design, result: r });
  }
  return out;
}
