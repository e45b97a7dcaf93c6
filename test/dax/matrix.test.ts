import { describe, expect, it } from 'vitest';
import { check, replayTrace, type CheckSuccess } from '../../src/index.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { EXPLANATIONS } from '../../specs/dax/explanations.ts';
import { noUnkillableClose } from '../../invariants/noUnkillableClose.ts';
import { namesFor } from '../../specs/dax/names.ts';
import { defineSystem } from '../../src/index.ts';

const V = 'violated';
const H = 'holds';

/**
 * The verdict matrix we believe is right at the default scope, with the shortest counterexample length.
 * Columns: no-truncate-of-pinned, no-lease-less-pin-weak, no-lease-less-pin-one-holder,
 * no-lease-less-pin-strict, no-lease-less-pin-at-rest, no-unkillable-close, admin-can-recover,
 * rdma-on-dax-possible. The README explains every violated cell.
 *
 * Issue 17, rule fix 2: the strict column is Dave's rule for every holder of the pinning context; the
 * blocking-close designs' shortest counterexample went from 7 steps (pass the context, then close one's
 * own fd 15) to 6 (pass it before pinning, or pin and pass). The one-holder column is the old strict one,
 * unchanged.
 */
const EXPECTED: Record<string, [string, number | null][]> = {
  'mainline-2019': [[H, null], [H, null], [H, null], [H, null], [H, null], [H, null], [H, null], [V, null]],
  unprotected: [[V, 5], [V, 4], [V, 4], [V, 4], [V, 4], [H, null], [H, null], [H, 4]],
  'zombie-lease-v1': [[H, null], [V, 6], [V, 6], [V, 6], [V, 6], [H, null], [H, null], [H, 5]],
  'zombie-lease': [[H, null], [H, null], [V, 6], [V, 6], [H, null], [H, null], [H, null], [H, 5]],
  'blocking-close': [[H, null], [H, null], [V, 7], [V, 6], [H, null], [V, 8], [V, 6], [H, 5]],
  'blocking-close-killable': [[H, null], [V, 7], [V, 7], [V, 6], [V, 10], [H, null], [H, null], [H, 5]],
  'blocking-close-no-pass': [[H, null], [V, 7], [V, 7], [V, 6], [V, 10], [H, null], [H, null], [H, 5]],
};

const PROPS = [
  'no-truncate-of-pinned',
  'no-lease-less-pin-weak',
  'no-lease-less-pin-one-holder',
  'no-lease-less-pin-strict',
  'no-lease-less-pin-at-rest',
  'no-unkillable-close',
  'admin-can-recover',
  'rdma-on-dax-possible',
];

const results = new Map<string, CheckSuccess>();
function run(id: string): CheckSuccess {
  let r = results.get(id);
  if (!r) {
    const c = check(daxSystem(DESIGNS.find((d) => d.id === id)!).system);
    if (c.status === 'error') throw c.error;
    r = c;
    results.set(id, r);
  }
  return r;
}

describe('the design comparison at the default scope', () => {
  for (const design of DESIGNS) {
    it(`${design.id}: verdicts and shortest counterexample lengths as pinned, every trace replayed on real actors`, () => {
      const r = run(design.id);
      expect(r.status).toBe('complete');
      expect(r.properties.map((p) => p.id)).toEqual(PROPS);
      const got = r.properties.map((p) => [p.verdict, p.trace ? p.trace.steps.length - 1 : null]);
      expect(got).toEqual(EXPECTED[design.id]);
      for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
      // Every violated cell has its sentence in the thread's terms, and no other cell has one.
      for (const p of r.properties) {
        const key = `${design.id} / ${p.id}`;
        expect(EXPLANATIONS[key] !== undefined, key).toBe(p.verdict === 'violated');
      }
    });
  }

  // Issue 17, rule fix 1: a blocked close no longer waits for another lease's leftover pins, so the
  // killable designs lost the states in which it did (250,476 -> 244,780); the others are unchanged.
  it('distinct states per design at the default scope (the README states them)', () => {
    const counts = Object.fromEntries(DESIGNS.map((d) => [d.id, run(d.id).stats.distinctStates]));
    expect(counts).toEqual({
      'mainline-2019': 28812,
      unprotected: 1231788,
      'zombie-lease-v1': 458028,
      'zombie-lease': 177516,
      'blocking-close': 211836,
      'blocking-close-killable': 244780,
      'blocking-close-no-pass': 244780,
    });
  });
});

describe('no-unkillable-close is checked for A; by symmetry it covers every process', () => {
  for (const id of ['blocking-close', 'blocking-close-killable', 'zombie-lease']) {
    it(`${id}: the same verdict for B as for A`, () => {
      const { system } = daxSystem(DESIGNS.find((d) => d.id === id)!);
      const forB = defineSystem({
        ...system,
        build: (scope) => {
          const m = system.build(scope);
          const b = noUnkillableClose(namesFor(scope), 'B');
          return { ...m, properties: [b] };
        },
      });
      const rb = check(forB);
      if (rb.status === 'error') throw rb.error;
      const ra = run(id).properties.find((p) => p.id === 'no-unkillable-close')!;
      expect(rb.properties[0].verdict).toBe(ra.verdict);
      expect(rb.properties[0].trace?.steps.length).toBe(ra.trace?.steps.length);
    });
  }
});
