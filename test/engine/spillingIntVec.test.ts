/**
 * Parents and actions spilled to disk (src/engine/spillingIntVec.ts): the vector reads back what was
 * pushed whatever was spilled when; a checkpoint's prefix keeps its values; a full disk leaves it whole;
 * reading a spilled element after the directory is removed is an error, never a value. A search whose
 * parents go to disk gives the in-memory search's parents, actions, verdicts and traces.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compileSystem, explore } from '../../src/index.ts';
import { DiskDir } from '../../src/engine/diskDir.ts';
import { SpillingIntVec } from '../../src/engine/spillingIntVec.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { expectReadsBack } from '../support/readsBack.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { philosophers } from '../../bench/models/philosophers.ts';

const root = mkdtempSync(join(tmpdir(), 'lc-spill-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SpillingIntVec', () => {
  it('reads back every element, spilled or not, and a prefix taken earlier keeps its values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constant('spill' as const), fc.constant('prefix' as const)), { maxLength: 400 }), fc.integer({ min: 1, max: 40_000 }), (ops, burst) => {
        const dir = DiskDir.open(root);
        try {
          const v = new SpillingIntVec(16);
          const model: number[] = [];
          const prefixes: [SpillingIntVec, number[]][] = [];
          for (const op of ops) {
            if (op === 'spill') v.spill(dir, 'parents');
            else if (op === 'prefix') prefixes.push([v.prefix(v.length), model.slice()]);
            // Each number pushes a run of values, so that pages (16 Ki elements) are crossed.
            else for (let j = 0; j < (op % 7 === 0 ? burst : 3); j++) {
              v.push(op + j);
              model.push(op + j);
            }
          }
          expectReadsBack(v, model, prefixes);
        } finally {
          dir.close();
        }
      }),
      { seed: 0x5b111, numRuns: 60 },
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('a full disk leaves the vector as it was; a read after the directory is gone throws', () => {
    const dir = DiskDir.open(root, 4096);
    const v = new SpillingIntVec(16);
    for (let i = 0; i < 1000; i++) v.push(i);
    v.spill(dir, 'parents'); // 4,000 bytes: fits
    for (let i = 1000; i < 2000; i++) v.push(i);
    expect(() => v.spill(dir, 'parents')).toThrow(/quota/);
    for (let i = 0; i < 2000; i++) expect(v.get(i)).toBe(i);
    dir.close();
    expect(v.get(1999)).toBe(1999); // still in memory
    expect(() => v.get(5)).toThrow(/read after its disk directory was removed/);
  });
});

describe('a search whose parents and actions go to disk', () => {
  const zombie = daxSystem(DESIGNS.find((d) => d.id === 'zombie-lease')!).system;

  it('has the in-memory search\'s parents, actions, levels and first violations', () => {
    for (const [sys, scope] of [[zombie, {}], [philosophers, { n: 12 }]] as const) {
      const plain = explore(compileSystem(sys, scope));
      const dir = DiskDir.open(root);
      try {
        // Every state's parent goes to disk at the next check of the limits.
        const spilled = explore(compileSystem(sys, scope), { spillTo: dir, diskParentsBytes: 1 });
        expect(spilled.parentsOnDisk).toBeGreaterThan(spilled.distinct / 2);
        expect(spilled.distinct).toBe(plain.distinct);
        expect(spilled.levelStart).toEqual(plain.levelStart);
        expect([...spilled.found]).toEqual([...plain.found]);
        for (let i = 0; i < plain.distinct; i++) {
          if (spilled.parent.get(i) !== plain.parent.get(i) || spilled.via.get(i) !== plain.via.get(i)) {
            expect([i, spilled.parent.get(i), spilled.via.get(i)]).toEqual([i, plain.parent.get(i), plain.via.get(i)]);
          }
        }
      } finally {
        dir.close();
      }
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('check() builds its traces from the parents on disk, before it removes them', () => {
    const plain = ok(check(zombie, { safetyOnly: true }));
    const r = ok(check(zombie, { safetyOnly: true, disk: root, diskParentsBytes: 1 }));
    expect(r.exploration.parentsOnDisk).toBeGreaterThan(r.stats.distinctStates / 2);
    expect(r.properties.map((p) => [p.verdict, p.trace?.steps.map((s) => s.action)])).toEqual(plain.properties.map((p) => [p.verdict, p.trace?.steps.map((s) => s.action)]));
    replayAll(r);
    expect(readdirSync(root)).toEqual([]);
  });

  for (const design of DESIGNS) {
    it(`${design.id} under --prove: the verdicts and traces of the run in memory, replayed; the note says so; nothing left`, () => {
      const system = daxSystem(design).system;
      const plain = ok(check(system, { safetyOnly: true }));
      const r = ok(check(system, { prove: true, disk: root, diskParentsBytes: 1 }));
      const safety = (x: typeof r) => x.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes').map((p) => [p.id, p.verdict, p.trace?.steps.length]);
      expect(safety(r)).toEqual(safety(plain));
      replayAll(r);
      expect(r.exploration.parentsOnDisk).toBeGreaterThan(0);
      expect(r.notes?.some((n) => /the parent and action of the first [\d,]+ states/.test(n))).toBe(true);
      expect(readdirSync(root)).toEqual([]);
    }, 60_000);
  }
});
