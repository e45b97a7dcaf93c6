import { assign, setup } from 'xstate';

export interface DaxFileContext {
  name: string;
  /** Logical block -> physical block, or null for a hole. On DAX the physical block is the memory mmap maps. */
  blocks: (number | null)[];
}

/**
 * A file on an FS-DAX filesystem (the inode). truncate(0) frees every block, a hole punch one; a later
 * write that re-extends the file into a hole takes a free physical block, possibly the one just freed.
 */
export const daxFileMachine = setup({
  types: {
    context: {} as DaxFileContext,
    events: {} as
      | { type: 'truncate' }
      | { type: 'truncateRefused' }
      | { type: 'punch'; block: number }
      | { type: 'extend'; block: number; phys: number },
    input: {} as { name: string; blocks: number[] },
  },
  guards: {
    hasBlocks: ({ context }) => context.blocks.some((b) => b !== null),
    isHole: ({ context, event }) => event.type === 'extend' && context.blocks[event.block] === null,
    hasBlock: ({ context, event }) => event.type === 'punch' && context.blocks[event.block] !== null,
  },
}).createMachine({
  id: 'daxFile',
  context: ({ input }) => ({ name: input.name, blocks: [...input.blocks] }),
  initial: 'exists',
  states: {
    exists: {
      on: {
        truncate: { guard: 'hasBlocks', actions: assign({ blocks: ({ context }) => context.blocks.map(() => null) }) },
        // A refused truncate changes nothing; the step exists so that traces and scenarios show it.
        truncateRefused: { target: 'exists' },
        punch: { guard: 'hasBlock', actions: assign({ blocks: ({ context, event }) => context.blocks.map((b, i) => (event.type === 'punch' && i === event.block ? null : b)) }) },
        extend: {
          guard: 'isHole',
          actions: assign({
            blocks: ({ context, event }) => context.blocks.map((b, i) => (event.type === 'extend' && i === event.block ? event.phys : b)),
          }),
        },
      },
    },
  },
});
