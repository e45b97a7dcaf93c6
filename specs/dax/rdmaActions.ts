import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import { ctxFdOf, ctxParam, ctxSlots, leaseOf, sfOf, sfParam, type Names } from './names.ts';
import { daxFile, lease, leaseState, mayRun, mr, proc } from './queries.ts';
import { ctxDrop, endsZombie, kernelFair } from './refActions.ts';
import { fails } from './syscallActions.ts';
import type { VariantRegistry } from './variant.ts';

/** ibv_reg_mr's parameters: the context's fd (when named, names.ts ctxParam) and the mapping's struct file (sfParam). */
type Reg = { p: string; mr: string; fd?: number; ctx: string; file: string; block: number; phys: number; k?: number; sf?: string };

/**
 * ibv_reg_mr and ibv_dereg_mr: knob K1 (pinRequiresLease). With two threads (scope threads=1) the lease
 * check and the pin are separate steps: the check reserves the MR and takes a reference to the RDMA
 * context (the syscall's fdget), and the pin lands later as a kernel step of the process, whatever the
 * other thread did to the lease meanwhile (F_UNLCK, close). The lease is checked once, at the start
 * (Ira Weiny, Aug 9, item 2: "page pins will fail if the lease is not active when the file back page is
 * encountered"); nothing in the thread rechecks it when the pin lands.
 */
