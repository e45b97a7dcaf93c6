import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import { ctxOf, fileOfFd, leaseOf, openFdOf, structFile, type Names } from './names.ts';
import { daxFile, filePinned, lease, leaseOnStructFile, leaseState, mayRun, mr, proc, registered, structFileGone } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

const fails = (p: string) => [{ actor: p, event: { type: 'syscallFails' } }];

/** open, dup, mmap, munmap, exit: the syscalls no design changes. */
export function plainSyscalls(n: Names, reg: VariantRegistry): JointAction<any>[] {
  const actions: JointAction<any>[] = [
    reg.add('open', 'ok', 'user', {
      name: 'open:data',
      params: { p: n.procs, file: n.files },
      label: ({ p, file }) => `${p}: open(${file}) = fd${openFdOf(n, file)}`,
      steps: ({ p, file }) => [
        { actor: p, event: { type: 'open', fd: openFdOf(n, file), file: structFile(p, file) } as { type: string } },
        { actor: structFile(p, file), event: { type: 'fdGet' } },
      ],
      // One struct file per (process, file): a new open needs the previous one gone (a model limit).
      guard: (s, { p, file }) => mayRun(s, p) && structFileGone(s, n, p, file),
    }),
    reg.add('open', 'ok', 'user', {
      name: 'open:rdma',
      params: { p: n.procs },
      label: ({ p }) => `${p}: open(/dev/infiniband/uverbs0) = fd15`,
      steps: ({ p }) => [{ actor: p, event: { type: 'open', fd: 15, file: ctxOf(p) } as { type: string } }, { actor: ctxOf(p), event: { type: 'fdGet' } }],
      guard: (s, { p }) => mayRun(s, p) && s[ctxOf(p)].value === 'unused',
    }),
    reg.add('mmap', 'ok', 'user', {
      params: { p: n.procs, fd: n.dataFds },
      label: ({ p, fd }) => `${p}: mmap(fd${fd})`,
      steps: ({ p, fd }) => ({ actor: p, event: { type: 'mmap', fd } as { type: string } }),
    }),
    reg.add('munmap', 'ok', 'user', {
      params: { p: n.procs },
      label: ({ p }) => `${p}: munmap()`,
      steps: ({ p }) => ({ actor: p, event: { type: 'munmap' } }),
    }),
    reg.add('exit', 'ok', 'user', {
      params: { p: n.procs },
      label: ({ p }) => `${p}: exit()`,
      steps: ({ p }) => ({ actor: p, event: { type: 'exit' } }),
    }),
  ];
  const dupFds = n.dataFds.filter((fd) => fd % 2 === 0 && n.dataFds.includes(fd + 1));
  if (dupFds.length > 0) {
    actions.push(
      reg.add('dup', 'ok', 'user', {
        params: { p: n.procs, fd: dupFds },
        label: ({ p, fd }) => `${p}: dup(fd${fd}) = fd${fd + 1}`,
        steps: ({ p, fd }) => [
          { actor: p, event: { type: 'dup', from: fd, to: fd + 1 } as { type: string } },
          { actor: structFile(p, fileOfFd(n, fd)), event: { type: 'fdGet' } },
        ],
        guard: (s, { p, fd }) => proc(s, p).fds[fd] === structFile(p, fileOfFd(n, fd)),
      }),
    );
  }
  return actions;
}

