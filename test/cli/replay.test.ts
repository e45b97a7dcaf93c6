/**
 * `leasecheck replay`, run as a real process: which spec a lone trace is replayed against (the one it
 * records, else package.json's, else one LC010 line naming both), a spec given where the trace belongs,
 * and scenario errors naming their file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, leasecheck, ROOT, run, scratchDir } from '../report-ci/cli.ts';

const TRACE = 'reports/traces/blocking-close/no-unkillable-close.itf.json';

/** The report's trace, copied to `dir` with the spec it records moved out of reach (as a copy elsewhere finds it). */
function copiedTrace(dir: string): string {
  const itf = JSON.parse(readFileSync(join(ROOT, TRACE), 'utf8'));
  itf['#meta'].spec = '../no-such-folder/dax.model.ts';
  const file = join(dir, 'copied.itf.json');
  writeFileSync(file, JSON.stringify(itf));
  return file;
}

describe('replay of a trace without SPEC', () => {
  it("falls back to package.json's spec when the spec the trace records is not there", async () => {
    const file = copiedTrace(scratchDir('replay'));
    const r = await leasecheck(['replay', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${file}: 8 steps of dax under blocking-close, replayed on real XState actors`);
    expect(r.stderr).toContain("replaying it against specs/dax.model.ts (package.json's spec)");
  });

  it('is one LC010 line naming both paths tried when neither exists', async () => {
    const dir = scratchDir('replay');
    const file = copiedTrace(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ leasecheck: { spec: 'gone.model.ts' } }));
    const r = await run('node', [join(ROOT, 'bin/leasecheck.js'), 'replay', file], { cwd: dir });
    const line = expectOneErrorLine(r, 'LC010');
    expect(line).toContain(join(dir, '../no-such-folder/dax.model.ts'));
    expect(line).toContain('gone.model.ts');
    expect(line).toContain(`leasecheck replay SPEC ${file}`);
  });

  it('replays the spec the trace records when it is there', async () => {
    const r = await leasecheck(['replay', TRACE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).variant).toBe('blocking-close');
  });
});

describe('replay of a lasso whose "loop" is wrong', () => {
  /** The report's lasso (A stuck in close forever: loop = the last index) with `loop` replaced. */
  function withLoop(loop: unknown): string {
    const itf = JSON.parse(readFileSync(join(ROOT, TRACE), 'utf8'));
    itf.loop = loop;
    const file = join(scratchDir('replay-loop'), `loop-${String(loop)}.itf.json`);
    writeFileSync(file, JSON.stringify(itf));
    return file;
  }

  it('a loop that is not the index of a state is one LC041 line (2.5 was a stack trace; -1 and 99 were ignored)', async () => {
    const runs = await Promise.all([2.5, -1, 99, '3'].map((loop) => leasecheck(['replay', 'specs/dax.model.ts', withLoop(loop)])));
    for (const r of runs) expect(expectOneErrorLine(r, 'LC041')).toContain('it must be the index of one of its 9 states (0 to 8)');
  });

  it('a loop whose state the trace does not come back to is LC041 about the file, not a divergence of the model', async () => {
    const line = expectOneErrorLine(await leasecheck(['replay', 'specs/dax.model.ts', withLoop(0)]), 'LC041');
    expect(line).toContain('"loop" is 0, but the last state (8) is not state 0 again (A differs)');
  });
});

describe('replay of a spec or a scenario', () => {
  it('a spec as the only argument is one LC001 line saying replay needs a trace or a scenario', async () => {
    const line = expectOneErrorLine(await leasecheck(['replay', 'examples/mutex.model.ts']), 'LC001');
    expect(line).toContain('needs a trace (.itf.json) or a scenario file');
    expect(line).toContain('leasecheck replay examples/mutex.model.ts TRACE.itf.json');
  });

  it('a spec in place of the trace is one LC001 line', async () => {
    const line = expectOneErrorLine(await leasecheck(['replay', 'examples/mutex.model.ts', 'examples/lock.model.ts']), 'LC001');
    expect(line).toContain('examples/lock.model.ts is a spec, not a trace');
  });

  it("a scenario line the spec's language refuses names the scenario file", async () => {
    const file = join(scratchDir('replay'), 'bad.scenario');
    writeFileSync(file, '# a comment\nadmin: kill Z\n');
    const line = expectOneErrorLine(await leasecheck(['replay', file]), 'LC041');
    expect(line).toContain(`scenario ${file}, line 2 "admin: kill Z": no process Z in this scope`);
  });
});

describe('replay marks the step that breaks an invariant', () => {
  it('once, where it happens, in the text; every step\'s broken invariants in the JSON', async () => {
    const file = join(scratchDir('replay-violates'), 'race.scenario');
    writeFileSync(file, '# the race\np1: check the lock\np2: check the lock\np1: enter\np2: enter\n');
    const [text, json] = await Promise.all([
      leasecheck(['replay', 'examples/mutex.model.ts', file]),
      leasecheck(['replay', 'examples/mutex.model.ts', file, '--json']),
    ]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    const marks = lines.flatMap((l, i) => (l.includes('VIOLATES') ? [i] : []));
    expect(marks.map((i) => lines[i].trim())).toEqual(['=> the state now VIOLATES mutual-exclusion']);
    // Under step 4, after its changes.
    expect(lines.slice(0, marks[0]).reverse().find((l) => /^\s+\d\. /.test(l))).toMatch(/^\s+4\. p2: enter/);
    const steps = JSON.parse(json.stdout).runs[0].steps as { violated: string[] }[];
    expect(steps.map((s) => s.violated)).toEqual([[], [], [], ['mutual-exclusion']]);
  });

  it('an invariant the initial state already breaks marks no step', async () => {
    const dir = scratchDir('replay-violates');
    writeFileSync(
      join(dir, 'born.model.ts'),
      `import { createMachine } from 'xstate';
import { always, defineSystem, joint } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};
const lamp = createMachine({ initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });
export default defineSystem({
  name: 'born',
  build: () => ({
    actors: { a: { machine: lamp } },
    actions: [joint({ name: 'flip', label: () => 'a: flip', steps: () => ({ actor: 'a', event: { type: 'FLIP' } }) })],
    properties: [always('impossible', () => false), always('never-on', (s) => s.a.value !== 'on')],
  }),
});
`,
    );
    writeFileSync(join(dir, 'flip.scenario'), '# flip\na: flip\na: flip\n');
    const r = await leasecheck(['replay', join(dir, 'born.model.ts'), join(dir, 'flip.scenario')]);
    expect(r.code, r.stderr).toBe(0);
    // impossible is broken from the initial state on: no step broke it. never-on breaks at step 1.
    expect(r.stdout.split('\n').filter((l) => l.includes('VIOLATES')).map((l) => l.trim())).toEqual(['=> the state now VIOLATES never-on']);
  });
});

describe('replay says what it checked', () => {
  it('an ITF trace with --set is LC001: the trace records its knobs, and --set was silently ignored', async () => {
    expectOneErrorLine(await leasecheck(['replay', 'examples/lock-report/traces/redlock/no-late-write.itf.json', '--set', 'fencing=monotonic']), 'LC001');
  });

  it('an expect line may copy the IMPOSSIBLE that replay prints', async () => {
    const dir = scratchDir('replay-said');
    const file = join(dir, 'c4.scenario');
    writeFileSync(file, 'scope: broken=0\np1: check the lock\np2: check the lock\nexpect *: 2 IMPOSSIBLE\n');
    const r = await leasecheck(['replay', 'examples/mutex.model.ts', file]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('every expectation met');
  });

  it('under --variant, expect lines about other variants are counted as not checked, not as met', async () => {
    const r = await leasecheck(['replay', 'examples/lock.model.ts', 'examples/lock-scenarios/04-pause-before-the-mark.scenario', '--variant', 'redlock']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('every expectation met');
    expect(r.stdout).toContain('3 of 8 expectations checked, all met; the other 5 name only variants not run here');
  });
});
