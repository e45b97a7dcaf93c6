import { assign, setup } from 'xstate';

export interface MrContext {
  name: string;
  /** The RDMA context (struct file) that owns the MR. */
  ctx: string | null;
  /** What it pins: file, logical block, and the physical block behind it at registration. */
  file: string | null;
  block: number | null;
  phys: number | null;
  /** The data file's struct file the file_pin refers to (Ira's file_pin; the mapping's struct file). */
  filePin: string | null;
}

export type MrEvent =
  | { type: 'ibv_reg_mr'; ctx: string; file: string; block: number; phys: number; filePin: string }
  | { type: 'ibv_dereg_mr' }
  | { type: 'contextReleased'; ctx: string };

const empty = { ctx: null, file: null, block: null, phys: null, filePin: null } as const;

/**
 * A memory region: ibv_reg_mr takes long-term pins (GUP FOLL_LONGTERM) on the mapped DAX blocks;
 * ibv_dereg_mr, or the last reference to its RDMA context going away, releases them (Jason Gunthorpe,
 * Aug 21: "close(uverbs) is the thing that does the dereg_mr and releases the pin").
 */
export const mrMachine = setup({
  types: { context: {} as MrContext, events: {} as MrEvent, input: {} as { name: string } },
  guards: {
    ownedByReleasedContext: ({ context, event }) => event.type === 'contextReleased' && context.ctx === event.ctx,
  },
  actions: {
    clear: assign({ ...empty }),
  },
}).createMachine({
  id: 'mr',
  context: ({ input }) => ({ name: input.name, ...empty }),
  initial: 'unregistered',
  states: {
    unregistered: {
      on: {
        ibv_reg_mr: {
          target: 'registered',
          actions: assign(({ event }) => ({ ctx: event.ctx, file: event.file, block: event.block, phys: event.phys, filePin: event.filePin })),
        },
        // Another context's release does not concern this MR (the event is broadcast to every MR).
        contextReleased: { target: 'unregistered' },
      },
    },
    registered: {
      on: {
        ibv_dereg_mr: { target: 'unregistered', actions: 'clear' },
        contextReleased: [
          { guard: 'ownedByReleasedContext', target: 'unregistered', actions: 'clear' },
          { target: 'registered' },
        ],
      },
    },
  },
});
