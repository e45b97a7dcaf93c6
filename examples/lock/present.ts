import type { LaneMap, Presentation, Scope } from '../../src/index.ts';
import type { LockState } from './actors.ts';
import { explanationFor } from './explanations.ts';
import { whyImpossible } from './whyImpossible.ts';

/**
 * How the lock debate's reports speak: designs, each violated cell explained in the debate's words,
 * sequence diagrams with one lane per client, the lock service and the storage, and the named
 * scenarios of examples/lock-scenarios.
 */
export const lockPresentation: Presentation<LockState> = {
  variantWord: 'design',
  title: 'leasecheck: distributed locking with leases, fencing tokens and pauses',
  intro: [
    'The February 2016 debate between Martin Kleppmann ("How to do distributed locking") and Salvatore Sanfilippo, antirez ("Is Redlock safe?"). A lock service grants a lease that expires, so that a crashed client cannot hold the lock forever; but the service cannot tell a crashed client from a paused one (a GC pause, a delayed packet), so a paused client\'s lease expires too, the lock goes to another client, and the paused client, when it resumes, still believes it holds the lock and writes. The designs differ in what the storage does with that late write.',
    'Time is modelled by events: a lease runs out only while its holder is paused or has crashed (a running client finishes its write within its lease). Each design is a preset of four knobs (fencing, checkedPaths, pauses, expiry); each column is a property checked over every reachable state at this scope.',
  ],
  explain: ({ variant, property }) => explanationFor(variant, property),
  lanes: lockLanes,
  scenarios: {
    dir: new URL('../lock-scenarios/', import.meta.url),
    // A step may leave out the outcome an action's label ends with (`c1: write via api with token 1`):
    // the outcome is what the design decides, so one scenario runs unchanged under every design.
    select: (step) => {
      const text = step.text.replace(/\s+/g, ' ');
      return (i) => i.label.replace(/ -> .*$/, '') === text;
    },
    whyImpossible,
  },
  fields: {
    storage: {
      fencing: { hidden: true },
      checked: { hidden: true },
      highest: { description: 'monotonic fencing: the highest token accepted on a checked path' },
      mark: { description: 'check-and-set: the token the resource is marked with' },
      log: { description: 'the accepted writes, in order; late: the writer\'s lease had gone to another client (a ghost note of the checker)' },
      rejected: { description: 'the rejected writes, in order' },
    },
    lockService: {
      holder: { description: 'the client holding the current lease' },
      token: { description: 'the token of the latest grant' },
    },
    client: {
      token: { description: 'the token of the lease the client believes it holds' },
      pausedThisLease: { hidden: true },
    },
  },
};

/** One lane per client, then the lock service and the storage. */
export function lockLanes(scope: Scope): LaneMap {
  const clients = Array.from({ length: scope.clients ?? 2 }, (_, i) => `c${i + 1}`);
  return {
    lanes: [...clients.map((c) => ({ id: c, title: `client ${c}` })), { id: 'lock', title: 'lock service' }, { id: 'storage', title: 'storage' }],
    laneOf: (actor) => actor,
  };
}
