import type { GlobalState, JointAction, Participant } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { ctxOf, fileOfFd, leaseOf, structFile, type Names } from './names.ts';
import { filePinned, isExiting, leaseOnStructFile, leaseState, mayRun, openFile, proc, registered } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

type Path = 'user' | 'exit';

/**
 * close() of an fd, from a syscall (user path) or from do_exit (exit path, a kernel step of the
 * process, in any fd order). The rules of K4/K5 live here: what the last close of a data file does
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
const closeEvent = (fd: number) => ({ type: 'close', fd }) as { type: string };

function dataClose(n: Names, k: Knobs, reg: VariantRegistry, path: Path): JointAction<any>[] {
  const params = { p: n.procs, fd: n.dataFds };
  const sfOf = (p: string, fd: number) => structFile(p, fileOfFd(n, fd));
  const base = (s: GlobalState, p: string, fd: number) => onPath(s, p, path) && proc(s, p).fds[fd] === sfOf(p, fd);
  const isLast = (s: GlobalState, p: string, fd: number) => openFile(s, sfOf(p, fd)).fds === 1;
  const leaseHeldHere = (s: GlobalState, p: string, fd: number) => {
    const f = fileOfFd(n, fd);
    return leaseState(s, f) === 'held' && leaseOnStructFile(s, p, f);
  };
  const pinned = (s: GlobalState, fd: number) => filePinned(s, n, fileOfFd(n, fd));
  const closeSteps = (p: string, fd: number, last: boolean): Participant[] => [
    { actor: p, event: closeEvent(fd) },
    { actor: sfOf(p, fd), event: { type: last ? 'lastFdClosed' : 'fdPut' } },
  ];
  const leaseStep = (fd: number, type: string): Participant => ({ actor: leaseOf(fileOfFd(n, fd)), event: { type } });
  const label = (what: string) => ({ p, fd }: { p: string; fd: number }) => `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fd})${what}`;
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
      guard: (s, { p, fd }) => base(s, p, fd) && !isLast(s, p, fd),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:data:last`,
      params, label: label(''), ...fair,
      steps: ({ p, fd }) => closeSteps(p, fd, true),
      guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p, fd) && !leaseHeldHere(s, p, fd),
    }),
    reg.add(op, 'ok', who(path), {
      name: `${op}:data:last:leaseReleased`,
      params, label: label(': last close releases the lease'), ...fair,
      steps: ({ p, fd }) => [...closeSteps(p, fd, true), leaseStep(fd, 'lastCloseDrops')],
      guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p, fd) && leaseHeldHere(s, p, fd) && !pinned(s, fd),
    }),
    withPins === 'blocks'
      ? reg.add(op, 'blocks', who(path), {
          name: `${op}:data:last:pinned:blocks`,
          params, label: label(' blocks until the pins are released'), ...fair,
          steps: ({ p, fd }) => [
            { actor: p, event: { type: 'closeBlocks', fd } as { type: string } },
            { actor: sfOf(p, fd), event: { type: 'lastFdClosed' } },
            leaseStep(fd, 'lastCloseWaits'),
          ],
          guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p, fd) && leaseHeldHere(s, p, fd) && pinned(s, fd),
        })
      : reg.add(op, withPins === 'zombie' ? 'ok: lease becomes a zombie' : 'ok: lease dropped, pins live on', who(path), {
          name: `${op}:data:last:pinned:${withPins}`,
          params,
          label: label(withPins === 'zombie' ? ': the lease becomes a zombie held by the file_pin' : ': the lease is dropped while pins live on'),
          ...fair,
          steps: ({ p, fd }) => [...closeSteps(p, fd, true), leaseStep(fd, withPins === 'zombie' ? 'lastCloseZombifies' : 'lastCloseDrops')],
          guard: (s, { p, fd }) => base(s, p, fd) && isLast(s, p, fd) && leaseHeldHere(s, p, fd) && pinned(s, fd),
        }),
  ];
}

/** Every subset of the files, as comma-joined names ('' for none), smallest first. */
function subsets(files: string[]): string[] {
  let acc: string[][] = [[]];
  for (const f of files) acc = [...acc, ...acc.map((x) => [...x, f])];
  return acc.map((x) => x.join(','));
}

function ctxClose(n: Names, reg: VariantRegistry, path: Path): JointAction<any>[] {
  // A process's own RDMA context sits at fd 15; one received by SCM_RIGHTS at fd 16.
  const fdOf = (p: string, x: string) => (x === ctxOf(p) ? n.ownCtxFd : n.receivedCtxFd);
  const base = (s: GlobalState, p: string, x: string) => onPath(s, p, path) && proc(s, p).fds[fdOf(p, x)] === x;
  const isLast = (s: GlobalState, x: string) => openFile(s, x).fds === 1;
  // Releasing the context's MRs ends a file's zombie lease when they held that file's last pins.
  const zombiesEnding = (s: GlobalState, x: string) =>
    n.files
      .filter((f) => {
        const pins = registered(s, n).filter((m) => m.file === f);
        return leaseState(s, f) === 'zombie' && pins.some((m) => m.ctx === x) && pins.every((m) => m.ctx === x);
      })
      .join(',');
  const label = (what: string) => ({ p, ctx }: { p: string; ctx: string }) => `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fdOf(p, ctx)})${what}`;
  const op = opName(path);
  const fair = kernelGroup(path);
  const actions: JointAction<any>[] = [
    reg.add(op, 'ok', who(path), {
      name: `${op}:rdma:shared`,
      params: { p: n.procs, ctx: n.procs.map(ctxOf) },
      label: label(''), ...fair,
      steps: ({ p, ctx }) => [{ actor: p, event: closeEvent(fdOf(p, ctx)) }, { actor: ctx, event: { type: 'fdPut' } }],
      guard: (s, { p, ctx }) => base(s, p, ctx) && !isLast(s, ctx),
    }),
  ];
  for (const ends of subsets(n.files)) {
    const files = ends === '' ? [] : ends.split(',');
    actions.push(
      reg.add(op, 'ok', who(path), {
        name: ends === '' ? `${op}:rdma:last` : `${op}:rdma:last:zombieEnds(${ends})`,
        params: { p: n.procs, ctx: n.procs.map(ctxOf) },
        label: label(
          ends === ''
            ? ': last reference to the RDMA context; its MRs are deregistered'
            : `: its MRs are deregistered, the last pins on ${ends} go, and the zombie lease with them`,
        ),
        ...fair,
        steps: ({ p, ctx }) => [
          { actor: p, event: closeEvent(fdOf(p, ctx)) },
          { actor: ctx, event: { type: 'lastFdClosed' } },
          ...n.mrs.map((m) => ({ actor: m, event: { type: 'contextReleased', ctx } as { type: string } })),
          ...files.map((f) => ({ actor: leaseOf(f), event: { type: 'pinsGone' } })),
        ],
        guard: (s, { p, ctx }) => base(s, p, ctx) && isLast(s, ctx) && zombiesEnding(s, ctx) === ends,
      }),
    );
  }
  return actions;
}
