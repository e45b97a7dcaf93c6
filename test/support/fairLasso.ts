/**
 * An independent check of a liveness counterexample, on concrete states: the lasso comes back to its
 * loop state, some state at or before the loop has the premise (eventually: the initial state) and the
 * goal holds nowhere from there on, and its cycle respects every fairness
 * group the property assumes (weak: taken on the cycle or disabled at one of its states; strong: taken
 * or disabled at all of them), enabledness computed from the states themselves, not from any graph.
 */
import { expect } from 'vitest';
import type { CheckSuccess, PropertyResult } from '../../src/engine/check.ts';
import { successorOf } from '../../src/engine/concreteTrace.ts';
import { fairnessGroupsOf, restrictGroups } from '../../src/engine/liveness/fairness.ts';

export function expectFairLasso(r: CheckSuccess, result: PropertyResult): void {
  const cs = r.system;
  const p = cs.properties.find((x) => x.name === result.id);
  if (!p || (p.kind !== 'leadsTo' && p.kind !== 'eventually')) throw new Error(`${result.id} is not a leads-to or eventually property`);
  const t = result.trace!;
  const loop = t.loop!;
  const last = t.steps.length - 1;
  const at = (i: number) => t.steps[i].locals;
  expect(Array.from(at(last))).toEqual(Array.from(at(loop)));
  // Some state where the premise holds (eventually: the first) after which the goal never holds.
  const goal = t.steps.map((_, i) => p.goal(cs.view(at(i))));
  const premise = (i: number) => (p.kind === 'eventually' ? i === 0 : p.premise(cs.view(at(i))));
  const start = t.steps.findIndex((_, i) => premise(i) && goal.every((g, j) => j < i || !g));
  expect(start, `no step of ${result.id}'s lasso has the premise with the goal never holding after it`).toBeGreaterThanOrEqual(0);
  expect(start).toBeLessThanOrEqual(loop);
  const groups = restrictGroups(fairnessGroupsOf(cs), p.fairness);
  const members = Array.from({ length: groups.count }, (_, g) => cs.instances.filter((inst) => groups.groupOf[inst.id] === g).map((inst) => inst.id));
  const cycle = loop === last ? [loop] : Array.from({ length: last - loop }, (_, k) => loop + k);
  for (let g = 0; g < groups.count; g++) {
    const taken = t.steps.slice(loop + 1).some((s) => groups.groupOf[s.action!.instance] === g);
    const enabled = cycle.map((i) => members[g].some((u) => successorOf(cs, at(i), u) !== null));
    const fair = taken || (groups.kind[g] === 'weak' ? enabled.some((e) => !e) : enabled.every((e) => !e));
    expect(fair, `the cycle of ${result.id} violates ${groups.kind[g]} fairness of ${groups.label[g]}`).toBe(true);
  }
}
