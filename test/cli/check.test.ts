/** `leasecheck check`, run as a real process: exit codes, one-line errors, and the --json shape. */
import { execFile, spawn } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
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

/** At most this many CLI processes at once: each tsx start-up is CPU-bound, and oversubscribing slows all. */
const SLOTS = Math.max(1, Math.min(4, availableParallelism()));
let running = 0;
const waiting: (() => void)[] = [];

async function leasecheck(...args: string[]): Promise<Run> {
  while (running >= SLOTS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await spawnCli(args);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `node bin/leasecheck.js ...args` from the repo root; never rejects. */
function spawnCli(args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/leasecheck.js'), ...args], { cwd, timeout: HANG_MS, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Bad input: exit 2, nothing on stdout, exactly one stderr line `error LC0xx: ...`, no stack trace. */
function expectOneErrorLine(run: Run, code: string) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error LC0\d\d: /);
  expect(lines[0].startsWith(`error ${code}: `)).toBe(true);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  // A load error says where in the spec it was thrown; nothing else names a source line.
  if (code !== 'LC011') expect(run.stderr).not.toContain('.ts:');
}

describe.concurrent('exit codes', () => {
  it('0 when every property holds (fixed mutex)', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=0');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('explored 5 distinct states');
  });

  it('0 for two-phase commit with 3 RMs, 288 states, --scope given with =', async () => {
    const run = await leasecheck('check', 'test/fixtures/twoPhaseCommit.ts', '--scope=rms=3', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('explored 288 distinct states');
  });

  it('0 with --workers 2 for a spec that declares its origin with import.meta.url (tagged by tsx)', async () => {
    const run = await leasecheck('check', 'test/fixtures/originSpec.ts', '--scope', 'n=8', '--workers', '2', '--quiet');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('explored 1,154 distinct states');
  });

  it('1 with --safety-only --symmetry --workers 2 on a DAX design: two threads (no note), one thread\'s orbits', async () => {
    const run = await leasecheck('check', 'specs/dax.model.ts', '--design', 'zombie-lease', '--scope', 'mrs=1', '--safety-only', '--symmetry', '--workers', '2');
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('one thread');
    expect(run.stdout).toContain('explored 49,929 distinct states');
  });

  it('1 when a property is violated (broken mutex), with the 4-step counterexample in the text', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/VIOLATED\s+mutual-exclusion\s+invariant\s+counterexample: 4 steps/);
    expect(run.stdout).toContain('replay key 0/1/2/3');
  });

  it('3 when the run stops at --max-states before deciding anything', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=0', '--max-states', '2');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('INCOMPLETE');
    expect(run.stdout).toContain('it reached --max-states');
  });

  it('0 with --safety-only when every safety property holds: the liveness property left out is "not checked", not undecided', async () => {
    const [all, safety] = await Promise.all([
      leasecheck('check', 'test/fixtures/safeWithLiveness.model.ts'),
      leasecheck('check', 'test/fixtures/safeWithLiveness.model.ts', '--safety-only', '--json'),
    ]);
    expect(all.code).toBe(1);
    expect(safety.code).toBe(0);
    const doc = JSON.parse(safety.stdout) as { status: string; properties: { id: string; verdict: string; notChecked?: boolean }[] };
    expect(doc.status).toBe('complete');
    expect(doc.properties.find((p) => p.id === 'gets-busy')).toMatchObject({ verdict: 'incomplete', notChecked: true });
    expect(doc.properties.filter((p) => p.id !== 'gets-busy').every((p) => p.verdict === 'holds' && !p.notChecked)).toBe(true);
  });

  it('a closed stdout pipe (leasecheck ... | head) is no error: no stack trace, the command\'s own exit status', async () => {
    const ends = await Promise.all(
      [['list', 'examples/mutex.model.ts'], ['check', 'examples/mutex.model.ts']].map(
        (args) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn('node', [join(ROOT, 'bin/leasecheck.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
            // The reader goes away before the first line is written.
            child.stdout.destroy();
            let stderr = '';
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    expect(ends.map((e) => e.code)).toEqual([0, 1]);
    for (const e of ends) expect(e.stderr).toBe('');
  });

  it('1 beats 3: a violation found before --max-depth stops the run still exits 1', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--max-depth', '4', '--json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('incomplete');
    expect(json.stoppedBy).toBe('max-depth');
  });
});

describe.concurrent('bad input: exit 2 and exactly one line on stderr', () => {
  it('an unknown flag is LC001', async () => {
    expectOneErrorLine(await leasecheck('check', 'examples/mutex.model.ts', '--bogus'), 'LC001');
  });

  it('an unknown command and a missing spec argument (outside a project that names one) are LC001', async () => {
    expectOneErrorLine(await leasecheck('frobnicate'), 'LC001');
    expectOneErrorLine(await spawnCli(['check'], tmpdir()), 'LC001');
  });

  it('a missing spec file is LC010', async () => {
    expectOneErrorLine(await leasecheck('check', 'test/fixtures/does-not-exist.spec.ts'), 'LC010');
  });

  it('a module that exports no system is LC012', async () => {
    expectOneErrorLine(await leasecheck('check', 'test/fixtures/notASpec.ts'), 'LC012');
  });

  it('a spec that throws on import is LC011, with the thrown message and no stack', async () => {
    const run = await leasecheck('check', 'test/fixtures/throwsOnImport.model.ts');
    expectOneErrorLine(run, 'LC011');
    expect(run.stderr).toContain('knob truncateOfPinned is not set');
    // Where it was thrown, but no stack.
    expect(run.stderr).toMatch(/\(at \S*throwsOnImport\.model\.ts:\d+:\d+\)$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a variant setting a knob to a value it does not have is defineSystem's LC013, not a load failure (LC011)", async () => {
    const run = await leasecheck('check', 'test/fixtures/badKnobValue.model.ts');
    expectOneErrorLine(run, 'LC013');
    expect(run.stderr).toContain('variant turbo sets mode=turbo, not one of its values (fast, safe)');
  });

  it("a spec that does not compile is LC011 with the compiler's whole message: file, line, column and what is wrong", async () => {
    const run = await leasecheck('check', 'test/fixtures/syntaxError.model.ts');
    expectOneErrorLine(run, 'LC011');
    expect(run.stderr).toMatch(/Transform failed with 1 error: \S*syntaxError\.model\.ts:2:10: ERROR: Unexpected ";"/);
  });

  it('--help on every command, --version', async () => {
    for (const command of ['check', 'compare', 'gate', 'replay', 'simulate', 'list']) {
      const run = await leasecheck(command, '--help');
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`^usage: leasecheck ${command} `));
      expect(run.stdout, command).toContain('--help');
    }
    expect((await leasecheck('--version')).stdout).toMatch(/^leasecheck \d+\.\d+\.\d+\n$/);
    // `help gate` and `gate -h` are `gate --help`; the usage names --version.
    const gateHelp = (await leasecheck('gate', '--help')).stdout;
    expect((await leasecheck('help', 'gate')).stdout).toBe(gateHelp);
    expect((await leasecheck('gate', '-h')).stdout).toBe(gateHelp);
    expect((await leasecheck('--help')).stdout).toContain('leasecheck --version');
  });

  it('a flag said twice means what it says once (a wrapper adding --quiet)', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=0', '--quiet', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('numbers that are not whole or positive, an empty --out, extra arguments: LC001/LC003, before any search', async () => {
    const runs = await Promise.all([
      leasecheck('check', 'examples/mutex.model.ts', '--max-states', '0.5'),
      leasecheck('check', 'examples/mutex.model.ts', '--workers', '1.5'),
      leasecheck('check', 'examples/mutex.model.ts', '--workers', '100000'),
      leasecheck('compare', 'examples/mutex.model.ts', '--out='),
      leasecheck('list', 'examples/mutex.model.ts', 'extra'),
      leasecheck('check', 'examples/mutex.model.ts', '--timeout', '-1'),
      leasecheck('check', 'examples/mutex.model.ts', '--scope'),
    ]);
    // (--timeout -1 reaches the range check: node:util alone would call -1 a missing value.)
    for (const [i, code] of ['LC003', 'LC003', 'LC003', 'LC003', 'LC001', 'LC003', 'LC001'].entries()) expectOneErrorLine(runs[i], code);
    expect(runs[5].stderr).toContain('--timeout must be a positive number of seconds, got "-1"');
  });

  it('an option given twice, a scope with an empty entry or a key twice, a knob set twice or without "=": refused, not half-used', async () => {
    const runs = await Promise.all([
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=1', '--scope', 'broken=0'),
      leasecheck('check', '--variant', 'unprotected', '--variant', 'zombie-lease'),
      leasecheck('check', 'examples/mutex.model.ts', '--scope', ','),
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=1,'),
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=1,broken=0'),
      leasecheck('check', 'examples/lock.model.ts', '--set', 'pauses=bounded', '--set', 'pauses=unbounded'),
      leasecheck('check', 'examples/lock.model.ts', '--set', 'pauses'),
    ]);
    for (const [i, code] of ['LC001', 'LC001', 'LC002', 'LC002', 'LC002', 'LC003', 'LC003'].entries()) expectOneErrorLine(runs[i], code);
    expect(runs[0].stderr).toContain('give --scope once: combine the values');
    expect(runs[5].stderr).toContain('knob pauses is set twice');
  });

  it('an unknown option is named plainly; no command at all is one LC001 line, not the usage', async () => {
    const [bogus, none] = await Promise.all([leasecheck('check', 'examples/mutex.model.ts', '--bogus'), leasecheck()]);
    expectOneErrorLine(bogus, 'LC001');
    expect(bogus.stderr).toMatch(/^error LC001: check: unknown option --bogus \(it takes --variant, /);
    expectOneErrorLine(none, 'LC001');
    expect(none.stderr).toContain('no command given');
  });

  it('a scope entry that is not key=integer, an undeclared key, an out-of-range value: LC002', async () => {
    const [notInt, unknown, range] = await Promise.all([
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=x'),
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'processes=3'),
      leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=7'),
    ]);
    expectOneErrorLine(notInt, 'LC002');
    expectOneErrorLine(unknown, 'LC002');
    expectOneErrorLine(range, 'LC002');
  });

  it('a non-positive --max-states is LC003', async () => {
    expectOneErrorLine(await leasecheck('check', 'examples/mutex.model.ts', '--max-states', '0'), 'LC003');
  });

  it('a --max-memory below what the process holds before any search is LC003 (it stopped every run at its first state)', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--max-memory', '1');
    expectOneErrorLine(run, 'LC003');
    expect(run.stderr.trim()).toMatch(/--max-memory must be at least \d+ \(leasecheck holds \d+ MiB before it loads the spec, and keeps 16 MiB of the limit in reserve\), got "1"$/);
  });

  it('a trace that does not replay on real actors (nondeterministic assign) is LC030', async () => {
    const run = await leasecheck('check', 'test/fixtures/nondeterministic.model.ts');
    expectOneErrorLine(run, 'LC030');
    expect(run.stderr).toContain('deterministic');
  });

  // The checker never runs custom actions (src/engine/actorTable.ts); replay on real actors does.
  it('a machine whose custom action throws gives one error line and exit 2, not a crash', async () => {
    expectOneErrorLine(await leasecheck('check', 'test/fixtures/throwingAction.model.ts'), 'LC020');
  });
});