export function rdmaSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const ctxs = n.procs.map((p) => `${p}.ctx`);
  const hasCtx = (s: GlobalState, p: string, fd: number, x: string) => proc(s, p).fds[fd] === x;
  const mappedFile = (s: GlobalState, p: string) => {
    const m = proc(s, p).mapped;
    return m === null ? null : n.sfFile[m];
  };
  // Everything but the lease rule: a mapping, an RDMA context, a free MR slot, no other pin in flight.
  const canTry = (s: GlobalState, p: string) =>
    mayRun(s, p) &&
    !proc(s, p).pinning &&
    mappedFile(s, p) !== null &&
    ctxSlots(n).some((fd) => proc(s, p).fds[fd] !== undefined) &&
    n.mrs.some((m) => s[m].value === 'unregistered');
  // K1: an active (not zombie) exclusive lease on the mapping's struct file, taken by this process (Ira Weiny, Sep 4).
  const allowed = (s: GlobalState, p: string) => {
    if (k.pinRequiresLease === 'none') return true;
    const f = mappedFile(s, p);
    return k.pinRequiresLease === 'activeExclusiveLease' && f !== null && leaseState(s, f) === 'held' && lease(s, f).attachedTo === proc(s, p).mapped && lease(s, f).owner === p;
  };
  const refusal = k.pinRequiresLease === 'never' ? ERRNO.pinMainline : ERRNO.pinNoLease;
  const regParams = { p: n.procs, mr: n.mrs, ...ctxParam(n, ctxSlots(n)), file: n.files, block: n.blocks, phys: n.phys, ...sfParam(n) } as any;
  const sfReg = (x: Reg) => sfOf(n, x.p, x.file, x);
  const fdReg = (x: Reg) => ctxFdOf(n, x.p, x);
  const regGuard = (s: GlobalState, x: Reg) =>
    canTry(s, x.p) && proc(s, x.p).mapped === sfReg(x) && n.sfFile[sfReg(x)] === x.file && hasCtx(s, x.p, fdReg(x), x.ctx) && s[x.mr].value === 'unregistered' && daxFile(s, x.file).blocks[x.block] === x.phys && allowed(s, x.p);
  const regLabel = (what: string) => (x: Reg) => `${x.p}: ibv_reg_mr(fd${fdReg(x)}, ${x.file} block ${x.block})${what} = ${x.mr}`;
  const actions: JointAction<any>[] = [
    n.opt.threads
      ? reg.add<Reg>('ibv_reg_mr', 'ok: pin in flight', 'user', {
          name: 'ibv_reg_mr:checked',
          params: regParams,
          label: regLabel(': the lease check passes, the pin is in flight'),
          steps: (x) => [
            { actor: x.p, event: { type: 'pinStart' } },
            { actor: x.mr, event: { type: 'reserve', ctx: x.ctx, file: x.file, block: x.block, filePin: sfReg(x), by: x.p } as { type: string } },
            { actor: x.ctx, event: { type: 'get' } },
          ],
          guard: regGuard,
        })
      : reg.add<Reg>('ibv_reg_mr', 'ok', 'user', {
          params: regParams,
          label: regLabel(''),
          steps: (x) => [
            { actor: x.p, event: { type: 'ibv_reg_mr' } },
            { actor: x.mr, event: { type: 'ibv_reg_mr', ctx: x.ctx, file: x.file, block: x.block, phys: x.phys, filePin: sfReg(x) } as { type: string } },
          ],
          guard: regGuard,
        }),
    reg.add('ibv_reg_mr', refusal, 'user', {
      params: { p: n.procs },
      label: ({ p }) => `${p}: ibv_reg_mr(...) = ${refusal}${k.pinRequiresLease === 'never' ? ': no long-term pins of FS-DAX pages' : ': no active exclusive layout lease of its own'}`,
      steps: ({ p }) => fails(p),
      guard: (s, { p }) => canTry(s, p) && daxFile(s, mappedFile(s, p)!).blocks.some((b) => b !== null) && !allowed(s, p),
    }),
  ];
  if (n.opt.threads) actions.push(...pinLands(n, reg));
  type Dereg = { p: string; mr: string; fd?: number; ctx: string };
  const fdDereg = (x: Dereg) => ctxFdOf(n, x.p, x);
  const canDereg = (s: GlobalState, x: Dereg) =>
    mayRun(s, x.p) && hasCtx(s, x.p, fdDereg(x), x.ctx) && s[x.mr].value === 'registered' && mr(s, x.mr).ctx === x.ctx;
  actions.push(
    reg.add<Dereg>('ibv_dereg_mr', 'ok', 'user', {
      params: { p: n.procs, mr: n.mrs, ...ctxParam(n, ctxSlots(n)) } as any,
      label: (x) => `${x.p}: ibv_dereg_mr(fd${fdDereg(x)}, ${x.mr})`,
      steps: ({ p, mr: m }) => [{ actor: p, event: { type: 'ibv_dereg_mr' } }, { actor: m, event: { type: 'ibv_dereg_mr' } }],
      guard: (s, x) => canDereg(s, x) && !endsZombie(s, n, mr(s, x.mr)),
    }),
    // Deregistering the last pin taken under a zombie lease ends that zombie (Ira Weiny, Aug 16).
    reg.add<Dereg & { file: string }>('ibv_dereg_mr', 'ok: the zombie lease ends', 'user', {
      name: 'ibv_dereg_mr:zombieEnds',
      params: { p: n.procs, mr: n.mrs, ...ctxParam(n, ctxSlots(n)), file: n.files } as any,
      label: (x) => `${x.p}: ibv_dereg_mr(fd${fdDereg(x)}, ${x.mr}): the last pins on ${x.file} go, and the zombie lease with them`,
      steps: ({ p, mr: m, file }) => [
        { actor: p, event: { type: 'ibv_dereg_mr' } },
        { actor: m, event: { type: 'ibv_dereg_mr' } },
        { actor: leaseOf(file), event: { type: 'pinsGone' } },
      ],
      guard: (s, x) => canDereg(s, x) && mr(s, x.mr).file === x.file && endsZombie(s, n, mr(s, x.mr)),
    }),
  );
  if (n.opt.asyncDereg) actions.push(...deferredDereg(n, reg));
  return actions;
}

/**
 * threads: the pin in flight lands, on the block the file has now, and the syscall drops its reference
 * to the context: if the other thread closed the context's last fd meanwhile, that was the last
 * reference and the MRs go with it. If the block went meanwhile (truncate or punch, allowed once the
 * other thread's F_UNLCK or close released the lease), GUP finds a hole and ibv_reg_mr fails.
 */
