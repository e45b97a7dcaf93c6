import { always, type GlobalState, type Property } from '../src/index.ts';
import type { Names } from '../specs/dax/names.ts';
import type { MrContext } from '../specs/machines/mr.ts';
import { holdersOf, holdsLease, leaseState, proc, registered } from '../specs/dax/queries.ts';

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

/** The processes holding the RDMA context that owns MR m (an fd on it): those "holding the pin". */
const pinHolders = (s: GlobalState, n: Names, m: MrContext) => holdersOf(s, n, m.ctx!);

/**
 * no-lease-less-pin-strict (safety), Dave's rule as he states it (rule fix 2): every process that holds
 * the pinning RDMA context holds an active layout lease on the pinned file through an open fd, and some
 * process does hold it. Dave Chinner, Aug 19: "any process that pins physical resources must have an
 * active reference to a layout lease, either via a duplicated fd or it's own private lease"; Aug 23:
 * "Passing the fd via SCM_RIGHTS to a process without a layout lease is equivalent to not using layout
 * leases in the first place", and a process must have "a file layout lease or a reference to the original
 * lease". Holding the lease through an open fd: an fd on the struct file the (held, not zombie) lease is
 * attached to, its own or a received or inherited one.
 *
 * A pin that no process holds (its context queued in a socket, or, with asyncDereg, deregistered later by
 * the kernel) has no lease holder: violated.
 *
 * Decision (docs/THREAD-NOTES.md Q9): while a thread is blocked inside the release of the lease's struct
 * file (lease state `closing`), that process still holds the lease: it is in the syscall releasing it.
 */
export function noLeaseLessPinStrict(n: Names): Property {
  return always(
    'no-lease-less-pin-strict',
    (s) =>
      registered(s, n).every((m) => {
        const holders = pinHolders(s, n, m);
        return holders.length > 0 && holders.every((q) => holdsLease(s, q, m.file!));
      }),
    {
      description: 'every process holding a pinning RDMA context holds an active lease on the pinned file through an open fd (and some process holds it)',
      subject: (s) => registered(s, n).length > 0,
    },
  );
}

/**
 * no-lease-less-pin-one-holder (safety), weaker than the strict property: at least one process holding
 * the pinning RDMA context holds an active lease on the file through an open fd. This was the model's
 * strict property before rule fix 2 (it read Dave's rule as satisfied when the lease holder still holds
 * the context, even if it passed the context on). It tells the designs that keep the lease with a holder
 * of the pins from those where no holder of the pins has one (Ira Weiny, Aug 29: the pinned memory "_can_
 * be passed to another process" while the lease stays with the process that took it).
 */
export function noLeaseLessPinOneHolder(n: Names): Property {
  return always(
    'no-lease-less-pin-one-holder',
    (s) => registered(s, n).every((m) => pinHolders(s, n, m).some((q) => holdsLease(s, q, m.file!))),
    {
      description: 'weaker than strict: some process holding the pinning RDMA context holds an active lease on the file through an open fd',
      subject: (s) => registered(s, n).length > 0,
    },
  );
}

/**
 * no-lease-less-pin-at-rest (safety, a weaker judgement of the weak property, under its own id): the weak
 * property judged only in states where every process is running with no fatal signal pending, or dead:
 * none is exiting, blocked in close(), or about to exit, and no kernel step is pending (a pin in flight,
 * a deferred deregistration). It separates the moment-long lease-less pin of an exit that closes fd 10
 * before fd 15 (docs/THREAD-NOTES.md Q7) from pins that stay lease-less once everything has settled
 * (Ira Weiny, Aug 21: "Process B _still_ has the RDMA context FD open _and_ therefore still holds the file
 * pins").
 */
export function noLeaseLessPinAtRest(n: Names): Property {
  const atRest = (s: GlobalState) =>
    n.procs.every((p) => (s[p].value === 'running' && !proc(s, p).killed && !proc(s, p).pinning) || s[p].value === 'dead') &&
    n.mrs.every((m) => s[m].value !== 'releasing');
  return always(
    'no-lease-less-pin-at-rest',
    (s) => !atRest(s) || registered(s, n).every((m) => leaseState(s, m.file!) !== 'none'),
    {
      description: 'the weak property, judged only where no process is exiting, blocked in close() or about to exit, and no kernel step is pending',
      subject: (s) => atRest(s) && registered(s, n).length > 0,
    },
  );
}

