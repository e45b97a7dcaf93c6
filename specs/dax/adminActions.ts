import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import type { Names } from './names.ts';
import { blockOwner, blockPinned, daxFile, filePinned, leaseState } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * What the administrator and the rest of the system do: kill -9 a process, truncate(f, 0) (knobs K2
 * and K3), and another file's write that reuses a free block. With scope punch=1 also a hole punch of
 * one block and a write that re-extends a file into a hole (punchActions).
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
  if (n.opt.punch) actions.push(...punchActions(n, k, reg));
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

/**
 * punch=1: fallocate(PUNCH_HOLE) of one block, and a write that re-extends the file into a hole. K2 is
 * per block (Ira Weiny, Aug 9, item 3: "Any truncate or hole punch operation on a pinned DAX page will
 * fail"; item 9: pages "not actively pinned nor covered by a lease will succeed"); K3 is per file, since a
 * layout lease covers the whole file (docs/THREAD-NOTES.md Q20). A re-extending write allocates a free
 * physical block, maybe the one a punch or truncate just freed; the thread says nothing of it under a
 * lease, and the model allows it (it touches no pinned block).
 */
function punchActions(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  type P = { file: string; block: number; phys: number };
  const params = { file: n.files, block: n.blocks, phys: n.phys };
  const leaseBlocks = (s: GlobalState, f: string) => k.truncateUnderExclusiveLease === 'ETXTBSY' && leaseState(s, f) !== 'none';
  const pinBlocks = (s: GlobalState, f: string, b: number) => blockPinned(s, n, f, b) && k.truncateOfPinned !== 'frees';
  const at = (s: GlobalState, { file, block, phys }: P) => s.admin.value === 'idle' && daxFile(s, file).blocks[block] === phys;
  const frees = ({ file, block, phys }: P) => [
    { actor: file, event: { type: 'punch', block } as { type: string } },
    { actor: 'blocks', event: { type: 'freeBlock', phys } as { type: string } },
  ];
  const actions: JointAction<any>[] = [
    reg.add<P>('punch', 'ok', 'admin', {
      params,
      label: ({ file, block, phys }) => `admin: fallocate(${file}, PUNCH_HOLE, block ${block}): physical block ${phys} freed`,
      steps: (x) => [{ actor: 'admin', event: { type: 'truncate' } }, ...frees(x)],
      guard: (s, x) => at(s, x) && !leaseBlocks(s, x.file) && !pinBlocks(s, x.file, x.block),
    }),
    reg.add<P>('punch', 'ETXTBSY', 'admin', {
      params,
      label: ({ file, block }) => `admin: fallocate(${file}, PUNCH_HOLE, block ${block}) = ${ERRNO.truncateLeased}`,
      steps: ({ file }) => [{ actor: 'admin', event: { type: 'truncate' } }, { actor: file, event: { type: 'truncateRefused' } }],
      guard: (s, x) => at(s, x) && (leaseBlocks(s, x.file) || (pinBlocks(s, x.file, x.block) && k.truncateOfPinned === 'ETXTBSY')),
    }),
    reg.add<P>('write', 'ok', 'admin', {
      name: 'write:extend',
      params,
      label: ({ file, block, phys }) => `a write re-extends ${file}: block ${block} gets physical block ${phys}`,
      steps: ({ file, block, phys }) => [
        { actor: file, event: { type: 'extend', block, phys } as { type: string } },
        { actor: 'blocks', event: { type: 'allocate', phys, to: `${file}[${block}]` } as { type: string } },
      ],
      guard: (s, { file, block, phys }) => daxFile(s, file).blocks[block] === null && blockOwner(s)[phys] === 'free',
    }),
  ];
  if (k.truncateOfPinned === 'waits') {
    const target = ({ file, block }: P) => `${file}[${block}]`;
    actions.push(
      reg.add<P>('punch', 'blocks', 'admin', {
        params,
        label: ({ file, block }) => `admin: fallocate(${file}, PUNCH_HOLE, block ${block}) waits for the pin to go`,
        steps: (x) => ({ actor: 'admin', event: { type: 'truncateBlocks', file: target(x) } as { type: string } }),
        guard: (s, x) => at(s, x) && !leaseBlocks(s, x.file) && blockPinned(s, n, x.file, x.block),
      }),
      reg.add<P>('truncate wait ends', 'returns', 'admin', {
        name: 'punch wait ends',
        params,
        label: ({ file, block, phys }) => `admin: the waiting hole punch frees block ${block} of ${file} (physical block ${phys}; the pin is gone)`,
        steps: (x) => [{ actor: 'admin', event: { type: 'truncateReturns' } }, ...frees(x)],
        guard: (s, x) =>
          (s.admin.context as { waitingOn: string | null }).waitingOn === target(x) && daxFile(s, x.file).blocks[x.block] === x.phys && !blockPinned(s, n, x.file, x.block) && !leaseBlocks(s, x.file),
      }),
    );
  }
  return actions;
}
