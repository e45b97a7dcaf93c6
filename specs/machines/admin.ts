import { setup } from 'xstate';

/**
 * The administrator (or any other application) that truncates the data file and sends SIGKILL.
 * With truncateOfPinned = waits, its truncate sleeps until the pins go, or until it gives up (the
 * wait is killable).
 */
export const adminMachine = setup({
  types: {
    events: {} as
      | { type: 'truncate' }
      | { type: 'truncateBlocks' }
      | { type: 'truncateReturns' }
      | { type: 'truncateInterrupted' }
      | { type: 'SIGKILL' },
  },
}).createMachine({
  id: 'admin',
  initial: 'idle',
  states: {
    idle: {
      on: {
        truncate: { target: 'idle' },
        truncateBlocks: { target: 'truncateWait' },
        SIGKILL: { target: 'idle' },
      },
    },
    truncateWait: {
      on: {
        truncateReturns: { target: 'idle' },
        truncateInterrupted: { target: 'idle' },
        SIGKILL: { target: 'truncateWait' },
      },
    },
  },
});
