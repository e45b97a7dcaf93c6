import { LeasecheckError } from '../../errors.ts';
import type { CompiledSystem } from '../compile.ts';
import type { Exploration } from '../explore.ts';
import type { PropertyResult } from '../check.ts';
import type { Predicate, Property } from '../../spec/property.ts';

export interface LivenessMarks {
  predicates: Predicate[];
}

export function livenessMarks(_props: Property[]): LivenessMarks {
  return { predicates: [] };
}

export function checkLiveness(_cs: CompiledSystem, _ex: Exploration, p: Property, _m: LivenessMarks): PropertyResult {
  throw new LeasecheckError('LC013', `property ${p.name}: liveness checking is not built yet`);
}
