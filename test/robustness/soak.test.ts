/**
 * A bounded soak (iterations, never wall time; LEASECHECK_SOAK=n for more, LEASECHECK_SOAK_SEED to
 * replay one): small checks with random limits, and compares into one folder killed at random (SIGKILL
 * after a random delay or at a random write boundary, or Ctrl-C). After every step the folder holds a
 * whole report set (its manifest lists exactly its files, and each one is there), a complete report is
 * never replaced by an incomplete one, and the next run leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, recoverReportSet } from '../../src/cli/reportSet.ts';
import { ROOT } from '../report-ci/cli.ts';

const ITERATIONS = Number(process.env.LEASECHECK_SOAK ?? 6);
const SEED = Number(process.env.LEASECHECK_SOAK_SEED ?? 20261206);

/** mulberry32: a small seeded generator, so a failing soak can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs leasecheck; `kill` ends it after `afterMs` with that signal (a test of what is left, not of timing). */
function leasecheck(args: string[], env: Record<string, string> = {}, kill?: { signal: NodeJS.Signals; afterMs: number }): Promise<Ended> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['bin/leasecheck.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = kill ? setTimeout(() => c.kill(kill.signal), kill.afterMs) : undefined;
    c.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(join(dir, r)).isDirectory() ? filesUnder(dir, r) : [r];
  });
}

/** Throws unless `dir` holds one whole report set: its manifest lists exactly its report files, and the JSON names the Markdown's rows. */
function assertWhole(dir: string, what: string): { complete: boolean; designs: string[]; md: string } {
  const m = readManifest(dir);
  expect(m, `${what}: no manifest`).not.toBeNull();
  const files = filesUnder(dir).filter((f) => f !== '.leasecheck-report.json' && !f.startsWith('incomplete/'));
  expect(files.sort(), what).toEqual([...m!.files].sort());
  const json = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8')) as { variants: { id: string; status: string }[] };
  const md = readFileSync(join(dir, 'comparison.md'), 'utf8');
  for (const d of json.variants) expect(md, `${what}: ${d.id} is in the JSON, not in the Markdown`).toMatch(new RegExp(`\\| \\[?${d.id}\\b`));
  expect(m!.complete, what).toBe(json.variants.every((d) => d.status === 'complete'));
  return { complete: m!.complete, designs: json.variants.map((d) => d.id), md };
}

function leftovers(dir: string): string[] {
  const siblings = readdirSync(dirname(dir)).filter((n) => n.startsWith(`.${basename(dir)}.lc-`));
  const inside = existsSync(dir) ? filesUnder(dir).filter((f) => /\.lc-|\.tmp$/.test(f)) : [];
  return [...siblings, ...inside];
}

describe(`soak: ${ITERATIONS} random interruptions (seed ${SEED})`, () => {
  it('every check exits as its verdicts say; every folder stays a whole set; nothing is left behind', async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const dir = join(mkdtempSync(join(tmpdir(), 'lc-soak-')), 'report');
    let before: { complete: boolean; md: string } | null = null;
    const log: string[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const kind = pick(['check', 'compare', 'compare', 'compare'] as const);
      if (kind === 'check') {
        const maxStates = pick([1, 3, 5, 50]);
        const r = await leasecheck(['check', 'examples/mutex.model.ts', '--json', '--max-states', String(maxStates)]);
        const out = JSON.parse(r.stdout) as { status: string; properties: { verdict: string }[] };
        const want = out.properties.some((p) => p.verdict === 'violated') ? 1 : out.status === 'complete' ? 0 : 3;
        expect(r.code, `${i}: check --max-states ${maxStates}`).toBe(want);
        log.push(`${i} check --max-states ${maxStates}: exit ${r.code}`);
        continue;
      }
      // One process is quick (a kill lands in the writing), two take a second or two (a kill lands in the search).
      const designs = pick(['mainline-2019', 'zombie-lease', 'mainline-2019,zombie-lease']);
      const scope = pick(['processes=1', 'processes=2']);
      const how = pick(['SIGKILL', 'boundary', 'SIGINT', 'none'] as const);
      const env: Record<string, string> = how === 'boundary' ? { LEASECHECK_TEST_KILL_AT: String(1 + Math.floor(rnd() * 9)) } : {};
      const kill = how === 'SIGKILL' || how === 'SIGINT' ? { signal: how as NodeJS.Signals, afterMs: 300 + Math.floor(rnd() * 2200) } : undefined;
      const r = await leasecheck(['compare', '--designs', designs, '--scope', scope, '--out', dir, '--quiet'], env, kill);
      log.push(`${i} compare ${designs} ${scope} ${how}${kill ? ` after ${kill.afterMs} ms` : ''}${env.LEASECHECK_TEST_KILL_AT ? ` at boundary ${env.LEASECHECK_TEST_KILL_AT}` : ''}: ${r.signal ?? `exit ${r.code}`}`);
      const what = log[log.length - 1];
      expect(r.signal === 'SIGKILL' || r.code === 0 || r.code === 3 || (r.signal === 'SIGINT' && how === 'SIGINT'), `${what}\n${r.stderr}`).toBe(true);
      // A killed run may leave the folder missing only between its two renames; the next run recovers it.
      recoverReportSet(dir);
      if (!existsSync(dir)) {
        expect(before, `${what}: the folder is gone`).toBeNull();
        continue;
      }
      const now = assertWhole(dir, what);
      // A complete report is never replaced by an incomplete one.
      if (before?.complete) expect(now.complete, `${what}: a complete report was replaced by an incomplete one`).toBe(true);
      if (existsSync(join(dir, 'incomplete'))) assertWhole(join(dir, 'incomplete'), `${what} (incomplete/)`);
      expect(leftovers(dir), what).toEqual([]);
      before = { complete: now.complete, md: now.md };
    }
    if (process.env.LEASECHECK_SOAK) console.log(log.join('\n'));
    rmSync(dirname(dir), { recursive: true, force: true });
    expect(log).toHaveLength(ITERATIONS);
  });
});
