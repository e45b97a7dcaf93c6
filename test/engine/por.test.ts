/**
 * Partial-order reduction (src/engine/por.ts) against the plain search: the same verdict for every
 * safety property and deadlock, on random systems (fast-check) and on every DAX design at the default
 * scope; every trace replays on real actors; a trace is called shortest only when it is as short as
 * the plain search's, and confirmShortest makes every one so. Liveness is left to the plain search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { always, check, checkAsync, defineSystem, joint, type CheckOptions, type CheckSuccess, type System } from '../../src/index.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { peterson } from '../../bench/models/peterson.ts';
import { counter } from '../fixtures/small.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { PathIndex } from '../../src/engine/pathReads.ts';
import { FC, buildSystem, systemDescArb } from './properties/randomSystem.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';

const verdicts = (r: CheckSuccess) => r.properties.map((p) => [p.id, p.verdict]);
const lengthOf = (r: CheckSuccess, id: string) => {
  const t = r.properties.find((p) => p.id === id)!.trace;
  return t ? t.steps.length - 1 : null;
};

/** Plain and reduced agree; shortest claims hold; every trace replays. Returns whether the reduction did anything. */
function compare(sys: System, options: CheckOptions): boolean {
  const plain = ok(check(sys));
  const por = ok(check(sys, { por: true, porWarmupStates: 0, ...options }));
  expect(por.status).toBe(plain.status);
  expect(verdicts(por)).toEqual(verdicts(plain));
  for (const p of por.properties) {
    if (!p.trace) continue;
    const shortest = lengthOf(plain, p.id)!;
    expect(p.shortest).toBeDefined();
    if (p.shortest) expect(p.trace.steps.length - 1).toBe(shortest);
    else expect(p.trace.steps.length - 1).toBeGreaterThan(shortest - 1);
  }
  replayAll(por);
  return por.stats.distinctStates < plain.stats.distinctStates;
}

describe('partial-order reduction on random systems', () => {
  it('the verdicts of the plain search, real traces, honest shortest flags; and it does reduce some', () => {
    let reduced = 0;
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        if (compare(buildSystem(d), {})) reduced++;
      }),
      FC(0x9012d, 60),
    );
    expect(reduced).toBeGreaterThan(0);
  });

  it('with attempts thinned to every other level (the cycle proviso\'s set of a level built only for the levels tried)', () => {
    // Every attempt thins: from the second state on, only levels of even depth are tried. (Trying the
    // others too, without their sets, gives wrong verdicts on 3 of these 150 systems.)
    const porThinning = { window: 1, savedPerAttempt: Infinity, maxStride: 1, maxLevelStride: 2 };
    let reduced = 0;
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        if (compare(buildSystem(d), { porThinning })) reduced++;
      }),
      FC(24, 150),
    );
    expect(reduced).toBeGreaterThan(0);
  });

  it('with confirmShortest every trace is a shortest one', () => {
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        const sys = buildSystem(d);
        const plain = ok(check(sys));
        const por = ok(check(sys, { por: true, porWarmupStates: 0, confirmShortest: true }));
        expect(verdicts(por)).toEqual(verdicts(plain));
        for (const p of por.properties) {
          if (!p.trace) continue;
          expect(p.shortest).toBe(true);
          expect(p.trace.steps.length - 1).toBe(lengthOf(plain, p.id));
        }
        replayAll(por);
      }),
      FC(0x9012e, 30),
    );
  });
});

describe('partial-order reduction on the DAX model, every design at the default scope', () => {
  for (const design of DESIGNS) {
    it(`${design.id}: the plain search's safety verdicts, traces replayed, lengths no shorter than the shortest`, () => {
      const system = daxSystem(design).system;
      // The plain search, the reference: its traces are shortest (BFS).
      const plain = ok(check(system, { safetyOnly: true }));
      const r = ok(check(system, { por: true, safetyOnly: true }));
      expect(plain.status).toBe('complete');
      expect(r.status).toBe('complete');
      const safetyOf = (x: CheckSuccess) => x.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes');
      const reference = safetyOf(plain);
      const safety = safetyOf(r);
      expect(safety.map((p) => `${p.id} ${p.verdict}`)).toEqual(reference.map((p) => `${p.id} ${p.verdict}`));
      safety.forEach((p, i) => {
        if (!p.trace) return;
        const shortest = reference[i].trace!.steps.length - 1;
        if (p.shortest) expect(p.trace.steps.length - 1).toBe(shortest);
        else expect(p.trace.steps.length - 1).toBeGreaterThanOrEqual(shortest);
      });
      expect(r.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'possibly').every((p) => p.verdict === 'incomplete')).toBe(true);
      expect(r.notes?.some((n) => n.startsWith('partial-order reduction:'))).toBe(true);
      replayAll(r);
    }, 120_000);
  }
});

