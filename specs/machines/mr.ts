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
  /** While the pin is in flight (threads=1): the process whose thread passed the lease check. */
  by: string | null;
}

export type MrEvent =
  | { type: 'ibv_reg_mr'; ctx: string; file: string; block: number; phys: number; filePin: string }
  | { type: 'reserve'; ctx: string; file: string; block: number; filePin: string; by: string }
  | { type: 'pin'; phys: number }
  | { type: 'pinFails' }
  | { type: 'ibv_dereg_mr' }
  | { type: 'contextReleased'; ctx: string }
  | { type: 'contextReleasedAsync'; ctx: string }
  | { type: 'deferredDereg' };

const empty = { ctx: null, file: null, block: null, phys: null, filePin: null, by: null } as const;

/**
 * A memory region: ibv_reg_mr takes long-term pins (GUP FOLL_LONGTERM) on the mapped DAX blocks;
 * ibv_dereg_mr, or the last reference to its RDMA context going away, releases them (Jason Gunthorpe,
 * Aug 21: "close(uverbs) is the thing that does the dereg_mr and releases the pin").
 * - pinning (threads=1): the lease check passed, the pin is not taken yet; it takes the block the file
 *   has when it lands, or fails if the block is gone.
 * - releasing (asyncDereg=1): its context is gone, the deregistration is deferred and the pins stay
 *   (Jason Gunthorpe, Aug 19: RDMA "doesn't always wait on close() for the MR holding the page pins to
 *   be destoyed").
 * Context releases are broadcast to every MR, so every state takes them.
 */
export const mrMachine = setup({
  types: { context: {} as MrContext, events: {} as MrEvent, input: {} as { name: string } },
  guards: {
    ownedByReleasedContext: ({ context, event }) => (event.type === 'contextReleased' || event.type === 'contextReleasedAsync') && context.ctx === event.ctx,
  },
  actions: {
    clear: assign({ ...empty }),
    record: assign(({ event }) =>
      event.type === 'ibv_reg_mr' || event.type === 'reserve'
        ? { ctx: event.ctx, file: event.file, block: event.block, phys: event.type === 'reserve' ? null : event.phys, filePin: event.filePin, by: event.type === 'reserve' ? event.by : null }
        : {},
    ),
  },
}).createMachine({
  id: 'mr',
  context: ({ input }) => ({ name: input.name, ...empty }),
  initial: 'unregistered',
  states: {
    unregistered: {
      on: {
        ibv_reg_mr: { target: 'registered', actions: 'record' },
        reserve: { target: 'pinning', actions: 'record' },
        contextReleased: { target: 'unregistered' },
        contextReleasedAsync: { target: 'unregistered' },
      },
    },
    pinning: {
      on: {
        // GUP finds the block behind the mapping when it pins, not when the lease was checked.
        pin: { target: 'registered', actions: assign({ by: null, phys: ({ event }) => (event.type === 'pin' ? event.phys : null) }) },
        // The block is gone (truncated or punched meanwhile): GUP faults on a hole past EOF and fails.
        pinFails: { target: 'unregistered', actions: 'clear' },
        contextReleased: { target: 'pinning' },
        contextReleasedAsync: { target: 'pinning' },
      },
    },
    registered: {
      on: {
        ibv_dereg_mr: { target: 'unregistered', actions: 'clear' },
        contextReleased: [{ guard: 'ownedByReleasedContext', target: 'unregistered', actions: 'clear' }, { target: 'registered' }],
        contextReleasedAsync: [{ guard: 'ownedByReleasedContext', target: 'releasing' }, { target: 'registered' }],
      },
    },
    releasing: {
      on: {
        deferredDereg: { target: 'unregistered', actions: 'clear' },
        contextReleased: { target: 'releasing' },
        contextReleasedAsync: { target: 'releasing' },
      },
    },
  },
});
