/**
 * A complete spec: two processes and a lock. `broken` lets a process enter the critical section
 * after checking the lock without taking it atomically, so mutual exclusion fails in 4 steps.
 *   leasecheck check examples/mutex.model.ts                 (violated: 4-step counterexample)
 *   leasecheck check examples/mutex.model.ts --scope broken=0 (holds)
 */
import { assign, setup } from 'xstate';
import { always, defineSystem, joint, sometimes } from '../src/index.ts';

const proc = setup({
  types: { events: {} as { type: 'CHECK' } | { type: 'ENTER' } | { type: 'EXIT' } },
}).createMachine({
  id: 'process',
  initial: 'idle',
  states: {
    idle: { on: { CHECK: 'checked' } },
    checked: { on: { ENTER: 'critical' } },
    critical: { on: { EXIT: 'idle' } },
  },
});

const lock = setup({
  types: {
    context: {} as { holder: string | null },
    events: {} as { type: 'TAKE'; by: string } | { type: 'RELEASE' } | { type: 'PEEK' },
  },
}).createMachine({
  id: 'lock',
  context: { holder: null },
  initial: 'free',
  states: {
    free: {
      on: {
        PEEK: { target: 'free' }, // a transition with neither target nor actions would count as not enabled
        TAKE: { target: 'held', actions: assign({ holder: ({ event }) => event.by }) },
      },
    },
    held: {
      on: { RELEASE: { target: 'free', actions: assign({ holder: null }) } },
    },
  },
});

export default defineSystem({
  name: 'mutex',
  params: { broken: { default: 1, min: 0, max: 1, description: '1: check and take the lock in two steps' } },
  build: ({ broken }) => {
    const procs = ['p1', 'p2'];
    return {
      actors: { p1: { machine: proc }, p2: { machine: proc }, lock: { machine: lock } },
      actions: [
        // broken: look at the lock (it is free) without taking it; correct: take it atomically.
        joint({ name: 'check', params: { p: procs }, label: ({ p }) => `${p}: check the lock`, steps: ({ p }) =>
          broken ? [{ actor: p, event: { type: 'CHECK' } }, { actor: 'lock', event: { type: 'PEEK' } }]
                 : [{ actor: p, event: { type: 'CHECK' } }, { actor: 'lock', event: { type: 'TAKE', by: p } }] }),
        joint({ name: 'enter', params: { p: procs }, label: ({ p }) => `${p}: enter`, steps: ({ p }) => ({ actor: p, event: { type: 'ENTER' } }) }),
        joint({ name: 'exit', params: { p: procs }, label: ({ p }) => `${p}: exit`, steps: ({ p }) => [
          { actor: p, event: { type: 'EXIT' } }, ...(broken ? [] : [{ actor: 'lock', event: { type: 'RELEASE' } }])] }),
      ],
      properties: [
        always('mutual-exclusion', (s) => !(s.p1.matches('critical') && s.p2.matches('critical')), {
          description: 'the two processes are never both in the critical section',
        }),
        sometimes('p1-can-enter', (s) => s.p1.matches('critical')),
      ],
    };
  },
});
