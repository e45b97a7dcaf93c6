import type { GlobalState } from '../../src/index.ts';
import type { ProcessContext } from '../machines/process.ts';
import type { LeaseContext } from '../machines/lease.ts';
import type { MrContext } from '../machines/mr.ts';
import type { DaxFileContext } from '../machines/daxFile.ts';
import type { BlockAllocatorContext } from '../machines/blockAllocator.ts';
import type { OpenFileContext } from '../machines/openFile.ts';
import type { SocketContext } from '../machines/socket.ts';
import { leaseOf, sharedFds, SOCKET, type Names } from './names.ts';

/** Read-only questions about a global state of the DAX system, shared by guards and properties. */
export const proc = (s: GlobalState, p: string) => s[p].context as ProcessContext;
export const openFile = (s: GlobalState, f: string) => s[f].context as OpenFileContext;
export const lease = (s: GlobalState, f: string) => s[leaseOf(f)].context as LeaseContext;
export const leaseState = (s: GlobalState, f: string) => s[leaseOf(f)].value as 'none' | 'held' | 'closing' | 'zombie';
export const mr = (s: GlobalState, m: string) => s[m].context as MrContext;
export const daxFile = (s: GlobalState, f: string) => s[f].context as DaxFileContext;
export const blockOwner = (s: GlobalState) => (s.blocks.context as BlockAllocatorContext).owner;
/** The SCM_RIGHTS message in flight, if the scope has a socket and one is queued. */
export const queued = (s: GlobalState): SocketContext | null =>
  s[SOCKET] !== undefined && s[SOCKET].value === 'queued' ? (s[SOCKET].context as SocketContext) : null;

/**
 * A thread of the process may enter a syscall: running (or, with a second thread, blocked in close in
 * the other one), no fatal signal, and a thread not already inside a syscall.
 */
export const mayRun = (s: GlobalState, p: string) => {
  const c = proc(s, p);
  if (c.killed) return false;
  if (s[p].value === 'running') return !c.pinning || c.threads > 1;
  return s[p].value === 'closeWait' && c.threads > 1 && !c.pinning;
};
export const isExiting = (s: GlobalState, p: string) => s[p].value === 'exiting';
export const isDead = (s: GlobalState, p: string) => s[p].value === 'dead';
/** A thread of p is blocked releasing a struct file (close, or with lastRef munmap / exit's unmap). */
export const isBlocked = (s: GlobalState, p: string) => s[p].value === 'closeWait' || s[p].value === 'exitCloseWait';

// Guards ask the same question of one state many times. The answer is kept per view object and is
// valid while the MR snapshots in it are the same objects (a search may refill one view in place).
const registeredCache = new WeakMap<GlobalState, { snaps: unknown[]; result: MrContext[] }>();

/**
 * MRs whose pins exist: registered, or (asyncDereg) waiting for their deferred deregistration. An MR
 * whose pin is still in flight (threads) pins nothing yet.
 */
export const registered = (s: GlobalState, n: Names): MrContext[] => {
  const hit = registeredCache.get(s);
  if (hit && n.mrs.every((m, i) => hit.snaps[i] === s[m])) return hit.result;
  const result = n.mrs.filter((m) => s[m].value === 'registered' || s[m].value === 'releasing').map((m) => mr(s, m));
  registeredCache.set(s, { snaps: n.mrs.map((m) => s[m]), result });
  return result;
};

/** Long-term pins on file f exist. */
export const filePinned = (s: GlobalState, n: Names, f: string) => registered(s, n).some((m) => m.file === f);

/** Long-term pins on block b of file f exist. */
export const blockPinned = (s: GlobalState, n: Names, f: string, b: number) => registered(s, n).some((m) => m.file === f && m.block === b);

/** Pins taken under the lease attached to struct file sf: their file_pin refers to sf. */
export const pinsUnder = (s: GlobalState, n: Names, sf: string) => registered(s, n).filter((m) => m.filePin === sf);

/**
 * The pins the lease on file f is responsible for: those taken through its struct file (rule fix 1;
 * Dave Chinner, Aug 17: "resources that pin the lease"; Jan Kara, Aug 19: file_pin "would contain
 * counter of pinned pages"). Another lease's leftover pins on the same file are not among them.
 */
export const leasePinned = (s: GlobalState, n: Names, f: string) => {
  const at = lease(s, f).attachedTo;
  return leaseState(s, f) !== 'none' && at !== null && pinsUnder(s, n, at).length > 0;
};

/** Processes with an fd on the given struct file. */
export const holdersOf = (s: GlobalState, n: Names, sf: string) => n.procs.filter((p) => Object.values(proc(s, p).fds).includes(sf));

/** File f's lease is attached to struct file sf. */
export const leaseOn = (s: GlobalState, f: string, sf: string) => leaseState(s, f) !== 'none' && lease(s, f).attachedTo === sf;

/**
 * Process q holds file f's lease through an open fd: the lease is active (held, or in the close that
 * releases it) and q has an fd on its struct file, or is the thread blocked releasing it (Q9).
 */
export const holdsLease = (s: GlobalState, q: string, f: string) => {
  const st = leaseState(s, f);
  if (st !== 'held' && st !== 'closing') return false;
  const at = lease(s, f).attachedTo!;
  const c = proc(s, q);
  return Object.values(c.fds).includes(at) || (isBlocked(s, q) && c.releasing === at);
};

/**
 * Nothing still refers to struct file sf (so open() can make it anew): no reference, mapping, blocked
 * release, lease or file_pin. Only its opener can map or release it unless fds are shared (fork,
 * passData); reading no more than that keeps the guard's memo small at the default scope.
 */
export const structFileGone = (s: GlobalState, n: Names, sf: string) => {
  if (s[sf].value !== 'unused' || lease(s, n.sfFile[sf]).attachedTo === sf) return false;
  const procs = sharedFds(n) ? n.procs : [n.sfProc[sf]];
  return procs.every((p) => proc(s, p).mapped !== sf && proc(s, p).releasing !== sf) && n.mrs.every((m) => mr(s, m).filePin !== sf);
};
