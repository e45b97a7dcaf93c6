/**
 * (d) Simulation is sound: on random small systems it never reports a violation (or witness, or deadlock)
 * that BFS says is impossible, every trace it reports ends in a violating (witnessing) state, replays on
 * real actors (simulate() replays every trace it returns), and is no shorter than BFS's shortest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, compileSystem } from '../../../src/index.ts';
import { simulate } from '../../../src/sim/simulate.ts';
import { ok } from '../../support/replayAll.ts';
import { FC, buildSystem, predicateOf, systemDescArb } from './randomSystem.ts';

describe('simulation against BFS on random systems', () => {
  it('(d) never finds what BFS says cannot happen; its traces are real and no shorter than the shortest', () => {
    let found = 0;
    fc.assert(
      fc.property(systemDescArb(), fc.nat(), (d, seed) => {
        const sys = buildSystem(d);
        const bfs = ok(check(sys));
        const sim = simulate(compileSystem(sys), { runs: 60, depth: 20, seed });
        for (const p of sim.properties) {
          const q = bfs.properties.find((x) => x.id === p.id)!;
          if (p.verdict === 'not-found') continue;
          found++;
          // BFS: an always/deadlock is violated, a sometimes holds (has a witness).
          expect(q.verdict, `${p.id}: simulation says ${p.verdict}`).toBe(p.kind === 'sometimes' ? 'holds' : 'violated');
          expect(p.shrunkLength).toBe(p.trace!.steps.length - 1);
          expect(p.shrunkLength!, `${p.id}: no shorter than BFS's shortest`).toBeGreaterThanOrEqual(q.trace!.steps.length - 1);
          expect(p.shrunkLength!).toBeLessThanOrEqual(p.originalLength!);
          const last = sim.system.view(p.trace!.steps.at(-1)!.locals);
          if (p.kind === 'always') expect(predicateOf(d, p.id)(last)).toBe(false);
          if (p.kind === 'sometimes') expect(predicateOf(d, p.id)(last)).toBe(true);
        }
      }),
      FC(0x5eed04, 150),
    );
    // The generator must give simulation something to find, or this test proves nothing.
    expect(found).toBeGreaterThan(50);
  });
});
