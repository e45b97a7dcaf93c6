/**
 * Invariants declared per instance (forAll, src/engine/forAllInvariant.ts) are answered from a memo
 * keyed by the instance's actors' local ids. They must give exactly what the same invariant written as
 * one predicate over the whole state gives (verdict, the state found, the counterexample), through the
 * memo's widening and its Map fallback; and an instance that reads an actor it does not declare must be
 * refused (the memo would be wrong), not answered.
 */
import fc from 'fast-check';
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { always, check, checkAsync, defineSystem, forAll, joint, replayTrace, type GlobalState, type Property, type System } from '../../src/index.ts';
import { oneEater } from '../fixtures/oneEater.ts';
import { FC, actorName, buildSystem, systemDescArb, type SystemDesc } from './properties/randomSystem.ts';
import { compileSystem } from '../../src/engine/compile.ts';
import { ForAllInvariant } from '../../src/engine/forAllInvariant.ts';

/** The random system with its `bad` predicates as one invariant: as a forAll, or as one whole-state predicate. */
function withInvariant(d: SystemDesc, form: 'forAll' | 'whole'): System {
  const base = buildSystem(d);
  const holds = (s: GlobalState, { i }: { i: number }) => {
    const p = d.bad[i];
    return !(s[actorName(p.a)].matches(`s${p.state}`) && (s[actorName(p.b)].context.n as number) >= p.atLeast);
  };
  const idx = d.bad.map((_, i) => i);
  const prop: Property =
    form === 'forAll'
      ? always('none-bad', forAll({ i: idx }, ({ i }) => [actorName(d.bad[i].a), actorName(d.bad[i].b)], holds))
      : always('none-bad', (s) => idx.every((i) => holds(s, { i })));
  return defineSystem({ name: `random-${form}`, build: (scope) => ({ ...base.build(scope), properties: [prop] }) });
}

/** Counters c0..c{k-1} that count up to `max` one step at a time, each on its own. */
function counters(k: number, max: number, props: Property[]): System {
  const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
    id: 'counter',
    context: { n: 0 },
    on: { INC: { guard: ({ context }) => context.n < max, actions: assign({ n: ({ context }) => context.n + 1 }) } },
  });
  const names = Array.from({ length: k }, (_, i) => `c${i}`);
  return defineSystem({
    name: 'counters',
    build: () => ({
      actors: Object.fromEntries(names.map((c) => [c, { machine: counter }])),
      actions: [joint({ name: 'inc', params: { i: names.map((_, i) => i) }, steps: ({ i }) => ({ actor: names[i], event: { type: 'INC' } }) })],
      properties: props,
      checkDeadlock: false,
    }),
  });
}

const n = (s: GlobalState, a: string) => s[a].context.n as number;

function ok(r: ReturnType<typeof check>) {
  if (r.status === 'error') throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
}