describe('--json', () => {
  it('prints one JSON object: properties with id, kind, verdict, trace; stats with the counts', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(run.stdout);
    expect(json.system).toBe('mutex');
    expect(json.scope).toEqual({ broken: 1 });
    expect(json.status).toBe('complete');
    expect(json.properties.map((p: { id: string; kind: string; verdict: string }) => [p.id, p.kind, p.verdict])).toEqual([
      ['mutual-exclusion', 'always', 'violated'],
      ['p1-can-enter', 'sometimes', 'holds'],
      ['deadlock-free', 'deadlock', 'holds'],
    ]);
    expect(json.stats).toMatchObject({ distinctStates: 9, depth: 4 });
    expect(typeof json.stats.statesGenerated).toBe('number');
    expect(json.stats.statesGenerated).toBeGreaterThan(9);
    expect(typeof json.stats.seconds).toBe('number');

    const trace = json.properties[0].trace;
    expect(trace.length).toBe(4);
    expect(trace.replayKey).toBe('0/1/2/3');
    expect(trace.steps).toHaveLength(5);
    expect(trace.steps.map((s: { action: string | null }) => s.action)).toEqual([
      null,
      'p1: check the lock',
      'p2: check the lock',
      'p1: enter',
      'p2: enter',
    ]);
    for (const step of trace.steps) expect(Object.keys(step.state).sort()).toEqual(['lock', 'p1', 'p2']);
    expect(trace.steps[4].state).toEqual({
      p1: { value: 'critical', context: {} },
      p2: { value: 'critical', context: {} },
      lock: { value: 'free', context: { holder: null } },
    });
    expect(json.properties[1].trace.steps.map((s: { action: string | null }) => s.action)).toEqual([null, 'p1: check the lock', 'p1: enter']);
    expect(json.properties[2].trace).toBeUndefined();
  });

  it('an incomplete run says so: status incomplete, stoppedBy, verdicts incomplete', async () => {
    const run = await leasecheck('check', 'examples/mutex.model.ts', '--scope', 'broken=0', '--max-states', '2', '--json');
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('incomplete');
    expect(json.stoppedBy).toBe('max-states');
    expect(json.properties.map((p: { verdict: string }) => p.verdict)).toEqual(['incomplete', 'incomplete', 'incomplete']);
  });

  it('list\'s replay hint names the spec it was given, so the command it shows runs on that spec', async () => {
    const [other, dflt] = await Promise.all([leasecheck('list', 'examples/lock.model.ts'), leasecheck('list')]);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('scenarios (leasecheck replay examples/lock.model.ts <name> [--variant V]):');
    expect(dflt.stdout).toContain('scenarios (leasecheck replay <name> [--variant V]):');
  });
});
