import type { SymmetryDecl } from '../../src/index.ts';
import { ctxOf, leaseOf, openFdOf, ownOpens, receivedFdOf, type Names } from './names.ts';

/**
 * The DAX model's interchangeable kinds, for symmetry reduction (--symmetry, --prove):
 * - processes A, B, ...: each with its struct files of every DAX file (two with reopen) and its RDMA context;
 * - DAX files d, e, ...: each with its layout lease and every process's struct files of it. A file is
 *   named by more than strings: file i opens at fd 10 + 2i (its dup at 11 + 2i; received, at 20 + i) and its blocks sit on
 *   physical blocks i * blocks + j. So swapping d and e also swaps fds 10/11 with 12/13 (as the keys
 *   of a process's fd table, as `fd`, `closing`, `from` and `to` in contexts and events) and the
 *   physical blocks (`phys`, a DAX file's `blocks`, and the positions of the allocator's `owner`
 *   array), and renames the block owners `d[0]` to `e[0]`. Spare blocks and the RDMA fds 15 and 16
 *   belong to no file and stay. With those renamed, every action treats the files alike (each is
 *   quantified over all files, the fd and block numbering included), and every safety property does.
 * - MR slots mr0, mr1, ...: ibv_reg_mr takes any free slot.
 * The checker checks that each swap maps inputs to inputs and actions to actions (LC028 otherwise).
 */
export function daxSymmetry(n: Names): SymmetryDecl {
  // A file's fds: its open and its dup, and (passData) where it lands when received.
  const fdsOf = (f: string) => [
    ...n.dataFds.filter((fd) => fd === openFdOf(n, f) || fd === openFdOf(n, f) + 1),
    ...n.receivedDataFds.filter((fd) => fd === receivedFdOf(n, f)),
  ];
  const physOf = (i: number) => n.blocks.map((b) => i * n.blocks.length + b);
  const fds = n.files.map(fdsOf);
  const phys = n.files.map((_, i) => physOf(i));
  // At files=3 with dup fds, file f's dup lands on fd 15, the RDMA context's: the files are then not
  // alike (the checker's LC028 found it), and only processes and MR slots are declared.
  const clash = fds.flat().some((fd) => fd === n.ownCtxFd || fd === n.receivedCtxFd);
  return {
    groups: [
      { name: 'processes', members: n.procs.map((p) => [p, ...n.files.flatMap((f) => ownOpens(n, p, f)), ctxOf(p)]) },
      ...(clash ? [] : [{
        name: 'files',
        members: n.files.map((f) => [f, leaseOf(f), ...n.procs.flatMap((p) => ownOpens(n, p, f))]),
        names: n.files.map((f) => [f, leaseOf(f), ...n.procs.flatMap((p) => ownOpens(n, p, f)), ...n.blocks.map((b) => `${f}[${b}]`), ...fdsOf(f).map(String)]),
        numbers: { fd: fds, closing: fds, from: fds, to: fds, phys, blocks: phys },
        positions: { owner: 'phys' },
      }]),
      { name: 'mrs', members: n.mrs.map((m) => [m]) },
    ],
  };
}
