/** `leasecheck simulate`, run as a real process: exit codes, the seed, the text and --json shapes. */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANG_MS } from '../support/hang.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function leasecheck(...args: string[]): Promise<Run> {
  return leasecheckIn(ROOT, args);
}

/** Runs the CLI from `cwd` (outside the repository, no package.json names a spec). */
function leasecheckIn(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/leasecheck.js'), ...args], { cwd, timeout: HANG_MS, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function oneErrorLine(run: Run, code: string) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`error ${code}: `)).toBe(true);
}

describe.concurrent('leasecheck simulate', () => {
  it('exit 1 on a violation, with the seed, the original and the shrunk length, and check\'s trace text', async () => {
    const run = await leasecheck('simulate', 'examples/mutex.model.ts', '--seed', '7');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('seed 7');
    expect(run.stdout).toMatch(/VIOLATED\s+mutual-exclusion\s+invariant\s+counterexample: 4 steps \(shrunk from \d+, run \d+\)/);
    expect(run.stdout).toMatch(/shrunk counterexample, 4 steps \(the random run reached it in \d+; replay key [\d/]+\):/);
    expect(run.stdout).toContain('  0. initial state');
  });

  it('exit 0 and "no violation found in N runs" when nothing is found; a random seed is printed', async () => {
    const run = await leasecheck('simulate', 'examples/mutex.model.ts', '--scope', 'broken=0', '--runs', '300');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no violation found in 300 runs');
    expect(run.stdout).toMatch(/seed \d+ \(the same seed with the same options gives the same result: --seed \d+\)/);
  });

  it('--json: one object with properties (verdict, trace, originalLength, shrunkLength) and stats (runs, steps, seconds, seed); nothing on stderr', async () => {
    const run = await leasecheck('simulate', 'examples/mutex.model.ts', '--seed', '11', '--json', '--runs', '500', '--depth', '30');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(run.stdout);
    expect(j.stats).toMatchObject({ seed: 11, depth: 30 });
    expect(j.stats.runs).toBeGreaterThan(0);
    expect(typeof j.stats.steps).toBe('number');
    expect(typeof j.stats.seconds).toBe('number');
    const p = j.properties.find((x: { id: string }) => x.id === 'mutual-exclusion');
    expect(p).toMatchObject({ kind: 'always', verdict: 'violated', shrunkLength: 4 });
    expect(p.originalLength).toBeGreaterThanOrEqual(4);
    expect(p.trace.length).toBe(4);
    expect(p.trace.steps).toHaveLength(5);
    expect(j.properties.find((x: { id: string }) => x.id === 'deadlock-free').verdict).toBe('not-found');
    // The same seed, the same answer.
    const again = JSON.parse((await leasecheck('simulate', 'examples/mutex.model.ts', '--seed', '11', '--json', '--runs', '500', '--depth', '30')).stdout);
    expect({ ...again, stats: { ...again.stats, seconds: 0 } }).toEqual({ ...j, stats: { ...j.stats, seconds: 0 } });
  });

  it('--design: the DAX model at processes=4 finds the zombie-lease strict violation', async () => {
    const run = await leasecheck('simulate', '--design', 'zombie-lease', '--scope', 'processes=4', '--seed', '1', '--json');
    expect(run.code).toBe(1);
    const j = JSON.parse(run.stdout);
    expect(j.variant.id).toBe('zombie-lease');
    expect(j.scope.processes).toBe(4);
    const p = j.properties.find((x: { id: string }) => x.id === 'no-lease-less-pin-strict');
    expect(p.verdict).toBe('violated');
    expect(p.explanation[0]).toContain('zombie');
    expect(j.unchecked.map((u: { id: string }) => u.id)).toContain('no-unkillable-close');
  });

  it('bad input is one error line and exit 2', async () => {
    const runs = await Promise.all([
      leasecheckIn(tmpdir(), ['simulate']),
      leasecheck('simulate', 'examples/mutex.model.ts', '--seed', 'x'),
      leasecheck('simulate', 'examples/mutex.model.ts', '--runs', '0'),
      leasecheck('simulate', 'examples/mutex.model.ts', '--scope', 'nope=1'),
      leasecheck('simulate', '--design', 'nope'),
      leasecheck('simulate', 'test/fixtures/nondeterministic.model.ts', '--seed', '1'),
    ]);
    oneErrorLine(runs[0], 'LC001');
    oneErrorLine(runs[1], 'LC003');
    oneErrorLine(runs[2], 'LC003');
    oneErrorLine(runs[3], 'LC002');
    oneErrorLine(runs[4], 'LC040');
    oneErrorLine(runs[5], 'LC030');
  });
});
