/** What a step is: enabledness of events and joint actions, guards, order, constraint, deadlock, witnesses. */
import { describe, expect, it } from 'vitest';
import { assign, createMachine } from 'xstate';
import { always, check, defineSystem, joint, sometimes } from '../../src/index.ts';
import type { JointAction, SystemModel } from '../../src/spec/system.ts';
import { chainSystem, counter, n } from '../fixtures/small.ts';
import { referenceExplore } from '../support/reference.ts';
import { labels, ok, prop, replayAll } from '../support/replayAll.ts';

/** A system of the given actors and actions (properties and options optional). */
function sys(model: SystemModel, name = 'semantics') {
  return defineSystem({ name, build: () => model });
}

const one = (actor: string, type: string, name = `${actor}.${type}`): JointAction =>
  joint({ name, steps: () => ({ actor, event: { type } }) });

describe('which events are enabled', () => {
  const m = createMachine({
    id: 'm',
    initial: 'idle',
    context: { k: 0 },
    states: {
      idle: {
        on: {
          NOP: {}, // neither target nor actions: XState's can() says no, so not enabled
          BLOCKED: { guard: () => false, target: 'moved' },
          SELF: { target: 'idle' }, // a target, even to itself: enabled
          BUMP: { actions: assign({ k: ({ context }) => context.k + 1 }), guard: ({ context }) => context.k < 2 },
        },
      },
      moved: {},
    },
  });

  it('an event whose transition has neither target nor actions is not enabled: 1 state, a deadlock at step 0', () => {
    const r = ok(check(sys({ actors: { m: { machine: m } }, actions: [one('m', 'NOP')], unhandledEvents: 'allow' })));
    expect(r.stats.distinctStates).toBe(1);
    expect(r.stats.statesGenerated).toBe(1);
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    expect(labels(r, 'deadlock-free')).toEqual([]);
    expect(replayAll(r)).toBe(1);
  });

  it('an event whose only transition is guarded off is not enabled', () => {
    const r = ok(check(sys({ actors: { m: { machine: m } }, actions: [one('m', 'BLOCKED')] })));
    expect(r.stats.statesGenerated).toBe(1);
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    replayAll(r);
  });

  it('a transition targeting its own state is enabled: generated 2, still 1 distinct state, no deadlock', () => {
    const r = ok(check(sys({ actors: { m: { machine: m } }, actions: [one('m', 'SELF')] })));
    expect(r.stats.distinctStates).toBe(1);
    expect(r.stats.statesGenerated).toBe(2);
    expect(prop(r, 'deadlock-free').verdict).toBe('holds');
    expect(replayAll(r)).toBe(0);
  });

  it('a targetless transition with actions is enabled and its context change makes new states', () => {
    const r = ok(check(sys({ actors: { m: { machine: m } }, actions: [one('m', 'BUMP')] })));
    expect(r.stats.distinctStates).toBe(3); // k = 0, 1, 2
    expect(r.stats.statesGenerated).toBe(3);
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    expect(labels(r, 'deadlock-free')).toEqual(['m.BUMP', 'm.BUMP']);
    expect(replayAll(r)).toBe(1);
  });
});

