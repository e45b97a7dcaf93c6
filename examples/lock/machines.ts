/**
 * The three kinds of actor of the distributed-lock debate: a client that takes the lock, may pause,
 * and writes; the lock service that grants leases and lets them expire; the storage service that
 * accepts or rejects writes. The storage's rule (which tokens it checks, on which paths) is its
 * input: the design under debate lives inside the machine, as its guards.
 */
import { assign, setup } from 'xstate';

/** The storage's two write paths: its main API, and a second one (a batch or cache API). */
export type WritePath = 'api' | 'batch';
export const WRITE_PATHS: readonly WritePath[] = ['api', 'batch'];

/** What the storage checks on a write (the `fencing` knob of the spec). */
export type Fencing = 'none' | 'monotonic' | 'check-and-set';

/** A client's name: c1, c2, ... */
export type ClientName = `c${number}`;

// ---------------------------------------------------------------------------------------------------
// Client

export type ClientEvent =
  | { type: 'GRANTED'; token: number }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'MARK' }
  | { type: 'WRITTEN'; accepted: boolean }
  | { type: 'RELEASED' }
  | { type: 'CRASH' };

export interface ClientContext {
  /** Leases the client still wants (one write each). */
  roundsLeft: number;
  /** The token of the lease the client believes it holds (0: none yet). */
  token: number;
  /** Check-and-set only: the client has marked the resource with its token. */
  marked: boolean;
  /** The client has paused during this lease (a pause outlasting the lease needs only one). */
  pausedThisLease: boolean;
  /** What the storage answered to this lease's write (null: not written yet). */
  accepted: boolean | null;
}

/**
 * A client: waits for the lock, holds it (it believes), writes once through either path, releases,
 * and wants the lock again while it has rounds left. It may pause (a GC pause, a network delay)
 * while it holds the lock, and it never notices: after `RESUME` it goes on as if no time had passed.
 * It may crash while it holds the lock: then only the lease's expiry frees the lock.
 */
export const client = setup({
  types: { context: {} as ClientContext, events: {} as ClientEvent, input: {} as { rounds: number } },
  guards: {
    mayPause: ({ context }) => !context.pausedThisLease,
    notMarked: ({ context }) => !context.marked,
    moreRounds: ({ context }) => context.roundsLeft > 0,
  },
}).createMachine({
  id: 'client',
  context: ({ input }) => ({ roundsLeft: input.rounds, token: 0, marked: false, pausedThisLease: false, accepted: null }),
  initial: 'waiting',
  states: {
    waiting: {
      on: {
        GRANTED: {
          target: 'holding',
          actions: assign(({ context, event }) => ({
            roundsLeft: context.roundsLeft - 1,
            token: event.token,
            marked: false,
            pausedThisLease: false,
            accepted: null,
          })),
        },
      },
    },
    holding: {
      on: {
        PAUSE: { guard: 'mayPause', target: 'paused', actions: assign({ pausedThisLease: true }) },
        MARK: { guard: 'notMarked', actions: assign({ marked: true }) },
        WRITTEN: { target: 'wrote', actions: assign({ accepted: ({ event }) => event.accepted }) },
        CRASH: 'crashed',
      },
    },
    paused: { on: { RESUME: 'holding', CRASH: 'crashed' } },
    wrote: {
      on: {
        RELEASED: [{ guard: 'moreRounds', target: 'waiting' }, { target: 'done' }],
        CRASH: 'crashed',
      },
    },
    done: { type: 'final' },
    crashed: { type: 'final' },
  },
});

// ---------------------------------------------------------------------------------------------------
// Lock service

export type LockEvent =
  | { type: 'ACQUIRE'; by: ClientName }
  | { type: 'EXPIRE' }
  /** `result` is the answer this step stands for: the machine's guards decide which one can happen. */
  | { type: 'RELEASE'; by: ClientName; token: number; result: 'released' | 'refused' };

export interface LockContext {
  /** The client the current lease is granted to (null: the lock is free). */
  holder: ClientName | null;
  /** The token of the latest grant: 1, 2, ... (0: never granted). Each grant takes the next one. */
  token: number;
}

/**
 * The lock service: grants the lock when it is free, with the next token, and lets the lease expire.
 * A release frees the lock only if it comes from the current lease (Redlock's release deletes the key
 * only if it still holds the client's random value); any other release is refused and changes nothing.
 */
