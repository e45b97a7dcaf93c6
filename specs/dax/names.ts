import type { Scope } from '../../src/index.ts';

/**
 * The kernel behaviours a scope may switch on (docs/dax-model.md, "Scope options"). Each is 0 (off, the
 * default: the comparison at the default scope stays the one the thread argued over) or 1.
 */
export interface DaxOptions {
  /** A second thread per process: ibv_reg_mr's lease check and its pin are separate steps. */
  threads: number;
  /** fork(): the child inherits every fd (the leased one and the RDMA context included) and the mapping. */
  fork: number;
  /** SCM_RIGHTS of an RDMA context goes through a socket: queued (held by no process), received later or never. */
  inflight: number;
  /** The lease is released at __fput, when fds and mappings are gone, not at the last fd's close. */
  lastRef: number;
  /** The last reference to an RDMA context schedules the MRs' deregistration; the pins go later. */
  asyncDereg: number;
  /** Hole punch of one block, and writes that re-extend a file into its holes. */
  punch: number;
  /** SCM_RIGHTS of a data-file fd, and forwarding a received RDMA context. */
  passData: number;
  /** open() of a file again while the previous open file description is still referenced. */
  reopen: number;
}

export const OPTION_NAMES = ['threads', 'fork', 'inflight', 'lastRef', 'asyncDereg', 'punch', 'passData', 'reopen'] as const satisfies readonly (keyof DaxOptions)[];

/** The actor names and fd numbers of one scope. Processes are A, B, C, ...; DAX files d, e, f. */
export interface Names {
  procs: string[];
  mrs: string[];
  files: string[];
  /** The data-file fd numbers of a process's own opens: file i opens at 10 + 2i, and its dup lands on 11 + 2i. */
  dataFds: number[];
  /** With passData: where a data-file fd received by SCM_RIGHTS lands (file i: fd 20 + i). */
  receivedDataFds: number[];
  ownCtxFd: number;
  receivedCtxFd: number;
  /** Logical blocks of each file. */
  blocks: number[];
  /** Physical blocks: file i's block j starts on i * blocks + j; the spare ones follow, free. */
  phys: number[];
  opt: DaxOptions;
  /** Every data-file struct file (open file description), all processes, all files. */
  structFiles: string[];
  /** The file and the opening process of each data-file struct file. */
  sfFile: Readonly<Record<string, string>>;
  sfProc: Readonly<Record<string, string>>;
}

/** The struct file (open file description) of process p's open of file f, e.g. "A.d". */
export const structFile = (p: string, f: string) => `${p}.${f}`;
/** With reopen: p's second open file description of f while the first is still referenced, e.g. "A.d2". */
export const secondStructFile = (p: string, f: string) => `${p}.${f}2`;
export const ctxOf = (p: string) => `${p}.ctx`;
/** The layout-lease actor of file f. */
export const leaseOf = (f: string) => `lease.${f}`;
/** The socket that carries an RDMA context in flight (scope inflight=1). */
export const SOCKET = 'socket';

export function namesFor(scope: Scope): Names {
  const files = 'defgh'.slice(0, scope.files).split('');
  const procs = 'ABCDEFGH'.slice(0, scope.processes).split('');
  const opt = Object.fromEntries(OPTION_NAMES.map((k) => [k, scope[k] ?? 0])) as unknown as DaxOptions;
  const sfFile: Record<string, string> = {};
  const sfProc: Record<string, string> = {};
  for (const p of procs) {
    for (const f of files) {
      for (const sf of opensOf(opt, p, f)) {
        sfFile[sf] = f;
        sfProc[sf] = p;
      }
    }
  }
  return {
    procs,
    mrs: Array.from({ length: scope.mrs }, (_, i) => `mr${i}`),
    files,
    dataFds: files.flatMap((_, i) => [10 + 2 * i, 11 + 2 * i].slice(0, scope.fds)),
    receivedDataFds: opt.passData ? files.map((_, i) => 20 + i) : [],
    ownCtxFd: 15,
    receivedCtxFd: 16,
    blocks: Array.from({ length: scope.blocks }, (_, i) => i),
    phys: Array.from({ length: scope.files * scope.blocks + scope.spare }, (_, i) => i),
    opt,
    structFiles: Object.keys(sfFile),
    sfFile,
    sfProc,
  };
}

