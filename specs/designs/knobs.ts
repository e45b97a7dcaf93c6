/**
 * The design knobs of DOMAIN.md, each an explicit named option with named values. A design is a
 * setting of all eight; `leasecheck check --design d --set knob=value` changes one ("what if?").
 * docs/THREAD-NOTES.md §1 has the thread's support for each value.
 */
export const KNOBS = {
  pinRequiresLease: {
    values: ['never', 'none', 'activeExclusiveLease'],
    doc:
      'may ibv_reg_mr take a long-term pin on FS-DAX pages? never (EOPNOTSUPP, mainline) / none (no lease needed) / ' +
      'activeExclusiveLease: an active exclusive layout lease on the mapping\'s struct file, taken by the pinning process; a zombie is not enough (Ira Weiny, Sep 4)',
  },
  truncateOfPinned: {
    values: ['frees', 'ETXTBSY', 'waits'],
    doc: 'truncate of a pinned block: frees it (the hazard) / fails with ETXTBSY (Ira Weiny, Aug 16) / waits, killably, until it is unpinned',
  },
  truncateUnderExclusiveLease: {
    values: ['ETXTBSY', 'allowed'],
    doc: 'truncate of a file under an exclusive layout lease (zombie included): fails with ETXTBSY, the lease cannot be broken (Ira Weiny, Aug 29) / allowed',
  },
  lastCloseWithPins: {
    values: ['dropLease', 'zombie', 'block'],
    doc:
      'last close of the data file whose lease covers outstanding pins: drops the lease, pins live on (RFC v2 item 5) / ' +
      'keeps the lease as a zombie held by the file_pin (Ira Weiny, Aug 16) / blocks until the pins are released (Dave Chinner, Aug 17)',
  },
  blockingCloseWait: {
    values: ['uninterruptible', 'killable', 'killableNoExit'],
    doc:
      'when close blocks: nothing ends the wait / a fatal signal ends it / killable, and close never blocks on the exit path (PF_EXITING) (Dave Chinner, Aug 19)',
  },
  unlockWithPins: {
    values: ['allowed', 'fails'],
    doc: 'F_UNLCK while pins exist: allowed (RFC v2 item 4) / fails with EBUSY (Ira Weiny, Aug 16: "add a patch to fail releasing the lease")',
  },
  passPinnedContext: {
    values: ['allowed', 'fails'],
    doc: 'SCM_RIGHTS of an RDMA context that holds pins: allowed / fails with EBUSY (Ira Weiny, Aug 23; Dave Chinner, Aug 24: "Sounds like a fine idea")',
  },
  newLeaseWhileZombie: {
    values: ['refused', 'granted'],
    doc: 'a new exclusive lease on a file while a zombie lease exists there: refused with EAGAIN (Ira Weiny, Sep 4: "it can\'t be dropped while the pins are in place") / granted',
  },
} as const;

export type KnobName = keyof typeof KNOBS;
export type KnobValue<K extends KnobName> = (typeof KNOBS)[K]['values'][number];
export type Knobs = { readonly [K in KnobName]: KnobValue<K> };

export const KNOB_NAMES = Object.keys(KNOBS) as KnobName[];

/**
 * Errno of each refusal. Where the thread names none (docs/THREAD-NOTES.md §5) the value is our
 * choice and says so; one table, so a reviewer can change it in one place.
 */
export const ERRNO = {
  truncatePinned: 'ETXTBSY', // Ira Weiny, Aug 16: "It will fail with ETXTBSY."
  truncateLeased: 'ETXTBSY', // Ira Weiny, Aug 29: "return ETXTBSY"
  pinNoLease: 'EPERM', // thread silent; RFC v2 patch 04/19 returns EPERM
  pinMainline: 'EOPNOTSUPP', // mainline check_dax_vmas()
  leaseMainline: 'EINVAL', // mainline F_SETLEASE has no layout lease type
  leaseConflict: 'EAGAIN', // thread silent; the kernel's lease-conflict convention
  unlockPinned: 'EBUSY', // thread silent (Ira Weiny, Aug 16 says only "fail"): our choice
  passPinned: 'EBUSY', // thread silent (Ira Weiny, Aug 23 says only "could fail"): our choice
  unlockNoLease: 'ENOLCK', // F_UNLCK on an fd whose file holds no lease: our choice (nothing to release)
} as const;
