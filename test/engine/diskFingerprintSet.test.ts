/**
 * The fingerprint table that goes to disk past its budget (src/engine/diskFingerprintSet.ts): the same
 * answers as an in-memory set through any number of flushes, and a search that uses it finds exactly
 * what the in-memory search finds, on the DAX designs and on random systems.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compileSystem, explore } from '../../src/index.ts';
import { DiskDir } from '../../src/engine/diskDir.ts';
import { DiskFingerprintSet, sortedPairs } from '../../src/engine/diskFingerprintSet.ts';
import { PartialOrder } from '../../src/engine/por.ts';
import { pathTo } from '../../src/engine/trace.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { FC, buildSystem, systemDescArb } from './properties/randomSystem.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { philosophers } from '../../bench/models/philosophers.ts';

const root = mkdtempSync(join(tmpdir(), 'lc-diskfp-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The key an in-memory reference set uses; (0, 0) is (0, 1), as in the tables. */
const key = (hi: number, lo: number) => ((hi | lo) === 0 ? '0:1' : `${hi | 0}:${lo | 0}`);

describe('DiskFingerprintSet', () => {
  it('answers as an in-memory set through many flushes: random fingerprints, repeats, (0, 0), extremes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer()), fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer())), { maxLength: 3000 }),
        fc.integer({ min: 1, max: 4096 }),
        (fps, budget) => {
          const dir = DiskDir.open(root);
          try {
            const set = new DiskFingerprintSet(dir, budget);
            const ref = new Set<string>();
            for (const [hi, lo] of fps) {
              expect(set.has(hi, lo)).toBe(ref.has(key(hi, lo)));
              expect(set.add(hi, lo)).toBe(!ref.has(key(hi, lo)));
              ref.add(key(hi, lo));
              expect(set.has(hi, lo)).toBe(true);
            }
            expect(set.size).toBe(ref.size);
            // A second round of neighbours, after the flushes of the first.
            for (const [hi, lo] of fps) {
              const fresh = !ref.has(key(hi ^ 0x5a5a, lo));
              expect(set.add(hi ^ 0x5a5a, lo)).toBe(fresh);
              ref.add(key(hi ^ 0x5a5a, lo));
            }
            expect(set.size).toBe(ref.size);
            if (fps.length > 100 && budget < 256) expect(set.flushes).toBeGreaterThan(0);
          } finally {
            dir.close();
          }
        },
      ),
      FC(0x51d1, 80),
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('its Bloom filter spares the disk: fresh fingerprints read a page about 3% of the time', () => {
    const dir = DiskDir.open(root);
    try {
      // A xorshift stream of fingerprints (hashes, as the search's are); all of them flushed to disk.
      let x = 0x2545f491;
      const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x | 0);
      const set = new DiskFingerprintSet(dir, 1 << 16);
      for (let i = 0; i < 200_000; i++) set.add(next(), next());
      expect(set.flushes).toBeGreaterThan(10);
      const before = set.pageReads;
      let found = 0;
      for (let i = 0; i < 100_000; i++) if (set.has(next(), next())) found++;
      expect(found).toBe(0);
      const rate = (set.pageReads - before) / 100_000;
      expect(rate).toBeLessThan(0.06);
      expect(rate).toBeGreaterThan(0.005);
    } finally {
      dir.close();
    }
  });

  it('sortedPairs orders (hi, lo) as unsigned numbers and keeps every pair', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.integer()), { maxLength: 500 }), (fps) => {
        const pairs = new Int32Array(fps.flat());
        const sorted = sortedPairs(pairs.slice(), fps.length);
        const expected = fps.map(([h, l]) => [h >>> 0, l >>> 0]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect([...sorted].map((x) => x >>> 0)).toEqual(expected.flat());
      }),
      FC(0x51d2, 100),
    );
  });
});

