/**
 * One sentence per violated cell of the design comparison, in the thread's terms, citing the message.
 * Keyed "design / property". The matrix test checks that every violated cell has one and no other does.
 */
export const EXPLANATIONS: Readonly<Record<string, string>> = {
  'unprotected / no-truncate-of-pinned':
    'A pins block 0 with no lease and the admin\'s truncate frees it while the MR still points at it: the hazard itself (Ira Weiny, Jun 5: "DAX has potentially allocated those pages to other processes").',
  'unprotected / no-lease-less-pin-weak': 'ibv_reg_mr needs no lease here, so the first pin is already lease-less.',
  'unprotected / no-lease-less-pin-one-holder': 'ibv_reg_mr needs no lease here, so the first pin is already lease-less.',
  'unprotected / no-lease-less-pin-strict': 'ibv_reg_mr needs no lease here, so the first pin is already lease-less.',
  'zombie-lease-v1 / no-lease-less-pin-weak':
    'RFC v2 lets A release the lease with F_UNLCK while its pages stay pinned (item 4), which Jan Kara objected to (Aug 15: "having file lease being just a key to get the pin is conceptually wrong").',
  'zombie-lease-v1 / no-lease-less-pin-one-holder': 'The same F_UNLCK leaves the pin with no lease at all.',
  'zombie-lease-v1 / no-lease-less-pin-strict': 'The same F_UNLCK leaves the pin with no lease at all.',
  'zombie-lease-v1 / no-lease-less-pin-at-rest': 'Nothing is in flight after the F_UNLCK: the pin simply stays with no lease.',
  'unprotected / no-lease-less-pin-at-rest': 'The lease-less pin is the normal state here, not a moment in an exit.',
  'blocking-close-killable / no-lease-less-pin-at-rest':
    'Ira Weiny\'s case 4 (Aug 21): A passes the RDMA context to B, exits, and its exit-path close of fd 10 drops the lease without blocking; once A is dead, B "_still_ has the RDMA context FD open _and_ therefore still holds the file pins", with no lease at all.',
  'blocking-close-no-pass / no-lease-less-pin-at-rest':
    'Refusing SCM_RIGHTS of a context that holds pins comes too late: A passes the context to B before pinning through it (the pass is allowed), pins, and exits; B then holds A\'s pins with no lease. Jason Gunthorpe (Aug 23, quoted by Dave Chinner, Aug 24): "There are many ways to pass a FD."',
  'zombie-lease / no-lease-less-pin-one-holder':
    'A closes its last fd on the file and the lease becomes a zombie held only by the file_pin: a pin whose lease no process holds through an fd, which is exactly what Dave Chinner rejects (Aug 17: "I really, really dislike the idea of zombie layout leases"; Sep 2: the lease "must follow the process that pins the pages").',
  'zombie-lease / no-lease-less-pin-strict':
    'A passes its pinning RDMA context to B, as Ira\'s design allows (Ira Weiny, Aug 14: "RDMA can pass its memory pins to other processes via FD passing"): B holds the pins and no lease, which Dave Chinner calls "equivalent to not using layout leases in the first place" (Aug 23). The zombie of the one-holder column is the other way to break it, in as many steps.',
  'blocking-close / no-lease-less-pin-one-holder':
    'A passes its RDMA context to B by SCM_RIGHTS and closes its own fd 15: B now holds the pins while the lease stays with A (Ira Weiny, Aug 21; Dave Chinner, Aug 23: passing the context to a process without a layout lease "is equivalent to not using layout leases in the first place").',
  'blocking-close / no-lease-less-pin-strict':
    'A pins and passes its RDMA context to B by SCM_RIGHTS: B holds the pins with no lease of its own and no fd on A\'s, while A still holds both. Dave\'s rule is for every holder (Aug 19: "any process that pins physical resources must have an active reference to a layout lease"; Aug 23: "equivalent to not using layout leases in the first place"), so this is one step shorter than the one-holder reading, which needs A to close its own fd 15 too.',
  'blocking-close / no-unkillable-close':
    'Jan Kara\'s deadlock (Aug 19): A is killed, do_exit closes fd 10 first, and that last close waits, uninterruptibly, for pins that only the close of fd 15 would release, which do_exit reaches only after fd 10: A never dies ("You could easily deadlock e.g. if the process gets SIGKILL, file with lease has fd 10, and the RDMA context holding pages pinned has fd 15").',
  'blocking-close / admin-can-recover':
    'Once A\'s close of fd 10 blocks on its own pins, nothing the admin can do (kill -9 included) ends the wait, so the file can never be truncated again: Jason Gunthorpe, Aug 21: "Hanging the close of the datafile fd contingent on some other FD\'s closure is a recipe for deadlock."',
  'blocking-close-killable / no-lease-less-pin-weak':
    'On the exit path close never blocks (Dave Chinner, Aug 19), so exit closing fd 10 before fd 15 drops the lease while the context still pins the block (Jason Gunthorpe, Aug 21: the fd close order at exit "is not deterministic").',
  'blocking-close-killable / no-lease-less-pin-one-holder': 'The same exit-path close of fd 10 before fd 15 leaves the pins with no lease.',
  'blocking-close-killable / no-lease-less-pin-strict':
    'A pins and passes its RDMA context to B by SCM_RIGHTS: B holds the pins and no lease (Dave Chinner, Aug 23: "equivalent to not using layout leases in the first place"). One step shorter than the exit-path close that breaks the one-holder reading: the strict property asks every holder of the pinning context, not just one, to hold the lease.',
  'blocking-close-no-pass / no-lease-less-pin-weak':
    'Refusing SCM_RIGHTS of a pinned context does not change the exit path: closing fd 10 before fd 15 still drops the lease while the pins live on for a moment (Dave Chinner, Aug 19; Jason Gunthorpe, Aug 21).',
  'blocking-close-no-pass / no-lease-less-pin-one-holder': 'The same exit-path close order leaves the pins with no lease.',
  'blocking-close-no-pass / no-lease-less-pin-strict':
    'Refusing SCM_RIGHTS of a pinned context does not stop the pass before the pin: A passes the context to B while nothing is pinned, then pins through it, and B holds pins with no lease (Jason Gunthorpe, Aug 23, quoted by Dave Chinner, Aug 24: "There are many ways to pass a FD"). The named case "Rule fix 2" replays this pass before the pin.',
  'mainline-2019 / rdma-on-dax-possible':
    'No MR can ever be registered on a DAX file: long-term pins of FS-DAX pages "are currently disallowed because they are unsafe" (Ira Weiny, Jun 5).',
};

export function explanationFor(design: string, property: string): string | undefined {
  return EXPLANATIONS[`${design} / ${property}`];
}
