/**
 * compare --ladder: the axes' syntax and checks (src/cli/ladderOption.ts), bad input as one coded line
 * and exit 2, and the ladder's cells when the budget is spent (undecided, never holds).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lock from '../../examples/lock.model.ts';
import { ladder } from '../../src/engine/ladder.ts';
import { parseLadder } from '../../src/cli/ladderOption.ts';
import { cellLines, ladderCells, ladderHowText, ladderInterrupted, ladderJSON, type LadderSection } from '../../src/report/ladderModel.ts';
import { incompleteNotes, reportComplete } from '../../src/report/reportModel.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/leasecheck.js'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('--ladder AXES', () => {
  it('reads name=low..high and name=value, each parameter once', () => {
    expect(parseLadder('clients=1..3,rounds=2', lock)).toEqual([
      { param: 'clients', values: [1, 2, 3] },
      { param: 'rounds', values: [2] },
    ]);
    expect(parseLadder(' clients=1..2 ', lock)).toEqual([{ param: 'clients', values: [1, 2] }]);
  });

  it.each([
    ['nope=1..2', /^--ladder: scope key nope is not declared by distributed-lock \(it declares clients, rounds\)$/],
    ['clients=1..x', /is not name=low\.\.high or name=integer/],
    ['clients=1.5', /is not name=low\.\.high or name=integer/],
    ['clients=0..2', /clients=0 is below its minimum 1/],
    ['clients=1..9', /clients=9 is above its maximum 4/],
    ['clients=3..1', /the range goes down \(write clients=1\.\.3\)/],
    ['clients=1..2,clients=3', /names clients twice/],
    ['', /needs at least one parameter/],
  ])('refuses %j with LC002', (text, message) => {
    let thrown: unknown;
    try {
      parseLadder(text, lock);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'LC002' });
    expect(String((thrown as Error).message)).toMatch(message);
  });

  it('refuses a parameter that --scope fixes too', () => {
    expect(() => parseLadder('clients=1..2', lock, { clients: 2 })).toThrow(/given both by --scope and by --ladder/);
  });

  it('bad input on the command line: one coded line, exit 2, before any search', async () => {
    const [range, budget, help] = await Promise.all([
      run('compare', 'examples/lock.model.ts', '--ladder', 'clients=1..9'),
      run('compare', 'examples/lock.model.ts', '--budget', '10'),
      run('compare', '--help'),
    ]);
    expect(range.code).toBe(2);
    expect(range.stderr).toBe('error LC002: --ladder clients=1..9: clients=9 is above its maximum 4\n');
    expect(range.stdout).toBe('');
    expect(budget.code).toBe(2);
    expect(budget.stderr).toBe('error LC001: compare: --budget is the time of the scope ladder: give --ladder too\n');
    expect(help.stdout).toMatch(/--ladder k=a\.\.b,\.\.\./);
    expect(help.stdout).toMatch(/--budget SECONDS +with --ladder: the time all the ladders may take together \(default 600\)/);
  });

  it('a spent budget leaves every cell undecided, and a liveness property not checked, never holds', async () => {
    const axes = [{ param: 'clients', values: [1, 2] }];
    const result = await ladder(lock, { axes, budgetMs: 0, check: { safetyOnly: true } });
    const section: LadderSection = { axes, base: { rounds: 1 }, budgetSeconds: 0, check: { symmetry: false, prove: false }, variants: [{ id: 'redlock', result }] };
    const cells = ladderCells(section, [
      { id: 'no-late-write', kind: 'always' },
      { id: 'lease-ends', kind: 'leadsTo' },
    ]);
    expect(cells.map((c) => [c.property, c.verdict, cellLines(c, axes)])).toEqual([
      ['no-late-write', 'incomplete', ['undecided from clients=1 (not run: the time budget was spent)']],
      ['lease-ends', 'not-checked', ['not checked (the ladder checks safety properties only; --ladder-liveness checks these too)']],
    ]);
  });

  it('after Ctrl-C the scopes not yet run are skipped as interrupted (they used to run, and read "incomplete (interrupted), 1 states"), and the report says the ladder was stopped', async () => {
    const axes = [{ param: 'clients', values: [1, 2] }];
    const result = await ladder(lock, { axes, budgetMs: 120_000, check: { safetyOnly: true, signal: AbortSignal.abort() } });
    expect(result.runs.map((r) => [r.status, r.why, r.distinctStates])).toEqual([['skipped', 'interrupted', 0], ['skipped', 'interrupted', 0]]);
    const section: LadderSection = { axes, base: { rounds: 1 }, budgetSeconds: 120, check: { symmetry: false, prove: false }, variants: [{ id: 'redlock', result }] };
    expect(ladderInterrupted(section)).toBe(true);
    const [cell] = ladderCells(section, [{ id: 'no-late-write', kind: 'always' }]);
    expect(cellLines(cell, axes)).toEqual(['undecided from clients=1 (not run: interrupted)']);
    const report = { title: 't', rows: [], ladder: section };
    expect(reportComplete(report)).toBe(false);
    expect(incompleteNotes(report)).toEqual(['the scope ladder: Ctrl-C stopped it; the scopes it had not finished are undecided (see the scope ladder).']);
  });

  it('under --por the header and the JSON say so, and a change whose trace is not known to be shortest says that too', async () => {
    const axes = [{ param: 'clients', values: [1, 2] }];
    const result = await ladder(lock, { axes, budgetMs: 120_000, check: { safetyOnly: true } });
    const change = result.properties.find((p) => p.id === 'no-late-write')!.changes[0];
    change.result.shortest = false;
    const section: LadderSection = { axes, base: { rounds: 1 }, budgetSeconds: 120, check: { symmetry: false, prove: false, por: true }, variants: [{ id: 'redlock', result }] };
    expect(ladderHowText(section)).toContain('partial-order reduction (--por)');
    const columns = [{ id: 'no-late-write', kind: 'always' as const }];
    const [cell] = ladderCells(section, columns);
    expect(cell.changes[0].text).toBe('CHANGES at clients=2: holds -> violated (6 steps, not known to be shortest)');
    expect(ladderJSON(section, columns, false).check).toEqual({ safetyOnly: true, symmetry: false, prove: false, por: true });
  });

  it('with --ladder-liveness the liveness properties get verdicts at every scope, as the safety ones', async () => {
    const axes = [{ param: 'clients', values: [1, 2] }];
    const result = await ladder(lock, { axes, budgetMs: 120_000, check: { safetyOnly: false } });
    const section: LadderSection = { axes, base: { rounds: 1 }, budgetSeconds: 120, check: { symmetry: false, prove: false, liveness: true }, variants: [{ id: 'redlock', result }] };
    const [live] = ladderCells(section, [{ id: 'lease-ends', kind: 'leadsTo' }]);
    expect(result.runs.map((r) => r.status)).toEqual(['complete', 'complete']);
    expect(live.verdict).not.toBe('not-checked');
    expect(live.verdict).toBe(result.runs[0].properties['lease-ends'].verdict);
    expect(cellLines(live, axes)[0]).toMatch(/^(holds|violated): clients<=2$/);
  });

  it('--por on the command line: the JSON\'s ladder.check says it when the ladder ran under it, and not where liveness turned it off', async () => {
    const [safety, live] = await Promise.all([
      run('compare', 'examples/lock.model.ts', '--por', '--ladder', 'clients=1..2', '--json'),
      run('compare', 'examples/lock.model.ts', '--por', '--ladder', 'clients=1..2', '--ladder-liveness', '--json'),
    ]);
    expect(JSON.parse(safety.stdout).ladder.check).toEqual({ safetyOnly: true, symmetry: true, prove: false, por: true });
    expect(JSON.parse(live.stdout).ladder.check).toEqual({ safetyOnly: false, symmetry: false, prove: false });
    expect(live.stderr).toContain('note: partial-order reduction turned off');
  });

  it('--ladder-liveness on the command line: the JSON says what was checked, and no symmetry where liveness turned it off', async () => {
    const r = await run('compare', 'examples/lock.model.ts', '--ladder', 'clients=1..2', '--ladder-liveness', '--json');
    // compare exits 0 when it could compare (violations are findings, not failures; the gate fails on them).
    expect(r.code).toBe(0);
    const ladderPart = JSON.parse(r.stdout).ladder;
    expect(ladderPart.check).toEqual({ safetyOnly: false, symmetry: false, prove: false });
    expect(r.stderr).toContain('note: symmetry turned off: lease-ends, every-client-finishes are liveness properties that do not say which members they tell apart');
    const cells = ladderPart.variants[0].properties.filter((p: { id: string }) => p.id === 'lease-ends');
    expect(cells[0].verdict).not.toBe('not-checked');
  });

  it('a scope the checker refuses (a symmetry that fails from n=3): the cells say the check failed, one coded line, exit 2', async () => {
    const r = await run('compare', 'test/fixtures/ringSymmetry.model.ts', '--ladder', 'n=2..3', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error LC028: compare --ladder: at n=3: symmetry group philosophers: swapping philosophers p0 and p1 maps action right(i=0) to steps no action takes\n');
    expect(r.stdout).toContain('undecided from n=3 (the check failed: LC028: symmetry group philosophers');
    expect(r.stdout).not.toMatch(/error: error/);
  });

  it('what every check would refuse (--prove with no safety property, a --disk that takes no directory) is the only line, before any "checking" line', async () => {
    const [prove, disk] = await Promise.all([
      run('compare', 'test/fixtures/livenessOnly.model.ts', '--prove'),
      run('compare', 'examples/lock.model.ts', '--ladder', 'clients=1..2', '--disk', '/proc'),
    ]);
    expect([prove.code, prove.stderr]).toEqual([2, 'error LC029: system liveness-only has no safety property (invariant, witness or deadlock check): --prove checks those only\n']);
    expect(disk.code).toBe(2);
    expect(disk.stderr).toMatch(/^error LC033: disk directory \/proc (is not writable|does not take new directories \(ENOENT\): give a directory on a real, writable file system)\n$/);
  });

  it('--ladder-liveness without --ladder, or with --prove: one coded line, exit 2', async () => {
    const [alone, prove] = await Promise.all([
      run('compare', 'examples/lock.model.ts', '--ladder-liveness'),
      run('compare', 'examples/lock.model.ts', '--ladder', 'clients=1..2', '--ladder-liveness', '--prove'),
    ]);
    expect([alone.code, alone.stderr]).toEqual([2, 'error LC001: compare: --ladder-liveness is an option of the scope ladder: give --ladder too\n']);
    expect([prove.code, prove.stderr]).toEqual([2, 'error LC001: compare: --ladder-liveness and --prove do not go together (--prove checks safety properties only)\n']);
  });
});