describe('partial-order reduction tries states less often where it saves nothing', () => {
  const deadlockOnly = (base: System) => defineSystem({ name: `${base.name}-deadlock`, params: base.params, build: (scope) => ({ ...base.build(scope), properties: [], checkDeadlock: true }) });

  it('Peterson (no set is ever found): attempts thin out, the verdict and the states are the plain search\'s', () => {
    const sys = deadlockOnly(peterson);
    const plain = ok(check(sys, { scope: { n: 4 } }));
    const r = ok(check(sys, { scope: { n: 4 }, por: true, porWarmupStates: 0 }));
    expect(verdicts(r)).toEqual(verdicts(plain));
    const por = r.exploration.por!;
    expect(por.thinned).toBe(true);
    // Every state with a choice would be tried at stride 1; here most are not.
    expect(por.attempts * 4).toBeLessThan(r.exploration.expanded);
    expect(r.notes?.find((n) => n.startsWith('partial-order reduction:'))).toMatch(/only one state in up to 256 was tried, and past that only one level in up to 4: [\d,]+ states tried in all/);
  });

  it('the philosophers (what a reduced set leaves out is reached anyway a few levels on): attempts thin out once that is measured', () => {
    const sys = deadlockOnly(philosophers);
    const plain = ok(check(sys, { scope: { n: 12 } }));
    const r = ok(check(sys, { scope: { n: 12 }, por: true, porWarmupStates: 0 }));
    expect(verdicts(r)).toEqual(verdicts(plain));
    replayAll(r);
    const por = r.exploration.por!;
    // Sets are found (most states are reduced early on), yet they save almost nothing ...
    expect(por.reducedStates).toBeGreaterThan(100);
    expect(r.stats.distinctStates).toBeGreaterThan(0.95 * plain.stats.distinctStates);
    // ... and that is seen: most states are not tried.
    expect(por.thinned).toBe(true);
    expect(por.attempts * 4).toBeLessThan(r.exploration.expanded);
  });

  it('independent counters (every reduced set saves states that are never reached): every state stays tried', () => {
    // Three counters 0..400 with nothing shared: 401^3 states in all, a line of 1,201 under reduction
    // (800 of them with a choice).
    const sys = defineSystem({
      name: 'three-counters',
      build: () => ({
        actors: Object.fromEntries(['a', 'b', 'c'].map((id) => [id, { machine: counter, input: { max: 400 } }])),
        actions: ['a', 'b', 'c'].map((id) => joint({ name: `inc-${id}`, steps: () => ({ actor: id, event: { type: 'INC' } }) })),
        properties: [],
        checkDeadlock: true,
      }),
    });
    const r = ok(check(sys, { por: true, porWarmupStates: 0 }));
    const por = r.exploration.por!;
    expect(r.stats.distinctStates).toBe(1201);
    expect(por.thinned).toBe(false);
    expect(por.attempts).toBe(por.reducedStates);
    expect(por.attempts).toBe(800);
    // The deadlock (every counter at 400) is found at the plain search's depth: 1,200 steps.
    const d = r.properties.find((p) => p.kind === 'deadlock')!;
    expect(d.verdict).toBe('violated');
    expect(d.trace!.steps.length - 1).toBe(1200);
    replayAll(r);
  });
});

describe('the time a reduced run reports', () => {
  it('counts the reductions\' set-up (the analysis that steps every machine), which the plain search does not do', () => {
    const r = ok(check(peterson, { scope: { n: 3 }, por: true }));
    // The search's own seconds are the exploration's; the set-up comes before it.
    expect(r.stats.seconds).toBeGreaterThan(r.exploration.seconds);
    const plain = ok(check(peterson, { scope: { n: 3 } }));
    expect(plain.stats.seconds).toBe(plain.exploration.seconds);
  });
});

