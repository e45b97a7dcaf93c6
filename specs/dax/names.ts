import type { Scope } from '../../src/index.ts';

/** The actor names of one scope. Processes are A, B, C, ...; the data file is d. */
export interface Names {
  procs: string[];
  mrs: string[];
  /** fd numbers a process may use for the data file (10, and 11 for dup) and for RDMA contexts. */
  dataFds: number[];
  ownCtxFd: number;
  receivedCtxFd: number;
  blocks: number[];
  phys: number[];
  file: string;
}

export const fileOf = (p: string) => `${p}.file`;
export const ctxOf = (p: string) => `${p}.ctx`;

export function namesFor(scope: Scope): Names {
  const procs = 'ABCDEFGH'.slice(0, scope.processes).split('');
  return {
    procs,
    mrs: Array.from({ length: scope.mrs }, (_, i) => `mr${i}`),
    dataFds: [10, 11].slice(0, scope.fds),
    ownCtxFd: 15,
    receivedCtxFd: 16,
    blocks: Array.from({ length: scope.blocks }, (_, i) => i),
    phys: Array.from({ length: scope.blocks + scope.spare }, (_, i) => i),
    file: 'd',
  };
}
