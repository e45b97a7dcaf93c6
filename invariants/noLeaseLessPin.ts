import { always, type GlobalState, type Property } from '../src/index.ts';
import type { Names } from '../specs/dax/names.ts';
import { holdersOf, lease, leaseState, registered } from '../specs/dax/queries.ts';

/**
 * no-lease-less-pin-weak (safety): every pinned block of the DAX file is covered by some layout lease
 * on that file; a zombie lease counts (Ira Weiny, Sep 4: "The lease still exists").
 */
export function noLeaseLessPinWeak(n: Names): Property {
  return always(
    'no-lease-less-pin-weak',
    (s) => registered(s, n).every((m) => leaseState(s, m.file!) !== 'none'),
    { description: 'every pinned block is covered by some layout lease on its file (a zombie lease counts)', subject: (s) => registered(s, n).length > 0 },
  );
}

/**
 * no-lease-less-pin-strict (safety), Dave's rule (Dave Chinner, Aug 19: "any process that pins physical
 * resources must have an active reference to a layout lease"; Aug 23: passing the context to a process
 * without a layout lease "is equivalent to not using layout leases in the first place"): every pinned
 * block is covered by an active lease (not a zombie), held through an open fd by a process that holds the
 * RDMA context owning the pin.
 *
 * Decision (docs/THREAD-NOTES.md Q9): while the lease holder is blocked inside the last close() of
 * the file (lease state `closing`), the lease still counts as held by it: the process is in the
 * syscall that is releasing it and the fd is not yet "closed" from its point of view.
 */
export function noLeaseLessPinStrict(n: Names): Property {
  return always(
    'no-lease-less-pin-strict',
    (s) =>
      registered(s, n).every(
        (m) =>
          (leaseState(s, m.file!) === 'held' || leaseState(s, m.file!) === 'closing') && holdersOf(s, n, m.ctx!).includes(lease(s, m.file!).owner!),
      ),
    {
      description: 'every pinned block is covered by an active lease held, through an open fd, by a process holding the pinning RDMA context',
      subject: (s) => registered(s, n).length > 0,
    },
  );
}

/**
 * no-lease-less-pin-at-rest (safety, a weaker judgement of the weak property, under its own id): the weak
 * property judged only in states where every process is running with no fatal signal pending, or dead:
 * none is exiting, blocked in close(), or about to exit. It separates the
 * moment-long lease-less pin of an exit that closes fd 10 before fd 15 (docs/THREAD-NOTES.md Q7) from
 * pins that stay lease-less once everything has settled (Ira Weiny, Aug 21: "Process B _still_ has the
 * RDMA context FD open _and_ therefore still holds the file pins").
 */
export function noLeaseLessPinAtRest(n: Names): Property {
  const atRest = (s: GlobalState) =>
    n.procs.every((p) => (s[p].value === 'running' && !(s[p].context as { killed: boolean }).killed) || s[p].value === 'dead');
  return always(
    'no-lease-less-pin-at-rest',
    (s) => !atRest(s) || registered(s, n).every((m) => leaseState(s, m.file!) !== 'none'),
    {
      description: 'the weak property, judged only where no process is exiting, blocked in close() or about to exit',
      subject: (s) => atRest(s) && registered(s, n).length > 0,
    },
  );
}
