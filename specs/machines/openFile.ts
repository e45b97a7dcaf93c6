import { assign, setup } from 'xstate';

export interface OpenFileContext {
  name: string;
  kind: 'data' | 'rdma';
  /** fds referring to this struct file, in any process (dup and SCM_RIGHTS add to it). */
  fds: number;
}

/**
 * An open file description ("struct file"): of the DAX data file, or of an RDMA context
 * (/dev/infiniband/uverbs0). It counts the fds that refer to it; `lastFdClosed` is the close that
 * leases and RDMA contexts react to. A lease hangs off this object, not off an fd or a process
 * (Dave Chinner, Aug 26: "the lease is attached to the struct file, so it follows where-ever the
 * struct file goes").
 *
 * Mappings and file_pins also hold the kernel object; we do not count them here because no rule in
 * the thread depends on them: the lease rules speak of the last close of an fd (docs/THREAD-NOTES.md Q4).
 */
export const openFileMachine = setup({
  types: {
    context: {} as OpenFileContext,
    events: {} as { type: 'fdGet' } | { type: 'fdPut' } | { type: 'lastFdClosed' },
    input: {} as { name: string; kind: 'data' | 'rdma' },
  },
  guards: {
    shared: ({ context }) => context.fds > 1,
    last: ({ context }) => context.fds === 1,
  },
}).createMachine({
  id: 'openFile',
  context: ({ input }) => ({ name: input.name, kind: input.kind, fds: 0 }),
  initial: 'unused',
  states: {
    unused: {
      on: { fdGet: { target: 'open', actions: assign({ fds: 1 }) } },
    },
    open: {
      on: {
        fdGet: { actions: assign({ fds: ({ context }) => context.fds + 1 }) },
        fdPut: { guard: 'shared', actions: assign({ fds: ({ context }) => context.fds - 1 }) },
        lastFdClosed: { guard: 'last', target: 'unused', actions: assign({ fds: 0 }) },
      },
    },
  },
});
