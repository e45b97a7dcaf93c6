/** Runs stopped by a limit are incomplete, say why, and never claim an unviolated property holds. */
import { describe, expect, it } from 'vitest';
import { always, check, replayKey, sometimes } from '../../src/index.ts';
import type { CheckSuccess } from '../../src/engine/check.ts';
import mutex from '../../examples/mutex.model.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { chainSystem, n } from '../fixtures/small.ts';
import { ok, prop, replayAll } from '../support/replayAll.ts';

const chain100 = chainSystem(100, {}, [
  always('below-50', (s) => n(s) < 50),
  always('not-3', (s) => n(s) !== 3),
  sometimes('reaches-90', (s) => n(s) === 90),
  sometimes('reaches-2', (s) => n(s) === 2),
]);

const verdicts = (r: CheckSuccess) => Object.fromEntries(r.properties.map((p) => [p.id, p.verdict]));

describe('maxStates', () => {
  it('stops a 101-state chain at exactly 10 distinct states: incomplete, stoppedBy max-states', () => {
    const r = ok(check(chain100, { maxStates: 10 }));
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('max-states');
    expect(r.stats.distinctStates).toBe(10);
    expect(r.stats.expanded).toBe(9);
    expect(verdicts(r)).toEqual({
      'below-50': 'incomplete', // not violated within the states seen: unknown, not holds
      'not-3': 'violated', // violated at n = 3, inside the explored part: a real counterexample
      'reaches-90': 'incomplete', // not seen: unknown, not violated
      'reaches-2': 'holds',
      'deadlock-free': 'incomplete',
    });
    expect(replayAll(r)).toBe(2);
  });

  // A run stopped mid-level (max-states, timeout) counts the states it already found one level deeper.
  it('reports as depth the deepest state it discovered (n = 9) when stopped mid-level', () => {
    const r = ok(check(chain100, { maxStates: 10 }));
    expect(replayAll(r)).toBe(2);
    expect(r.stats.depth).toBe(9);
  });

  it('a maxStates above the state space leaves the run complete', () => {
    const r = ok(check(twoPhaseCommit, { scope: { rms: 3 }, maxStates: 1000 }));
    expect(r.status).toBe('complete');
    expect(r.stoppedBy).toBeUndefined();
    expect(r.stats.distinctStates).toBe(288);
    expect(replayAll(r)).toBe(2);
  });
});

describe('maxDepth', () => {
  it('expands nothing at depth 5: a chain stops at 6 states, incomplete, stoppedBy max-depth', () => {
    const r = ok(check(chain100, { maxDepth: 5 }));
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('max-depth');
    expect(r.stats.distinctStates).toBe(6);
    expect(r.stats.depth).toBe(5);
    expect(r.stats.expanded).toBe(5);
    expect(verdicts(r)).toEqual({
      'below-50': 'incomplete',
      'not-3': 'violated',
      'reaches-90': 'incomplete',
      'reaches-2': 'holds',
      'deadlock-free': 'incomplete',
    });
    expect(replayAll(r)).toBe(2);
  });

  it('on philosophers N=5 (82 states, depth 5), maxDepth 2 keeps the states within 2 steps', () => {
    // Depth <= 2: the initial state, 5 single takeLefts, C(5,2) = 10 pairs of takeLefts, and 5 eaters.
    const r = ok(check(philosophers, { scope: { n: 5 }, maxDepth: 2 }));
    expect(r.stoppedBy).toBe('max-depth');
    expect(r.stats.distinctStates).toBe(1 + 5 + 10 + 5);
    expect(prop(r, 'neighbours-never-both-eat').verdict).toBe('incomplete');
    expect(replayAll(r)).toBe(0);
  });
});

describe('maxStates in a level of several row chunks', () => {
  it('stops philosophers N=12 at 30,000 states, mid-level past the first chunk, and every trace replays', () => {
    const r = ok(check(philosophers, { scope: { n: 12 }, maxStates: 30000 }));
    expect(r.stoppedBy).toBe('max-states');
    expect(r.stats.distinctStates).toBe(30000);
    expect(r.exploration.levelStart.at(-1)!).toBeLessThan(30000 - 4096);
    expect(replayAll(r)).toBe(0);
  });
});

describe('timeoutMs', () => {
  it('stops philosophers N=14 (228,486 states) after 1 ms: incomplete, stoppedBy timeout', () => {
    const r = ok(check(philosophers, { scope: { n: 14 }, timeoutMs: 1 }));
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('timeout');
    expect(r.stats.distinctStates).toBeLessThan(228486);
    expect(r.stats.expanded).toBeLessThan(r.stats.distinctStates);
    expect(prop(r, 'neighbours-never-both-eat').verdict).toBe('incomplete');
    expect(replayAll(r)).toBe(0);
  });

  it('a timeout past the watchdog\'s 32-bit milliseconds (about 49 days) is taken, not an internal error', () => {
    const r = ok(check(philosophers, { scope: { n: 5 }, timeoutMs: 4_294_968_000 }));
    expect(r.status).toBe('complete');
  });
});

describe('determinism', () => {
  const runs = [
    { what: 'broken mutex', go: () => ok(check(mutex)) },
    { what: '2PC with 4 RMs and an eager TM', go: () => ok(check(twoPhaseCommit, { scope: { rms: 4, brokenCommit: 1 } })) },
    {
      what: 'philosophers N=7 with deadlock checking',
      go: () => ok(check({ ...philosophers, build: (sc: Record<string, number>) => ({ ...philosophers.build(sc), checkDeadlock: true }) }, { scope: { n: 7 } })),
    },
  ];
  for (const { what, go } of runs) {
    it(`${what}: two runs give identical counts and identical traces`, () => {
      const a = go();
      const b = go();
      const summary = (r: CheckSuccess) => ({
        distinct: r.stats.distinctStates,
        generated: r.stats.statesGenerated,
        depth: r.stats.depth,
        localStates: r.stats.localStates,
        verdicts: r.properties.map((p) => [p.id, p.verdict, p.trace ? replayKey(p.trace) : null]),
      });
      expect(summary(b)).toEqual(summary(a));
      expect(a.properties.some((p) => p.trace)).toBe(true);
      expect(replayAll(a)).toBe(replayAll(b));
    });
  }

  it('the replay keys of the broken mutex are the instance indices of check p1, check p2, enter p1, enter p2', () => {
    const r = ok(check(mutex));
    expect(replayKey(prop(r, 'mutual-exclusion').trace!)).toBe('0/1/2/3');
    expect(replayKey(prop(r, 'p1-can-enter').trace!)).toBe('0/2');
    expect(replayAll(r)).toBe(2);
  });
});
