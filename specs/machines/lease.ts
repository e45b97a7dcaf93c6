import { assign, setup } from 'xstate';

export interface LeaseContext {
  file: string;
  /** The struct file the lease is attached to, and the process that took it (SIGIO owner, pin rights). */
  attachedTo: string | null;
  owner: string | null;
}

/**
 * The exclusive layout lease on one DAX file (F_SETLEASE with F_LAYOUT | F_EXCLUSIVE; whole file).
 * Exclusive layout leases are never broken and send no SIGIO (Ira Weiny, Aug 29), so there is no
 * "breaking" state.
 * - held: attached to a struct file that an fd still refers to.
 * - closing: its last fd's close is blocked waiting for the pins (Dave Chinner, Aug 17); the closing
 *   process is still inside close().
 * - zombie: no fd refers to its struct file; the file_pin keeps it until the pins go (Ira Weiny, Aug 16).
 */
export const leaseMachine = setup({
  types: {
    context: {} as LeaseContext,
    events: {} as
      | { type: 'F_SETLEASE'; attachTo: string; owner: string }
      | { type: 'F_UNLCK' }
      | { type: 'lastCloseDrops' }
      | { type: 'lastCloseZombifies' }
      | { type: 'lastCloseWaits' }
      | { type: 'closeWaitEnds' }
      | { type: 'pinsGone' },
    input: {} as { file: string },
  },
  actions: {
    attach: assign({
      attachedTo: ({ event }) => (event.type === 'F_SETLEASE' ? event.attachTo : null),
      owner: ({ event }) => (event.type === 'F_SETLEASE' ? event.owner : null),
    }),
    detach: assign({ attachedTo: null, owner: null }),
  },
}).createMachine({
  id: 'lease',
  context: ({ input }) => ({ file: input.file, attachedTo: null, owner: null }),
  initial: 'none',
  states: {
    none: {
      on: { F_SETLEASE: { target: 'held', actions: 'attach' } },
    },
    held: {
      on: {
        F_UNLCK: { target: 'none', actions: 'detach' },
        lastCloseDrops: { target: 'none', actions: 'detach' },
        lastCloseZombifies: { target: 'zombie' },
        lastCloseWaits: { target: 'closing' },
      },
    },
    closing: {
      on: { closeWaitEnds: { target: 'none', actions: 'detach' } },
    },
    zombie: {
      on: {
        pinsGone: { target: 'none', actions: 'detach' },
        // newLeaseWhileZombie = granted (a what-if, not a thread design): the new lease replaces it.
        F_SETLEASE: { target: 'held', actions: 'attach' },
      },
    },
  },
});
