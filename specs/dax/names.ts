import type { Scope } from '../../src/index.ts';

/** The actor names and fd numbers of one scope. Processes are A, B, C, ...; DAX files d, e, f. */
export interface Names {
  procs: string[];
  mrs: string[];
  files: string[];
  /** Every data-file fd number a process may use: file i opens at 10 + 2i, and its dup lands on 11 + 2i. */
  dataFds: number[];
  ownCtxFd: number;
  receivedCtxFd: number;
  /** Logical blocks of each file. */
  blocks: number[];
  /** Physical blocks: file i's block j starts on i * blocks + j; the spare ones follow, free. */
  phys: number[];
}

/** The struct file (open file description) of process p's open of file f, e.g. "A.d". */
export const structFile = (p: string, f: string) => `${p}.${f}`;
export const ctxOf = (p: string) => `${p}.ctx`;
/** The layout-lease actor of file f. */
export const leaseOf = (f: string) => `lease.${f}`;

export function namesFor(scope: Scope): Names {
  const files = 'defgh'.slice(0, scope.files).split('');
  return {
    procs: 'ABCDEFGH'.slice(0, scope.processes).split(''),
    mrs: Array.from({ length: scope.mrs }, (_, i) => `mr${i}`),
    files,
    dataFds: files.flatMap((_, i) => [10 + 2 * i, 11 + 2 * i].slice(0, scope.fds)),
    ownCtxFd: 15,
    receivedCtxFd: 16,
    blocks: Array.from({ length: scope.blocks }, (_, i) => i),
    phys: Array.from({ length: scope.files * scope.blocks + scope.spare }, (_, i) => i),
  };
}

/** The file a data fd refers to (10/11 -> d, 12/13 -> e, ...). */
export const fileOfFd = (n: Names, fd: number) => n.files[Math.floor((fd - 10) / 2)];
/** The fd open(f) returns. */
export const openFdOf = (n: Names, f: string) => 10 + 2 * n.files.indexOf(f);
