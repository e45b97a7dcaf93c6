import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import { ctxOf, dataSlots, fileOfFd, leaseOf, openFdOf, ownOpens, sfOf, sfParam, type Names } from './names.ts';
import { lease, leaseState, mayRun, mr, pinsUnder, proc, structFileGone } from './queries.ts';
import { dataDrop } from './refActions.ts';
import type { VariantRegistry } from './variant.ts';

export const fails = (p: string) => [{ actor: p, event: { type: 'syscallFails' } }];

/** Parameters of an action on a data fd: the process, the fd, and its struct file (`k` or `sf`, names.ts sfParam). */
export type DataFd = { p: string; fd: number; k?: number; sf?: string };
/** Parameters of an action on a process's mapping: the process, the mapped file, its struct file. */
export type Mapped = { p: string; file: string; k?: number; sf?: string };
/** The struct file a data-fd action's parameters name. */
export const sfAt = (n: Names, x: DataFd) => sfOf(n, x.p, fileOfFd(n, x.fd), x);

/** open, dup, mmap, munmap, exit: the syscalls no design changes (munmap's release with lastRef aside). */
export function plainSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const opens = n.opt.reopen ? [0, 1] : [0];
  const actions: JointAction<any>[] = [
    reg.add<{ p: string; file: string; k: number }>('open', 'ok', 'user', {
      name: 'open:data',
      params: { p: n.procs, file: n.files, k: opens },
      label: ({ p, file, k: i }) => `${p}: open(${file}) = fd${openFdOf(n, file)}${i > 0 ? ` (a new open file description, ${ownOpens(n, p, file)[i]}, while ${ownOpens(n, p, file)[0]} is still referenced)` : ''}`,
      steps: ({ p, file, k: i }) => [
        { actor: p, event: { type: 'open', fd: openFdOf(n, file), file: ownOpens(n, p, file)[i] } as { type: string } },
        { actor: ownOpens(n, p, file)[i], event: { type: 'get' } },
      ],
      // open() makes a new open file description: the first of p's that nothing refers to any more. Without
      // reopen there is one per (process, file), so a new open needs the previous one gone (a model limit).
      guard: (s, { p, file, k: i }) => {
        const own = ownOpens(n, p, file);
        return mayRun(s, p) && structFileGone(s, n, own[i]) && own.slice(0, i).every((x) => !structFileGone(s, n, x));
      },
    }),
    reg.add('open', 'ok', 'user', {
      name: 'open:rdma',
      params: { p: n.procs },
      label: ({ p }) => `${p}: open(/dev/infiniband/uverbs0) = fd15`,
      steps: ({ p }) => [{ actor: p, event: { type: 'open', fd: 15, file: ctxOf(p) } as { type: string } }, { actor: ctxOf(p), event: { type: 'get' } }],
      // One context per process: the previous one must be gone, its MRs included (with asyncDereg they
      // outlive its last reference until the deferred deregistration; a model limit, like open(d)'s).
      guard: (s, { p }) => mayRun(s, p) && s[ctxOf(p)].value === 'unused' && n.mrs.every((m) => mr(s, m).ctx !== ctxOf(p)),
    }),
    reg.add<any>('mmap', 'ok', 'user', {
      params: { p: n.procs, fd: dataSlots(n), ...sfParam(n) },
      label: ({ p, fd }: DataFd) => `${p}: mmap(fd${fd})`,
      // With lastRef the mapping is a reference to the struct file (the vma's vm_file).
      steps: (x: DataFd) => [
        { actor: x.p, event: { type: 'mmap', fd: x.fd } as { type: string } },
        ...(n.opt.lastRef ? [{ actor: sfAt(n, x), event: { type: 'get' } }] : []),
      ],
      guard: (s: GlobalState, x: DataFd) => proc(s, x.p).fds[x.fd] === sfAt(n, x),
    }),
    ...munmap(n, k, reg),
    reg.add('exit', 'ok', 'user', {
      params: { p: n.procs },
      label: ({ p }) => `${p}: exit()`,
      steps: ({ p }) => ({ actor: p, event: (n.opt.lastRef ? { type: 'exit', keepMapping: true } : { type: 'exit' }) as { type: string } }),
    }),
  ];
  const dupFds = n.dataFds.filter((fd) => fd % 2 === 0 && n.dataFds.includes(fd + 1));
  if (dupFds.length > 0) {
    actions.push(
      reg.add<any>('dup', 'ok', 'user', {
        params: { p: n.procs, fd: dupFds, ...sfParam(n) },
        label: ({ p, fd }: DataFd) => `${p}: dup(fd${fd}) = fd${fd + 1}`,
        steps: (x: DataFd) => [
          { actor: x.p, event: { type: 'dup', from: x.fd, to: x.fd + 1 } as { type: string } },
          { actor: sfAt(n, x), event: { type: 'get' } },
        ],
        guard: (s: GlobalState, x: DataFd) => proc(s, x.p).fds[x.fd] === sfAt(n, x),
      }),
    );
  }
  return actions;
}

