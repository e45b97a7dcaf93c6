import { assign, setup } from 'xstate';

export interface BlockAllocatorContext {
  /** Physical block -> its owner: "d[0]" (file d, logical block 0), "free", or "other" (another file's data). */
  owner: string[];
}

/**
 * The filesystem's physical blocks. A freed block can go to another file at once: if the NIC still
 * writes into it, that is the silent corruption the whole thread is about.
 */
export const blockAllocatorMachine = setup({
  types: {
    context: {} as BlockAllocatorContext,
    events: {} as { type: 'freeBlocksOf'; file: string } | { type: 'freeBlock'; phys: number } | { type: 'allocate'; phys: number; to: string },
    input: {} as { owner: string[] },
  },
  guards: {
    isFree: ({ context, event }) => event.type === 'allocate' && context.owner[event.phys] === 'free',
  },
}).createMachine({
  id: 'blockAllocator',
  context: ({ input }) => ({ owner: [...input.owner] }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        freeBlocksOf: {
          actions: assign({
            owner: ({ context, event }) =>
              context.owner.map((o) => (event.type === 'freeBlocksOf' && o.startsWith(`${event.file}[`) ? 'free' : o)),
          }),
        },
        freeBlock: { actions: assign({ owner: ({ context, event }) => context.owner.map((o, i) => (event.type === 'freeBlock' && i === event.phys ? 'free' : o)) }) },
        allocate: {
          guard: 'isFree',
          actions: assign({ owner: ({ context, event }) => context.owner.map((o, i) => (event.type === 'allocate' && i === event.phys ? event.to : o)) }),
        },
      },
    },
  },
});