describe('forAll invariants', () => {
  it('random systems: the same verdict, state and counterexample as the whole-state predicate', () => {
    fc.assert(
      fc.property(systemDescArb(), (d) => {
        const a = ok(check(withInvariant(d, 'forAll')));
        const b = ok(check(withInvariant(d, 'whole')));
        expect(a.stats.distinctStates).toBe(b.stats.distinctStates);
        expect([...a.exploration.found]).toEqual([...b.exploration.found]);
        const [pa] = a.properties;
        const [pb] = b.properties;
        expect(pa.verdict).toBe(pb.verdict);
        expect(pa.trace?.steps.map((s) => s.action?.label ?? null)).toEqual(pb.trace?.steps.map((s) => s.action?.label ?? null));
      }),
      FC(20261202, 80),
    );
  });

  // holdsAfter reads pairs' memos through lists packed with each memo's bits and place in one buffer;
  // the memos widen and move (the buffer is compacted) while it answers. Asked on random states in a
  // random order, so that ids arrive late and widen memos between lookups, it must answer as the
  // instances themselves do. With ids past 2^10 the pairs' tables pass 2^20 entries and go to Maps:
  // the buffer then gives their bytes back.
  for (const max of [40, 1100]) {
    it(`holdsAfter answers as the instances do while the memos widen and move (random states, random order, ids up to ${max})`, () => {
      const k = 6;
      const pairs = Array.from({ length: k }, (_, i) => Array.from({ length: k - i - 1 }, (_, d) => [i, i + d + 1])).flat();
      const pairHolds = (a: number, b: number) => (a + b) % 7 !== 3;
      const prop = always('pairs', forAll({ p: pairs.map((_, x) => x) }, ({ p }) => [`c${pairs[p][0]}`, `c${pairs[p][1]}`], (s, { p }) => pairHolds(n(s, `c${pairs[p][0]}`), n(s, `c${pairs[p][1]}`))));
      const cs = compileSystem(counters(k, max, [prop]), {});
      // The action instance that steps counter c (its only participant).
      const stepOf = (c: number) => cs.instances.findIndex((x) => x.actors.length === 1 && x.actors[0] === c);
      // Every counter value interned first (each counter stepped to max), then a fresh memo: its ids
      // arrive in random order.
      for (let c = 0; c < k; c++) {
        let id = cs.initial[c];
        for (let m = 0; m < max; m++) id = cs.tables[c].next(id, cs.instances[stepOf(c)].events[0]);
      }
      const value = (a: number, id: number) => cs.tables[a].snapshots[id].context.n as number;
      const counts = cs.tables.map((t) => t.snapshots.length);
      expect(counts.every((c) => c === max + 1)).toBe(true);
      let held = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(k - 1), fc.array(fc.nat(max), { minLength: k, maxLength: k })), { minLength: 50, maxLength: 400 }), (asks) => {
          const inv = new ForAllInvariant(cs, 'pairs', prop.forAll!);
          for (const [c, ids] of asks) {
            const row = Int32Array.from(ids);
            const t = stepOf(c);
            const want = pairs.every(([a, b]) => (a !== c && b !== c) || pairHolds(value(a, row[a]), value(b, row[b])));
            if (inv.holdsAfter(t, row, 0) !== want) return false;
          }
          // The buffer holds the live memos and room for more, not the garbage of widened ones: at most
          // as much garbage as live bytes (or 64 KiB) before it is given back, and half again as room.
          const m = inv.memoBytes();
          if (m.buffer > 3 * m.live + (1 << 17)) return false;
          if (max > 1024) {
            // Every counter at its top value: every pair widens past 2^20 entries, into a Map.
            const top = Int32Array.from({ length: k }, (_, a) => cs.tables[a].snapshots.findIndex((x) => x.context.n === max));
            for (let c = 0; c < k; c++) inv.holdsAfter(stepOf(c), top, 0);
            held = Math.max(held, inv.memoBytes().buffer);
          }
          return true;
        }),
        { numRuns: max > 100 ? 20 : 60, seed: 1207 },
      );
      // Ids past 2^10: every pair's table (up to 2^20 entries on the way) ends in a Map, and the buffer
      // does not keep the bytes of the tables it held (a megabyte each).
      if (max > 1024) expect(held).toBeLessThanOrEqual(1 << 17);
    });
  }

  it('widens an instance memo as local ids grow past its bits, and still answers right', () => {
    // c0 counts to 40 (ids up to 40: 2 bits, then 6); the invariant fails when c0 = 37 and c1 = 2.
    const inv = always('not-37-2', forAll({ i: [0] }, () => ['c0', 'c1'], (s) => !(n(s, 'c0') === 37 && n(s, 'c1') === 2)));
    const r = ok(check(counters(2, 40, [inv])));
    const [p] = r.properties;
    expect(p.verdict).toBe('violated');
    expect(p.trace!.steps.length - 1).toBe(39); // 37 + 2 increments, the shortest way there
    expect(p.explanation).toEqual(['fails for i=0']);
    replayTrace(r.system, p.trace!);
  });

  it('an instance over many actors keeps its answers in a Map (past 2^20 entries) and agrees with the whole-state form', () => {
    const names = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const bad = (s: GlobalState) => names.every((c) => n(s, c) === 1);
    const a = ok(check(counters(11, 1, [always('not-all-one', forAll({}, () => names, (s) => !bad(s)))])));
    expect(a.properties[0].explanation).toEqual(['fails for (no parameters)']);
    const b = ok(check(counters(11, 1, [always('not-all-one', (s) => !bad(s))])));
    expect(a.stats.distinctStates).toBe(2 ** 11);
    expect(a.properties[0].verdict).toBe('violated');
    expect(a.properties[0].trace!.steps.length - 1).toBe(11);
    expect([...a.exploration.found]).toEqual([...b.exploration.found]);
  });

  it('keeps an invariant\'s dense memos under their memory budget (the rest in Maps), with the same answers', () => {
    // 70 instances over 10 actors each: 2^20 one-byte entries apiece, 70 MB, past the 64 MB budget.
    const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const allOne = (s: GlobalState) => names.every((c) => n(s, c) === 1);
    const ids = Array.from({ length: 70 }, (_, i) => i);
    const a = ok(check(counters(10, 1, [always('not-all-one', forAll({ i: ids }, () => names, (s) => !allOne(s)))])));
    const b = ok(check(counters(10, 1, [always('not-all-one', (s) => !allOne(s))])));
    expect(a.properties[0].verdict).toBe('violated');
    expect([...a.exploration.found]).toEqual([...b.exploration.found]);
    expect(a.properties[0].explanation![0]).toMatch(/^fails for i=0; i=1; .*i=69$/);
  });

  it('names every failing instance in the explanation', () => {
    const pairs = [0, 1, 2];
    const inv = always('no-two-at-max', forAll({ i: pairs }, ({ i }) => [`c${i}`, `c${(i + 1) % 3}`], (s, { i }) => !(n(s, `c${i}`) === 1 && n(s, `c${(i + 1) % 3}`) === 1)));
    const r = ok(check(counters(3, 1, [inv])));
    expect(r.properties[0].explanation).toEqual(['fails for i=0']);
    expect(r.properties[0].trace!.steps.length - 1).toBe(2);
  });

  it('calls an instance once per combination of its actors\' local snapshots, not once per state', () => {
    let calls = 0;
    const inv = always('c0-not-above-c1-plus-2', forAll({ i: [0] }, () => ['c0', 'c1'], (s) => (calls++, n(s, 'c0') <= n(s, 'c1') + 3)));
    const r = ok(check(counters(4, 3, [inv])));
    expect(r.stats.distinctStates).toBe(4 ** 4);
    expect(r.properties[0].verdict).toBe('holds');
    expect(calls).toBe(4 * 4); // (c0, c1) pairs; c2 and c3 multiply the states, not the calls
  });

  it('refuses an instance that reads an actor it does not declare (LC025)', () => {
    const inv = always('sneaky', forAll({ i: [0] }, () => ['c0'], (s) => n(s, 'c0') + n(s, 'c1') < 5));
    const r = check(counters(2, 3, [inv]));
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error.code).toBe('LC025');
    expect(r.error.message).toContain('read actor c1');
    expect(r.error.message).toContain('sneaky');
  });

  it('rejects reads() naming an unknown actor (LC013) and a throwing instance (LC022)', () => {
    const unknown = check(counters(2, 1, [always('x', forAll({ i: [0] }, () => ['nope'], () => true))]));
    expect(unknown.status === 'error' && unknown.error.code).toBe('LC013');
    const throws = check(counters(2, 1, [always('y', forAll({ i: [0] }, () => ['c0'], () => { throw new Error('boom'); }))]));
    expect(throws.status === 'error' && throws.error.code).toBe('LC022');
    expect(throws.status === 'error' && throws.error.message).toContain('boom');
  });

  it('two worker threads give the verdict and counterexample length of one thread', async () => {
    const sys: System = { ...oneEater, origin: { module: new URL('../fixtures/oneEater.ts', import.meta.url).href, export: 'oneEater' } };
    const one = ok(check(sys, { scope: { n: 6 } }));
    const two = await checkAsync(sys, { scope: { n: 6 }, workers: 2 });
    if (two.status === 'error') throw new Error(two.error.message);
    expect(one.properties[0].verdict).toBe('violated');
    expect(one.properties[0].trace!.steps.length - 1).toBe(4);
    expect(two.properties[0].verdict).toBe('violated');
    expect(two.properties[0].trace!.steps.length).toBe(one.properties[0].trace!.steps.length);
    expect(one.properties[0].explanation![0]).toMatch(/^fails for i=\d, j=\d/);
  });
});
