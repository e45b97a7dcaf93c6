import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import type { Names } from './names.ts';
import { daxFile, filePinned, leaseState } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * What the administrator and the rest of the system do: kill -9 a process, truncate(d, 0) (knobs K2
 * and K3), and another file's write that reuses a free block. (d is not re-extended after a
 * truncate: the hazard is complete once a pinned block is freed or reused, and refilling d only
 * repeats the same states with a new block.)
 */
export function adminActions(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const leaseBlocks = (s: GlobalState) => k.truncateUnderExclusiveLease === 'ETXTBSY' && leaseState(s) !== 'none';
  const pinBlocks = (s: GlobalState) => filePinned(s, n) && k.truncateOfPinned !== 'frees';
  const hasBlocks = (s: GlobalState) => daxFile(s).blocks.some((b) => b !== null);
  const idle = (s: GlobalState) => s.admin.value === 'idle';
  const frees = [
    { actor: 'd', event: { type: 'truncate' } },
    { actor: 'blocks', event: { type: 'freeBlocksOf', file: n.file } },
  ];
  const actions: JointAction<any>[] = [
    reg.add('SIGKILL', 'ok', 'admin', {
      params: { p: n.procs },
      label: ({ p }) => `admin: kill -9 ${p}`,
      steps: ({ p }) => [{ actor: 'admin', event: { type: 'SIGKILL' } }, { actor: p, event: { type: 'SIGKILL' } }],
    }),
    reg.add('truncate', 'ok', 'admin', {
      label: () => `admin: truncate(d, 0): blocks freed`,
      steps: () => [{ actor: 'admin', event: { type: 'truncate' } }, ...frees],
      guard: (s) => idle(s) && hasBlocks(s) && !leaseBlocks(s) && !pinBlocks(s),
    }),
    reg.add('truncate', 'ETXTBSY', 'admin', {
      label: () => `admin: truncate(d, 0) = ${ERRNO.truncateLeased}`,
      steps: () => [{ actor: 'admin', event: { type: 'truncate' } }, { actor: 'd', event: { type: 'truncateRefused' } }],
      guard: (s) => idle(s) && hasBlocks(s) && (leaseBlocks(s) || (pinBlocks(s) && k.truncateOfPinned === 'ETXTBSY')),
    }),
    reg.add('write', 'ok', 'admin', {
      name: 'write:other',
      params: { phys: n.phys },
      label: ({ phys }) => `another file's write reuses free physical block ${phys}`,
      steps: ({ phys }) => ({ actor: 'blocks', event: { type: 'allocate', phys, to: 'other' } }),
    }),
  ];
  if (k.truncateOfPinned === 'waits') {
    actions.push(
      reg.add('truncate', 'blocks', 'admin', {
        label: () => `admin: truncate(d, 0) waits for the pins to go`,
        steps: () => ({ actor: 'admin', event: { type: 'truncateBlocks' } }),
        guard: (s) => idle(s) && hasBlocks(s) && !leaseBlocks(s) && filePinned(s, n),
      }),
      reg.add('truncate wait ends', 'returns', 'admin', {
        label: () => `admin: the waiting truncate frees the blocks (the pins are gone)`,
        steps: () => [{ actor: 'admin', event: { type: 'truncateReturns' } }, ...frees],
        guard: (s) => !filePinned(s, n) && !leaseBlocks(s) && hasBlocks(s),
      }),
      reg.add('truncate wait interrupted', 'EINTR', 'admin', {
        label: () => `admin: interrupts the waiting truncate = EINTR`,
        steps: () => ({ actor: 'admin', event: { type: 'truncateInterrupted' } }),
      }),
    );
  }
  return actions;
}
