/** --coverage: per-action generated/distinct, unreached machine states and transitions, vacuity; numbers checked by hand. */
import { describe, expect, it } from 'vitest';
import { compileSystem, explore, type System } from '../../src/index.ts';
import { computeCoverage, type Coverage } from '../../src/report/coverage.ts';
import mutex from '../../examples/mutex.model.ts';
import lamp from './fixtures/lamp.model.ts';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { leasecheck, ROOT, scratchDir } from './cli.ts';

function coverageOf(system: System, scope: Record<string, number> = {}): Coverage {
  const cs = compileSystem(system, scope);
  return computeCoverage(cs, explore(cs, { recordGraph: true }));
}

describe('coverage of examples/mutex.model.ts', () => {
  // broken=1: each process cycles idle -> checked -> critical -> idle on its own and the lock stays
  // free, so all 3 x 3 = 9 combinations are reachable and each has exactly 2 enabled steps: 18 edges.
  it('broken=1: every action fires 6 times; the lock is never held; TAKE and RELEASE never happen', () => {
    const c = coverageOf(mutex, { broken: 1 });
    expect(c.complete).toBe(true);
    expect(c.distinctStates).toBe(9);
    expect(c.transitions).toBe(18);
    expect(c.actions).toEqual([
      { name: 'check', generated: 6, distinct: 3, instances: [{ label: 'p1: check the lock', generated: 3, distinct: 1 }, { label: 'p2: check the lock', generated: 3, distinct: 2 }] },
      { name: 'enter', generated: 6, distinct: 5, instances: [{ label: 'p1: enter', generated: 3, distinct: 2 }, { label: 'p2: enter', generated: 3, distinct: 3 }] },
      { name: 'exit', generated: 6, distinct: 0, instances: [{ label: 'p1: exit', generated: 3, distinct: 0 }, { label: 'p2: exit', generated: 3, distinct: 0 }] },
    ]);
    // Generated sums to TLC's "generated" less the initial state; distinct to the distinct states less it.
    expect(c.actions.reduce((n, a) => n + a.generated, 0)).toBe(19 - 1);
    expect(c.actions.reduce((n, a) => n + a.distinct, 0)).toBe(9 - 1);
    expect(c.machines).toEqual([
      { actor: 'p1', machine: 'process', states: { total: 3, reached: 3, unreached: [] }, transitions: { total: 3, taken: 3, untaken: [] } },
      { actor: 'p2', machine: 'process', states: { total: 3, reached: 3, unreached: [] }, transitions: { total: 3, taken: 3, untaken: [] } },
      { actor: 'lock', machine: 'lock', states: { total: 2, reached: 1, unreached: ['held'] }, transitions: { total: 3, taken: 1, untaken: ['free on TAKE', 'held on RELEASE'] } },
    ]);
    expect(c.properties).toEqual([
      { id: 'mutual-exclusion', kind: 'always', vacuous: null, note: 'not judged: an invariant needs a `subject` hint for a vacuity check' },
      // p1 critical with p2 idle, checked or critical.
      { id: 'p1-can-enter', kind: 'sometimes', vacuous: false, predicateStates: 3, note: 'true in 3 of the explored states' },
    ]);
  });

  // broken=0: at most one process is past `idle` (it holds the lock): 1 + 2 + 2 = 5 states, 6 edges.
  it('broken=0: the lock is held and released, and PEEK is the transition never taken', () => {
    const c = coverageOf(mutex, { broken: 0 });
    expect([c.distinctStates, c.transitions]).toEqual([5, 6]);
    expect(c.actions.map((a) => [a.name, a.generated, a.distinct])).toEqual([
      ['check', 2, 2],
      ['enter', 2, 2],
      ['exit', 2, 0],
    ]);
    expect(c.machines[2]).toEqual({
      actor: 'lock',
      machine: 'lock',
      states: { total: 2, reached: 2, unreached: [] },
      transitions: { total: 3, taken: 2, untaken: ['free on PEEK'] },
    });
  });

  it('leasecheck check --coverage prints it, and --json carries it as `coverage`', async () => {
    const text = await leasecheck(['check', 'examples/mutex.model.ts', '--coverage']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('coverage of the explored space (9 distinct states, 18 transitions):');
    expect(text.stdout).toMatch(/\n {2}check +6 +3\n {2}enter +6 +5\n {2}exit +6 +0\n/);
    expect(text.stdout).toContain('    lock (lock)   states 1/2, transitions 1/3\n      states never reached: held\n      transitions never taken: free on TAKE, held on RELEASE\n');
    const json = await leasecheck(['check', 'examples/mutex.model.ts', '--coverage', '--json']);
    const out = JSON.parse(json.stdout);
    expect(out.coverage).toEqual(coverageOf(mutex, { broken: 1 }));
    expect(out.stats.statesGenerated).toBe(19);
  });
});

describe('coverage: vacuity and never-fired actions (test/report-ci/fixtures/lamp.model.ts)', () => {
  it('flags the leadsTo whose premise is never true and the invariant whose subject never appears', () => {
    const c = coverageOf(lamp);
    expect([c.distinctStates, c.transitions]).toEqual([3, 5]);
    expect(c.actions.map((a) => [a.name, a.generated, a.distinct])).toEqual([
      ['switchOn', 1, 1],
      ['switchOff', 1, 0],
      ['break', 1, 1],
      ['powerCut', 1, 0],
      ['flicker', 1, 0],
    ]);
    expect(c.machines).toEqual([
      { actor: 'lamp', machine: 'lamp', states: { total: 4, reached: 3, unreached: ['spare'] }, transitions: { total: 5, taken: 4, untaken: ['spare on ON'] } },
    ]);
    expect(c.properties.map((p) => [p.id, p.vacuous])).toEqual([
      ['never-broken', false],
      ['spare-is-off', true],
      ['on-leads-to-off', false],
      ['spare-leads-to-off', true],
    ]);
    expect(c.properties[3]).toMatchObject({ premiseStates: 0, goalStates: 1 });
    expect(c.properties[2]).toMatchObject({ premiseStates: 1, goalStates: 1 });
    expect(c.properties[1].note).toMatch(/^VACUOUS: its subject appears in none/);
  });

  it('counts over the explored part only when the run stops early, and says so', async () => {
    const cs = compileSystem(lamp, {});
    const c = computeCoverage(cs, explore(cs, { recordGraph: true, maxDepth: 1 }));
    expect(c.complete).toBe(false);
    expect(c.distinctStates).toBe(2);
    expect(c.actions.map((a) => [a.name, a.generated])).toEqual([
      ['switchOn', 1],
      ['switchOff', 0],
      ['break', 0],
      ['powerCut', 0],
      ['flicker', 0],
    ]);
    const r = await leasecheck(['check', 'test/report-ci/fixtures/lamp.model.ts', '--coverage', '--max-depth', '1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('the run was INCOMPLETE, so "never" means "not in what was explored"');
    expect(r.stdout).toMatch(/switchOff +0 +0 +NEVER FIRED/);
  });
});

describe('coverage and --graph after a reduced or threaded check', () => {
  /** A spec file around test/fixtures/liveMutex.ts: symmetric processes and a liveness property (the graph is kept). */
  function liveMutexSpec(): string {
    const dir = scratchDir('coverage-sym');
    const file = join(dir, 'lm.model.ts');
    writeFileSync(file, `import { liveMutex } from ${JSON.stringify(join(ROOT, 'test/fixtures/liveMutex.ts'))};\nexport default liveMutex({});\n`);
    return file;
  }

  it('--symmetry with a liveness property: coverage and the graph of the plain space (was an internal error: a canonical state cannot be rebuilt from its parent)', async () => {
    const spec = liveMutexSpec();
    const graph = join(dirname(spec), 'lm.dot');
    const [reduced, plain] = await Promise.all([
      leasecheck(['check', spec, '--symmetry', '--coverage', '--graph', graph, '--json']),
      leasecheck(['check', spec, '--coverage', '--json']),
    ]);
    expect(reduced.stderr).not.toContain('internal error');
    const r = JSON.parse(reduced.stdout);
    const p = JSON.parse(plain.stdout);
    expect(r.stats.distinctStates).toBeLessThan(p.stats.distinctStates);
    expect(r.coverage).toEqual(p.coverage);
    expect(r.graph).toMatchObject({ nodes: p.stats.distinctStates, complete: true });
    const text = await leasecheck(['check', spec, '--symmetry', '--coverage']);
    expect(text.stdout).toContain('(coverage is of a plain search of the same scope: the check counted orbits or reduced sets, which cover no actual state space)');
  });

  it('--graph under symmetry judges the plain space against the limit: LC003, not a graph silently cut at 20,001 states', async () => {
    const r = await leasecheck(['check', 'examples/lock.model.ts', '--scope', 'clients=3', '--safety-only', '--symmetry', '--graph', join(scratchDir('coverage-sym'), 'l3.graphml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^error LC003: --graph: the state space has more than 20,000 states, too many to draw/);
  });

  it('--graph with --max-states above what it draws is LC003 before the search (a 457 MB .dot, or an internal error past the longest string)', async () => {
    const r = await leasecheck(['check', '--design', 'blocking-close', '--graph', join(scratchDir('coverage-sym'), 'b.dot'), '--max-states', '1000000']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error LC003: --graph draws at most 100,000 states (the file is built in memory); --max-states 1,000,000 is more');
  });

  it('never fired is by label: instances a hidden parameter tells apart share one, and it fired if any did', async () => {
    const r = await leasecheck(['check', 'examples/lock.model.ts', '--coverage', '--max-states', '100']);
    const write = r.stdout.split('\n').find((l) => /^ {2}write +\d/.test(l))!;
    expect(write).toMatch(/^ {2}write +\d+ +\d+$/);
  });
});
