/** Counterexamples and witnesses are shortest: their length is the BFS depth of the shallowest such state. */
import { describe, expect, it } from 'vitest';
import { always, check, defineSystem, replayKey, type GlobalState, type System } from '../../src/index.ts';
import mutex from '../../examples/mutex.model.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { longAndShort } from '../fixtures/small.ts';
import { referenceExplore } from '../support/reference.ts';
import { labels, ok, prop, replayAll } from '../support/replayAll.ts';

describe('examples/mutex.model.ts', () => {
  it('broken (default): mutual exclusion is violated by the 4-step check, check, enter, enter', () => {
    const r = ok(check(mutex));
    expect(r.status).toBe('complete');
    expect(prop(r, 'mutual-exclusion').verdict).toBe('violated');
    expect(labels(r, 'mutual-exclusion')).toEqual(['p1: check the lock', 'p2: check the lock', 'p1: enter', 'p2: enter']);
    const last = prop(r, 'mutual-exclusion').trace!.steps.at(-1)!;
    const s = r.system.view(last.locals);
    expect([s.p1.value, s.p2.value, s.lock.value]).toEqual(['critical', 'critical', 'free']);
    expect(replayAll(r)).toBe(2);
  });

  it('broken: the witness that p1 can enter is the 2-step check, enter', () => {
    const r = ok(check(mutex));
    expect(prop(r, 'p1-can-enter').verdict).toBe('holds');
    expect(labels(r, 'p1-can-enter')).toEqual(['p1: check the lock', 'p1: enter']);
    expect(replayAll(r)).toBe(2);
  });

  it('broken: 9 states (3 x 3 process states, the lock always free), depth 4', () => {
    const r = ok(check(mutex));
    const ref = referenceExplore(mutex);
    expect(r.stats.distinctStates).toBe(9);
    expect(ref.distinct).toBe(9);
    expect(r.stats.depth).toBe(4);
    expect(r.stats.statesGenerated).toBe(ref.generated);
    replayAll(r);
  });

  it('fixed (broken=0): every property holds; 5 states, p1 still enters in 2 steps', () => {
    const r = ok(check(mutex, { scope: { broken: 0 } }));
    expect(r.properties.map((p) => [p.id, p.verdict])).toEqual([
      ['mutual-exclusion', 'holds'],
      ['p1-can-enter', 'holds'],
      ['deadlock-free', 'holds'],
    ]);
    // Both idle with the lock free, or one process checked or critical holding the lock and the other idle.
    const ref = referenceExplore(mutex, { broken: 0 });
    expect(r.stats.distinctStates).toBe(ref.distinct);
    expect(r.stats.distinctStates).toBe(5);
    expect(labels(r, 'p1-can-enter')).toEqual(['p1: check the lock', 'p1: enter']);
    expect(replayAll(r)).toBe(1);
  });
});

describe('the shortest of several counterexamples is returned', () => {
  it('a 6-step road and a 2-step short cut to the bad state: the 2-step one is reported', () => {
    const r = ok(check(longAndShort));
    const ref = referenceExplore(longAndShort);
    expect(prop(r, 'never-bad').verdict).toBe('violated');
    expect(labels(r, 'never-bad')).toEqual(['jump', 'jump']);
    expect(ref.shallowest((s) => s.w.matches('bad'))).toBe(2);
    // The reaches-s5 witness has only the long road.
    expect(labels(r, 'reaches-s5')).toEqual(['step', 'step', 'step', 'step', 'step']);
    expect(r.stats.distinctStates).toBe(8); // s0..s5, j1, bad
    expect(r.stats.depth).toBe(5); // s5; bad was already seen at depth 2
    // `bad` is a final state: not a deadlock.
    expect(prop(r, 'deadlock-free').verdict).toBe('holds');
    expect(replayAll(r)).toBe(2);
  });

  /** `system` with its properties replaced by one invariant. */
  const withInvariant = (system: System, name: string, pred: (s: GlobalState) => boolean): System =>
    defineSystem({
      name: `${system.name}+${name}`,
      params: system.params,
      build: (scope) => ({ ...system.build(scope), properties: [always(name, pred)] }),
    });

  const cases: { what: string; system: System; scope: Record<string, number>; bad: (s: GlobalState) => boolean; length: number }[] = [
    { what: 'mutex, both critical', system: mutex, scope: {}, bad: (s) => s.p1.matches('critical') && s.p2.matches('critical'), length: 4 },
    { what: 'long-and-short, bad', system: longAndShort, scope: {}, bad: (s) => s.w.matches('bad'), length: 2 },
    {
      what: '2PC with an eager TM, one RM aborted and one committed',
      system: twoPhaseCommit,
      scope: { rms: 3, brokenCommit: 1 },
      bad: (s) => ['rm1', 'rm2', 'rm3'].some((a) => s[a].matches('aborted')) && ['rm1', 'rm2', 'rm3'].some((c) => s[c].matches('committed')),
      length: 3,
    },
    {
      what: 'philosophers N=6, everyone holding one fork',
      system: philosophers,
      scope: { n: 6 },
      bad: (s) => [0, 1, 2, 3, 4, 5].every((i) => s[`phil${i}`].matches('one')),
      length: 6,
    },
    {
      what: 'philosophers N=6, two philosophers eating',
      system: philosophers,
      scope: { n: 6 },
      bad: (s) => [0, 1, 2, 3, 4, 5].filter((i) => s[`phil${i}`].matches('eat')).length >= 2,
      length: 4,
    },
  ];
  for (const c of cases) {
    it(`${c.what}: the counterexample has ${c.length} steps, the reference explorer's shallowest depth`, () => {
      const sys = withInvariant(c.system, 'not-bad', (s) => !c.bad(s));
      const r = ok(check(sys, { scope: c.scope }));
      const ref = referenceExplore(sys, c.scope);
      const p = prop(r, 'not-bad');
      expect(p.verdict).toBe('violated');
      expect(ref.shallowest(c.bad)).toBe(c.length);
      expect(p.trace!.steps.length - 1).toBe(c.length);
      // The last state is bad; no earlier one is.
      const states = p.trace!.steps.map((st) => r.system.view(st.locals));
      expect(states.map(c.bad)).toEqual([...Array(c.length).fill(false), true]);
      expect(replayKey(p.trace!).split('/')).toHaveLength(c.length);
      expect(replayAll(r)).toBeGreaterThanOrEqual(1);
    });
  }
});
