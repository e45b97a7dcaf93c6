import { LeasecheckError } from '../errors.ts';
import type { ParamValue, Params } from './system.ts';

/** Every combination of the parameter values, in declaration order (the last parameter varies fastest). */
export function cartesian(domains: Readonly<Record<string, readonly ParamValue[]>>): Params[] {
  let acc: Record<string, ParamValue>[] = [{}];
  for (const [k, values] of Object.entries(domains)) {
    if (!Array.isArray(values)) throw new LeasecheckError('LC013', `parameter ${k} must list its values in an array`);
    acc = acc.flatMap((p) => values.map((v) => ({ ...p, [k]: v })));
  }
  return acc;
}
