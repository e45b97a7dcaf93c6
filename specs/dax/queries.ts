import type { GlobalState } from '../../src/index.ts';
import type { ProcessContext } from '../machines/process.ts';
import type { LeaseContext } from '../machines/lease.ts';
import type { MrContext } from '../machines/mr.ts';
import type { DaxFileContext } from '../machines/daxFile.ts';
import type { BlockAllocatorContext } from '../machines/blockAllocator.ts';
import type { OpenFileContext } from '../machines/openFile.ts';
import { fileOf, type Names } from './names.ts';

/** Read-only questions about a global state of the DAX system, shared by guards and properties. */
export const proc = (s: GlobalState, p: string) => s[p].context as ProcessContext;
export const openFile = (s: GlobalState, f: string) => s[f].context as OpenFileContext;
export const lease = (s: GlobalState) => s.lease.context as LeaseContext;
export const leaseState = (s: GlobalState) => s.lease.value as 'none' | 'held' | 'closing' | 'zombie';
export const mr = (s: GlobalState, m: string) => s[m].context as MrContext;
export const daxFile = (s: GlobalState) => s.d.context as DaxFileContext;
export const blockOwner = (s: GlobalState) => (s.blocks.context as BlockAllocatorContext).owner;

/** The process may run a syscall: running, not blocked, no fatal signal. (Flat machines: value is a string.) */
export const mayRun = (s: GlobalState, p: string) => s[p].value === 'running' && !proc(s, p).killed;
export const isExiting = (s: GlobalState, p: string) => s[p].value === 'exiting';
export const isDead = (s: GlobalState, p: string) => s[p].value === 'dead';

// Guards ask the same questions of one state many times; the answers are kept per state object.
const registeredCache = new WeakMap<GlobalState, MrContext[]>();

/** Registered MRs (their contexts). */
export const registered = (s: GlobalState, n: Names): MrContext[] => {
  let r = registeredCache.get(s);
  if (!r) {
    r = n.mrs.filter((m) => s[m].value === 'registered').map((m) => mr(s, m));
    registeredCache.set(s, r);
  }
  return r;
};

/** Long-term pins on the data file exist. */
export const filePinned = (s: GlobalState, n: Names) => registered(s, n).some((m) => m.file === n.file);

/** Processes with an fd on the given struct file. */
export const holdersOf = (s: GlobalState, n: Names, structFile: string) =>
  n.procs.filter((p) => Object.values(proc(s, p).fds).includes(structFile));

/** The lease is attached to this process's data-file struct file. */
export const leaseOnFileOf = (s: GlobalState, p: string) => leaseState(s) !== 'none' && lease(s).attachedTo === fileOf(p);

/** Nothing still refers to the process's previous data-file struct file (so open() can make a new one). */
export const structFileGone = (s: GlobalState, n: Names, p: string) =>
  s[fileOf(p)].value === 'unused' &&
  proc(s, p).mapped === null &&
  lease(s).attachedTo !== fileOf(p) &&
  !registered(s, n).some((m) => m.filePin === fileOf(p));
