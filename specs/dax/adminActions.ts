import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import type { Names } from './names.ts';
import { daxFile, filePinned, leaseState } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * What the administrator and the rest of the system do: kill -9 a process, truncate(f, 0) (knobs K2
 * and K3), and another file's write that reuses a free block. (A file is not re-extended after a
 * truncate: the hazard is complete once a pinned block is freed or reused, and refilling it only
 * repeats the same states with a new block.)
 */
export function adminActions(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const leaseBlocks = (s: GlobalState, f: string) => k.truncateUnderExclusiveLease === 'ETXTBSY' && leaseState(s, f) !== 'none';
  const pinBlocks = (s: GlobalState, f: string) => filePinned(s, n, f) && k.truncateOfPinned !== 'frees';
  const hasBlocks = (s: GlobalState, f: string) => daxFile(s, f).blocks.some((b) => b !== null);
  const idle = (s: GlobalState) => s.admin.value === 'idle';
  const frees = (f: string) => [
    { actor: f, event: { type: 'truncate' } },
    { actor: 'blocks', event: { type: 'freeBlocksOf', file: f } as { type: string } },
  ];
  const params = { file: n.files };
  const actions: JointAction<any>[] = [
    reg.add('SIGKILL', 'ok', 'admin', {
      params: { p: n.procs },
      label: ({ p }) => `admin: kill -9 ${p}`,
      steps: ({ p }) => [{ actor: 'admin', event: { type: 'SIGKILL' } }, { actor: p, event: { type: 'SIGKILL' } }],
    }),
    reg.add('truncate', 'ok', 'admin', {
      params,
      label: ({ file }) => `admin: truncate(${file}, 0): blocks freed`,
      steps: ({ file }) => [{ actor: 'admin', event: { type: 'truncate' } }, ...frees(file)],
      guard: (s, { file }) => idle(s) && hasBlocks(s, file) && !leaseBlocks(s, file) && !pinBlocks(s, file),
    }),
    reg.add('truncate', 'ETXTBSY', 'admin', {
      params,
      label: ({ file }) => `admin: truncate(${file}, 0) = ${ERRNO.truncateLeased}`,
      steps: ({ file }) => [{ actor: 'admin', event: { type: 'truncate' } }, { actor: file, event: { type: 'truncateRefused' } }],
      guard: (s, { file }) => idle(s) && hasBlocks(s, file) && (leaseBlocks(s, file) || (pinBlocks(s, file) && k.truncateOfPinned === 'ETXTBSY')),
    }),
    reg.add('write', 'ok', 'admin', {
      name: 'write:other',
      params: { phys: n.phys },
      label: ({ phys }) => `another file's write reuses free physical block ${phys}`,
      steps: ({ phys }) => ({ actor: 'blocks', event: { type: 'allocate', phys, to: 'other' } as { type: string } }),
    }),
  ];
  if (k.truncateOfPinned === 'waits') {
    actions.push(
      reg.add('truncate', 'blocks', 'admin', {
        params,
        label: ({ file }) => `admin: truncate(${file}, 0) waits for the pins to go`,
        steps: ({ file }) => ({ actor: 'admin', event: { type: 'truncateBlocks', file } as { type: string } }),
        guard: (s, { file }) => idle(s) && hasBlocks(s, file) && !leaseBlocks(s, file) && filePinned(s, n, file),
      }),
      reg.add('truncate wait ends', 'returns', 'admin', {
        params,
        label: ({ file }) => `admin: the waiting truncate frees the blocks of ${file} (the pins are gone)`,
        steps: ({ file }) => [{ actor: 'admin', event: { type: 'truncateReturns' } }, ...frees(file)],
        guard: (s, { file }) =>
          (s.admin.context as { waitingOn: string | null }).waitingOn === file && !filePinned(s, n, file) && !leaseBlocks(s, file) && hasBlocks(s, file),
      }),
      reg.add('truncate wait interrupted', 'EINTR', 'admin', {
        label: () => `admin: interrupts the waiting truncate = EINTR`,
        steps: () => ({ actor: 'admin', event: { type: 'truncateInterrupted' } }),
      }),
    );
  }
  return actions;
}