describe('joint actions', () => {
  const toggle = createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });
  const latch = createMachine({ id: 'latch', initial: 'locked', states: { locked: { on: { OPEN: 'open' } }, open: {} } });

  it('is enabled only if every participant can take its event; a partial step is never committed', () => {
    // FLIP and OPEN together: once the latch is open the pair is disabled, and the toggle never flips alone.
    const model: SystemModel = {
      actors: { t: { machine: toggle }, l: { machine: latch } },
      actions: [joint({ name: 'both', steps: () => [{ actor: 't', event: { type: 'FLIP' } }, { actor: 'l', event: { type: 'OPEN' } }] })],
      properties: [sometimes('flipped-but-locked', (s) => s.t.matches('on') && s.l.matches('locked'))],
      checkDeadlock: false,
    };
    const r = ok(check(sys(model)));
    expect(r.stats.distinctStates).toBe(2);
    expect(r.stats.statesGenerated).toBe(2);
    expect(prop(r, 'flipped-but-locked').verdict).toBe('violated');
    expect(referenceExplore(sys(model)).distinct).toBe(2);
    expect(replayAll(r)).toBe(0);
  });

  it('an event no transition of the machine takes is LC016, naming the action, the actor and the events it does take', () => {
    const m = createMachine({ id: 'form', initial: 'draft', states: { draft: { on: { COMMIT: 'done', NOP: {} } }, done: {} } });
    for (const type of ['COMIT', 'NOP']) {
      const r = check(sys({ actors: { f: { machine: m } }, actions: [one('f', type, 'save')] }));
      expect(r.status).toBe('error');
      if (r.status !== 'error') return;
      expect(r.error.code).toBe('LC016');
      expect(r.error.message).toBe(`joint action save gives actor f the event "${type}", which no transition of its machine form takes (it takes COMMIT; a transition needs a target or actions)`);
    }
  });

  it('a participant whose transition has neither target nor actions disables the whole joint action', () => {
    const idle = createMachine({ id: 'idle', initial: 'x', states: { x: { on: { NOP: {} } } } });
    const r = ok(check(sys({
      actors: { t: { machine: toggle }, i: { machine: idle } },
      actions: [joint({ name: 'flipWithNop', steps: () => [{ actor: 't', event: { type: 'FLIP' } }, { actor: 'i', event: { type: 'NOP' } }] })],
      unhandledEvents: 'allow',
    })));
    expect(r.stats.distinctStates).toBe(1);
    expect(r.stats.statesGenerated).toBe(1);
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    replayAll(r);
  });

  it('the global guard sees the state before the step: guard n < 2 on inc reaches n = 2 (3 states)', () => {
    // Were the guard evaluated on the successor, n = 2 would be refused and only 2 states found.
    const model: SystemModel = {
      actors: { c: { machine: counter, input: { max: 10 } } },
      actions: [joint({ name: 'inc', guard: (s) => n(s) < 2, steps: () => ({ actor: 'c', event: { type: 'INC' } }) })],
      properties: [sometimes('two', (s) => n(s) === 2)],
      checkDeadlock: false,
    };
    const r = ok(check(sys(model)));
    expect(r.stats.distinctStates).toBe(3);
    expect(referenceExplore(sys(model)).distinct).toBe(3);
    expect(labels(r, 'two')).toEqual(['inc', 'inc']);
    expect(replayAll(r)).toBe(1);
  });

  it('a guard that is false disables the action even when every participant could move', () => {
    const r = ok(check(sys({
      actors: { t: { machine: toggle } },
      actions: [joint({ name: 'never', guard: () => false, steps: () => ({ actor: 't', event: { type: 'FLIP' } }) })],
      checkDeadlock: false,
    })));
    expect(r.stats.distinctStates).toBe(1);
    expect(r.stats.statesGenerated).toBe(1);
    replayAll(r);
  });

  it('the guard gets the instance parameters: only the instance k=2 fires', () => {
    const model: SystemModel = {
      actors: { c: { machine: counter, input: { max: 10 } } },
      actions: [
        joint({
          name: 'add',
          params: { k: [1, 2, 3] },
          guard: (s, p) => p.k === 2 && n(s) === 0,
          steps: ({ k }) => Array.from({ length: k }, () => ({ actor: 'c', event: { type: 'INC' } })),
        }),
      ],
      properties: [sometimes('at-two', (s) => n(s) === 2)],
      checkDeadlock: false,
    };
    const r = ok(check(sys(model)));
    expect(r.system.instances.map((i) => i.label)).toEqual(['add(k=1)', 'add(k=2)', 'add(k=3)']);
    expect(r.stats.distinctStates).toBe(2);
    expect(labels(r, 'at-two')).toEqual(['add(k=2)']);
    expect(replayAll(r)).toBe(1);
  });

  it('one actor named twice takes its events in order: INC then DBL gives 0, 2, 6; DBL then INC gives 0, 1, 3, 7', () => {
    const seq = (types: string[]): SystemModel => ({
      actors: { c: { machine: counter, input: { max: 10 } } },
      actions: [joint({ name: types.join('+'), steps: () => types.map((type) => ({ actor: 'c', event: { type } })) })],
      properties: [sometimes('never', () => false)],
      checkDeadlock: false,
    });
    const reached = (types: string[]) => {
      const ref = referenceExplore(sys(seq(types)));
      const r = ok(check(sys(seq(types))));
      expect(r.stats.distinctStates).toBe(ref.distinct);
      expect(replayAll(r)).toBe(0);
      return ref.states.map((st) => n(ref.view(st)));
    };
    expect(reached(['INC', 'DBL'])).toEqual([0, 2, 6]); // (6 + 1) * 2 = 14 > 10: DBL refused after INC
    expect(reached(['DBL', 'INC'])).toEqual([0, 1, 3, 7]); // 7 * 2 = 14 > 10
    expect(reached(['INC', 'INC'])).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('the second event of the same actor is judged on the state after the first: INC then DBL from 4 fails at max 9', () => {
    // From n = 4 with max 9: INC gives 5 and DBL needs 2 * 5 <= 9: refused, although 2 * 4 <= 9.
    const model: SystemModel = {
      actors: { c: { machine: counter, input: { max: 9 } } },
      actions: [
        joint({ name: 'inc', steps: () => ({ actor: 'c', event: { type: 'INC' } }) }),
        joint({ name: 'incThenDbl', guard: (s) => n(s) === 4, steps: () => [{ actor: 'c', event: { type: 'INC' } }, { actor: 'c', event: { type: 'DBL' } }] }),
      ],
      properties: [always('no-ten', (s) => n(s) !== 10)],
    };
    const r = ok(check(sys(model)));
    expect(r.stats.distinctStates).toBe(10); // 0..9
    expect(r.stats.statesGenerated).toBe(10); // initial + 9 incs; incThenDbl never fires
    expect(prop(r, 'no-ten').verdict).toBe('holds');
    replayAll(r);
  });
});

