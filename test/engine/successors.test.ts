/**
 * The successor kernel (src/engine/successors.ts) computes most successors' fingerprints without
 * applying the step on the row, and applies it in place (then undoes it) only when something reads the
 * successor: a state constraint, symmetry, or an actor taking two events in one instance. Both ways
 * must give the same search, state for state: a constraint that keeps everything forces the in-place
 * way on every instance, and the two explorations must agree on every parent and action, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSystem } from '../../src/engine/compile.ts';
import { explore, type Exploration } from '../../src/engine/explore.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { FC, buildSystem, systemDescArb } from './properties/randomSystem.ts';
import type { System } from '../../src/index.ts';

/** The exploration as it is, and with a constraint that keeps every state (the in-place way). */
function bothWays(sys: System, scope: Record<string, number> = {}): [Exploration, Exploration] {
  const fast = explore(compileSystem(sys, scope));
  const cs = compileSystem(sys, scope);
  const inPlace = explore({ ...cs, constraint: () => true });
  return [fast, inPlace];
}

function expectSameSearch(a: Exploration, b: Exploration): void {
  expect(a.distinct).toBe(b.distinct);
  expect(a.generated).toBe(b.generated);
  expect(a.levelStart).toEqual(b.levelStart);
  expect(Array.from(a.parent.data.subarray(0, a.distinct))).toEqual(Array.from(b.parent.data.subarray(0, b.distinct)));
  expect(Array.from({ length: a.distinct }, (_, i) => a.via.get(i))).toEqual(Array.from({ length: b.distinct }, (_, i) => b.via.get(i)));
  expect([...a.found]).toEqual([...b.found]);
  expect(Array.from(a.fired)).toEqual(Array.from(b.fired));
}

describe('successor kernel: the fast way and the in-place way give the same search', () => {
  it('dining philosophers N=6 (every instance takes the fast way without the constraint)', () => {
    const [fast, inPlace] = bothWays(philosophers, { n: 6 });
    expect(fast.distinct).toBe(198); // trace(M^6), see golden.test.ts
    expectSameSearch(fast, inPlace);
  });

  it('random systems (some actors take two events in one action), state for state', () => {
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        const [fast, inPlace] = bothWays(buildSystem({ ...d, constraintSum: null }));
        expectSameSearch(fast, inPlace);
      }),
      FC(20261122, 60),
    );
  });
});
