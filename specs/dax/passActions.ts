import type { GlobalState, JointAction } from '../../src/index.ts';
import { ERRNO, type Knobs } from '../designs/knobs.ts';
import { ctxOf, dataSlots, fileOfFd, receivedFdOf, sharedFds, SOCKET, type Names } from './names.ts';
import { isExiting, mayRun, proc, queued, registered } from './queries.ts';
import { ctxDrop, kernelFair } from './refActions.ts';
import { fails } from './syscallActions.ts';
import type { VariantRegistry } from './variant.ts';

/** sendmsg of a context: the sender, the receiver, and (with fork or passData) the fd and the context it holds. */
type Pass = { p: string; fd?: number; ctx?: string; to: string };

/**
 * sendmsg(SCM_RIGHTS) of an RDMA context to another process (knob K7), received at fd 16. Its own
 * context sits at fd 15; with passData a process may also forward the one it received (fd 16), and with
 * fork a child's fd 15 may hold its parent's. With inflight the message is queued in a socket first.
 * K7 refuses the pass of a context that holds pins (Ira Weiny, Aug 23; Dave Chinner, Aug 24: "Sounds like
 * a fine idea to me"); it knows nothing of fork or of what the receiver holds.
 */
export function passSyscalls(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const fromFds = n.opt.passData || n.opt.fork ? [n.ownCtxFd, n.receivedCtxFd] : [n.ownCtxFd];
  // Without fork or passData a process sends only its own context, at fd 15.
  const params = (sharedFds(n) ? { p: n.procs, fd: fromFds, ctx: n.procs.map(ctxOf), to: n.procs } : { p: n.procs, to: n.procs }) as any;
  const fdOf = (x: Pass) => x.fd ?? n.ownCtxFd;
  const ctx = (x: Pass) => x.ctx ?? ctxOf(x.p);
  const holds = (s: GlobalState, x: Pass) => proc(s, x.p).fds[fdOf(x)] === ctx(x);
  const refused = (s: GlobalState, x: string) => k.passPinnedContext === 'fails' && registered(s, n).some((m) => m.ctx === x);
  const label = (what: string) => (x: Pass) => `${x.p}: sendmsg(SCM_RIGHTS, fd${fdOf(x)}) to ${x.to}${what}`;
  const actions: JointAction<any>[] = [];
  if (!n.opt.inflight) {
    const canPass = (s: GlobalState, x: Pass) =>
      x.p !== x.to && mayRun(s, x.p) && mayRun(s, x.to) && holds(s, x) && proc(s, x.to).fds[n.receivedCtxFd] === undefined;
    actions.push(
      reg.add<Pass>('sendmsg', 'ok', 'user', {
        params,
        label: label(', received as fd16'),
        steps: (x) => [
          { actor: x.p, event: { type: 'sendmsg' } },
          { actor: x.to, event: { type: 'recvmsg', fd: n.receivedCtxFd, file: ctx(x) } as { type: string } },
          { actor: ctx(x), event: { type: 'get' } },
        ],
        guard: (s, x) => canPass(s, x) && !refused(s, ctx(x)),
      }),
    );
  } else {
    // The receiver's socket is open while it lives and has not started to exit.
    const alive = (s: GlobalState, q: string) => s[q].value === 'running' || s[q].value === 'closeWait';
    actions.push(
      reg.add<Pass>('sendmsg', 'ok: queued', 'user', {
        name: 'sendmsg:queued',
        params,
        label: label(': queued in the socket, held by no process'),
        steps: (x) => [
          { actor: x.p, event: { type: 'sendmsg' } },
          { actor: SOCKET, event: { type: 'send', file: ctx(x), to: x.to } as { type: string } },
          { actor: ctx(x), event: { type: 'get' } },
        ],
        guard: (s, x) => x.p !== x.to && mayRun(s, x.p) && alive(s, x.to) && holds(s, x) && queued(s) === null && !refused(s, ctx(x)),
      }),
      reg.add<{ p: string; ctx: string }>('recvmsg', 'ok', 'user', {
        params: { p: n.procs, ctx: n.procs.map(ctxOf) },
        label: ({ p }) => `${p}: recvmsg(SCM_RIGHTS) = fd16`,
        steps: ({ p, ctx }) => [
          { actor: p, event: { type: 'recvmsg', fd: n.receivedCtxFd, file: ctx } as { type: string } },
          { actor: SOCKET, event: { type: 'deliver' } },
        ],
        guard: (s, { p, ctx }) => mayRun(s, p) && queued(s)?.to === p && queued(s)?.file === ctx && proc(s, p).fds[n.receivedCtxFd] === undefined,
      }),
      // The receiver's exit closes its socket, which frees the queued message and its reference.
      ...ctxDrop<{ p: string; ctx: string }>(n, reg, {
        op: 'exit-purge',
        name: 'exit-purge',
        who: 'kernel',
        params: { p: n.procs, ctx: n.procs.map(ctxOf) },
        ctx: ({ ctx }) => ctx,
        base: (s, { p, ctx }) => isExiting(s, p) && queued(s)?.to === p && queued(s)?.file === ctx,
        pre: ({ p }) => [
          { actor: p, event: { type: 'exitPurge' } },
          { actor: SOCKET, event: { type: 'purge' } },
        ],
        label: (what) => ({ p, ctx }) => `${p}: exit closes its socket; the queued ${ctx} goes${what}`,
        extra: kernelFair,
      }),
    );
  }
  actions.push(
    reg.add<Pass>('sendmsg', ERRNO.passPinned, 'user', {
      params,
      label: label(` = ${ERRNO.passPinned}: the RDMA context holds pins`),
      steps: ({ p }) => fails(p),
      guard: (s, x) => x.p !== x.to && mayRun(s, x.p) && holds(s, x) && refused(s, ctx(x)),
    }),
  );
  if (n.opt.passData) actions.push(...passData(n, reg));
  return actions;
}

