/**
 * Compile-time checks of the typed spec API on the lock model's actors. Every `@ts-expect-error`
 * line must be followed by a type error: the project's tsc (part of `npm test`) fails on an unused
 * marker, and lock.test.ts type-checks this file again with the markers disabled to pin each error's
 * code (the TSnnnn after the marker) to the line below it.
 */
import { check, defineSystem, withVariant } from '../../src/index.ts';
import { lockActors, type LockState } from '../../examples/lock/actors.ts';

const actors = ({ scope }: { scope: Readonly<Record<string, number>> }) => lockActors(scope.clients, 1, { fencing: 'none', checked: ['api'] });

export const typos = defineSystem({
  name: 'lock-typos',
  params: { clients: { default: 2 } },
  knobs: { fencing: { values: ['none', 'monotonic'] } },
  actors,
  build: ({ knobs, joint, always, sometimes }) => ({
    actions: [
      joint({
        name: 'acquire',
        params: { c: ['c1', 'c2'] as const },
        steps: ({ c }) => [
          // @ts-expect-error TS2820 a misspelt event type
          { actor: 'lock', event: { type: 'ACQUIR', by: c } },
          // @ts-expect-error TS2322 an event of another machine
          { actor: 'storage', event: { type: 'GRANTED', token: 1 } },
          // @ts-expect-error TS2322 an event without its field
          { actor: c, event: { type: 'GRANTED' } },
          // @ts-expect-error TS2820 a misspelt actor
          { actor: 'lok', event: { type: 'EXPIRE' } },
        ],
        // @ts-expect-error TS2551 a misspelt context field in a guard
        guard: (s, { c }) => s[c].context.tokn === 0,
      }),
    ],
    properties: [
      // @ts-expect-error TS2339 a misspelt actor in a predicate
      always('a', (s) => s.lokc.matches('held')),
      // @ts-expect-error TS2551 a misspelt context field
      always('b', (s) => s.lock.context.holdr === null),
      // @ts-expect-error TS2345 a state the machine does not have
      sometimes('c', (s) => s.c1.matches('pausd')),
      // @ts-expect-error TS2551 a knob that is not declared
      sometimes('d', () => knobs.fencin === 'none'),
    ],
  }),
  present: {
    scenarios: {
      // @ts-expect-error TS2551 a misspelt field in a presentation hook
      whyImpossible: (s) => s.storage.context.hghest,
    },
  },
});

// A variant's knob value is checked against the knob's declared values. (A typo here makes the whole
// call fail overload resolution, TS2769, which hides the errors above: hence a call of its own.)
export const badVariant = defineSystem({
  name: 'lock-bad-variant',
  params: { clients: { default: 2 } },
  knobs: { fencing: { values: ['none', 'monotonic'] } },
  variants: [
    // @ts-expect-error TS2769 a knob value that is not declared
    { id: 'v', knobs: { fencing: 'monotonc' } },
  ],
  actors,
  build: () => ({ actions: [] }),
});

/** The state type itself, as a spec's helper functions use it. */
export function holderOf(s: LockState): string | null {
  // @ts-expect-error TS2551 a misspelt field outside the build
  return s.lock.context.holdr;
}

// check() and withVariant() take the system's own scope parameters and knobs (System<K, P>).
export const options = () => [
  check(typos, { scope: { clients: 3 }, set: { fencing: 'monotonic' } }),
  check(typos, { set: ['fencing=monotonic'] }),
  // @ts-expect-error TS2561 a misspelt scope parameter
  check(typos, { scope: { client: 3 } }),
  // @ts-expect-error TS2353 a misspelt knob
  check(typos, { set: { fencin: 'none' } }),
  // @ts-expect-error TS2322 a value the knob does not declare
  check(typos, { set: { fencing: 'monotonc' } }),
  // @ts-expect-error TS2353 a misspelt knob in withVariant's overrides
  withVariant(typos, 'default', { fencin: 'none' }),
];
