/** src/engine/symmetry.ts: symmetry reduction keeps verdicts and shortest lengths, and maps traces back to concrete actors. */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { always, check, checkAsync, defineSystem, joint, replayTrace, type CheckSuccess, type CheckOptions, type System } from '../../src/index.ts';
import { Symmetry, renameDeep } from '../../src/engine/symmetry.ts';
import { compileSystem } from '../../src/engine/compile.ts';
import { mutex } from '../fixtures/symmetricMutex.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';

function run(system: System, options: CheckOptions): CheckSuccess {
  const r = check(system, options);
  if (r.status === 'error') throw r.error;
  return r;
}

const summary = (r: CheckSuccess) => r.properties.map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null]);

describe('symmetry reduction', () => {
  it('explores one state per orbit: 20 states of a 3-process mutex become 7', () => {
    const full = run(mutex(), { scope: { n: 3 } });
    const sym = run(mutex(), { scope: { n: 3 }, symmetry: true });
    expect(full.stats.distinctStates).toBe(20);
    expect(sym.stats.distinctStates).toBe(7);
    expect(summary(sym)).toEqual(summary(full));
    expect(sym.notes).toBeUndefined();
  });

  it('finds the shortest counterexample and maps it back to concrete actors that replay on real XState actors', () => {
    for (const n of [2, 3, 4]) {
      const full = run(mutex({ broken: true }), { scope: { n } });
      const sym = run(mutex({ broken: true }), { scope: { n }, symmetry: true });
      expect(sym.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      expect(summary(sym)).toEqual(summary(full));
      const trace = sym.properties.find((p) => p.id === 'mutual-exclusion')!.trace!;
      expect(trace.steps.length - 1).toBe(4);
      replayTrace(sym.system, trace);
    }
  });

  it('is turned off, with a note, when a liveness property is checked', () => {
    const notes: string[] = [];
    const sym = run(mutex({ live: true }), { scope: { n: 3 }, symmetry: true, onNote: (n) => notes.push(n) });
    const full = run(mutex({ live: true }), { scope: { n: 3 } });
    expect(sym.stats.distinctStates).toBe(full.stats.distinctStates);
    expect(summary(sym)).toEqual(summary(full));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/symmetry turned off.*someone-enters/);
    expect(sym.notes).toEqual(notes);
  });

  it('with safetyOnly it reduces, and liveness properties come back incomplete', () => {
    const sym = run(mutex({ live: true }), { scope: { n: 3 }, symmetry: true, safetyOnly: true });
    expect(sym.stats.distinctStates).toBe(7);
    expect(sym.properties.find((p) => p.id === 'someone-enters')!.verdict).toBe('incomplete');
  });

  it('renames strings in values and object keys, at any depth', () => {
    const map = new Map([['A', 'B'], ['B', 'A'], ['A.file', 'B.file']]);
    expect(renameDeep({ owner: 'A', fds: { 10: 'A.file' }, A: [{ who: 'B' }], n: 3 }, map)).toEqual({ owner: 'B', fds: { 10: 'B.file' }, B: [{ who: 'A' }], n: 3 });
  });
});

describe('a safety property that names one member is refused under symmetry, not answered about another', () => {
  // On canonical states alone, "p2 enters" would be answered about whichever process the canonical
  // form puts last: a witness shown by a trace in which p0 acts, or a witness never reached.
  it('a witness, an invariant and a forAll invariant about one process: LC028 naming it, one thread and two workers; plain search fine', async () => {
    for (const namesOne of ['witness', 'invariant', 'forAll'] as const) {
      const sys = mutex({ namesOne });
      const plain = check(sys, { scope: { n: 3 } });
      expect(plain.status, namesOne).toBe('complete');
      for (const r of [check(sys, { scope: { n: 3 }, symmetry: true }), await checkAsync(sys, { scope: { n: 3 }, symmetry: true, workers: 2 })]) {
        expect(r.status, namesOne).toBe('error');
        if (r.status !== 'error') continue;
        expect(r.error.code).toBe('LC028');
        expect(r.error.message).toMatch(/^symmetry: property (last-enters|last-never-enters|first-never-tries) tells processes p\d and p\d apart/);
      }
    }
    // The symmetric properties of the same system still check under symmetry.
    expect(check(mutex({ perPair: true }), { scope: { n: 3 }, symmetry: true }).status).toBe('complete');
  });
});

describe('symmetry with an invariant declared per pair (forAll)', () => {
  it('the same verdicts and shortest lengths as without symmetry and as the whole-state invariant', () => {
    for (const n of [2, 3, 4]) {
      const plain = run(mutex({ broken: true }), { scope: { n } });
      const pairs = run(mutex({ broken: true, perPair: true }), { scope: { n } });
      const pairsSym = run(mutex({ broken: true, perPair: true }), { scope: { n }, symmetry: true });
      expect(summary(pairs)).toEqual(summary(plain));
      expect(summary(pairsSym)).toEqual(summary(plain));
      expect(pairs.exploration.found).toEqual(plain.exploration.found);
      replayTrace(pairsSym.system, pairsSym.properties[0].trace!);
      expect(pairsSym.properties[0].explanation![0]).toMatch(/^fails for i=\d, j=\d$/);
    }
  });
});

describe('symmetry on the DAX model (processes A, B interchangeable), safety properties', () => {
  for (const design of DESIGNS) {
    it(`${design.id}: the same verdicts and shortest lengths with and without symmetry, traces replayed`, () => {
      const { system } = daxSystem(design);
      // mrs=1 keeps CI within minutes on two cores; every design and safety property is still compared.
      const full = run(system, { safetyOnly: true, scope: { mrs: 1 } });
      const sym = run(system, { safetyOnly: true, symmetry: true, scope: { mrs: 1 } });
      expect(summary(sym)).toEqual(summary(full));
      expect(sym.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      for (const p of sym.properties) if (p.trace) replayTrace(sym.system, p.trace);
    });
  }
});

describe('symmetry after many locals were interned (a trace lifted after a long search)', () => {
  // Two counters, interchangeable: a state where both hold the same count is a tie, which asks whether
  // the other actors name either member.
  const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
    id: 'counter',
    context: { n: 0 },
    on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
  });
  const counters = defineSystem({
    name: 'two-counters',
    build: () => ({
      actors: { c0: { machine: counter }, c1: { machine: counter } },
      actions: [joint({ name: 'inc', params: { c: ['c0', 'c1'] }, steps: ({ c }) => ({ actor: c, event: { type: 'INC' } }) })],
      properties: [always('small', (s) => s.c0.context.n < 100_000)],
      symmetry: { processes: [['c0'], ['c1']] },
    }),
  });

  it('works out the mentions of the locals in the state at hand, not of every local interned since the last tie', () => {
    const cs = compileSystem(counters, {});
    const sym = new Symmetry(cs, cs.symmetry!);
    const out = new Int32Array(2);
    sym.canon(cs.initial, 0, out);
    const before = sym.mentionsWorkedOut;
    // 10,000 locals of c0 interned (as a long search interns them), then the initial state's tie again.
    const inc = cs.instances.find((i) => i.actors[0] === 0)!.events[0];
    let x = cs.initial[0];
    for (let i = 0; i < 10_000; i++) x = cs.tables[0].next(x, inc);
    sym.canon(cs.initial, 0, out);
    expect(sym.mentionsWorkedOut - before).toBeLessThan(100);
    expect(Array.from(out)).toEqual(Array.from(cs.initial));
  });
});
