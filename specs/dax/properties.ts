import type { Property } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import type { Names } from './names.ts';
import { noTruncateOfPinned } from '../../invariants/noTruncateOfPinned.ts';
import { noLeaseLessPinAtRest, noLeaseLessPinOneHolder, noLeaseLessPinStrict, noLeaseLessPinWeak } from '../../invariants/noLeaseLessPin.ts';
import { rdmaOnDaxPossible } from '../../invariants/rdmaOnDaxPossible.ts';
import { noUnkillableClose } from '../../invariants/noUnkillableClose.ts';
import { adminCanRecover } from '../../invariants/adminCanRecover.ts';
import type { VariantRegistry } from './variant.ts';

/** The DAX properties, in report order. */
export function daxProperties(n: Names, k: Knobs, variants: VariantRegistry): Property[] {
  const isRecoveryStep = (a: { name: string }) => {
    const v = variants.info.get(a.name);
    return v !== undefined && (v.who === 'kernel' || v.op === 'SIGKILL');
  };
  return [
    noTruncateOfPinned(n),
    noLeaseLessPinWeak(n),
    noLeaseLessPinOneHolder(n),
    noLeaseLessPinStrict(n),
    noLeaseLessPinAtRest(n),
    noUnkillableClose(n),
    adminCanRecover(n, k, isRecoveryStep),
    rdmaOnDaxPossible(n),
  ];
}