describe('a search whose fingerprint table goes to disk', () => {
  it('finds what the in-memory search finds: states, generated, depth, levels, first violations (DAX, philosophers)', () => {
    const zombie = daxSystem(DESIGNS.find((d) => d.id === 'zombie-lease')!).system;
    for (const [sys, scope] of [[zombie, {}], [philosophers, { n: 12 }]] as const) {
      const plain = explore(compileSystem(sys, scope));
      const dir = DiskDir.open(root);
      try {
        // A 64 KiB table: flushed every 6,000 states or so.
        const spilled = explore(compileSystem(sys, scope), { spillTo: dir, diskFingerprintBytes: 1 << 16, diskRowsBytes: 1 });
        expect(spilled.distinct).toBe(plain.distinct);
        expect(spilled.generated).toBe(plain.generated);
        expect(spilled.depth).toBe(plain.depth);
        expect(spilled.levelStart).toEqual(plain.levelStart);
        expect([...spilled.found]).toEqual([...plain.found]);
        expect(spilled.diskPeakBytes).toBeGreaterThan(plain.distinct * 8 * 0.5);
      } finally {
        dir.close();
      }
    }
    expect(readdirSync(root)).toEqual([]);
  }, 300_000);

  for (const d of DESIGNS) {
    it(`${d.id}: the safety verdicts and shortest traces of the in-memory search, traces replayed`, () => {
      const system = daxSystem(d).system;
      const plain = ok(check(system, { safetyOnly: true }));
      const disk = ok(check(system, { safetyOnly: true, disk: root, diskFingerprintBytes: 1 << 20 }));
      expect(disk.stats.distinctStates).toBe(plain.stats.distinctStates);
      expect(disk.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length])).toEqual(plain.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]));
      replayAll(disk);
    }, 300_000);
  }

  it('random systems: the verdicts, counts and trace lengths of the in-memory search', () => {
    fc.assert(
      fc.property(systemDescArb(), (desc) => {
        const sys = buildSystem(desc);
        const plain = ok(check(sys, { safetyOnly: true }));
        const disk = ok(check(sys, { safetyOnly: true, disk: root, diskFingerprintBytes: 1 }));
        expect(disk.stats.distinctStates).toBe(plain.stats.distinctStates);
        expect(disk.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length])).toEqual(plain.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]));
        replayAll(disk);
      }),
      FC(0x51d3, 60),
    );
    expect(readdirSync(root)).toEqual([]);
  }, 300_000);
});

describe("partial-order reduction's sets of states on disk", () => {
  // The sets answer as in memory, so the reduced search is the same search: counts, reductions, verdicts.
  const view = (r: ReturnType<typeof ok>) => ({
    states: r.stats.distinctStates,
    levels: r.exploration.levelStart,
    por: { ...r.exploration.por },
    verdicts: r.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]),
  });

  it('random systems, attempts thinned to every other level: the search of the sets in memory', () => {
    const porThinning = { window: 1, savedPerAttempt: Infinity, maxStride: 1, maxLevelStride: 2 };
    let flushed = 0;
    fc.assert(
      fc.property(systemDescArb(), (desc) => {
        const sys = buildSystem(desc);
        const mem = ok(check(sys, { safetyOnly: true, por: true, porWarmupStates: 0, porThinning }));
        const disk = ok(check(sys, { safetyOnly: true, por: true, porWarmupStates: 0, porThinning, disk: root, diskPorBytes: 1 }));
        expect(view(disk)).toEqual(view(mem));
        if (disk.exploration.porSetFlushes) flushed++;
        replayAll(disk);
      }),
      FC(0x51d4, 60),
    );
    expect(flushed).toBeGreaterThan(3);
    expect(readdirSync(root)).toEqual([]);
  }, 300_000);

  it('the DAX designs with the most reductions, under --prove: the search of the sets in memory, the note says so', () => {
    let flushed = 0;
    for (const id of ['mainline-2019', 'zombie-lease-v1', 'blocking-close-killable']) {
      const system = daxSystem(DESIGNS.find((d) => d.id === id)!).system;
      const mem = ok(check(system, { prove: true }));
      const disk = ok(check(system, { prove: true, disk: root, diskPorBytes: 1 << 12 }));
      expect(view(disk)).toEqual(view(mem));
      replayAll(disk);
      if (disk.exploration.porSetFlushes) {
        flushed++;
        expect(disk.notes?.some((n) => /partial-order reduction's sets of states, flushed \d+ times?/.test(n))).toBe(true);
      }
    }
    expect(flushed).toBe(3);
    expect(readdirSync(root)).toEqual([]);
  }, 300_000);

  it('a full disk while one of them flushes leaves no state half recorded: each is at the level its path says', () => {
    let stopped = 0;
    for (let quota = 4096; quota < 200_000; quota = Math.ceil(quota * 1.25)) {
      const cs = compileSystem(philosophers, { n: 8 });
      const dir = DiskDir.open(root, quota);
      // Only the partial-order reduction's sets spill (each flushed at every growth).
      const ex = explore(cs, { spillTo: dir, ample: new PartialOrder(cs, 0), diskPorBytes: 1, diskFingerprintBytes: 1 << 30, diskRowsBytes: 1 << 30, diskParentsBytes: 1 << 30 });
      dir.close();
      if (ex.stopped !== 'disk-full') continue;
      stopped++;
      const ls = ex.levelStart;
      for (let s = 0, level = 0; s < ex.distinct; s++) {
        while (level + 1 < ls.length && ls[level + 1] <= s) level++;
        if (pathTo(ex, s).length !== level) expect([s, pathTo(ex, s).length]).toEqual([s, level]);
      }
    }
    expect(stopped).toBeGreaterThan(1);
    expect(readdirSync(root)).toEqual([]);
  });
});
