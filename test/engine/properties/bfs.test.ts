/**
 * Property tests of the search on random small systems (see randomSystem.ts): the checker's BFS against
 * the naive reference explorer (test/support/reference.ts).
 *  (a) the same distinct states (count, and each state's BFS depth by content), generated count, depth;
 *  (b) every counterexample (and witness) is a shortest one: its length is the reference's BFS depth of
 *      the shallowest violating (witnessing, deadlocked) state, it ends in such a state, and it replays
 *      on real XState actors.
 * Fixed seeds: every run tries the same systems; a failure prints the shrunk system description.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/index.ts';
import { engineDepths, referenceExplore } from '../../support/reference.ts';
import { ok, replayAll } from '../../support/replayAll.ts';
import { FC, buildSystem, predicateOf, systemDescArb } from './randomSystem.ts';

describe('BFS on random systems', () => {
  it('(a) finds exactly the reference explorer\'s states, at the same depths, with the same counts', () => {
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        const sys = buildSystem(d);
        const r = ok(check(sys));
        const ref = referenceExplore(sys);
        expect(r.status).toBe('complete');
        expect(r.stats.distinctStates).toBe(ref.distinct);
        expect(r.stats.statesGenerated).toBe(ref.generated);
        expect(r.stats.depth).toBe(ref.depth);
        // Same states by content, each at its BFS depth (a wrong parent or a skipped state shows here).
        expect(engineDepths(r)).toEqual(ref.depthOf);
      }),
      FC(0x5eed01, 300),
    );
  });

  it('(b) reports shortest counterexamples and witnesses, ending where they should, replayable on real actors', () => {
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        const sys = buildSystem(d);
        const r = ok(check(sys));
        const ref = referenceExplore(sys);
        for (const p of r.properties) {
          if (p.kind === 'always' || p.kind === 'sometimes') {
            const pred = predicateOf(d, p.id);
            const target = p.kind === 'always' ? (s: Parameters<typeof pred>[0]) => !pred(s) : pred;
            const shallowest = ref.shallowest(target);
            const found = p.kind === 'always' ? p.verdict === 'violated' : p.verdict === 'holds';
            expect(found, `${p.id}: found by BFS iff reachable (reference depth ${shallowest})`).toBe(shallowest >= 0);
            if (!found) continue;
            const steps = p.trace!.steps;
            expect(steps.length - 1, `${p.id}: trace length`).toBe(shallowest);
            expect(target(r.system.view(steps[steps.length - 1].locals)), `${p.id}: the trace ends in a target state`).toBe(true);
          } else if (p.kind === 'deadlock') {
            const stuck = ref.stuck.filter((st) => !r.system.terminal(ref.view(st)));
            const depth = stuck.length ? Math.min(...stuck.map((st) => st.depth)) : -1;
            expect(p.verdict).toBe(depth >= 0 ? 'violated' : 'holds');
            if (depth >= 0) expect(p.trace!.steps.length - 1, 'deadlock trace length').toBe(depth);
          }
        }
        replayAll(r);
      }),
      FC(0x5eed02, 300),
    );
  });
});
