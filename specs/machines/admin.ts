import { assign, setup } from 'xstate';

/**
 * The administrator (or any other application) that truncates the data files and sends SIGKILL.
 * With truncateOfPinned = waits, its truncate sleeps until the pins go, or until it gives up (the
 * wait is killable).
 */
export const adminMachine = setup({
  types: {
    context: {} as { waitingOn: string | null },
    events: {} as
      | { type: 'truncate' }
      | { type: 'truncateBlocks'; file: string }
      | { type: 'truncateReturns' }
      | { type: 'truncateInterrupted' }
      | { type: 'SIGKILL' },
  },
}).createMachine({
  id: 'admin',
  context: { waitingOn: null },
  initial: 'idle',
  states: {
    idle: {
      on: {
        truncate: { target: 'idle' },
        truncateBlocks: { target: 'truncateWait', actions: assign({ waitingOn: ({ event }) => event.file }) },
        SIGKILL: { target: 'idle' },
      },
    },
    truncateWait: {
      on: {
        truncateReturns: { target: 'idle', actions: assign({ waitingOn: null }) },
        truncateInterrupted: { target: 'idle', actions: assign({ waitingOn: null }) },
        SIGKILL: { target: 'truncateWait' },
      },
    },
  },
});
