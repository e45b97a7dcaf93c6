/**
 * The seen-set shortcut under symmetry (Successors.seen): a successor whose own fingerprint is in the
 * seen set is a stored canonical state, so a duplicate, and its canonical form is not computed. It must
 * leave the search as it was: the same states in the same order, with the same parents and actions,
 * the same counts and verdicts, on every DAX design, at larger scopes, on random symmetric systems, with
 * a state graph (liveness), with the table on disk, and on worker threads.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileSystem, explore, type Exploration, type ExploreOptions, type System } from '../../src/index.ts';
import { Symmetry } from '../../src/engine/symmetry.ts';
import { DiskDir } from '../../src/engine/diskDir.ts';
import { exploreParallel } from '../../src/engine/workers/parallel.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { FC, systemDescArb } from './properties/randomSystem.ts';
import { symmetricSystem } from './properties/symmetricSystem.ts';
import { tmpdir } from 'node:os';

function both(system: System, scope: Record<string, number>, more: ExploreOptions = {}): { on: Exploration; off: Exploration } {
  const run = (seenShortcut: boolean) => {
    const cs = compileSystem(system, scope);
    return explore(cs, { reduceBy: new Symmetry(cs, cs.symmetry!), seenShortcut, ...more });
  };
  return { on: run(true), off: run(false) };
}

/** Everything the search decided, in its order. */
function sameSearch(on: Exploration, off: Exploration): void {
  expect(off.extraLookups).toBe(0);
  expect([on.distinct, on.generated, on.depth, on.expanded, on.deadlock, on.stopped]).toEqual([off.distinct, off.generated, off.depth, off.expanded, off.deadlock, off.stopped]);
  expect(on.levelStart).toEqual(off.levelStart);
  expect([...on.found]).toEqual([...off.found]);
  expect(Array.from(on.parent.data.subarray(0, on.distinct))).toEqual(Array.from(off.parent.data.subarray(0, off.distinct)));
  expect(Array.from({ length: on.distinct }, (_, i) => on.via.get(i))).toEqual(Array.from({ length: off.distinct }, (_, i) => off.via.get(i)));
  expect(Array.from(on.fired)).toEqual(Array.from(off.fired));
  expect(Array.from(on.firedNew)).toEqual(Array.from(off.firedNew));
  // Some successors were spared: fewer second lookups than generated successors.
  if (on.generated > 100) expect(on.extraLookups!).toBeLessThan(on.generated);
}

const design = (id: string) => daxSystem(DESIGNS.find((d) => d.id === id)!).system;

describe('the seen-set shortcut gives the same search', () => {
  it.each(DESIGNS.map((d) => d.id))('%s at the default scope (processes, files and MR slots exchanged)', (id) => {
    const { on, off } = both(design(id), {});
    sameSearch(on, off);
  }, 120_000);

  it('zombie-lease at three processes and at two files (the first 40,000 orbits)', () => {
    for (const scope of [{ processes: 3 }, { files: 2 }] as Record<string, number>[]) {
      const { on, off } = both(design('zombie-lease'), scope, { maxStates: 40_000 });
      sameSearch(on, off);
    }
  }, 120_000);

  it('with a state graph (the seen set with state indices), and with the table on disk', () => {
    const g = both(design('blocking-close'), {}, { recordGraph: true });
    sameSearch(g.on, g.off);
    expect(Array.from(g.on.graph!.targets.data.subarray(0, g.on.graph!.targets.length))).toEqual(Array.from(g.off.graph!.targets.data.subarray(0, g.off.graph!.targets.length)));
    const dirs: DiskDir[] = [];
    const spill = () => {
      const d = DiskDir.open(tmpdir());
      dirs.push(d);
      return d;
    };
    const run = (seenShortcut: boolean) => {
      const cs = compileSystem(design('zombie-lease'), {});
      return explore(cs, { reduceBy: new Symmetry(cs, cs.symmetry!), seenShortcut, spillTo: spill(), diskFingerprintBytes: 1 << 16 });
    };
    try {
      const on = run(true);
      expect(on.fingerprintFlushes).toBeGreaterThan(0);
      sameSearch(on, run(false));
    } finally {
      for (const d of dirs) d.close();
    }
  }, 120_000);

  it('random systems of three interchangeable copies (fast-check)', () => {
    fc.assert(
      fc.property(systemDescArb().filter((d) => d.machines.length <= 2), (d) => {
        const { on, off } = both(symmetricSystem(d, { copies: 3 }), {}, { maxStates: 50_000 });
        sameSearch(on, off);
      }),
      FC(0x5ee9, 60),
    );
  }, 120_000);

  it('on two worker threads: the orbits, counts and shortest depths of one thread without it', async () => {
    for (const id of ['blocking-close', 'zombie-lease']) {
      const system = design(id);
      const cs = compileSystem(system, {});
      const par = await exploreParallel(cs, { workers: 2, reduceBy: new Symmetry(cs, cs.symmetry!), origin: cs.origin!, scope: { ...cs.scope }, safetyOnly: true });
      const { off } = both(system, {});
      expect(par.extraLookups!).toBeLessThan(par.generated);
      expect([par.distinct, par.generated, par.depth, par.deadlock, par.levelStart]).toEqual([off.distinct, off.generated, off.depth, off.deadlock, off.levelStart]);
      expect([...par.found.keys()].sort()).toEqual([...off.found.keys()].sort());
      for (const [name, at] of par.found) expect(depthOf(par, at)).toBe(depthOf(off, off.found.get(name)!));
    }
  }, 120_000);
});

/** The BFS depth of state index s. */
const depthOf = (ex: Exploration, s: number) => ex.levelStart.filter((start) => start <= s).length - 1;
