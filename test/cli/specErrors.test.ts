/**
 * A spec that fails says where: build() throwing is LC013 and a JavaScript spec that does not parse is
 * LC011, each on one line with the file, line and column in the spec (README: "where in the spec it
 * was thrown"). The installed package's CLI, where Node alone loads a .mjs spec, is checked in
 * test/package/e2e.test.ts.
 */
import { execFile } from 'node:child_process';
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

/** `node bin/leasecheck.js ...args` (the sources under tsx, which then loads .mjs specs too); never rejects. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/leasecheck.js'), ...args], { cwd: ROOT, timeout: HANG_MS, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** Exit 2, nothing on stdout, one stderr line with the code, and no stack trace. */
function oneLine(run: Run, code: string): string {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`error ${code}: `)).toBe(true);
  return lines[0];
}

describe.concurrent('a failing spec says where', () => {
  it('build() throwing a ReferenceError is LC013 with the file, line and column it was thrown at', async () => {
    const line = oneLine(await cli('check', 'test/fixtures/buildThrows.model.ts'), 'LC013');
    expect(line).toMatch(/^error LC013: build\(\) of system lamps threw: Arrayy is not defined \(at \S*test\/fixtures\/buildThrows\.model\.ts:12:29\)$/);
  });

  it('a .mjs spec with a syntax error is LC011 naming the file, line and column', async () => {
    const line = oneLine(await cli('check', 'test/fixtures/syntaxError.model.mjs'), 'LC011');
    expect(line).toMatch(/^error LC011: spec test\/fixtures\/syntaxError\.model\.mjs failed to load: Unexpected token '\*' \(at \S*test\/fixtures\/syntaxError\.model\.mjs:3:14\)$/);
  });
});