describe('partial-order reduction and liveness', () => {
  it('is turned off, with a note, when liveness properties are checked', () => {
    const notes: string[] = [];
    const r = ok(check(daxSystem(DESIGNS[0]).system, { por: true, maxStates: 100, onNote: (n) => notes.push(n) }));
    expect(r.exploration.por).toBeUndefined();
    expect(notes[0]).toMatch(/^partial-order reduction turned off: it is sound here for safety properties only, and no-unkillable-close, admin-can-recover are liveness properties/);
  });

  it('a system with nothing but liveness properties is LC029', () => {
    const base = daxSystem(DESIGNS[0]).system;
    const onlyLive = { ...base, build: (scope: Parameters<typeof base.build>[0]) => {
      const m = base.build(scope);
      return { ...m, properties: (m.properties ?? []).filter((p) => p.kind !== 'always' && p.kind !== 'sometimes'), checkDeadlock: false };
    } } as System;
    const r = check(onlyLive, { por: true, safetyOnly: true });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC029: system dax\S* has no safety property/);
  });

  it('LC029 under --prove comes alone: no note (prove on threads, POR off) before it', async () => {
    const base = daxSystem(DESIGNS[0]).system;
    const onlyLive = { ...base, build: (scope: Parameters<typeof base.build>[0]) => ({ ...base.build(scope), properties: [], checkDeadlock: false }) } as System;
    const notes: string[] = [];
    const r = await checkAsync(onlyLive, { prove: true, workers: 2, onNote: (n) => notes.push(n) });
    expect(r.status === 'error' && r.error.line()).toMatch(/^error LC029: .*: --prove checks those only$/);
    expect(notes).toEqual([]);
  });
});

describe('a guard that only tests whether an object is there (ctx.lease !== null) depends on what removes it', () => {
  // Found by review: reading an object-valued field recorded nothing (only reads into it did), so a
  // guard `lease !== null` looked independent of the step that sets lease to null. POR then took the
  // release alone first and missed the state only using first reaches (here the repair after a new
  // read saves the search; the PathIndex test fails without the fix).
  const holder = setup({ types: { context: {} as { lease: { id: number } | null }, events: {} as { type: 'RELEASE' } } }).createMachine({
    id: 'holder',
    context: { lease: { id: 1 } },
    on: { RELEASE: { guard: ({ context }) => context.lease !== null, actions: assign({ lease: null }) } },
  });
  const user = setup({ types: { events: {} as { type: 'USE' } | { type: 'SPIN' } } }).createMachine({
    id: 'user',
    initial: 'idle',
    states: { idle: { on: { USE: 'busy' } }, busy: { on: { SPIN: 'busy2' } }, busy2: { on: { SPIN: 'busy' } } },
  });
  const sys = defineSystem({
    name: 'lease-kind',
    build: () => ({
      actors: { holder: { machine: holder }, user: { machine: user } },
      actions: [
        joint({ name: 'release', steps: () => ({ actor: 'holder', event: { type: 'RELEASE' } }) }),
        joint({ name: 'use', guard: (s) => s.holder.context.lease !== null, steps: () => ({ actor: 'user', event: { type: 'USE' } }) }),
        joint({ name: 'spin', steps: () => ({ actor: 'user', event: { type: 'SPIN' } }) }),
      ],
      // Violated only by using before the release: the release must not be taken alone first.
      properties: [always('never-busy-while-leased', (s) => !(s.user.matches('busy') && s.holder.context.lease !== null))],
      checkDeadlock: false,
    }),
  });

  it('the read is recorded, and a step that removes the object changes it (PathIndex)', () => {
    const cs = ok(check(sys)).system;
    const a = cs.actorNames.indexOf('holder');
    const snaps = cs.tables[a].snapshots;
    const leased = snaps.findIndex((x) => (x.context as { lease: unknown }).lease !== null);
    const released = snaps.findIndex((x) => (x.context as { lease: unknown }).lease === null);
    const paths = new PathIndex(cs);
    const read: number[] = [];
    const view = paths.track(a, snaps[leased], (p) => read.push(p));
    expect((view.context as { lease: unknown }).lease !== null).toBe(true);
    expect(read.length).toBeGreaterThan(0);
    const changed = Array.from(paths.changed(a, leased, released));
    expect(read.some((p) => changed.includes(p))).toBe(true);
  });

  it('finds the violation with --por as the plain search does', () => {
    const plain = ok(check(sys));
    const reduced = ok(check(sys, { por: true, porWarmupStates: 0 }));
    for (const r of [plain, reduced]) expect(r.properties.map((p) => [p.id, p.verdict])).toEqual([['never-busy-while-leased', 'violated']]);
  });
});
