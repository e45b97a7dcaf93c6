/** simulate(): finds, shrinks and replays violations; deterministic per seed; prefers lower-numbered processes. */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { always, check, compileSystem, defineSystem, joint } from '../../src/index.ts';
import { simulate, simulateSystem } from '../../src/sim/simulate.ts';
import { simulationToJSON, formatSimulationText } from '../../src/sim/report.ts';
import { shrinkOrder } from '../../src/sim/order.ts';
import { Walker } from '../../src/sim/walk.ts';
import mutex from '../../examples/mutex.model.ts';
import { chainSystem, longAndShort } from '../fixtures/small.ts';
import { withVariant } from '../../src/index.ts';
import dax from '../../specs/dax.model.ts';
import { ok, prop } from '../support/replayAll.ts';

const labelsOf = (p: { trace?: { steps: { action: { label: string } | null }[] } }) => p.trace!.steps.slice(1).map((s) => s.action!.label);
const withoutTime = (j: ReturnType<typeof simulationToJSON>) => ({ ...j, stats: { ...j.stats, seconds: 0 } });

/** n counters, one per process; inc(p) adds one to p's; the invariant: no counter reaches 2. */
const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
  id: 'c',
  context: { n: 0 },
  initial: 'on',
  states: { on: { on: { INC: { guard: ({ context }) => context.n < 3, actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
});
const counters = defineSystem({
  name: 'counters',
  params: { procs: { default: 4, min: 1, max: 6 } },
  build: ({ procs }) => {
    const names = 'ABCDEF'.slice(0, procs).split('');
    return {
      actors: Object.fromEntries(names.map((p) => [p, { machine: counter }])),
      actions: [joint({ name: 'inc', params: { p: names }, steps: ({ p }) => ({ actor: p, event: { type: 'INC' } }) })],
      properties: [always('below-two', (s) => names.every((p) => (s[p].context.n as number) < 2))],
      checkDeadlock: false,
    };
  },
});

describe('simulate', () => {
  it('finds the mutex violation, shrinks it to BFS\'s 4 steps, and replays it', () => {
    const r = simulateSystem(mutex, { seed: 7 });
    const p = r.properties.find((x) => x.id === 'mutual-exclusion')!;
    expect(p.verdict).toBe('violated');
    expect(p.shrunkLength).toBe(4);
    expect(p.trace!.steps).toHaveLength(5);
    expect(p.originalLength!).toBeGreaterThanOrEqual(4);
    expect(prop(ok(check(mutex)), 'mutual-exclusion').trace!.steps).toHaveLength(5);
    expect(r.properties.find((x) => x.id === 'p1-can-enter')!.verdict).toBe('witnessed');
    expect(r.stats.seed).toBe(7);
  });

  it('the same seed gives the same result (mutex, and the DAX model)', () => {
    const a = simulationToJSON(simulateSystem(mutex, { seed: 123 }));
    const b = simulationToJSON(simulateSystem(mutex, { seed: 123 }));
    expect(withoutTime(a)).toEqual(withoutTime(b));
    const zombie = withVariant(dax, 'zombie-lease');
    const c = simulationToJSON(simulateSystem(zombie, { seed: 99, runs: 300 }));
    const d = simulationToJSON(simulateSystem(zombie, { seed: 99, runs: 300 }));
    expect(withoutTime(c)).toEqual(withoutTime(d));
  });

  it('reports "not found" (not "holds") and exit-0 wording when nothing is violated', () => {
    const r = simulateSystem(mutex, { seed: 1, scope: { broken: 0 }, runs: 200 });
    expect(r.properties.find((x) => x.id === 'mutual-exclusion')!.verdict).toBe('not-found');
    const text = formatSimulationText(r);
    expect(text).toContain('no violation found in 200 runs');
    expect(text).not.toMatch(/\bholds\b/);
    expect(r.stats.runs).toBe(200);
  });

  it('shrinks the long road to the bad state into the 2-step short cut', () => {
    // Random runs take `step` or `jump`; whatever the run found, the shrunk behaviour is jump, jump.
    for (const seed of [1, 2, 3]) {
      const r = simulateSystem(longAndShort, { seed });
      const p = r.properties.find((x) => x.id === 'never-bad')!;
      expect(p.verdict).toBe('violated');
      expect(labelsOf(p)).toEqual(['jump', 'jump']);
    }
  });

  it('prefers the lower-numbered process: four symmetric counters shrink to inc(A), inc(A)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = simulateSystem(counters, { seed });
      const p = r.properties[0];
      expect(p.verdict).toBe('violated');
      expect(labelsOf(p)).toEqual(['inc(p=A)', 'inc(p=A)']);
    }
  });

  it('finds a deadlock (a chain that stops) at its BFS depth', () => {
    const r = simulateSystem(chainSystem(5), { seed: 3 });
    const p = r.properties.find((x) => x.id === 'deadlock-free')!;
    expect(p.verdict).toBe('violated');
    expect(p.shrunkLength).toBe(5);
  });

  it('lists liveness properties as unchecked and never reports them', () => {
    const r = simulateSystem(withVariant(dax, 'blocking-close'), { seed: 1, runs: 50 });
    expect(r.unchecked.map((u) => u.id)).toEqual(['no-unkillable-close', 'admin-can-recover']);
    expect(r.properties.map((p) => p.id)).not.toContain('no-unkillable-close');
  });

  it('DAX zombie-lease at processes=4 (too big to exhaust quickly): the strict violation, shrunk to BFS\'s 6 steps of one process', () => {
    const r = simulateSystem(withVariant(dax, 'zombie-lease'), { seed: 1, scope: { processes: 4 } });
    const p = r.properties.find((x) => x.id === 'no-lease-less-pin-strict')!;
    expect(p.verdict).toBe('violated');
    expect(p.shrunkLength).toBe(6);
    expect(p.originalLength!).toBeGreaterThan(6);
    const procs = new Set(labelsOf(p).map((l) => l.split(':')[0]));
    expect([...procs]).toEqual(['A']);
    expect(r.properties.find((x) => x.id === 'no-truncate-of-pinned')!.verdict).toBe('not-found');
  });

  it('the walker\'s order puts instances of the first parameter values first', () => {
    const cs = compileSystem(counters);
    const order = shrinkOrder(cs);
    expect(Array.from(order.order).map((t) => cs.instances[t].label)).toEqual(['inc(p=A)', 'inc(p=B)', 'inc(p=C)', 'inc(p=D)']);
    const w = new Walker(cs);
    expect(w.encode([0, 0, 1])).toEqual([0, 0, 1]);
    expect(w.walk([4, 1], []).path).toEqual([0, 1]); // 4 mod 4 = A, then B
  });

  it('rejects bad options with LC003', () => {
    const cs = compileSystem(mutex);
    expect(() => simulate(cs, { runs: 0 })).toThrow(/LC003|runs/);
    expect(() => simulate(cs, { seed: -1 })).toThrow(/seed/);
    expect(() => simulate(cs, { seed: 2 ** 32 })).toThrow(/seed/);
  });
});
