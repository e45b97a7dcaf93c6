import type { Scope } from '../../src/index.ts';
import type { LaneMap } from '../../src/index.ts';
import { namesFor } from './names.ts';

/**
 * The lanes of the DAX sequence diagrams: one per process (A, B, ...), the admin, the filesystem
 * (the file d, its blocks, the layout lease, every data-file struct file) and the NIC/RDMA side (the
 * RDMA contexts and the MRs). A message from A to the filesystem lane is a syscall on the file.
 */
export function daxLanes(scope: Scope): LaneMap {
  const n = namesFor(scope);
  return {
    lanes: [
      ...n.procs.map((p) => ({ id: p, title: `process ${p}` })),
      { id: 'admin', title: 'admin' },
      { id: 'fs', title: `filesystem: ${n.files.join(', ')}, blocks, leases, struct files` },
      { id: 'rdma', title: 'NIC / RDMA: contexts, MRs' },
    ],
    laneOf: (actor) => {
      if (n.procs.includes(actor) || actor === 'admin') return actor;
      if (actor.endsWith('.ctx') || n.mrs.includes(actor)) return 'rdma';
      return 'fs';
    },
  };
}
