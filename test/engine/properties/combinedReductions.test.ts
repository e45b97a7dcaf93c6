/**
 * The reductions together, on random systems, against the plain search: --prove (partial-order reduction,
 * symmetry and the disk at once, traces confirmed shortest), partial-order reduction under symmetry, and
 * partial-order reduction with every disk budget at one byte (each set, level and parent goes to disk at
 * once). The same verdicts; under --prove the same lengths too; a trace under --por alone is never
 * shorter than the plain one and is called shortest only when it is as short; every trace replays on
 * real actors. (por.test.ts, seenShortcut.test.ts, symmetryLiveness.test.ts, workers.test.ts and
 * diskFingerprintSet.test.ts test each reduction on its own. An audit ran these shapes on about 30,000
 * more random systems, with larger generators, and found no difference.)
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check, type CheckOptions, type CheckSuccess, type System } from '../../../src/index.ts';
import { ok, replayAll } from '../../support/replayAll.ts';
import { FC, buildSystem, systemDescArb } from './randomSystem.ts';
import { symmetricSystem } from './symmetricSystem.ts';

const disk = mkdtempSync(join(tmpdir(), 'lc-combined-'));
afterAll(() => rmSync(disk, { recursive: true, force: true }));

const checked = (r: CheckSuccess) => r.properties.filter((p) => !p.notChecked);
const lengths = (r: CheckSuccess) => checked(r).map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null]);
const verdicts = (r: CheckSuccess) => checked(r).map((p) => [p.id, p.verdict]);
const ONE_BYTE = { diskFingerprintBytes: 1, diskPorBytes: 1, diskParentsBytes: 1, diskRowsBytes: 1 };

/** Systems a test compared, and of those the ones the reduced search stored fewer states of (so the test does test a reduction). */
let compared = 0;
let reduced = 0;

/** Compares a reduced check with the plain one (safety properties); `sameLengths` where traces are confirmed shortest. */
function agrees(sys: System, options: CheckOptions, sameLengths: boolean): void {
  const plain = ok(check(sys, { safetyOnly: true, maxStates: 60_000 }));
  if (plain.status !== 'complete') return;
  const r = ok(check(sys, { safetyOnly: true, porWarmupStates: 0, ...options }));
  expect(r.status).toBe('complete');
  if (sameLengths) expect(lengths(r)).toEqual(lengths(plain));
  else {
    expect(verdicts(r)).toEqual(verdicts(plain));
    for (const p of r.properties) {
      if (!p.trace) continue;
      const shortest = plain.properties.find((x) => x.id === p.id)!.trace!.steps.length;
      expect(p.trace.steps.length).toBeGreaterThanOrEqual(shortest);
      if (p.shortest) expect(p.trace.steps.length).toBe(shortest);
    }
  }
  compared++;
  if (r.stats.distinctStates < plain.stats.distinctStates) reduced++;
  replayAll(r);
  // The run's spill directory is gone once it ends.
  expect(readdirSync(disk)).toEqual([]);
}

describe('the reductions together give the plain search\'s verdicts on random systems', () => {
  beforeEach(() => {
    compared = 0;
    reduced = 0;
  });
  afterEach(() => {
    expect(compared).toBeGreaterThan(10);
    expect(reduced).toBeGreaterThan(0);
  });

  it('--prove (no symmetry declared): the same verdicts and the same shortest lengths', () => {
    fc.assert(fc.property(systemDescArb(), (d) => agrees(buildSystem(d), { prove: true, disk }, true)), FC(0xc0b1, 40));
  });

  it('--prove on two interchangeable copies, every disk budget at one byte: the same verdicts and lengths', () => {
    fc.assert(fc.property(systemDescArb().filter((d) => d.machines.length <= 3), (d) => agrees(symmetricSystem(d), { prove: true, disk, ...ONE_BYTE }, true)), FC(0xc0b2, 25));
  });

  it('--por under --symmetry, three copies: the same verdicts, honest shortest flags', () => {
    fc.assert(fc.property(systemDescArb().filter((d) => d.machines.length <= 2), (d) => agrees(symmetricSystem(d, { copies: 3 }), { por: true, symmetry: true }, false)), FC(0xc0b3, 25));
  });

  it('--por with every disk budget at one byte: the same verdicts, honest shortest flags', () => {
    fc.assert(fc.property(systemDescArb(), (d) => agrees(buildSystem(d), { por: true, disk, ...ONE_BYTE }, false)), FC(0xc0b4, 40));
  });
});
