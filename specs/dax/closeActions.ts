import type { GlobalState, JointAction } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { ctxFdOf, ctxParam, ctxSlots, dataSlots, sfOf, sfParam, type Names } from './names.ts';
import { isExiting, mayRun, proc } from './queries.ts';
import { ctxDrop, dataDrop, kernelFair, type Path } from './refActions.ts';
import type { VariantRegistry } from './variant.ts';
import { sfAt, type DataFd, type Mapped } from './syscallActions.ts';

/**
 * close() of an fd, from a syscall (user path) or from do_exit (exit path, a kernel step of the
 * process, in any fd order), and with lastRef exit's drop of the mapping (exit_mm, before exit_files).
 * The rules of K4/K5 are in refActions: what the last reference to a data file does to its lease
 * when pins taken under that lease are outstanding.
 */
export function closeActions(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const out: JointAction<any>[] = [];
  for (const path of ['user', 'exit'] as const) out.push(...dataClose(n, k, reg, path), ...ctxClose(n, reg, path));
  if (n.opt.lastRef) out.push(...exitUnmap(n, k, reg));
  return out;
}

/**
 * The process may close fds on this path. On the exit path a pin in flight lands first (exit_mm waits
 * for the mmap_sem GUP holds), and with lastRef the mapping goes before the fds (exit_mm runs before
 * exit_files).
 */
const onPath = (s: GlobalState, p: string, path: Path) =>
  path === 'user' ? mayRun(s, p) : isExiting(s, p) && !proc(s, p).pinning && proc(s, p).mapped === null;
const who = (path: Path) => (path === 'user' ? 'user' : 'kernel');
const opName = (path: Path) => (path === 'user' ? 'close' : 'exit-close');
const extra = (path: Path) => (path === 'exit' ? kernelFair : undefined);

function dataClose(n: Names, k: Knobs, reg: VariantRegistry, path: Path): JointAction<any>[] {
  return dataDrop<any>(n, k, reg, {
    op: opName(path),
    name: `${opName(path)}:data`,
    who: who(path),
    path,
    params: { p: n.procs, fd: dataSlots(n), ...sfParam(n) },
    sf: (x: DataFd) => sfAt(n, x),
    base: (s: GlobalState, x: DataFd) => onPath(s, x.p, path) && proc(s, x.p).fds[x.fd] === sfAt(n, x),
    step: (x: DataFd) => ({ actor: x.p, event: { type: 'close', fd: x.fd } as { type: string } }),
    blockStep: (x: DataFd) => ({ actor: x.p, event: { type: 'closeBlocks', fd: x.fd, file: sfAt(n, x) } as { type: string } }),
    label: (what: string) => (x: DataFd) => `${x.p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${x.fd})${what}`,
    extra: extra(path),
  });
}

function ctxClose(n: Names, reg: VariantRegistry, path: Path): JointAction<any>[] {
  // A process's own RDMA context sits at fd 15; one received by SCM_RIGHTS at fd 16.
  type P = { p: string; fd?: number; ctx: string };
  const fd = (x: P) => ctxFdOf(n, x.p, x);
  return ctxDrop<any>(n, reg, {
    op: opName(path),
    name: `${opName(path)}:rdma`,
    who: who(path),
    params: { p: n.procs, ...ctxParam(n, ctxSlots(n)) },
    ctx: (x: P) => x.ctx,
    base: (s: GlobalState, x: P) => onPath(s, x.p, path) && proc(s, x.p).fds[fd(x)] === x.ctx,
    pre: (x: P) => [{ actor: x.p, event: { type: 'close', fd: fd(x) } as { type: string } }],
    label: (what: string) => (x: P) => `${x.p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fd(x)})${what}`,
    extra: extra(path),
  });
}

/** lastRef: exit_mm drops the mapping's reference, which may be the struct file's last (__fput with PF_EXITING). */
function exitUnmap(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const sf = (x: Mapped) => sfOf(n, x.p, x.file, x);
  return dataDrop<any>(n, k, reg, {
    op: 'exit-unmap',
    name: 'exit-unmap',
    who: 'kernel',
    path: 'exit',
    params: { p: n.procs, file: n.files, ...sfParam(n) },
    sf,
    base: (s: GlobalState, x: Mapped) => isExiting(s, x.p) && !proc(s, x.p).pinning && proc(s, x.p).mapped === sf(x),
    step: (x: Mapped) => ({ actor: x.p, event: { type: 'exitUnmap' } }),
    blockStep: (x: Mapped) => ({ actor: x.p, event: { type: 'exitUnmapBlocks', file: sf(x) } as { type: string } }),
    label: (what: string) => (x: Mapped) => `${x.p}: exit drops its mapping (exit_mm)${what}`,
    extra: kernelFair,
  });
}
