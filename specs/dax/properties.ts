import type { Property } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import type { Names } from './names.ts';
import { noTruncateOfPinned } from '../../invariants/noTruncateOfPinned.ts';
import { noLeaseLessPinStrict, noLeaseLessPinWeak } from '../../invariants/noLeaseLessPin.ts';
import { rdmaOnDaxPossible } from '../../invariants/rdmaOnDaxPossible.ts';

/** The DAX properties, in report order. */
export function daxProperties(n: Names, _k: Knobs): Property[] {
  return [noTruncateOfPinned(n), noLeaseLessPinWeak(n), noLeaseLessPinStrict(n), rdmaOnDaxPossible(n)];
}
