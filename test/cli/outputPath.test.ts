/**
 * Output paths are checked before the search (src/cli/outputPath.ts): one LC050 line, and no search
 * (the run never printed its "checking ..." line or its matrix). Paths under /proc once hung forever
 * (Node 20's recursive mkdirSync loops there), and `compare --out /etc/hostname` failed only after the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LeasecheckError } from '../../src/errors.ts';
import { validateOutputPath } from '../../src/cli/outputPath.ts';
import { expectOneErrorLine, leasecheck } from '../report-ci/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'lc-outpath-'));
let immutable: string | null | undefined;
afterAll(() => {
  if (immutable) execFileSync('chattr', ['-i', immutable], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
});

function lc050(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LeasecheckError);
    expect((e as LeasecheckError).code).toBe('LC050');
    return (e as LeasecheckError).message;
  }
  throw new Error('expected LC050');
}

/** An immutable folder (chattr +i: not even root may create files in it), or null where chattr is unavailable. */
function immutableDir(): string | null {
  if (immutable !== undefined) return immutable;
  const d = join(scratch, 'immutable');
  mkdirSync(d, { recursive: true });
  try {
    execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
    immutable = d;
  } catch {
    immutable = null;
  }
  return immutable;
}

describe('validateOutputPath', () => {
  it('accepts a new file in new folders and a new report folder, creating nothing', () => {
    expect(validateOutputPath(join(scratch, 'a', 'b', 'g.dot'), 'file', '--graph')).toBe(join(scratch, 'a', 'b', 'g.dot'));
    validateOutputPath(join(scratch, 'reports'), 'report-dir', '--out');
    expect(readdirSync(scratch).filter((n) => n !== 'immutable')).toEqual([]);
  });

  it('refuses an empty path, /proc, /sys and /dev, a file where a folder is needed and a folder where a file is', () => {
    expect(lc050(() => validateOutputPath('', 'report-dir', '--out'))).toMatch(/empty path/);
    expect(lc050(() => validateOutputPath('/proc/self/report', 'report-dir', '--out'))).toMatch(/\/proc holds kernel interfaces/);
    expect(lc050(() => validateOutputPath('/proc/x/y/z.dot', 'file', '--graph'))).toMatch(/\/proc/);
    expect(lc050(() => validateOutputPath('/sys/kernel/g.graphml', 'file', '--graph'))).toMatch(/\/sys/);
    expect(lc050(() => validateOutputPath('/dev/null', 'file', '--junit'))).toMatch(/\/dev/);
    writeFileSync(join(scratch, 'plain'), 'x');
    expect(lc050(() => validateOutputPath(join(scratch, 'plain'), 'report-dir', '--out'))).toMatch(/is a file; a report needs a folder/);
    expect(lc050(() => validateOutputPath(join(scratch, 'plain', 'sub', 't.test.ts'), 'file', '--emit-test'))).toMatch(/plain is a file, not a folder/);
    expect(lc050(() => validateOutputPath(scratch, 'file', '--junit'))).toMatch(/is a folder; give a file name/);
    rmSync(join(scratch, 'plain'));
  });

  it('refuses /dev/stdout when stdout is a file: where it leads is a normal file, but writing it replaced the /dev/stdout link', () => {
    // In a child whose stdout is a file, so that /dev/stdout resolves to that file. The child only
    // validates (a regression cannot write anything): exit 0 would mean the path was accepted.
    const out = join(scratch, 'stdout.txt');
    const code = `import { validateOutputPath } from ${JSON.stringify(new URL('../../src/cli/outputPath.ts', import.meta.url).href)};
try { validateOutputPath('/dev/stdout', 'file', '--junit'); process.exitCode = 0; } catch (e) { process.stderr.write(String(e.code)); process.exitCode = 9; }`;
    const fd = openSync(out, 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', code], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([9, 'LC050']);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses the working folder (or a parent of it) as a report folder: it is replaced whole', () => {
    expect(lc050(() => validateOutputPath('.', 'report-dir', '--out'))).toMatch(/working folder/);
    expect(lc050(() => validateOutputPath('..', 'report-dir', '--out'))).toMatch(/working folder/);
  });

  it('refuses a folder where nothing can be created (an immutable folder: even root cannot)', () => {
    const d = immutableDir();
    if (d === null) return; // chattr is not available here
    expect(lc050(() => validateOutputPath(join(d, 'j.xml'), 'file', '--junit'))).toMatch(/cannot create files in .*immutable/);
    expect(lc050(() => validateOutputPath(join(d, 'r'), 'report-dir', '--out'))).toMatch(/cannot create files/);
  });
});

describe('the commands check their output paths before they search', () => {
  it('compare --out under /proc, or naming a file: one LC050 line, no design checked, no matrix', async () => {
    for (const out of ['/proc/self/leasecheck-report', '/etc/hostname']) {
      const r = await leasecheck(['compare', '--out', out]);
      expectOneErrorLine(r, 'LC050');
      expect(r.stderr).not.toContain('checking');
    }
  });

  it('check --graph under /proc, --emit-test under a file: one LC050 line', async () => {
    // A folder to create under /proc: Node 20's recursive mkdirSync looped there forever, after the search.
    expectOneErrorLine(await leasecheck(['check', 'examples/mutex.model.ts', '--graph', '/proc/self/new/dir/g.dot']), 'LC050');
    writeFileSync(join(scratch, 'afile'), 'x');
    expectOneErrorLine(await leasecheck(['check', 'examples/mutex.model.ts', '--emit-test', join(scratch, 'afile', 't.test.ts')]), 'LC050');
    expectOneErrorLine(await leasecheck(['check', '--design', 'zombie-lease', '--graph', '/sys/g.graphml', '--max-states', '10']), 'LC050');
  });

  it('gate --junit in a folder nothing can be written to: one LC050 line, before the designs are checked', async () => {
    const d = immutableDir();
    if (d === null) return;
    const r = await leasecheck(['gate', '--junit', join(d, 'junit.xml')]);
    expectOneErrorLine(r, 'LC050');
    expect(r.stderr).not.toContain('checking');
    expect(existsSync(join(d, 'junit.xml'))).toBe(false);
  });
});

