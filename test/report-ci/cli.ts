/** Runs `node bin/leasecheck.js ...` as a real process from the repo root, and a nested vitest on emitted files. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { HANG_MS } from '../support/hang.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repo root; never rejects. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...args],
      { cwd: opts.cwd ?? ROOT, timeout: opts.timeoutMs ?? HANG_MS, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', ...opts.env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function leasecheck(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return run('node', ['bin/leasecheck.js', ...args], { env });
}

/** A fresh folder under the repo's git-ignored tmp/ (so node resolves vitest and xstate from the repo); call it inside a test. */
export function scratchDir(prefix: string): string {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tmp', `${prefix}-`));
  // Removed when the test passes; kept for a look when it fails.
  onTestFinished(({ task }) => {
    if (task.result?.state === 'pass') rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Runs vitest on the *.test.ts files of `dir` alone (its own config, so the repo's include does not apply). */
export function vitestIn(dir: string): Promise<Run> {
  // The nested run gets the same net for a hang (vitest's default of 5 s a test fails on a busy machine).
  writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.ts'], testTimeout: ${HANG_MS}, hookTimeout: ${HANG_MS} } };\n`);
  return run(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--root', dir, '--reporter', 'verbose'], { cwd: dir });
}

/** Bad input: exit 2, nothing on stdout, exactly one stderr line `error LCxxx: ...`, no stack trace. */
export function expectOneErrorLine(r: Run, code: string): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`error ${code}: `)).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

/**
 * Runs `node bin/leasecheck.js ...`, sends it `signal` once its stderr shows `marker` (and `afterMs` more
 * has passed), and resolves when it has closed (its output complete).
 */
export function interruptWhen(args: readonly string[], marker: string, opts: { signal?: NodeJS.Signals; afterMs?: number; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/leasecheck.js', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', ...opts.env } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes(marker)) {
        sent = true;
        setTimeout(() => child.kill(opts.signal ?? 'SIGINT'), opts.afterMs ?? 0);
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