function pinLands(n: Names, reg: VariantRegistry): JointAction<any>[] {
  const ctxs = n.procs.map((p) => `${p}.ctx`);
  type P = { p: string; mr: string; ctx: string; phys: number };
  const inFlight = (s: GlobalState, { p, mr: m, ctx }: { p: string; mr: string; ctx: string }) =>
    proc(s, p).pinning && s[m].value === 'pinning' && mr(s, m).by === p && mr(s, m).ctx === ctx;
  const blockNow = (s: GlobalState, m: string) => daxFile(s, mr(s, m).file!).blocks[mr(s, m).block!];
  return [
    ...ctxDrop<P>(n, reg, {
      op: 'pin',
      name: 'pin',
      who: 'kernel',
      params: { p: n.procs, mr: n.mrs, ctx: ctxs, phys: n.phys },
      ctx: ({ ctx }) => ctx,
      base: (s, x) => inFlight(s, x) && blockNow(s, x.mr) === x.phys,
      pre: ({ p, mr: m, phys }) => [
        { actor: p, event: { type: 'pinDone' } },
        { actor: m, event: { type: 'pin', phys } as { type: string } },
      ],
      label: (what) => ({ p, mr: m, phys }) => `${p}: the pin of ${m} lands on physical block ${phys} (ibv_reg_mr returns)${what}`,
      extra: kernelFair,
    }),
    ...ctxDrop<{ p: string; mr: string; ctx: string }>(n, reg, {
      op: 'pin',
      name: 'pin:EFAULT',
      who: 'kernel',
      outcome: 'EFAULT',
      params: { p: n.procs, mr: n.mrs, ctx: ctxs },
      ctx: ({ ctx }) => ctx,
      base: (s, x) => inFlight(s, x) && blockNow(s, x.mr) === null,
      pre: ({ p, mr: m }) => [
        { actor: p, event: { type: 'pinDone' } },
        { actor: m, event: { type: 'pinFails' } },
      ],
      label: (what) => ({ p, mr: m }) => `${p}: the pin of ${m} finds a hole: ibv_reg_mr = EFAULT${what}`,
      extra: kernelFair,
    }),
  ];
}

/**
 * asyncDereg: the deferred deregistration of an MR whose context is gone (Jason Gunthorpe, Aug 19: "it
 * doesn't always wait on close() for the MR holding the page pins to be destoyed"). Kernel work that runs
 * eventually: weakly fair, in a group of its own.
 */
function deferredDereg(n: Names, reg: VariantRegistry): JointAction<any>[] {
  const fair = { fairness: 'weak' as const, fairnessGroup: () => DEFERRED_WORK };
  return [
    reg.add<{ mr: string }>('dereg', 'ok', 'kernel', {
      name: 'dereg:deferred',
      params: { mr: n.mrs },
      ...fair,
      label: ({ mr: m }) => `kernel: the deferred deregistration of ${m} releases its pins`,
      steps: ({ mr: m }) => ({ actor: m, event: { type: 'deferredDereg' } }),
      guard: (s, { mr: m }) => s[m].value === 'releasing' && !endsZombie(s, n, mr(s, m)),
    }),
    reg.add<{ mr: string; file: string }>('dereg', 'ok: the zombie lease ends', 'kernel', {
      name: 'dereg:deferred:zombieEnds',
      params: { mr: n.mrs, file: n.files },
      ...fair,
      label: ({ mr: m, file }) => `kernel: the deferred deregistration of ${m} releases the last pins on ${file}, and the zombie lease with them`,
      steps: ({ mr: m, file }) => [
        { actor: m, event: { type: 'deferredDereg' } },
        { actor: leaseOf(file), event: { type: 'pinsGone' } },
      ],
      guard: (s, { mr: m, file }) => s[m].value === 'releasing' && mr(s, m).file === file && endsZombie(s, n, mr(s, m)),
    }),
  ];
}

/** The fairness group of the kernel's deferred work (asyncDereg); no-unkillable-close assumes it fair. */
export const DEFERRED_WORK = 'kernel(deferred work)';
