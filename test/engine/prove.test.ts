/**
 * `prove` (CheckOptions.prove, CLI --prove): partial-order reduction, symmetry over every declared
 * group, safety only, the disk, and counterexamples confirmed shortest, against the plain search on
 * every DAX design (one MR slot, as in symmetry.test.ts, to keep the suite fast), every trace replayed.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from '../../src/index.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { runDirPrefix } from '../../src/engine/diskDir.ts';

const mine = () => readdirSync(tmpdir()).filter((f) => f.startsWith(runDirPrefix(process.pid)));

describe('prove on the DAX model: the plain search\'s safety verdicts and shortest lengths', () => {
  for (const design of DESIGNS) {
    it(`${design.id}: same verdicts, lengths confirmed shortest, fewer states, traces replayed, no file left`, () => {
      const { system } = daxSystem(design);
      const scope = { mrs: 1 };
      const plain = ok(check(system, { safetyOnly: true, scope }));
      const proved = ok(check(system, { prove: true, scope, porWarmupStates: 500 }));
      expect(proved.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length])).toEqual(plain.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]));
      for (const p of proved.properties) if (p.trace) expect(p.shortest).toBe(true);
      expect(proved.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
      replayAll(proved);
      expect(mine()).toEqual([]);
    }, 60_000);
  }

  it('says which properties it leaves to the plain search, and that it reduces by the declared groups', () => {
    const r = ok(check(daxSystem(DESIGNS[0]).system, { prove: true, scope: { mrs: 1 } }));
    expect(r.properties.find((p) => p.id === 'no-unkillable-close')!.explanation).toEqual(['not checked: safety properties only (--prove)']);
    expect(r.notes?.some((n) => n.startsWith('partial-order reduction:'))).toBe(true);
  });

  it('with workers: on the threads, without partial-order reduction and the disk (a note says so), the same verdicts', async () => {
    const design = DESIGNS.find((d) => d.id === 'blocking-close')!;
    const { system } = daxSystem(design);
    const one = ok(check(system, { prove: true, scope: { mrs: 1 } }));
    const notes: string[] = [];
    const two = ok(await checkAsync(system, { prove: true, scope: { mrs: 1 }, workers: 2, onNote: (n) => notes.push(n) }));
    expect(notes).toContain('prove on 2 threads: without partial-order reduction and without spilling to disk, which run on one thread (leave out --workers for them)');
    expect(two.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length])).toEqual(one.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]));
    for (const p of two.properties) if (p.trace) expect(p.shortest).toBe(true);
    expect(two.exploration.por).toBeUndefined();
    replayAll(two);
  });
});
