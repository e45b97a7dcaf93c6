/**
 * Symmetry with liveness properties (liveSymmetry.ts, concreteTrace.ts): a property that says which
 * members it tells apart (`fixes`) is checked on the quotient by the permutations that fix them. The
 * verdicts must be the plain search's, every counterexample a real, fair lasso on concrete actors.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { check, checkAsync, defineSystem, eventually, joint, type CheckOptions, type CheckSuccess, type GlobalState, type System } from '../../src/index.ts';
import { liveMutex, type LiveMutexOptions } from '../fixtures/liveMutex.ts';
import { tokenRing } from '../fixtures/tokenRing.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { expectFairLasso } from '../support/fairLasso.ts';
import { FC, systemDescArb } from './properties/randomSystem.ts';
import { symmetricSystem } from './properties/symmetricSystem.ts';

/**
 * Three counters; a process may give up one short of K once another has reached K (nobody fair about
 * it). p0-finishes names p0 but declares `fixes: []`: wrong on purpose. Its goal differs from its
 * swapped image only where some counter is at K, deep in the search (found by review).
 */
function deepAsymmetry(K: number): System {
  const counter = setup({
    types: { context: {} as { n: number }, events: {} as { type: 'INC' } | { type: 'FREEZE' } },
    guards: { below: ({ context }) => context.n < K },
  }).createMachine({
    id: 'c',
    context: { n: 0 },
    initial: 'run',
    states: { run: { on: { INC: { guard: 'below', actions: assign({ n: ({ context }) => context.n + 1 }) }, FREEZE: 'frozen' } }, frozen: {} },
  });
  const ps = ['p0', 'p1', 'p2'];
  const n = (s: GlobalState, p: string) => (s[p]!.context as { n: number }).n;
  return defineSystem({
    name: 'deep-asymmetry',
    build: () => ({
      actors: Object.fromEntries(ps.map((p) => [p, { machine: counter }])),
      actions: [
        joint({ name: 'inc', params: { p: ps }, steps: ({ p }) => ({ actor: p, event: { type: 'INC' } }), fairness: 'weak', fairnessGroup: () => 'inc' }),
        joint({ name: 'giveUp', params: { p: ps }, guard: (s, { p }) => n(s, p) === K - 1 && ps.some((q) => n(s, q) === K), steps: ({ p }) => ({ actor: p, event: { type: 'FREEZE' } }) }),
      ],
      properties: [eventually('p0-finishes', (s) => n(s, 'p0') === K, { fixes: [] })],
      checkDeadlock: false,
      symmetry: { processes: ps.map((p) => [p]) },
    }),
  });
}

const verdicts = (r: CheckSuccess) => r.properties.map((p) => [p.id, p.verdict]);
const shapes = (r: CheckSuccess) => r.properties.map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null, p.trace?.loop ?? null]);

/** Replays every trace on real actors and checks every liveness counterexample is a fair lasso. */
function expectRealTraces(r: CheckSuccess): void {
  replayAll(r);
  for (const p of r.properties) if (p.trace && (p.kind === 'leadsTo' || p.kind === 'eventually')) expectFairLasso(r, p);
}

function both(system: System, options: CheckOptions = {}) {
  const plain = ok(check(system, options));
  const notes: string[] = [];
  const sym = ok(check(system, { ...options, symmetry: true, onNote: (n) => notes.push(n) }));
  expectRealTraces(plain);
  expectRealTraces(sym);
  return { plain, sym, notes };
}

