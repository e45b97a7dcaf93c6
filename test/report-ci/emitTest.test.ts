/**
 * --emit-test: the emitted vitest file runs green on the model that produced it (run here by a nested
 * vitest), and goes red when the model changes so that the trace no longer applies or no longer violates.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, leasecheck, run, scratchDir, vitestIn } from './cli.ts';

/** A copy of examples/mutex.model.ts in `dir`, importing leasecheck from the repo. */
function copyMutex(dir: string): string {
  const spec = join(dir, 'mutex.model.ts');
  const index = relative(dir, join(ROOT, 'src', 'index.ts')).split('\\').join('/');
  writeFileSync(spec, readFileSync(join(ROOT, 'examples', 'mutex.model.ts'), 'utf8').replace("'../src/index.ts'", `'${index}'`));
  return spec;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('regression tests emitted from counterexamples', () => {
  it('mutex: the emitted test passes, then fails when the trace no longer applies or no longer violates', async () => {
    const dir = scratchDir('emit');
    const spec = copyMutex(dir);
    const testFile = join(dir, 'mutex.test.ts');
    const r = await leasecheck(['check', spec, '--emit-test', testFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wrote ${testFile}: a vitest regression test replaying every counterexample\n`);
    const code = readFileSync(testFile, 'utf8');
    expect(code).toContain("it('mutual-exclusion is still violated by its 4-step counterexample (replay key 0/1/2/3)'");
    expect(code).toContain('const scope: Record<string, number> = {"broken":1};');
    expect(code).toContain("'p1: check the lock',");

    const green = await vitestIn(dir);
    expect(green.stdout + green.stderr).toMatch(/Tests\s+1 passed \(1\)/);
    expect(green.code).toBe(0);

    // The lock no longer lets a second process peek once the first has: step 2 of the trace is not enabled.
    edit(spec, "PEEK: { target: 'free' }", "PEEK: { target: 'held' }");
    const blocked = await vitestIn(dir);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('trace step 2 (p2: check the lock) is not enabled on replay');

    // The trace still applies, but entering no longer reaches the critical section: no violation at the end.
    edit(spec, "PEEK: { target: 'held' }", "PEEK: { target: 'free' }");
    edit(spec, "checked: { on: { ENTER: 'critical' } }", "checked: { on: { ENTER: 'idle' } }");
    const holds = await vitestIn(dir);
    expect(holds.code).toBe(1);
    expect(holds.stdout + holds.stderr).toContain('the invariant is false at the last state');
  });

  it('lamp: an invariant, a leads-to lasso and a deadlock, each replayed; the emitted file type-checks under strict', async () => {
    const dir = scratchDir('emit');
    const testFile = join(dir, 'lamp.test.ts');
    const r = await leasecheck(['check', 'test/report-ci/fixtures/lamp.model.ts', '--emit-test', testFile, '--quiet']);
    expect(r.code).toBe(1);
    const code = readFileSync(testFile, 'utf8');
    expect(code.match(/^ {2}it\('/gm)).toHaveLength(3);
    expect(code).toContain("it('on-leads-to-off is still violated by its 2-step counterexample (a lasso) (replay key 0/2)'");
    expect(code).toContain("it('deadlock-free is still violated by its 2-step counterexample (replay key 0/2)'");
    const green = await vitestIn(dir);
    expect(green.stdout + green.stderr).toMatch(/Tests\s+3 passed \(3\)/);
    expect(green.code).toBe(0);
    const tsc = await run(join(ROOT, 'node_modules', '.bin', 'tsc'), [
      '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
      '--allowImportingTsExtensions', '--skipLibCheck', '--types', 'node', testFile,
    ]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('a design: --design with --set rebuilds the same variant, and the lasso replays on real actors', async () => {
    const dir = scratchDir('emit');
    const testFile = join(dir, 'what-if.test.ts');
    const r = await leasecheck(['check', '--design', 'blocking-close-killable', '--set', 'blockingCloseWait=uninterruptible', '--emit-test', testFile, '--quiet']);
    expect(r.code).toBe(1);
    const code = readFileSync(testFile, 'utf8');
    expect(code).toContain('const system = withVariant(found, "blocking-close-killable", {');
    expect(code).toContain('"blockingCloseWait":"uninterruptible"');
    const titles = [...code.matchAll(/^ {2}it\('([a-z-]+) is still violated/gm)].map((m) => m[1]);
    expect(titles).toEqual(['no-lease-less-pin-one-holder', 'no-lease-less-pin-strict', 'no-unkillable-close', 'admin-can-recover']);
    const green = await vitestIn(dir);
    expect(green.stdout + green.stderr).toMatch(/Tests\s+4 passed \(4\)/);
    expect(green.code).toBe(0);
  });

  it('writes nothing when there is no counterexample to keep', async () => {
    const testFile = join(scratchDir('emit'), 'none.test.ts');
    const r = await leasecheck(['check', 'examples/mutex.model.ts', '--scope', 'broken=0', '--emit-test', testFile]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`no counterexample to keep: ${testFile} not written\n`);
    expect(existsSync(testFile)).toBe(false);
  });

  it('never overwrites a file it did not write (package.json, a module the spec imports); re-emits over its own; not onto --graph\'s file', async () => {
    const dir = scratchDir('emit-foreign');
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, '{"name":"mine"}\n');
    const foreign = await leasecheck(['check', 'examples/mutex.model.ts', '--emit-test', pkg]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toBe(`error LC050: --emit-test ${pkg}: that file exists and is not a test leasecheck wrote; leasecheck does not overwrite it (give another path, or remove it first)\n`);
    expect(readFileSync(pkg, 'utf8')).toBe('{"name":"mine"}\n');
    const own = join(dir, 'mutex.test.ts');
    expect((await leasecheck(['check', 'examples/mutex.model.ts', '--emit-test', own, '--quiet'])).code).toBe(1);
    expect((await leasecheck(['check', 'examples/mutex.model.ts', '--emit-test', own, '--quiet'])).code).toBe(1);
    expect(readFileSync(own, 'utf8')).toMatch(/^\/\/ Written by `leasecheck check examples\/mutex.model.ts --emit-test /);
    const same = await leasecheck(['check', 'examples/mutex.model.ts', '--emit-test', join(dir, 'g.dot'), '--graph', join(dir, 'g.dot')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^error LC001: --graph and --emit-test name the same file/);
  });
});