/** The open file descriptions p's open(f) may create, in the order open() takes them. */
function opensOf(opt: DaxOptions, p: string, f: string): string[] {
  return opt.reopen ? [structFile(p, f), secondStructFile(p, f)] : [structFile(p, f)];
}

/** The open file descriptions p's open(f) may create at this scope, in the order open() takes them. */
export const ownOpens = (n: Names, p: string, f: string) => opensOf(n.opt, p, f);

/** The file a data fd refers to (10/11 -> d, 12/13 -> e, ...; a received one: 20 -> d, 21 -> e). */
export const fileOfFd = (n: Names, fd: number) => (fd >= 20 ? n.files[fd - 20] : n.files[Math.floor((fd - 10) / 2)]);
/** The fd open(f) returns. */
export const openFdOf = (n: Names, f: string) => 10 + 2 * n.files.indexOf(f);
/** Where a data-file fd of f received by SCM_RIGHTS lands (passData). */
export const receivedFdOf = (n: Names, f: string) => 20 + n.files.indexOf(f);

/** Every fd slot that may hold a data-file struct file. */
export const dataSlots = (n: Names) => [...n.dataFds, ...n.receivedDataFds];
/** The fd slots of RDMA contexts: a process's own at fd 15, a received one at fd 16. */
export const ctxSlots = (n: Names) => [n.ownCtxFd, n.receivedCtxFd];

/**
 * Whether fd `fd` of process p may hold struct file `sf`. By default only p's own opens sit in its own
 * slots (10, 11, ...); fork (the child's table is the parent's) and passData let any process's open
 * file description of the same file sit in any slot.
 */
export function sfMayBeAt(n: Names, p: string, fd: number, sf: string): boolean {
  const f = fileOfFd(n, fd);
  if (n.sfFile[sf] !== f) return false;
  return n.opt.fork || n.opt.passData ? true : n.sfProc[sf] === p;
}

/** Whether fd 15 / 16 of process p may hold context ctx: its own at 15 and another's at 16, unless fork or passData. */
export function ctxMayBeAt(n: Names, p: string, fd: number, ctx: string): boolean {
  if (n.opt.fork || n.opt.passData) return true;
  return fd === n.ownCtxFd ? ctx === ctxOf(p) : ctx !== ctxOf(p);
}

/**
 * Whether an fd may hold another process's open file description (fork copies tables, passData passes
 * fds). Without it the parameters name p's own ones, which keeps the default scope's action instances
 * (and its speed) as they were before the options.
 */
export const sharedFds = (n: Names) => !!(n.opt.fork || n.opt.passData);

type Domains = Record<string, readonly (string | number)[]>;
type Bound = Readonly<Record<string, string | number | boolean>>;

/** The parameter naming a data file's struct file: `k`, the index of p's own open (default), or `sf`, any. */
export const sfParam = (n: Names): Domains => (sharedFds(n) ? { sf: n.structFiles } : { k: n.opt.reopen ? [0, 1] : [0] });
/** The struct file that parameter names, for process p and file f. */
export const sfOf = (n: Names, p: string, f: string, x: Bound): string => (sharedFds(n) ? String(x.sf) : ownOpens(n, p, f)[Number(x.k)]);

/** The parameters naming an RDMA context at one of `fds`: the context (its fd follows: 15 own, 16 another's), or with fork/passData the fd too. */
export const ctxParam = (n: Names, fds: readonly number[]): Domains =>
  sharedFds(n) ? { fd: fds, ctx: n.procs.map(ctxOf) } : { ctx: n.procs.map(ctxOf) };
/** The fd those parameters name in process p. */
export const ctxFdOf = (n: Names, p: string, x: Bound): number => (sharedFds(n) ? Number(x.fd) : x.ctx === ctxOf(p) ? n.ownCtxFd : n.receivedCtxFd);
