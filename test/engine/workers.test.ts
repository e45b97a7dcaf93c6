/**
 * src/engine/workers/: two worker threads give one thread's counts, verdicts and shortest counterexample
 * lengths, also under symmetry reduction (one state per orbit across the threads).
 */
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAsync, replayTrace, type CheckOptions, type CheckSuccess, type System } from '../../src/index.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { peterson } from '../../bench/models/peterson.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { throwsOnEat } from '../fixtures/throwsOnEat.ts';
import { asymmetricPair } from '../fixtures/asymmetricPair.ts';
import { mutex } from '../fixtures/symmetricMutex.ts';
import { idleWorkers, workerModuleUrl } from '../../src/engine/workers/parallel.ts';
import { FC, systemDescArb } from './properties/randomSystem.ts';
import { symmetricSystem } from './properties/symmetricSystem.ts';

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

  // The workers rehash the table themselves (parallel.ts, grow); a stop that comes meanwhile must wait
  // for them, not take them for workers stuck in a spec function. A big table's rehash takes seconds:
  // here the 'rehash' message is held back 1.5 s (the stuck rule allows a second), and the run is
  // interrupted as it is posted.
  it('interrupted while the workers rehash a table (held back 1.5 s): a clean stop, not "stuck"', async () => {
    const ac = new AbortController();
    const post = Worker.prototype.postMessage;
    let held = 0;
    Worker.prototype.postMessage = function (this: Worker, m: unknown, transfer?: readonly Transferable[]) {
      if ((m as { type?: string }).type !== 'rehash') return post.call(this, m, transfer as never);
      held++;
      ac.abort();
      setTimeout(() => post.call(this, m, transfer as never), 1500);
    } as typeof post;
    try {
      const r = await checkAsync(peterson, { scope: { n: 5 }, workers: 2, signal: ac.signal });
      expect(held).toBeGreaterThan(0);
      expect(r.status).toBe('incomplete');
      if (r.status !== 'incomplete') return;
      expect(r.stoppedBy).toBe('interrupted');
      expect(r.exploration.stuckIn).toBeUndefined();
      expect((r.notes ?? []).join('\n')).not.toMatch(/never returns/);
    } finally {
      Worker.prototype.postMessage = post;
    }
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

// Under symmetry each worker canonicalises the successors it finds: the threads must agree on the
// canonical form (one state per orbit in all), so the counts are one thread's exactly.
describe('two worker threads under symmetry reduction (safety properties)', () => {
  const options: CheckOptions = { safetyOnly: true, symmetry: true };
  for (const design of DESIGNS) {
    it(`${design.id} at the default scope: one thread's orbits, verdicts and shortest lengths; traces replayed`, async () => {
      const r = await same(daxSystem(design).system, options);
      expect(r.notes ?? []).toEqual([]);
    }, 120_000);
  }

  it('zombie-lease with two files (processes and files both permuted): the same', async () => {
    const design = DESIGNS.find((d) => d.id === 'zombie-lease')!;
    const one = await run(daxSystem(design).system, { ...options, scope: { processes: 1, files: 2 } });
    const plain = await run(daxSystem(design).system, { safetyOnly: true, scope: { processes: 1, files: 2 } });
    expect(one.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
    await same(daxSystem(design).system, { ...options, scope: { processes: 1, files: 2 } });
  }, 120_000);

  it("random systems of two interchangeable copies: the plain search's verdicts and lengths, one thread's orbits", async () => {
    await fc.assert(
      fc.asyncProperty(systemDescArb(), async (d) => {
        const sys = symmetricSystem(d);
        const plain = await run(sys, { safetyOnly: true });
        const one = await run(sys, options);
        const notes: string[] = [];
        const two = await run(sys, { ...options, workers: 2, onNote: (n) => notes.push(n) });
        expect(notes).toEqual([]);
        const verdicts = (r: CheckSuccess) => ({ status: r.status, properties: r.properties.map((p) => [p.id, p.verdict, p.trace ? p.trace.steps.length - 1 : null]) });
        expect(verdicts(two)).toEqual(verdicts(plain));
        expect(two.stats.distinctStates).toBe(one.stats.distinctStates);
        expect(two.stats.depth).toBe(one.stats.depth);
        for (const p of two.properties) if (p.trace) replayTrace(two.system, p.trace);
      }),
      FC(0x5eed51, 30),
    );
  }, 300_000);

  it('invariants declared per pair and per process (forAll) are asked on the whole canonical state, not only on the last step\'s actors', async () => {
    for (const n of [3, 4, 5]) {
      const plain = await run(mutex({ broken: true }), { scope: { n } });
      const two = await same(mutex({ broken: true, perPair: true }), { ...options, scope: { n } });
      expect(two.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length])).toEqual(plain.properties.map((p) => [p.id, p.verdict, p.trace?.steps.length]));
      expect(two.properties[0].explanation![0]).toMatch(/^fails for i=\d, j=\d$/);
      // The state after the first try is canonical with the trying process last: asking only the
      // instance of the process that moved would miss it (the first to find it is try(p0)).
      const tries = await same(mutex({ nobodyTries: true }), { ...options, scope: { n } });
      expect(tries.properties.find((p) => p.id === 'nobody-tries')!.trace!.steps.length - 1).toBe(1);
    }
  });

  it('a declared symmetry the system does not honour is still a coded error (LC028), before any thread starts', async () => {
    const r = await checkAsync(asymmetricPair, { symmetry: true, workers: 2 });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.error.line()).toMatch(/^error LC028: symmetry group workers: swapping workers w0 and w1 does not map actor w0's input to w1's/);
  });
});
