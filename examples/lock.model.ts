/**
 * The distributed-lock debate of February 2016 as a spec: Martin Kleppmann, "How to do distributed
 * locking" (Feb 8, 2016), and Salvatore Sanfilippo (antirez), "Is Redlock safe?" (Feb 2016). Clients
 * take a lock with a lease from a lock service, may pause (GC, a network delay) while the lease runs
 * out and the lock goes to another client, and write to a storage service. The designs differ in what
 * the storage checks. `leasecheck compare examples/lock.model.ts` checks them side by side.
 *
 * Written in the typed form of defineSystem, against the public API only: a user's spec imports from
 * 'leasecheck'; this one imports '../src/index.ts' because it lives inside the checkout.
 *
 * Time is modelled by events, not clocks (XState `after` delays are not supported): `expire` is the
 * moment a lease's time has run out. Its guard is the timing model, not something the lock service
 * sees: a client that is running finishes its write within its lease (Redlock's client checks the
 * lease's remaining validity before it acts, and we grant that the check and the write fit in it),
 * so a lease can run out only while its holder is paused or has crashed; with the `pauses: bounded`
 * knob (Redlock's timing assumptions granted), only when it has crashed. A pause is also how a
 * delayed write message is modelled: a write that leaves in time and arrives late is a write sent
 * after a pause. One pause per lease is enough: only the pause the lease runs out in matters.
 *
 * The safety property no-late-write needs a fact the storage does not know (has the writer's lease
 * gone to another client?): each write step carries it as a ghost parameter `late`, chosen by the
 * step's guard from the lock service's state, and the storage records it with the write.
 */
import { defineSystem, type BuildKit, type KnobValues, type Property } from '../src/index.ts';
import { WRITE_PATHS, type ClientName } from './lock/machines.ts';
import { clientNames, lockActors, type LockActors, type LockState } from './lock/actors.ts';
import { lockPresentation } from './lock/present.ts';

const KNOBS = {
  fencing: {
    values: ['none', 'monotonic', 'check-and-set'],
    doc:
      'what the storage checks on a write. none: nothing (lease expiry alone, as with Redlock). monotonic: the ' +
      'lock service hands out an increasing token with every grant, every write carries it, and the storage ' +
      'rejects a token lower than the highest it has accepted (Kleppmann). check-and-set: after taking the ' +
      "lock a client marks the resource with its lock's unique token (an unconditional set: random values " +
      'have no order to compare), and the storage accepts a write only while the mark is the writer\'s token ' +
      '(antirez\'s alternative, as we read it)',
  },
  checkedPaths: {
    values: ['every', 'api-only'],
    doc: 'which write paths the storage checks: every path, or only its main API (the second path, a batch/cache API, accepts any write)',
  },
  pauses: {
    values: ['unbounded', 'bounded'],
    doc:
      'may a pause outlast a lease? unbounded: yes, a GC pause or a delayed packet can take any time (Kleppmann). ' +
      "bounded: no pause outlasts the lease's remaining validity (Redlock's timing assumptions granted): only a crashed holder's lease runs out",
  },
  expiry: {
    values: ['lease', 'none'],
    doc: 'lease: a lease expires when its time runs out. none: a plain lock, held until released (the reason leases exist: a crashed holder)',
  },
} as const;

/** The knob values of a variant, typed by the declaration. */
type Knobs = KnobValues<typeof KNOBS>;

