import type { GlobalState } from '../../src/index.ts';
import type { ProcessContext } from '../machines/process.ts';
import type { LeaseContext } from '../machines/lease.ts';
import type { MrContext } from '../machines/mr.ts';
import type { DaxFileContext } from '../machines/daxFile.ts';
import type { BlockAllocatorContext } from '../machines/blockAllocator.ts';
import type { OpenFileContext } from '../machines/openFile.ts';
import { leaseOf, structFile, type Names } from './names.ts';

/** Read-only questions about a global state of the DAX system, shared by guards and properties. */
export const proc = (s: GlobalState, p: string) => s[p].context as ProcessContext;
export const openFile = (s: GlobalState, f: string) => s[f].context as OpenFileContext;
export const lease = (s: GlobalState, f: string) => s[leaseOf(f)].context as LeaseContext;
export const leaseState = (s: GlobalState, f: string) => s[leaseOf(f)].value as 'none' | 'held' | 'closing' | 'zombie';
export const mr = (s: GlobalState, m: string) => s[m].context as MrContext;
export const daxFile = (s: GlobalState, f: string) => s[f].context as DaxFileContext;
export const blockOwner = (s: GlobalState) => (s.blocks.context as BlockAllocatorContext).owner;

/** The process may run a syscall: running, not blocked, no fatal signal. (Flat machines: value is a string.) */
export const mayRun = (s: GlobalState, p: string) => s[p].value === 'running' && !proc(s, p).killed;
export const isExiting = (s: GlobalState, p: string) => s[p].value === 'exiting';
export const isDead = (s: GlobalState, p: string) => s[p].value === 'dead';

// Guards ask the same question of one state many times. The answer is kept per view object and is
// valid while the MR snapshots in it are the same objects (a search may refill one view in place).
const registeredCache = new WeakMap<GlobalState, { snaps: unknown[]; result: MrContext[] }>();

/** Registered MRs (their contexts). */
export const registered = (s: GlobalState, n: Names): MrContext[] => {
  const hit = registeredCache.get(s);
  if (hit && n.mrs.every((m, i) => hit.snaps[i] === s[m])) return hit.result;
  const result = n.mrs.filter((m) => s[m].value === 'registered').map((m) => mr(s, m));
  registeredCache.set(s, { snaps: n.mrs.map((m) => s[m]), result });
  return result;
};

/** Long-term pins on file f exist. */
export const filePinned = (s: GlobalState, n: Names, f: string) => registered(s, n).some((m) => m.file === f);

/** Processes with an fd on the given struct file. */
export const holdersOf = (s: GlobalState, n: Names, sf: string) => n.procs.filter((p) => Object.values(proc(s, p).fds).includes(sf));

/** File f's lease is attached to process p's struct file of f. */
export const leaseOnStructFile = (s: GlobalState, p: string, f: string) => leaseState(s, f) !== 'none' && lease(s, f).attachedTo === structFile(p, f);

/** Nothing still refers to p's previous struct file of f (so open() can make a new one). */
export const structFileGone = (s: GlobalState, n: Names, p: string, f: string) => {
  const sf = structFile(p, f);
  return s[sf].value === 'unused' && proc(s, p).mapped !== sf && lease(s, f).attachedTo !== sf && !registered(s, n).some((m) => m.filePin === sf);
};
