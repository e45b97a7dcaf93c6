/**
 * (c) Whatever check() offers to do less work must not change what it reports. On random small systems,
 * each option below is compared with a plain check(): same status, same verdict for every property, same
 * counterexample / witness lengths (and, for options that do not merge states, the same state counts).
 *
 * Here: the options that must change nothing at all (limits set high, the async driver, checkCompiled()
 * on warm memo tables). The reductions proper, which merge or leave out states, are compared with the
 * plain search in por.test.ts, seenShortcut.test.ts (symmetry), symmetryLiveness.test.ts,
 * workers.test.ts, diskFingerprintSet.test.ts and combinedReductions.test.ts (all of them together).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkAsync, checkCompiled, compileSystem, type CheckOptions, type CheckSuccess, type System } from '../../../src/index.ts';
import { ok } from '../../support/replayAll.ts';
import { FC, buildSystem, systemDescArb } from './randomSystem.ts';

interface Variant {
  name: string;
  run: (sys: System) => Promise<CheckSuccess>;
  /** A reduction that merges states (symmetry) reports fewer; the others must report the same counts. */
  mergesStates: boolean;
}

const withOptions = (name: string, options: CheckOptions): Variant => ({ name, run: async (sys) => ok(check(sys, options)), mergesStates: false });

const VARIANTS: Variant[] = [
  withOptions('maxDepth: large', { maxDepth: 1_000_000 }),
  withOptions('maxStates: large', { maxStates: 1e9 }),
  withOptions('timeoutMs: large', { timeoutMs: 1e9 }),
  withOptions('maxMemoryBytes: large', { maxMemoryBytes: 2 ** 50 }),
  { name: 'checkAsync', run: async (sys) => ok(await checkAsync(sys)), mergesStates: false },
  {
    name: 'checkCompiled on warm memo tables',
    run: async (sys) => {
      const cs = compileSystem(sys);
      checkCompiled(cs);
      return checkCompiled(cs);
    },
    mergesStates: false,
  },
];

function summary(r: CheckSuccess, counts: boolean) {
  return {
    status: r.status,
    properties: r.properties.map((p) => ({ id: p.id, verdict: p.verdict, length: p.trace ? p.trace.steps.length - 1 : null })),
    ...(counts ? { distinct: r.stats.distinctStates, generated: r.stats.statesGenerated, depth: r.stats.depth } : {}),
  };
}

describe('reductions and drivers give the verdicts of a plain check()', () => {
  it.each(VARIANTS)('$name', async (variant) => {
    await fc.assert(
      fc.asyncProperty(systemDescArb(), async (d) => {
        const sys = buildSystem(d);
        const plain = ok(check(sys));
        const other = await variant.run(sys);
        expect(summary(other, !variant.mergesStates)).toEqual(summary(plain, !variant.mergesStates));
      }),
      FC(0x5eed03, 40),
    );
  });
});