describe('the state constraint', () => {
  it('discards successors that fail it: a 0..10 chain under n <= 3 has 4 states and n = 4 is never checked', () => {
    const system = chainSystem(10, { constraint: (s) => n(s) <= 3 }, [always('small', (s) => n(s) <= 3)]);
    const r = ok(check(system));
    const ref = referenceExplore(system);
    expect(r.status).toBe('complete');
    expect(r.stats.distinctStates).toBe(4);
    expect(ref.distinct).toBe(4);
    expect(r.stats.depth).toBe(3);
    // Generated counts the discarded successor n = 4 (TLC counts before the constraint).
    expect(r.stats.statesGenerated).toBe(5);
    expect(ref.generated).toBe(5);
    expect(prop(r, 'small').verdict).toBe('holds');
    // n = 3 has an enabled action (its successor is discarded): not a deadlock.
    expect(prop(r, 'deadlock-free').verdict).toBe('holds');
    expect(replayAll(r)).toBe(0);
  });

  it('the initial state is kept and checked even when it fails the constraint', () => {
    const r = ok(check(chainSystem(3, { constraint: () => false }, [always('nonzero', (s) => n(s) !== 0)])));
    expect(r.stats.distinctStates).toBe(1);
    expect(r.stats.statesGenerated).toBe(2);
    expect(prop(r, 'nonzero').verdict).toBe('violated');
    expect(labels(r, 'nonzero')).toEqual([]);
    expect(replayAll(r)).toBe(1);
  });
});

