/**
 * State numbers past 2^31 (src/engine/stateIndex.ts): parents are kept modulo 2^32 and read back whole.
 * The arithmetic is checked over the whole range of numbers; the searches run with a small span (a test
 * option) so that their parents wrap around many times, and must give the verdicts and traces of the
 * plain search, replayed on real actors, or stop with `state-limit` when a state would be too far from
 * its parent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, compileSystem, explore } from '../../src/index.ts';
import { ParentVec, SPAN, decodeIndex } from '../../src/engine/stateIndex.ts';
import { fingerprintHi, fingerprintLo } from '../../src/engine/fingerprint.ts';
import type { Exploration } from '../../src/engine/explore.ts';
import type { System } from '../../src/spec/system.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { peterson } from '../../bench/models/peterson.ts';

const design = (id: string) => daxSystem(DESIGNS.find((d) => d.id === id)!).system;

/**
 * Whether every state's parent path leads to a different state: each state is rebuilt by replaying the
 * actions from the initial state to it (on a compilation of its own), and the fingerprints must all differ.
 * A wrong parent anywhere makes a path that ends at another state's, or that cannot be taken.
 */
function everyPathDistinct(sys: System, scope: Record<string, number>, ex: Exploration): boolean {
  const cs = compileSystem(sys, scope);
  const k = cs.actorNames.length;
  const seen = new Set<string>();
  const row = new Int32Array(k);
  for (let i = 0; i < ex.distinct; i++) {
    const path: number[] = [];
    for (let s = i; ex.parent.get(s) >= 0; s = ex.parent.get(s)) path.push(ex.via.get(s));
    row.set(cs.initial);
    for (let j = path.length - 1; j >= 0; j--) {
      const inst = cs.instances[path[j]];
      for (let a = 0; a < inst.actors.length; a++) {
        const nx = cs.tables[inst.actors[a]].next(row[inst.actors[a]], inst.events[a]);
        if (nx < 0) return false;
        row[inst.actors[a]] = nx;
      }
    }
    seen.add(`${fingerprintHi(row, 0, k)},${fingerprintLo(row, 0, k)}`);
  }
  return seen.size === ex.distinct;
}

describe('decodeIndex', () => {
  it('gives back any state number up to 2^52 from its low 32 bits, as an Int32Array stores them', () => {
    const slot = new Int32Array(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: SPAN - 1 }), (child, back) => {
        const parent = Math.max(-1, child - back);
        slot[0] = parent;
        expect(decodeIndex(slot[0], child)).toBe(parent);
      }),
      { seed: 0x1d3, numRuns: 2000 },
    );
    // The edges: the initial state's -1, and parents around 2^31 and 2^32.
    for (const [parent, child] of [[-1, 0], [2 ** 31 - 1, 2 ** 31], [2 ** 31, 2 ** 31 + 5], [2 ** 32 - 1, 2 ** 32], [2 ** 32, 2 ** 33 - 2], [2 ** 40, 2 ** 40 + SPAN - 1]]) {
      slot[0] = parent;
      expect(decodeIndex(slot[0], child)).toBe(parent);
    }
  });

  it('in a ParentVec of a small span, as in a search whose parents wrap around', () => {
    const v = new ParentVec(16, 1 << 6);
    const parents = [-1];
    v.push(-1);
    for (let i = 1; i < 1000; i++) {
      const p = i - 1 - ((i * 7919) % 40);
      parents.push(Math.max(0, p));
      v.push(Math.max(0, p));
    }
    for (let i = 0; i < 1000; i++) expect(v.get(i)).toBe(parents[i]);
    const early = v.prefix(500);
    expect(early).toBeInstanceOf(ParentVec);
    for (let i = 0; i < 500; i++) expect(early.get(i)).toBe(parents[i]);
  });
});

describe('a search whose parents wrap around', () => {
  for (const [name, sys, scope, span] of [
    ['peterson n=3', peterson, { n: 3 }, 1 << 7],
    ['mainline-2019', design('mainline-2019'), {}, 1 << 13],
    ['zombie-lease', design('zombie-lease'), {}, 1 << 15],
  ] as const) {
    it(`${name} (span ${span}): every parent of the plain search, and its verdicts and traces, replayed`, () => {
      const plain = explore(compileSystem(sys, scope));
      const wrapped = explore(compileSystem(sys, scope), { parentSpan: span });
      expect(plain.distinct).toBeGreaterThan(3 * span);
      expect(wrapped.stopped).toBeNull();
      expect(wrapped.distinct).toBe(plain.distinct);
      for (let i = 0; i < plain.distinct; i++) if (wrapped.parent.get(i) !== plain.parent.get(i)) expect([i, wrapped.parent.get(i)]).toEqual([i, plain.parent.get(i)]);
      const a = ok(check(sys, { scope, parentSpan: span }));
      const b = ok(check(sys, { scope }));
      const view = (r: typeof a) => r.properties.map((p) => [p.id, p.verdict, p.trace?.steps.map((s) => s.action?.label)]);
      expect(view(a)).toEqual(view(b));
      replayAll(a);
    }, 60_000);
  }

  it('under --prove (partial-order reduction, symmetry, repairs from the log of reduced states)', () => {
    // Spans at which these complete, with repairs (of states past the span) forced every half span.
    for (const [id, span] of [['blocking-close-killable', 1 << 14], ['zombie-lease-v1', 1 << 15]] as const) {
      const sys = design(id);
      const a = ok(check(sys, { prove: true, parentSpan: span }));
      const b = ok(check(sys, { safetyOnly: true }));
      expect(a.status).toBe('complete');
      expect(a.stats.distinctStates).toBeGreaterThan(4 * span);
      expect(a.exploration.por!.spanRepairs).toBeGreaterThan(50);
      const view = (r: typeof a) => r.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes').map((p) => [p.id, p.verdict, p.trace?.steps.length]);
      expect(view(a)).toEqual(view(b));
      replayAll(a);
    }
  }, 120_000);

  it('under --por with repairs: every state\'s path still leads to it', () => {
    for (const [id, span] of [['blocking-close-killable', 1 << 16], ['zombie-lease-v1', 1 << 16]] as const) {
      const sys = design(id);
      const r = ok(check(sys, { safetyOnly: true, por: true, parentSpan: span }));
      expect(r.status).toBe('complete');
      expect(r.stats.distinctStates).toBeGreaterThan(3 * span);
      expect(r.exploration.por!.repairs).toBeGreaterThan(0);
      expect(everyPathDistinct(sys, {}, r.exploration)).toBe(true);
    }
  }, 120_000);

  it('stops with state-limit, incomplete, where a state would be a span or more after its parent', () => {
    const r = ok(check(design('zombie-lease'), { safetyOnly: true, parentSpan: 1 << 14 }));
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('state-limit');
    expect(everyPathDistinct(design('zombie-lease'), {}, r.exploration)).toBe(true);
    replayAll(r);
  });
});
