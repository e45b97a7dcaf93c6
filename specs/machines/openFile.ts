import { assign, setup } from 'xstate';

export interface OpenFileContext {
  name: string;
  kind: 'data' | 'rdma';
  /**
   * References to this struct file: fds in any process (dup, SCM_RIGHTS and fork add to them), and,
   * with the scope options, mappings (lastRef), an ibv_reg_mr in flight (threads) and an SCM_RIGHTS
   * message queued in a socket (inflight).
   */
  refs: number;
}

/**
 * An open file description ("struct file"): of the DAX data file, or of an RDMA context
 * (/dev/infiniband/uverbs0). It counts its references; `lastPut` is the release that leases and RDMA
 * contexts react to. A lease hangs off this object, not off an fd or a process (Dave Chinner, Aug 26:
 * "the lease is attached to the struct file, so it follows where-ever the struct file goes").
 *
 * At the default scope only fds count: the lease rules speak of the last close of an fd (Dave Chinner,
 * Aug 17: "Leases are associated with *open* file descriptors"; docs/THREAD-NOTES.md Q4). Scope
 * lastRef=1 counts mappings too: the kernel removes a lease in __fput, at the last reference.
 */
export const openFileMachine = setup({
  types: {
    context: {} as OpenFileContext,
    events: {} as { type: 'get' } | { type: 'put' } | { type: 'lastPut' },
    input: {} as { name: string; kind: 'data' | 'rdma' },
  },
  guards: {
    shared: ({ context }) => context.refs > 1,
    last: ({ context }) => context.refs === 1,
  },
}).createMachine({
  id: 'openFile',
  context: ({ input }) => ({ name: input.name, kind: input.kind, refs: 0 }),
  initial: 'unused',
  states: {
    unused: {
      on: { get: { target: 'open', actions: assign({ refs: 1 }) } },
    },
    open: {
      on: {
        get: { actions: assign({ refs: ({ context }) => context.refs + 1 }) },
        put: { guard: 'shared', actions: assign({ refs: ({ context }) => context.refs - 1 }) },
        lastPut: { guard: 'last', target: 'unused', actions: assign({ refs: 0 }) },
      },
    },
  },
});
