import { assign, setup } from 'xstate';

export interface SocketContext {
  /** The struct file carried by the queued SCM_RIGHTS message, and its receiver. */
  file: string | null;
  to: string | null;
}

/**
 * A unix socket carrying one SCM_RIGHTS message at a time (scope inflight=1). A queued message holds a
 * reference to the struct file it carries, in no process's fd table: the receiver may take it later,
 * or never; its exit purges the queue and drops the reference (Ira Weiny, Aug 21: the admin "does not
 * know which process is holding the pin").
 */
export const socketMachine = setup({
  types: {
    context: {} as SocketContext,
    events: {} as { type: 'send'; file: string; to: string } | { type: 'deliver' } | { type: 'purge' },
  },
}).createMachine({
  id: 'socket',
  context: { file: null, to: null },
  initial: 'empty',
  states: {
    empty: {
      on: {
        send: {
          target: 'queued',
          actions: assign(({ event }) => (event.type === 'send' ? { file: event.file, to: event.to } : {})),
        },
      },
    },
    queued: {
      on: {
        deliver: { target: 'empty', actions: assign({ file: null, to: null }) },
        purge: { target: 'empty', actions: assign({ file: null, to: null }) },
      },
    },
  },
});