export const lockService = setup({
  types: { context: {} as LockContext, events: {} as LockEvent },
  guards: {
    releasedByHolder: ({ context, event }) =>
      event.type === 'RELEASE' && event.result === 'released' && context.holder === event.by && context.token === event.token,
    refused: ({ context, event }) =>
      event.type === 'RELEASE' && event.result === 'refused' && !(context.holder === event.by && context.token === event.token),
  },
}).createMachine({
  id: 'lockService',
  context: { holder: null, token: 0 },
  initial: 'free',
  states: {
    free: {
      on: {
        ACQUIRE: { target: 'held', actions: assign(({ context, event }) => ({ holder: event.by, token: context.token + 1 })) },
        RELEASE: { guard: 'refused', target: 'free' },
      },
    },
    held: {
      on: {
        EXPIRE: { target: 'free', actions: assign({ holder: null }) },
        RELEASE: [
          { guard: 'releasedByHolder', target: 'free', actions: assign({ holder: null }) },
          { guard: 'refused', target: 'held' },
        ],
      },
    },
  },
});

// ---------------------------------------------------------------------------------------------------
// Storage service

/** One write the storage answered. */
export interface WriteRecord {
  by: ClientName;
  token: number;
  path: WritePath;
  /**
   * Ghost (the checker's note, not something the storage knows): when the storage answered, the
   * writer's lease had expired and the lock had been granted to another client.
   */
  late: boolean;
}

export type StorageEvent =
  | { type: 'MARK'; token: number }
  /** `result` is the answer this step stands for: the machine's `fresh` rule decides which one can happen. */
  | { type: 'WRITE'; by: ClientName; token: number; path: WritePath; late: boolean; result: 'accepted' | 'rejected' };

export interface StorageInput {
  fencing: Fencing;
  /** The write paths on which the storage checks the token (the others accept any write). */
  checked: readonly WritePath[];
}

export interface StorageContext extends StorageInput {
  /** Monotonic fencing: the highest token the storage has accepted on a checked path (0: none). */
  highest: number;
  /** Check-and-set: the token the resource is marked with (0: unmarked). */
  mark: number;
  /** The accepted writes, in the order the storage applied them. */
  log: readonly WriteRecord[];
  /** The rejected writes, in order. */
  rejected: readonly WriteRecord[];
}

/** Is this write acceptable under the storage's rule? (Kleppmann: reject a token lower than one already seen.) */
function fresh(c: StorageContext, e: { token: number; path: WritePath }): boolean {
  if (c.fencing === 'none' || !c.checked.includes(e.path)) return true;
  if (c.fencing === 'monotonic') return e.token >= c.highest;
  return c.mark === e.token; // check-and-set: only the client whose token marks the resource may write
}

/**
 * The storage service. `fencing: 'monotonic'` is Kleppmann's fencing: the storage remembers the highest
 * token it has accepted and rejects a write with a lower one. `fencing: 'check-and-set'` is the random
 * token used as antirez proposes it (see the spec for what exactly is checked): a client first marks
 * the resource with its token, and a write is accepted only while the mark is still the writer's
 * token; tokens are compared for equality only, as random values would be. Paths not in `checked`
 * accept any write and record nothing.
 */
export const storage = setup({
  types: { context: {} as StorageContext, events: {} as StorageEvent, input: {} as StorageInput },
  guards: {
    accepts: ({ context, event }) => event.type === 'WRITE' && event.result === 'accepted' && fresh(context, event),
    rejects: ({ context, event }) => event.type === 'WRITE' && event.result === 'rejected' && !fresh(context, event),
  },
}).createMachine({
  id: 'storage',
  context: ({ input }) => ({ fencing: input.fencing, checked: input.checked, highest: 0, mark: 0, log: [], rejected: [] }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        MARK: { actions: assign({ mark: ({ event }) => event.token }) },
        WRITE: [
          {
            guard: 'accepts',
            actions: assign(({ context, event }) => ({
              highest: context.fencing === 'monotonic' && context.checked.includes(event.path) ? Math.max(context.highest, event.token) : context.highest,
              log: [...context.log, { by: event.by, token: event.token, path: event.path, late: event.late }],
            })),
          },
          {
            guard: 'rejects',
            actions: assign(({ context, event }) => ({
              rejected: [...context.rejected, { by: event.by, token: event.token, path: event.path, late: event.late }],
            })),
          },
        ],
      },
    },
  },
});