/** F_SETLEASE(F_LAYOUT | exclusive) and F_UNLCK: knobs K1 (no layout leases in mainline), K6, K8. */
export function leaseSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const params = { p: n.procs, fd: n.dataFds };
  const fileAt = (fd: number) => fileOfFd(n, fd);
  const onOwnFd = (s: GlobalState, p: string, fd: number) => mayRun(s, p) && proc(s, p).fds[fd] === structFile(p, fileAt(fd));
  const setLabel = (what: string) => ({ p, fd }: { p: string; fd: number }) => `${p}: fcntl(fd${fd}, F_SETLEASE, F_LAYOUT|exclusive)${what}`;
  const unlLabel = (what: string) => ({ p, fd }: { p: string; fd: number }) => `${p}: fcntl(fd${fd}, F_SETLEASE, F_UNLCK)${what}`;
  if (k.pinRequiresLease === 'never') {
    return [
      reg.add('F_SETLEASE', ERRNO.leaseMainline, 'user', {
        params, label: setLabel(` = ${ERRNO.leaseMainline}`), steps: ({ p }) => fails(p), guard: (s, { p, fd }) => onOwnFd(s, p, fd),
      }),
    ];
  }
  const grantable = (s: GlobalState, f: string) =>
    leaseState(s, f) === 'none' || (leaseState(s, f) === 'zombie' && k.newLeaseWhileZombie === 'granted');
  const unlockRefused = (s: GlobalState, f: string) => k.unlockWithPins === 'fails' && filePinned(s, n, f);
  const heldHere = (s: GlobalState, p: string, fd: number) => leaseState(s, fileAt(fd)) === 'held' && leaseOnStructFile(s, p, fileAt(fd));
  return [
    reg.add('F_SETLEASE', 'ok', 'user', {
      params, label: setLabel(''),
      steps: ({ p, fd }) => [
        { actor: p, event: { type: 'F_SETLEASE' } },
        { actor: leaseOf(fileAt(fd)), event: { type: 'F_SETLEASE', attachTo: structFile(p, fileAt(fd)), owner: p } as { type: string } },
      ],
      guard: (s, { p, fd }) => onOwnFd(s, p, fd) && grantable(s, fileAt(fd)),
    }),
    reg.add('F_SETLEASE', ERRNO.leaseConflict, 'user', {
      params, label: setLabel(` = ${ERRNO.leaseConflict}: another exclusive lease exists`),
      steps: ({ p }) => fails(p),
      guard: (s, { p, fd }) => onOwnFd(s, p, fd) && !grantable(s, fileAt(fd)) && lease(s, fileAt(fd)).attachedTo !== structFile(p, fileAt(fd)),
    }),
    reg.add('F_UNLCK', 'ok', 'user', {
      params, label: unlLabel(''),
      steps: ({ p, fd }) => [{ actor: p, event: { type: 'F_UNLCK' } }, { actor: leaseOf(fileAt(fd)), event: { type: 'F_UNLCK' } }],
      guard: (s, { p, fd }) => onOwnFd(s, p, fd) && heldHere(s, p, fd) && !unlockRefused(s, fileAt(fd)),
    }),
    reg.add('F_UNLCK', ERRNO.unlockPinned, 'user', {
      params, label: unlLabel(` = ${ERRNO.unlockPinned}: pages are pinned under the lease`),
      steps: ({ p }) => fails(p),
      guard: (s, { p, fd }) => onOwnFd(s, p, fd) && heldHere(s, p, fd) && unlockRefused(s, fileAt(fd)),
    }),
  ];
}