/**
 * passData: SCM_RIGHTS of a data-file fd, received at fd 20 (file d). The receiver shares the open file
 * description and so the lease on it (Dave Chinner, Aug 26: "the lease is attached to the struct file,
 * so it follows where-ever the struct file goes"): it may F_UNLCK it (Ira Weiny, Aug 24), but not pin
 * under it (Ira Weiny, Aug 29: "_only_ the process which took the lease can actually pin memory"). Passing
 * the lease fd with the context is Dave's compliant pattern (Aug 23: "This can probably even be done by
 * duplicating the lease fd and passing it by SCM_RIGHTS first"). Always delivered at once.
 */
function passData(n: Names, reg: VariantRegistry): JointAction<any>[] {
  type P = { p: string; fd: number; sf: string; to: string };
  return [
    reg.add<P>('sendmsg', 'ok', 'user', {
      name: 'sendmsg:data',
      params: { p: n.procs, fd: dataSlots(n), sf: n.structFiles, to: n.procs },
      label: ({ p, fd, to }) => `${p}: sendmsg(SCM_RIGHTS, fd${fd}) to ${to}, received as fd${receivedFdOf(n, fileOfFd(n, fd))}`,
      steps: ({ fd, sf, p, to }) => [
        { actor: p, event: { type: 'sendmsg' } },
        { actor: to, event: { type: 'recvmsg', fd: receivedFdOf(n, fileOfFd(n, fd)), file: sf } as { type: string } },
        { actor: sf, event: { type: 'get' } },
      ],
      guard: (s, { p, fd, sf, to }) =>
        p !== to && mayRun(s, p) && mayRun(s, to) && proc(s, p).fds[fd] === sf && proc(s, to).fds[receivedFdOf(n, fileOfFd(n, fd))] === undefined,
    }),
  ];
}