/** The client steps and the lock service's steps, under one design. */
function actionsFor(kit: Pick<BuildKit<LockActors>, 'joint'>, clients: ClientName[], tokens: number[], knobs: Knobs) {
  const { joint } = kit;
  const running = (c: ClientName) => `${c} runs`;
  // The timing model: when may a lease run out? (See the file's comment.)
  const mayRunOut = (s: LockState, c: ClientName) =>
    s[c].matches('crashed') || (knobs.pauses === 'unbounded' && s[c].matches('paused'));
  // Ghost: the storage answers a write whose writer's lease has been granted to another since.
  const grantedSince = (s: LockState, token: number) => s.lock.context.token > token;
  const mustMark = knobs.fencing === 'check-and-set';

  const acquire = joint({
    name: 'acquire',
    params: { c: clients, token: tokens },
    label: ({ c, token }) => `${c}: acquire the lock -> token ${token}`,
    steps: ({ c, token }) => [
      { actor: c, event: { type: 'GRANTED', token } },
      { actor: 'lock', event: { type: 'ACQUIRE', by: c } },
    ],
    guard: (s, { token }) => s.lock.context.token + 1 === token,
    fairness: 'weak',
    fairnessGroup: ({ c }) => `${c} acquires`,
  });
  const pause = joint({
    name: 'pause',
    params: { c: clients },
    label: ({ c }) => `${c}: pause (GC, network delay)`,
    steps: ({ c }) => ({ actor: c, event: { type: 'PAUSE' } }),
  });
  const resume = joint({
    name: 'resume',
    params: { c: clients },
    label: ({ c }) => `${c}: resume`,
    steps: ({ c }) => ({ actor: c, event: { type: 'RESUME' } }),
    fairness: 'weak',
    fairnessGroup: ({ c }) => running(c),
  });
  const crash = joint({
    name: 'crash',
    params: { c: clients },
    label: ({ c }) => `${c}: crash`,
    steps: ({ c }) => ({ actor: c, event: { type: 'CRASH' } }),
  });
  const mark = joint({
    name: 'mark',
    params: { c: clients, token: tokens },
    label: ({ c, token }) => `${c}: mark the resource with token ${token}`,
    steps: ({ c, token }) => [
      { actor: c, event: { type: 'MARK' } },
      { actor: 'storage', event: { type: 'MARK', token } },
    ],
    guard: (s, { c, token }) => s[c].context.token === token,
    fairness: 'weak',
    fairnessGroup: ({ c }) => running(c),
  });
  // One operation, two outcomes: the storage's rule (its `fresh` guard) decides which can happen.
  const write = (result: 'accepted' | 'rejected') =>
    joint({
      name: result === 'accepted' ? 'write' : 'write/rejected',
      op: 'write',
      outcome: result === 'accepted' ? 'ok' : `rejected: ${knobs.fencing === 'check-and-set' ? 'not the mark' : 'stale token'}`,
      params: { c: clients, path: WRITE_PATHS, token: tokens, late: [false, true] },
      label: ({ c, path, token }) => `${c}: write via ${path} with token ${token} -> ${result}`,
      steps: ({ c, path, token, late }) => [
        { actor: c, event: { type: 'WRITTEN', accepted: result === 'accepted' } },
        { actor: 'storage', event: { type: 'WRITE', by: c, token, path, late, result } },
      ],
      guard: (s, { c, token, late }) =>
        s[c].context.token === token && late === grantedSince(s, token) && (!mustMark || s[c].context.marked),
      fairness: 'weak',
      fairnessGroup: ({ c }) => running(c),
    });
  const release = (result: 'released' | 'refused') =>
    joint({
      name: result === 'released' ? 'release' : 'release/refused',
      op: 'release',
      outcome: result === 'released' ? 'ok' : 'refused: not the current lease',
      params: { c: clients, token: tokens },
      label: ({ c, token }) => `${c}: release the lock (token ${token}) -> ${result}`,
      steps: ({ c, token }) => [
        { actor: c, event: { type: 'RELEASED' } },
        { actor: 'lock', event: { type: 'RELEASE', by: c, token, result } },
      ],
      guard: (s, { c, token }) => s[c].context.token === token,
      fairness: 'weak',
      fairnessGroup: ({ c }) => running(c),
    });
  const expire = joint({
    name: 'expire',
    params: { c: clients },
    label: ({ c }) => `lock: the lease of ${c} expires`,
    steps: () => ({ actor: 'lock', event: { type: 'EXPIRE' } }),
    guard: (s, { c }) => s.lock.context.holder === c && mayRunOut(s, c),
    // Time passes: a lease that can run out does, eventually.
    fairness: 'weak',
  });
  return [
    acquire,
    pause,
    resume,
    crash,
    ...(mustMark ? [mark] : []),
    write('accepted'),
    write('rejected'),
    release('released'),
    release('refused'),
    ...(knobs.expiry === 'lease' ? [expire] : []),
  ];
}

