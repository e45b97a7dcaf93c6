import type { GlobalState, JointAction, Participant } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { ctxOf, fileOf, type Names } from './names.ts';
import { filePinned, isExiting, leaseOnFileOf, leaseState, mayRun, openFile, proc, registered } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

type Path = 'user' | 'exit';

/**
 * close() of an fd, from a syscall (user path) or from do_exit (exit path, a kernel step of the
 * process, in any fd order). The rules of K4/K5 live here: what the last close of the data file does
 * to its lease when pins are outstanding.
 */
export function closeActions(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const out: JointAction<any>[] = [];
  for (const path of ['user', 'exit'] as const) {
    out.push(...dataClose(n, k, reg, path), ...ctxClose(n, reg, path));
  }
  return out;
}

const onPath = (s: GlobalState, p: string, path: Path) => (path === 'user' ? mayRun(s, p) : isExiting(s, p));
const who = (path: Path) => (path === 'user' ? 'user' : 'kernel');
const kernelGroup = (path: Path) => (path === 'exit' ? { fairness: 'weak' as const, fairnessGroup: ({ p }: { p: string }) => `kernel(${p})` } : {});
const opName = (path: Path) => (path === 'user' ? 'close' : 'exit-close');

function dataClose(n: Names, k: Knobs, reg: VariantRegistry, path: Path): JointAction<any>[] {
  const params = { p: n.procs, fd: n.dataFds };
  const base = (s: GlobalState, p: string, fd: number) => onPath(s, p, path) && proc(s, p).fds[fd] === fileOf(p);
  const isLast = (s: GlobalState, p: string) => openFile(s, fileOf(p)).fds === 1;
  const leaseHeldHere = (s: GlobalState, p: string) => leaseState(s) === 'held' && leaseOnFileOf(s, p);
  const closeSteps = (p: string, fd: number, last: boolean): Participant[] => [
    { actor: p, event: { type: 'close', fd } as { type: string } },
    { actor: fileOf(p), event: { type: last ? 'lastFdClosed' : 'fdPut' } },
  ];
  const label = (what: string) => ({ p, fd }: { p: string; fd: number }) =>
    `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fd})${what}`;
  // K5: does this last close block? killableNoExit never blocks on the exit path (Dave Chinner, Aug 19).
  const blocks = k.lastCloseWithPins === 'block' && !(k.blockingCloseWait === 'killableNoExit' && path === 'exit');
  const withPins = k.lastCloseWithPins === 'zombie' ? 'zombie' : blocks ? 'blocks' : 'dropLease';
  const op = opName(path);
  const fair = kernelGroup(path);
  return [
    reg.add(op, 'ok', who(path), {
      name: `${op}:data:shared`,
      params, label: label(''), ...fair,
      steps: ({ p, fd }) => closeSteps(p, fd, false),
      guard: (s, { p, fd }) => base(s, p, fd) && !isLast(s, p),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:data:last`,
      params, label: label(''), ...fair,
      steps: ({ p, fd }) => closeSteps(p, fd, true),
      guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p) && !leaseHeldHere(s, p),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:data:last:leaseReleased`,
      params, label: label(': last close releases the lease'), ...fair,
      steps: ({ p, fd }) => [...closeSteps(p, fd, true), { actor: 'lease', event: { type: 'lastCloseDrops' } }],
      guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p) && leaseHeldHere(s, p) && !filePinned(s, n),
    }),
    withPins === 'blocks'
      ? reg.add(op, 'blocks', who(path), {
          name: `${op}:data:last:pinned:blocks`,
          params, label: label(' blocks until the pins are released'), ...fair,
          steps: ({ p, fd }) => [
            { actor: p, event: { type: 'closeBlocks', fd } },
            { actor: fileOf(p), event: { type: 'lastFdClosed' } },
            { actor: 'lease', event: { type: 'lastCloseWaits' } },
          ],
          guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p) && leaseHeldHere(s, p) && filePinned(s, n),
        })
      : reg.add(op, withPins === 'zombie' ? 'ok: lease becomes a zombie' : 'ok: lease dropped, pins live on', who(path), {
          name: `${op}:data:last:pinned:${withPins}`,
          params,
          label: label(withPins === 'zombie' ? ': the lease becomes a zombie held by the file_pin' : ': the lease is dropped while pins live on'),
          ...fair,
          steps: ({ p, fd }) => [
            ...closeSteps(p, fd, true),
            { actor: 'lease', event: { type: withPins === 'zombie' ? 'lastCloseZombifies' : 'lastCloseDrops' } },
          ],
          guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p) && leaseHeldHere(s, p) && filePinned(s, n),
        }),
  ];
}

function ctxClose(n: Names, reg: VariantRegistry, path: Path): JointAction<any>[] {
  // A process's own RDMA context sits at fd 15; one received by SCM_RIGHTS at fd 16.
  const params = { p: n.procs, ctx: n.procs.map(ctxOf) };
  const fdOf = (p: string, x: string) => (x === ctxOf(p) ? n.ownCtxFd : n.receivedCtxFd);
  const base = (s: GlobalState, p: string, x: string) => onPath(s, p, path) && proc(s, p).fds[fdOf(p, x)] === x;
  const isLast = (s: GlobalState, x: string) => openFile(s, x).fds === 1;
  // Releasing the context's MRs ends a zombie lease when they were the last pins on the file.
  const endsZombie = (s: GlobalState, x: string) =>
    leaseState(s) === 'zombie' && registered(s, n).filter((m) => m.file === n.file).every((m) => m.ctx === x);
  const label = (what: string) => ({ p, ctx }: { p: string; ctx: string }) =>
    `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fdOf(p, ctx)})${what}`;
  const op = opName(path);
  const fair = kernelGroup(path);
  const release = (p: string, x: string): Participant[] => [
    { actor: p, event: { type: 'close', fd: fdOf(p, x) } as { type: string } },
    { actor: x, event: { type: 'lastFdClosed' } },
    ...n.mrs.map((m) => ({ actor: m, event: { type: 'contextReleased', ctx: x } })),
  ];
  return [
    reg.add(op, 'ok', who(path), {
      name: `${op}:rdma:shared`,
      params, label: label(''), ...fair,
      steps: ({ p, ctx }) => [
        { actor: p, event: { type: 'close', fd: fdOf(p, ctx) } },
        { actor: ctx, event: { type: 'fdPut' } },
      ],
      guard: (s, { p, ctx }) => base(s, p, ctx) && !isLast(s, ctx),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:rdma:last`,
      params, label: label(': last reference to the RDMA context; its MRs are deregistered'), ...fair,
      steps: ({ p, ctx }) => release(p, ctx),
      guard: (s, { p, ctx }) => base(s, p, ctx) && isLast(s, ctx) && !endsZombie(s, ctx),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:rdma:last:zombieEnds`,
      params, label: label(': its MRs are deregistered, the last pins go, and the zombie lease with them'), ...fair,
      steps: ({ p, ctx }) => [...release(p, ctx), { actor: 'lease', event: { type: 'pinsGone' } }],
      guard: (s, { p, ctx }) => base(s, p, ctx) && isLast(s, ctx) && endsZombie(s, ctx),
    }),
  ];
}