/** munmap: drops the mapping; with lastRef it may be the last reference to the struct file, and release its lease. */
function munmap(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  if (!n.opt.lastRef) {
    return [
      reg.add('munmap', 'ok', 'user', {
        params: { p: n.procs },
        label: ({ p }) => `${p}: munmap()`,
        steps: ({ p }) => ({ actor: p, event: { type: 'munmap' } }),
      }),
    ];
  }
  // Jan Kara, Aug 15: the struct file "(and thus the lease) lives further" while something holds it; the
  // lease goes in __fput (Dave Chinner, Aug 19), which a munmap of the last reference runs.
  return dataDrop<any>(n, k, reg, {
    op: 'munmap',
    name: 'munmap',
    who: 'user',
    path: 'user',
    params: { p: n.procs, file: n.files, ...sfParam(n) },
    sf: (x: Mapped) => sfOf(n, x.p, x.file, x),
    base: (s: GlobalState, x: Mapped) => mayRun(s, x.p) && proc(s, x.p).mapped === sfOf(n, x.p, x.file, x) && !proc(s, x.p).pinning,
    step: (x: Mapped) => ({ actor: x.p, event: { type: 'munmap' } }),
    blockStep: (x: Mapped) => ({ actor: x.p, event: { type: 'munmapBlocks', file: sfOf(n, x.p, x.file, x) } as { type: string } }),
    label: (what: string) => (x: Mapped) => `${x.p}: munmap()${what}`,
  });
}

/** F_SETLEASE(F_LAYOUT | exclusive) and F_UNLCK: knobs K1 (no layout leases in mainline), K6, K8. */
export function leaseSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const params = { p: n.procs, fd: dataSlots(n), ...sfParam(n) } as unknown as { p: string[]; fd: number[]; sf: string[] };
  type P = { p: string; fd: number; sf: string };
  // The struct file at the fd (the parameters name it as names.ts sfParam does).
  const at = (x: P) => sfAt(n, x as DataFd);
  const fileAt = (fd: number) => fileOfFd(n, fd);
  const onFd = (s: GlobalState, p: string, fd: number, sf: string) => mayRun(s, p) && proc(s, p).fds[fd] === sf;
  const setLabel = (what: string) => ({ p, fd }: P) => `${p}: fcntl(fd${fd}, F_SETLEASE, F_LAYOUT|exclusive)${what}`;
  const unlLabel = (what: string) => ({ p, fd }: P) => `${p}: fcntl(fd${fd}, F_SETLEASE, F_UNLCK)${what}`;
  if (k.pinRequiresLease === 'never') {
    return [
      reg.add<P>('F_SETLEASE', ERRNO.leaseMainline, 'user', {
        params, label: setLabel(` = ${ERRNO.leaseMainline}`), steps: ({ p }) => fails(p), guard: (s, x) => onFd(s, x.p, x.fd, at(x)),
      }),
    ];
  }
  const grantable = (s: GlobalState, f: string) =>
    leaseState(s, f) === 'none' || (leaseState(s, f) === 'zombie' && k.newLeaseWhileZombie === 'granted');
  // K6, with rule fix 1: the pins taken under this lease (Ira Weiny, Aug 16: "letting the lease go should
  // be ok IFF we don't have any pins"; Jan Kara, Aug 19: a counter of pinned pages in the file_pin).
  const unlockRefused = (s: GlobalState, sf: string) => k.unlockWithPins === 'fails' && pinsUnder(s, n, sf).length > 0;
  // Any fd on the lease's struct file may release it (fcntl(2), quoted by Dave Chinner, Aug 17).
  const heldHere = (s: GlobalState, fd: number, sf: string) => leaseState(s, fileAt(fd)) === 'held' && lease(s, fileAt(fd)).attachedTo === sf;
  return [
    reg.add<P>('F_SETLEASE', 'ok', 'user', {
      params, label: setLabel(''),
      steps: (x) => [
        { actor: x.p, event: { type: 'F_SETLEASE' } },
        { actor: leaseOf(fileAt(x.fd)), event: { type: 'F_SETLEASE', attachTo: at(x), owner: x.p } as { type: string } },
      ],
      guard: (s, x) => onFd(s, x.p, x.fd, at(x)) && grantable(s, fileAt(x.fd)),
    }),
    reg.add<P>('F_SETLEASE', ERRNO.leaseConflict, 'user', {
      params, label: setLabel(` = ${ERRNO.leaseConflict}: another exclusive lease exists`),
      steps: ({ p }) => fails(p),
      guard: (s, x) => onFd(s, x.p, x.fd, at(x)) && !grantable(s, fileAt(x.fd)) && lease(s, fileAt(x.fd)).attachedTo !== at(x),
    }),
    reg.add<P>('F_UNLCK', 'ok', 'user', {
      params, label: unlLabel(''),
      steps: ({ p, fd }) => [{ actor: p, event: { type: 'F_UNLCK' } }, { actor: leaseOf(fileAt(fd)), event: { type: 'F_UNLCK' } }],
      guard: (s, x) => onFd(s, x.p, x.fd, at(x)) && heldHere(s, x.fd, at(x)) && !unlockRefused(s, at(x)),
    }),
    reg.add<P>('F_UNLCK', ERRNO.unlockPinned, 'user', {
      params, label: unlLabel(` = ${ERRNO.unlockPinned}: pages are pinned under the lease`),
      steps: ({ p }) => fails(p),
      guard: (s, x) => onFd(s, x.p, x.fd, at(x)) && heldHere(s, x.fd, at(x)) && unlockRefused(s, at(x)),
    }),
  ];
}