describe('symmetry with liveness properties that say what they fix', () => {
  const cases: [string, LiveMutexOptions][] = [
    ['weak fairness of p0 (p0 starves while the others take turns)', {}],
    ['strong fairness of p0', { fairness: 'strong' }],
    ['per-instance fairness groups', { groups: 'perInstance' }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}: the plain search's verdicts, lengths and loops on fewer states, at 3 and 4 processes`, () => {
      for (const n of [3, 4]) {
        const { plain, sym, notes } = both(liveMutex(opts), { scope: { n } });
        expect(shapes(sym)).toEqual(shapes(plain));
        expect(sym.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
        expect(notes).toHaveLength(1);
        expect(notes[0]).toContain(`symmetry with liveness: p0-enters tells apart p0, so only the other members are exchanged (processes ${Array.from({ length: n - 1 }, (_, i) => `p${i + 1}`).join(', ')}); the liveness predicates are spot-checked`);
      }
    });
  }

  it('a canonical cycle that is not a concrete one is walked until it comes back: p1 -> p2 -> p1 from a self-loop', () => {
    for (const n of [3, 4]) {
      const { plain, sym } = both(tokenRing(), { scope: { n } });
      expect(sym.stats.distinctStates).toBe(2);
      expect(shapes(sym)).toEqual(shapes(plain));
      const t = sym.properties[0].trace!;
      expect(t.steps.slice(1).map((s) => s.action!.label)).toEqual(['pass(pq=p1>p2)', 'pass(pq=p2>p1)']);
      expect(sym.properties[0].explanation).toContain('steps 1-2 repeat forever and come back to the state of step 0');
    }
  });

  it('a liveness property without fixes turns symmetry off, with a note', () => {
    const { plain, sym, notes } = both(liveMutex({ fixes: 'omit' }), { scope: { n: 3 } });
    expect(sym.stats.distinctStates).toBe(plain.stats.distinctStates);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^symmetry turned off: p0-enters is a liveness property that does not say which members it tells apart/);
  });

  it('LC028 when the fairness the property assumes is not mapped onto itself by a swap', () => {
    const r = check(liveMutex({ fixes: 'none' }), { scope: { n: 3 }, symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') {
      expect(r.error.line()).toBe('error LC028: symmetry: property p0-enters tells processes p0 and p1 apart: "try(p=p0)" is in fairness group proc(p0) but its image "try(p=p1)" is not assumed fair (list the actors it names in its fixes)');
    }
  });

  it('LC028 when a predicate tells swapped members apart (spot-checked on the first states)', () => {
    const r = check(liveMutex({ fixes: 'none', unfair: true }), { scope: { n: 3 }, symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry: the premise of p0-enters tells processes p0 and p1 apart/);
  });

  it('LC028 for a predicate that tells members apart only deep in the search (sampled throughout, not only the first states)', () => {
    const r = check(deepAsymmetry(50), { symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry: the goal of p0-finishes tells processes p0 and p1 apart/);
  });

  it('fairness groups that a swap exchanges (one per process, all assumed): symmetry off with a note, the plain verdicts', () => {
    const { plain, sym, notes } = both(liveMutex({ someone: true }), { scope: { n: 3 } });
    expect(sym.stats.distinctStates).toBe(plain.stats.distinctStates);
    expect(shapes(sym)).toEqual(shapes(plain));
    expect(notes).toEqual([
      "symmetry turned off: swapping processes p1 and p2 exchanges the fairness groups proc(p1) and proc(p2) that someone-enters assumes; the reduction needs fairness groups that every swap maps onto themselves: one fairnessGroup key for all of them (a weaker assumption: fairness of the group, not of each), or the members in the property's fixes (docs/reductions.md)",
    ]);
  });

  it('LC013 when fixes names an actor the system does not have', () => {
    const r = check(liveMutex({ fixes: 'unknown' }), { scope: { n: 3 }, symmetry: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toBe('error LC013: property p0-enters: fixes names "q9", which is not an actor of system live-mutex');
  });
});

describe('symmetry with liveness in worker threads', () => {
  it('two workers reduce by the same subgroup as one thread: the same orbits, verdicts and real, fair lassos', async () => {
    const cases: [System, CheckOptions][] = [
      [liveMutex(), { scope: { n: 4 } }],
      [tokenRing(), { scope: { n: 4 } }],
      [daxSystem(DESIGNS.find((d) => d.id === 'blocking-close')!).system, {}],
    ];
    for (const [system, options] of cases) {
      const one = ok(check(system, { ...options, symmetry: true }));
      const two = ok(await checkAsync(system, { ...options, symmetry: true, workers: 2 }));
      expect(two.stats.distinctStates).toBe(one.stats.distinctStates);
      expect(verdicts(two)).toEqual(verdicts(one));
      expectRealTraces(two);
    }
  });
});

describe('symmetry with liveness on the DAX model: every design at the default scope', () => {
  // The plain search's verdicts at this scope are the gated expectations (leasecheck gate, .ci/run).
  const expected = JSON.parse(readFileSync(new URL('../../expectations/verdicts.json', import.meta.url), 'utf8')) as { verdicts: Record<string, Record<string, string>> };
  for (const design of DESIGNS) {
    it(`${design.id}: the expected verdicts with A fixed and the MR slots exchanged, every trace real and fair`, () => {
      const notes: string[] = [];
      const r = ok(check(daxSystem(design).system, { symmetry: true, onNote: (n) => notes.push(n) }));
      expect(Object.fromEntries(verdicts(r))).toEqual(expected.verdicts[design.id]);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^symmetry with liveness: no-unkillable-close tells apart A, so only the other members are exchanged \(mrs mr0, mr1\); /);
      expectRealTraces(r);
    });
  }
});

describe('symmetry with liveness on the DAX model at two files', () => {
  it('exchanges the files: the per-file actions (close(d), close(e)) are told from the exit path\'s look-alikes by name', () => {
    const notes: string[] = [];
    const design = DESIGNS.find((d) => d.id === 'zombie-lease')!;
    const r = ok(check(daxSystem(design).system, { symmetry: true, scope: { files: 2 }, maxStates: 20_000, onNote: (n) => notes.push(n) }));
    expect(r.status).toBe('incomplete');
    expect(notes[0]).toMatch(/^symmetry with liveness: no-unkillable-close tells apart A, so only the other members are exchanged \(files d, e; mrs mr0, mr1\)/);
  });
});

describe('symmetry with liveness on random systems of three copies, c0 fixed by one property', () => {
  it('the plain search verdicts; every trace replayed, every lasso fair on concrete states', () => {
    let lassos = 0;
    fc.assert(
      fc.property(
        systemDescArb().filter((d) => d.machines.length <= 2),
        (d) => {
          const sys = symmetricSystem(d, { copies: 3, live: true });
          const plain = ok(check(sys, { maxStates: 200_000 }));
          if (plain.status !== 'complete') return;
          const { sym } = both(sys);
          expect(verdicts(sym)).toEqual(verdicts(plain));
          expect(sym.stats.distinctStates).toBeLessThanOrEqual(plain.stats.distinctStates);
          lassos += sym.properties.filter((p) => p.trace?.loop !== undefined).length;
        },
      ),
      FC(0x11fe5, 30),
    );
    expect(lassos).toBeGreaterThan(10);
  });
});
