import type { Knobs } from './knobs.ts';

export interface Design {
  id: string;
  title: string;
  /** Where it comes from, "Author, date". */
  source: string;
  knobs: Knobs;
}

/**
 * The seven designs of DOMAIN.md as presets of the knobs. Values the thread leaves open for a design
 * follow from the design it builds on (marked "inherits" below); docs/THREAD-NOTES.md §2 has the table.
 */
export const DESIGNS: readonly Design[] = [
  {
    id: 'mainline-2019',
    title: 'Long-term pins of FS-DAX pages refused outright (before the series)',
    source: 'Ira Weiny, Jun 5 (quoted by Jeff Layton, Jun 9): "GUP longterm pins of non-pagecache file system pages (eg FS DAX) are currently disallowed because they are unsafe"',
    knobs: {
      pinRequiresLease: 'never',
      truncateOfPinned: 'ETXTBSY', // unreachable: nothing can be pinned
      truncateUnderExclusiveLease: 'allowed', // unreachable: F_SETLEASE of a layout lease is EINVAL
      lastCloseWithPins: 'dropLease',
      blockingCloseWait: 'uninterruptible',
      unlockWithPins: 'allowed',
      passPinnedContext: 'allowed',
      newLeaseWhileZombie: 'refused',
    },
  },
  {
    id: 'unprotected',
    title: 'Pins allowed with no lease; truncate frees pinned blocks (the hazard itself, a control row)',
    source: 'DOMAIN.md: the hazard; Ira Weiny, Jun 5: "DAX has potentially allocated those pages to other processes"',
    knobs: {
      pinRequiresLease: 'none',
      truncateOfPinned: 'frees',
      truncateUnderExclusiveLease: 'allowed', // leases may be taken but protect nothing ("inert")
      lastCloseWithPins: 'dropLease',
      blockingCloseWait: 'uninterruptible',
      unlockWithPins: 'allowed',
      passPinnedContext: 'allowed',
      newLeaseWhileZombie: 'granted',
    },
  },
  {
    id: 'zombie-lease-v1',
    title: "Ira's RFC v2 as posted: lease needed to pin, truncate of pinned fails, lease may be released or the file closed while pinned",
    source: 'Ira Weiny, Aug 9 (cover letter, items 1-9)',
    knobs: {
      pinRequiresLease: 'activeExclusiveLease',
      truncateOfPinned: 'ETXTBSY',
      truncateUnderExclusiveLease: 'ETXTBSY',
      lastCloseWithPins: 'dropLease', // item 5 "Closing the file is ok"; Ira Weiny, Aug 14: close "will cause the lease to be released"
      blockingCloseWait: 'uninterruptible', // unused: close never blocks
      unlockWithPins: 'allowed', // item 4 "The user has the option of holding the lease or releasing it"
      passPinnedContext: 'allowed', // Ira Weiny, Aug 14: "RDMA can pass its memory pins to other processes via FD passing"
      newLeaseWhileZombie: 'refused', // unused: no zombies in v1
    },
  },
  {
    id: 'zombie-lease',
    title: "Ira's design after Jan's review: the lease cannot be released while pinned; close leaves a zombie lease held through the file_pin",
    source: 'Ira Weiny, Aug 16 (after Jan Kara, Aug 15); Ira Weiny, Sep 4',
    knobs: {
      pinRequiresLease: 'activeExclusiveLease', // Ira Weiny, Sep 4: a zombie lease is not sufficient to pin more pages
      truncateOfPinned: 'ETXTBSY', // Ira Weiny, Aug 16: "It will fail with ETXTBSY"
      truncateUnderExclusiveLease: 'ETXTBSY', // Ira Weiny, Aug 29
      lastCloseWithPins: 'zombie', // Ira Weiny, Aug 16; Sep 4: "Closing the FD will 'zombie' the lease"
      blockingCloseWait: 'uninterruptible', // unused: close never blocks
      unlockWithPins: 'fails', // Ira Weiny, Aug 16: "add a patch to fail releasing the lease"
      passPinnedContext: 'allowed', // Ira Weiny, Aug 24: pins move with the RDMA context; /proc/<pid>/file_pins shows them
      newLeaseWhileZombie: 'refused', // Ira Weiny, Sep 4: "The lease still exists, it can't be dropped while the pins are in place"
    },
  },
  {
    id: 'blocking-close',
    title: "Dave's first proposal: the last close of a file with an active layout lease and outstanding pins blocks until they are released",
    source: 'Dave Chinner, Aug 17',
    knobs: {
      pinRequiresLease: 'activeExclusiveLease',
      truncateOfPinned: 'ETXTBSY',
      truncateUnderExclusiveLease: 'ETXTBSY',
      lastCloseWithPins: 'block', // Dave Chinner, Aug 17: "make the last close() on a file block if there's an active layout lease"
      blockingCloseWait: 'uninterruptible', // Aug 17 names no way out of the wait
      unlockWithPins: 'fails', // inherits Ira Weiny, Aug 16 (with 'allowed', F_UNLCK then close bypasses the block)
      passPinnedContext: 'allowed',
      newLeaseWhileZombie: 'refused', // unused: no zombies
    },
  },
  {
    id: 'blocking-close-killable',
    title: "Dave's refinement: the wait is killable, and close never blocks on the exit path or with a fatal signal pending",
    source: 'Dave Chinner, Aug 19',
    knobs: {
      pinRequiresLease: 'activeExclusiveLease',
      truncateOfPinned: 'ETXTBSY',
      truncateUnderExclusiveLease: 'ETXTBSY',
      lastCloseWithPins: 'block',
      blockingCloseWait: 'killableNoExit', // Dave Chinner, Aug 19: "we'd only break the block on a fatal signal"; PF_EXITING
      unlockWithPins: 'fails',
      passPinnedContext: 'allowed',
      newLeaseWhileZombie: 'refused',
    },
  },
  {
    id: 'blocking-close-no-pass',
    title: 'The refinement plus: SCM_RIGHTS of a pinned RDMA context fails',
    source: 'Ira Weiny, Aug 23; Dave Chinner, Aug 24: "Sounds like a fine idea to me."',
    knobs: {
      pinRequiresLease: 'activeExclusiveLease',
      truncateOfPinned: 'ETXTBSY',
      truncateUnderExclusiveLease: 'ETXTBSY',
      lastCloseWithPins: 'block',
      blockingCloseWait: 'killableNoExit',
      unlockWithPins: 'fails',
      passPinnedContext: 'fails',
      newLeaseWhileZombie: 'refused',
    },
  },
];