/** ibv_reg_mr and ibv_dereg_mr: knob K1 (pinRequiresLease). */
export function rdmaSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const ctxs = n.procs.map(ctxOf);
  const fdOf = (p: string, x: string) => (x === ctxOf(p) ? n.ownCtxFd : n.receivedCtxFd);
  const hasCtx = (s: GlobalState, p: string, x: string) => proc(s, p).fds[fdOf(p, x)] === x;
  const mappedFile = (s: GlobalState, p: string) => {
    const m = proc(s, p).mapped;
    return m === null ? null : n.files.find((f) => structFile(p, f) === m) ?? null;
  };
  // Everything but the lease rule: a mapping, an RDMA context, a free MR slot, a mapped block.
  const canTry = (s: GlobalState, p: string) =>
    mayRun(s, p) && mappedFile(s, p) !== null && ctxs.some((x) => hasCtx(s, p, x)) && n.mrs.some((m) => s[m].value === 'unregistered');
  // K1: an active (not zombie) exclusive lease on the mapping's struct file, taken by this process (Ira Weiny, Sep 4).
  const allowed = (s: GlobalState, p: string) => {
    if (k.pinRequiresLease === 'none') return true;
    const f = mappedFile(s, p);
    return k.pinRequiresLease === 'activeExclusiveLease' && f !== null && leaseState(s, f) === 'held' && lease(s, f).attachedTo === proc(s, p).mapped && lease(s, f).owner === p;
  };
  const refusal = k.pinRequiresLease === 'never' ? ERRNO.pinMainline : ERRNO.pinNoLease;
  const actions: JointAction<any>[] = [
    reg.add('ibv_reg_mr', 'ok', 'user', {
      params: { p: n.procs, mr: n.mrs, ctx: ctxs, file: n.files, block: n.blocks, phys: n.phys },
      label: ({ p, mr: m, ctx, file, block }) => `${p}: ibv_reg_mr(fd${fdOf(p, ctx)}, ${file} block ${block}) = ${m}`,
      steps: ({ p, mr: m, ctx, file, block, phys }) => [
        { actor: p, event: { type: 'ibv_reg_mr' } },
        { actor: m, event: { type: 'ibv_reg_mr', ctx, file, block, phys, filePin: structFile(p, file) } as { type: string } },
      ],
      guard: (s, { p, mr: m, ctx, file, block, phys }) =>
        canTry(s, p) && mappedFile(s, p) === file && hasCtx(s, p, ctx) && s[m].value === 'unregistered' && daxFile(s, file).blocks[block] === phys && allowed(s, p),
    }),
    reg.add('ibv_reg_mr', refusal, 'user', {
      params: { p: n.procs },
      label: ({ p }) => `${p}: ibv_reg_mr(...) = ${refusal}${k.pinRequiresLease === 'never' ? ': no long-term pins of FS-DAX pages' : ': no active exclusive layout lease of its own'}`,
      steps: ({ p }) => fails(p),
      guard: (s, { p }) => canTry(s, p) && daxFile(s, mappedFile(s, p)!).blocks.some((b) => b !== null) && !allowed(s, p),
    }),
  ];
  // Deregistering the last pin of a file whose lease is a zombie ends that zombie (Ira Weiny, Aug 16).
  const endsZombie = (s: GlobalState, m: string) => {
    const f = mr(s, m).file!;
    return leaseState(s, f) === 'zombie' && registered(s, n).filter((x) => x.file === f).length === 1;
  };
  actions.push(
    reg.add('ibv_dereg_mr', 'ok', 'user', {
      params: { p: n.procs, mr: n.mrs, ctx: ctxs },
      label: ({ p, mr: m, ctx }) => `${p}: ibv_dereg_mr(fd${fdOf(p, ctx)}, ${m})`,
      steps: ({ p, mr: m }) => [{ actor: p, event: { type: 'ibv_dereg_mr' } }, { actor: m, event: { type: 'ibv_dereg_mr' } }],
      guard: (s, { p, mr: m, ctx }) => mayRun(s, p) && hasCtx(s, p, ctx) && s[m].value === 'registered' && mr(s, m).ctx === ctx && !endsZombie(s, m),
    }),
    reg.add('ibv_dereg_mr', 'ok: the zombie lease ends', 'user', {
      name: 'ibv_dereg_mr:zombieEnds',
      params: { p: n.procs, mr: n.mrs, ctx: ctxs, file: n.files },
      label: ({ p, mr: m, ctx, file }) => `${p}: ibv_dereg_mr(fd${fdOf(p, ctx)}, ${m}): the last pins on ${file} go, and the zombie lease with them`,
      steps: ({ p, mr: m, file }) => [
        { actor: p, event: { type: 'ibv_dereg_mr' } },
        { actor: m, event: { type: 'ibv_dereg_mr' } },
        { actor: leaseOf(file), event: { type: 'pinsGone' } },
      ],
      guard: (s, { p, mr: m, ctx, file }) =>
        mayRun(s, p) && hasCtx(s, p, ctx) && s[m].value === 'registered' && mr(s, m).ctx === ctx && mr(s, m).file === file && endsZombie(s, m),
    }),
  );
  return actions;
}

/** sendmsg(SCM_RIGHTS) of the RDMA context fd to another process: knob K7. */
export function passSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const params = { p: n.procs, to: n.procs };
  const canPass = (s: GlobalState, p: string, q: string) =>
    p !== q && mayRun(s, p) && mayRun(s, q) && proc(s, p).fds[n.ownCtxFd] === ctxOf(p) && proc(s, q).fds[n.receivedCtxFd] === undefined;
  const pinsUnder = (s: GlobalState, p: string) => registered(s, n).some((m) => m.ctx === ctxOf(p));
  const refused = (s: GlobalState, p: string) => k.passPinnedContext === 'fails' && pinsUnder(s, p);
  return [
    reg.add('sendmsg', 'ok', 'user', {
      params,
      label: ({ p, to }) => `${p}: sendmsg(SCM_RIGHTS, fd15) to ${to}, received as fd16`,
      steps: ({ p, to }) => [
        { actor: p, event: { type: 'sendmsg' } },
        { actor: to, event: { type: 'recvmsg', fd: n.receivedCtxFd, file: ctxOf(p) } as { type: string } },
        { actor: ctxOf(p), event: { type: 'fdGet' } },
      ],
      guard: (s, { p, to }) => canPass(s, p, to) && !refused(s, p),
    }),
    reg.add('sendmsg', ERRNO.passPinned, 'user', {
      params,
      label: ({ p, to }) => `${p}: sendmsg(SCM_RIGHTS, fd15) to ${to} = ${ERRNO.passPinned}: the RDMA context holds pins`,
      steps: ({ p }) => fails(p),
      guard: (s, { p, to }) => canPass(s, p, to) && refused(s, p),
    }),
  ];
}
