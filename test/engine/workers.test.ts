/** src/engine/workers/: two worker threads give one thread's counts, verdicts and shortest counterexample lengths. */
import { describe, expect, it } from 'vitest';
import { checkAsync, replayTrace, type CheckOptions, type CheckSuccess, type System } from '../../src/index.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { peterson } from '../../bench/models/peterson.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { throwsOnEat } from '../fixtures/throwsOnEat.ts';
import { idleWorkers, workerModuleUrl } from '../../src/engine/workers/parallel.ts';

/** The fixture, with the origin worker threads load it from (the fixture itself declares none). */
const twoPc: System = { ...twoPhaseCommit, origin: { module: new URL('../fixtures/twoPhaseCommit.ts', import.meta.url).href, export: 'twoPhaseCommit' } };

async function run(system: System, options: CheckOptions): Promise<CheckSuccess> {
  const r = await checkAsync(system, options);
  if (r.status === 'error') throw r.error;
  return r;
}

const summary = (r: CheckSuccess) => ({
  distinct: r.stats.distinctStates,
  generated: r.stats.statesGenerated,
  depth: r.stats.depth,
  verdicts: r.properties.map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null, p.trace?.loop ?? null]),
});

async function same(system: System, options: CheckOptions = {}): Promise<CheckSuccess> {
  const one = await run(system, options);
  const notes: string[] = [];
  const two = await run(system, { ...options, workers: 2, onNote: (n) => notes.push(n) });
  expect(notes).toEqual([]);
  expect(summary(two)).toEqual(summary(one));
  for (const p of two.properties) if (p.trace) replayTrace(two.system, p.trace);
  return two;
}

describe('two worker threads', () => {
  it('dining philosophers N=10 (6,726 states): the same counts and verdicts', async () => {
    const r = await same(philosophers, { scope: { n: 10 } });
    expect(r.stats.distinctStates).toBe(6726);
  });

  it("Peterson's filter lock N=5 (344,805 states, a frontier grown past the first table): the same", async () => {
    const r = await same(peterson, { scope: { n: 5 } });
    expect(r.stats.distinctStates).toBe(344_805);
  });

  it("two-phase commit (Stateright's 8,832 states at 5 RMs), and its broken variant's shortest counterexample", async () => {
    expect((await same(twoPc, { scope: { rms: 5 } })).stats.distinctStates).toBe(8832);
    const broken = await same(twoPc, { scope: { rms: 3, brokenCommit: 1 } });
    expect(broken.properties.some((p) => p.verdict === 'violated' && p.trace)).toBe(true);
  });

  it('stops at --max-states like one thread does (incomplete)', async () => {
    const two = await run(peterson, { scope: { n: 5 }, workers: 2, maxStates: 50_000 });
    expect(two.status).toBe('incomplete');
    expect(two.stoppedBy).toBe('max-states');
    expect(two.stats.distinctStates).toBeGreaterThanOrEqual(50_000);
  });

  it('a system without an origin runs on one thread, with a note', async () => {
    const notes: string[] = [];
    const { origin: _, ...bare } = philosophers;
    const r = await run({ ...bare } as System, { scope: { n: 4 }, workers: 2, onNote: (n) => notes.push(n) });
    expect(r.stats.distinctStates).toBe(34);
    expect(notes[0]).toMatch(/one thread.*no origin/);
  });
});

describe('workerModuleUrl', () => {
  it("drops tsx's namespace tag and keeps every other part of the URL", () => {
    expect(workerModuleUrl('file:///a/b.ts?tsx-namespace=3b85-01')).toBe('file:///a/b.ts');
    expect(workerModuleUrl('file:///a/b.ts?x=1&tsx-namespace=3b85')).toBe('file:///a/b.ts?x=1');
    expect(workerModuleUrl('file:///a/b.ts')).toBe('file:///a/b.ts');
  });
});

describe('worker threads kept between searches', () => {
  it('a search after one that failed (a property threw in a worker) and one of another system gives the right counts', async () => {
    const bad = await checkAsync(throwsOnEat, { scope: { n: 5 }, workers: 2 });
    expect(bad.status).toBe('error');
    expect(idleWorkers()).toBe(0);
    if (bad.status === 'error') expect(bad.error.message).toMatch(/throws-on-eat threw: philosopher 0 eats/);
    const same3 = (await run(peterson, { scope: { n: 3 } })).stats.distinctStates;
    // The failed search's threads were stopped; these start afresh, then are kept for the next two.
    expect((await run(peterson, { scope: { n: 3 }, workers: 2 })).stats.distinctStates).toBe(same3);
    expect(idleWorkers()).toBe(2);
    expect((await run(philosophers, { scope: { n: 8 }, workers: 2 })).stats.distinctStates).toBe(1154);
    expect(idleWorkers()).toBe(2);
    expect((await run(peterson, { scope: { n: 3 }, workers: 2 })).stats.distinctStates).toBe(same3);
  });
});

// At one MR slot (mrs=1: every design and property, 28k-283k states) to keep CI within minutes on two
// cores; the default scope was compared the same way when workers landed.
describe('two worker threads on every DAX design (liveness included: the graph is merged level by level)', () => {
  for (const design of DESIGNS) {
    it(`${design.id}: the same counts, verdicts, shortest counterexample and lasso lengths`, async () => {
      await same(daxSystem(design).system, { scope: { mrs: 1 } });
    });
  }
});