describe('deadlock detection', () => {
  it('is on by default: the end of a 0..3 chain is a deadlock, reported with the 3-step path', () => {
    const r = ok(check(chainSystem(3)));
    expect(r.properties.map((p) => [p.id, p.kind, p.verdict])).toEqual([['deadlock-free', 'deadlock', 'violated']]);
    expect(labels(r, 'deadlock-free')).toEqual(['inc', 'inc', 'inc']);
    expect(referenceExplore(chainSystem(3)).stuck.map((st) => st.depth)).toEqual([3]);
    expect(replayAll(r)).toBe(1);
  });

  it('is off with checkDeadlock: false (no deadlock-free result at all)', () => {
    const r = ok(check(chainSystem(3, { checkDeadlock: false })));
    expect(r.properties).toEqual([]);
    expect(r.status).toBe('complete');
    expect(replayAll(r)).toBe(0);
  });

  const job = createMachine({ id: 'job', initial: 'running', states: { running: { on: { FINISH: 'done' } }, done: { type: 'final' } } });
  const stuck = createMachine({ id: 'stuck', initial: 'waiting', states: { waiting: { on: { NEVER: {} } } } });

  it('a state where every machine is final is terminal, not a deadlock', () => {
    const r = ok(check(sys({ actors: { a: { machine: job }, b: { machine: job } }, actions: [one('a', 'FINISH'), one('b', 'FINISH')] })));
    expect(r.stats.distinctStates).toBe(4);
    expect(prop(r, 'deadlock-free').verdict).toBe('holds');
    expect(replayAll(r)).toBe(0);
  });

  it('one final machine and one stuck machine is a deadlock', () => {
    const r = ok(check(sys({ actors: { a: { machine: job }, b: { machine: stuck } }, actions: [one('a', 'FINISH'), one('b', 'NEVER')], unhandledEvents: 'allow' })));
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    expect(labels(r, 'deadlock-free')).toEqual(['a.FINISH']);
    expect(replayAll(r)).toBe(1);
  });

  it('a custom terminal predicate overrides "all final": the chain ending at n = 3 is fine', () => {
    const r = ok(check(chainSystem(3, { terminal: (s) => n(s) === 3 })));
    expect(prop(r, 'deadlock-free').verdict).toBe('holds');
    expect(replayAll(r)).toBe(0);
  });
});

describe('verdicts of safety properties', () => {
  it('a sometimes-property no reachable state satisfies is violated, with no trace', () => {
    const r = ok(check(chainSystem(3, { checkDeadlock: false }, [sometimes('reaches-five', (s) => n(s) === 5)])));
    const p = prop(r, 'reaches-five');
    expect(p.verdict).toBe('violated');
    expect(p.trace).toBeUndefined();
    expect(p.explanation).toEqual(['no reachable state satisfies it']);
    expect(replayAll(r)).toBe(0);
  });

  it('a sometimes-property that holds comes with the shortest witness; an invariant that holds has no trace', () => {
    const r = ok(check(chainSystem(5, { checkDeadlock: false }, [sometimes('three', (s) => n(s) === 3), always('bounded', (s) => n(s) <= 5)])));
    expect(prop(r, 'three').verdict).toBe('holds');
    expect(labels(r, 'three')).toEqual(['inc', 'inc', 'inc']);
    expect(prop(r, 'bounded').verdict).toBe('holds');
    expect(prop(r, 'bounded').trace).toBeUndefined();
    expect(replayAll(r)).toBe(1);
  });

  it('an invariant false in the initial state is violated by a 0-step trace', () => {
    const r = ok(check(chainSystem(3, { checkDeadlock: false }, [always('nope', () => false)])));
    expect(prop(r, 'nope').verdict).toBe('violated');
    expect(prop(r, 'nope').trace!.steps).toHaveLength(1);
    expect(replayAll(r)).toBe(1);
  });

  it('results list the properties in declaration order, then deadlock-free', () => {
    const r = ok(check(chainSystem(2, {}, [sometimes('b', () => true), always('a', () => true)])));
    expect(r.properties.map((p) => p.id)).toEqual(['b', 'a', 'deadlock-free']);
    expect(replayAll(r)).toBe(2);
  });
});
