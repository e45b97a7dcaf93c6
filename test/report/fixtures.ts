/** Small systems for the report tests: hostile text everywhere, a lasso with a cycle, a stuttering end. */
import { assign, setup } from 'xstate';
import { always, defineSystem, eventually, joint, sometimes } from '../../src/index.ts';
import { check, type CheckSuccess } from '../../src/engine/check.ts';
import { replayTrace } from '../../src/engine/replay.ts';
import type { System } from '../../src/spec/system.ts';

/** Text a report must never pass through unescaped. */
export const EVIL = `<script>alert("x")</script>`;
export const EVIL_STATE = `<script>alert(1)</script>`;
export const QUOTES = `"'&amp;`;

/** A counter: each INC adds one to `n` (the one-step and never-reached report tests guard it). */
export const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
  id: 'counter',
  context: { n: 0 },
  initial: 'on',
  states: { on: { on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
});

const evil = setup({
  types: {
    context: {} as { note: string; n: number; big: bigint; tags: Set<string>; byKey: Map<string, number>; '#odd': boolean },
    events: {} as { type: 'GO' } | { type: 'BOOM' },
  },
}).createMachine({
  id: 'evil',
  context: { note: 'calm', n: 0, big: 2n ** 60n, tags: new Set(), byKey: new Map(), '#odd': false },
  initial: 'idle',
  states: {
    idle: { on: { GO: { target: QUOTES, actions: assign({ note: `"></svg>${EVIL}`, n: 1, tags: new Set(['b', 'a']) }) } } },
    [QUOTES]: { on: { BOOM: { target: EVIL_STATE, actions: assign({ n: 2 ** 60, byKey: new Map([['k', 1]]), '#odd': true }) } } },
    [EVIL_STATE]: {},
  },
});

const bystander = setup({ types: { events: {} as { type: 'POKE' } } }).createMachine({
  id: 'bystander',
  initial: 'waiting',
  states: { waiting: { on: { POKE: 'poked' } }, poked: {} },
});

/** Two actors, one with an HTML-hostile name; states and context full of markup, quotes, bigints, Sets and Maps. */
export const evilSystem: System = defineSystem({
  name: `evil<b>"system"</b>`,
  build: () => ({
    actors: { w: { machine: evil }, [`x<i>"'`]: { machine: bystander } },
    actions: [
      joint({ name: 'go', steps: () => ({ actor: 'w', event: { type: 'GO' } }), label: () => `w: go <img src=x onerror=alert(3)> \`;#` }),
      joint({
        name: 'boom',
        params: { who: [`<u>"'</u>`] },
        steps: () => [
          { actor: 'w', event: { type: 'BOOM' } },
          { actor: `x<i>"'`, event: { type: 'POKE' } },
        ],
      }),
    ],
    properties: [
      always(`never-${EVIL}`, (s) => !s.w.matches(EVIL_STATE), { description: `no ${EVIL} state` }),
      sometimes('reaches-quotes', (s) => s.w.matches(QUOTES)),
    ],
  }),
});

const spinner = setup({ types: { events: {} as { type: 'START' } | { type: 'TICK' } } }).createMachine({
  id: 'spin',
  initial: 'idle',
  states: { idle: { on: { START: 'a' } }, a: { on: { TICK: 'b' } }, b: { on: { TICK: 'a' } }, done: {} },
});

/** A lasso whose cycle starts after step 1: idle -start-> a -tick-> b -tick-> a ... and `done` is never reached. */
export const cycleSystem: System = defineSystem({
  name: 'cycle',
  build: () => ({
    actors: { s: { machine: spinner } },
    actions: [
      joint({ name: 'start', steps: () => ({ actor: 's', event: { type: 'START' } }), fairness: 'weak' }),
      joint({ name: 'tick', steps: () => ({ actor: 's', event: { type: 'TICK' } }), fairness: 'weak' }),
    ],
    properties: [eventually('finishes', (s) => s.s.matches('done'))],
    checkDeadlock: false,
  }),
});

const halter = setup({ types: { events: {} as { type: 'GO' } } }).createMachine({
  id: 'halt',
  initial: 'ready',
  states: { ready: { on: { GO: 'stuck' } }, stuck: {}, done: {} },
});

/** A lasso that ends by stuttering: ready -go-> stuck, and nothing is enabled there. */
export const stutterSystem: System = defineSystem({
  name: 'stutter',
  build: () => ({
    actors: { h: { machine: halter } },
    actions: [joint({ name: 'go', steps: () => ({ actor: 'h', event: { type: 'GO' } }), fairness: 'weak' })],
    properties: [eventually('finishes', (s) => s.h.matches('done'))],
    checkDeadlock: false,
  }),
});

/** Checks a system, replays every trace on real actors, and returns the result (throws on error). */
export function checked(system: System): CheckSuccess {
  const r = check(system);
  if (r.status === 'error') throw new Error(r.error.message);
  for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
  return r;
}