export default defineSystem({
  name: 'distributed-lock',
  description: 'A lock service with lease expiry, clients that may pause, and a storage service: the designs of the 2016 Redlock debate',
  params: {
    clients: { default: 2, min: 1, max: 4, description: 'clients (c1, c2, ...) competing for the lock' },
    rounds: { default: 1, min: 1, max: 3, description: 'leases each client takes, one write each' },
  },
  knobs: KNOBS,
  variants: [
    {
      id: 'redlock',
      title: 'Lease expiry alone, as with Redlock: the storage checks nothing',
      source: 'antirez, "Distributed locks with Redis" (the Redlock algorithm, redis.io); Martin Kleppmann, Feb 8, 2016',
      knobs: { fencing: 'none' },
    },
    {
      id: 'fencing-tokens',
      title: 'Fencing tokens: an increasing token with every grant, checked by the storage on every write',
      source: 'Martin Kleppmann, "How to do distributed locking", Feb 8, 2016 (fencing tokens)',
      knobs: { fencing: 'monotonic', checkedPaths: 'every' },
    },
    {
      id: 'fencing-api-only',
      title: "Fencing tokens checked on the storage's main API only; its batch path accepts any write",
      source: 'beyond the debate: a second write path that does not check (Kleppmann, Feb 8, 2016, has the storage check the token of every write)',
      knobs: { fencing: 'monotonic', checkedPaths: 'api-only' },
    },
    {
      id: 'random-token-cas',
      title: "The lock's random token with check-and-set: mark the resource, write only while the mark is yours",
      source: 'antirez, "Is Redlock safe?", Feb 2016 (paraphrased: a unique random token used with check-and-set does what a fencing token does)',
      knobs: { fencing: 'check-and-set', checkedPaths: 'every' },
    },
    {
      id: 'redlock-timing-assumed',
      title: "Redlock with its timing assumptions granted: no pause outlasts a lease's validity",
      source: 'Martin Kleppmann, Feb 8, 2016 (paraphrased: Redlock is safe only if network delays, pauses and clock drift are bounded); antirez, "Is Redlock safe?", Feb 2016',
      knobs: { fencing: 'none', pauses: 'bounded' },
    },
    {
      id: 'no-expiry',
      title: 'A lock without a lease: safe, but a crashed holder keeps it forever',
      source: 'the reason for leases: Redlock\'s "deadlock free" property (redis.io), which both authors take as given',
      knobs: { fencing: 'none', expiry: 'none' },
    },
  ],
  actors: ({ scope, knobs }) =>
    lockActors(scope.clients, scope.rounds, { fencing: knobs.fencing, checked: knobs.checkedPaths === 'every' ? WRITE_PATHS : ['api'] }),
  build: ({ scope, knobs, joint, always, sometimes, leadsTo, eventually }) => {
    const clients = clientNames(scope.clients);
    const tokens = Array.from({ length: scope.clients * scope.rounds }, (_, i) => i + 1);
    const finished = (s: LockState, c: ClientName) => s[c].matches('done') || s[c].matches('crashed');
    const properties: Property<LockState>[] = [
      always('no-late-write', (s) => s.storage.context.log.every((w) => !w.late), {
        description:
          'the storage never accepts a write from a client whose lease has expired and been granted to another',
      }),
      always(
        'writes-in-lease-order',
        (s) => s.storage.context.log.every((w, i, log) => i === 0 || log[i - 1].token <= w.token),
        {
          description:
            'the storage never accepts a write of an older lease after a write of a newer one (what fencing promises: the write with token 33 after one with 34 is rejected)',
        },
      ),
      sometimes('pause-outlives-lease', (s) => clients.some((c) => s[c].matches('paused') && s.lock.context.token > s[c].context.token), {
        description: 'witness: a client is still paused after its lease has expired and the lock has gone to another client',
      }),
      sometimes('late-write-rejected', (s) => s.storage.context.rejected.some((w) => w.late), {
        description: 'witness: the storage rejects the write of a client whose lease has gone to another',
      }),
      leadsTo('lease-ends', (s) => s.lock.matches('held'), (s) => s.lock.matches('free'), {
        description:
          'every granted lease is eventually released or expires. Fairness: weak, on each running client\'s own steps (acquire; resume, mark, write, release) and on expiry (time passes); none on pause and crash',
      }),
      eventually('every-client-finishes', (s) => clients.every((c) => finished(s, c)), {
        description:
          'every client gets the lock for each of its rounds, writes, and finishes (or crashes). Fairness as for lease-ends',
      }),
    ];
    return {
      actions: actionsFor({ joint }, clients, tokens, knobs),
      properties,
      // Clients are interchangeable (every property quantifies over all of them): --symmetry may
      // explore one state per permutation of their names (in the lock's holder and the storage's records too).
      symmetry: { processes: clients.map((c) => [c]) },
      // Clients stop when done or crashed; the lock service and the storage serve forever.
      terminal: (s) => clients.every((c) => finished(s, c)),
      explainStuck: (s) => {
        const holder = s.lock.context.holder;
        if (holder === null) return [];
        return clients
          .filter((c) => s[c].matches('waiting'))
          .map((c) => ({ from: `${c} (waiting for the lock)`, to: `the lease of ${holder}`, why: `${holder} is ${String(s[holder].value)} and the lock service grants one lease at a time` }));
      },
    };
  },
  present: lockPresentation,
});
