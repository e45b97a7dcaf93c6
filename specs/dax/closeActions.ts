import type { GlobalState, JointAction } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { ctxOf, ctxSlots, dataSlots, type Names } from './names.ts';
import { isExiting, mayRun, proc } from './queries.ts';
import { ctxDrop, dataDrop, kernelFair, type Path } from './refActions.ts';
import type { VariantRegistry } from './variant.ts';

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
  type P = { p: string; fd: number; sf: string };
  return dataDrop<P>(n, k, reg, {
    op: opName(path),
    name: `${opName(path)}:data`,
    who: who(path),
    path,
    params: { p: n.procs, fd: dataSlots(n), sf: n.structFiles },
    sf: ({ sf }) => sf,
    base: (s, { p, fd, sf }) => onPath(s, p, path) && proc(s, p).fds[fd] === sf,
    step: ({ p, fd }) => ({ actor: p, event: { type: 'close', fd } as { type: string } }),
    blockStep: ({ p, fd, sf }) => ({ actor: p, event: { type: 'closeBlocks', fd, file: sf } as { type: string } }),
    label: (what) => ({ p, fd }) => `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fd})${what}`,
    extra: extra(path),
  });
}

function ctxClose(n: Names, reg: VariantRegistry, path: Path): JointAction<any>[] {
  // A process's own RDMA context sits at fd 15; one received by SCM_RIGHTS at fd 16.
  type P = { p: string; fd: number; ctx: string };
  return ctxDrop<P>(n, reg, {
    op: opName(path),
    name: `${opName(path)}:rdma`,
    who: who(path),
    params: { p: n.procs, fd: ctxSlots(n), ctx: n.procs.map(ctxOf) },
    ctx: ({ ctx }) => ctx,
    base: (s, { p, fd, ctx }) => onPath(s, p, path) && proc(s, p).fds[fd] === ctx,
    pre: ({ p, fd }) => [{ actor: p, event: { type: 'close', fd } as { type: string } }],
    label: (what) => ({ p, fd }) => `${p}: ${path === 'exit' ? 'exit closes' : 'close'}(fd${fd})${what}`,
    extra: extra(path),
  });
}

/** lastRef: exit_mm drops the mapping's reference, which may be the struct file's last (__fput with PF_EXITING). */
function exitUnmap(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  return dataDrop<{ p: string; sf: string }>(n, k, reg, {
    op: 'exit-unmap',
    name: 'exit-unmap',
    who: 'kernel',
    path: 'exit',
    params: { p: n.procs, sf: n.structFiles },
    sf: ({ sf }) => sf,
    base: (s, { p, sf }) => isExiting(s, p) && !proc(s, p).pinning && proc(s, p).mapped === sf,
    step: ({ p }) => ({ actor: p, event: { type: 'exitUnmap' } }),
    blockStep: ({ p, sf }) => ({ actor: p, event: { type: 'exitUnmapBlocks', file: sf } as { type: string } }),
    label: (what) => ({ p }) => `${p}: exit drops its mapping (exit_mm)${what}`,
    extra: kernelFair,
  });
}
