import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './one.ts';

const ONE = fileURLToPath(new URL('./one.ts', import.meta.url));

export type ChildResult =
  | { ok: true; m: Measurement }
  | { ok: false; reason: 'timeout'; seconds: number }
  | { ok: false; reason: 'failed'; message: string };

/**
 * Runs bench/one.ts in a fresh node process; kills it (SIGKILL) after `capSeconds`.
 * With tsx's ESM loader only (`tsx/esm`), as the CLI and the worker threads load specs: plain `tsx`
 * also installs its CommonJS hooks, which load XState's CommonJS build, and under them the same
 * search measured 15-25% slower (the hand BFS, which loads no XState, did not change; see
 * docs/performance.md, 2026-12-07 11:24).
 */
export function measure(model: string, explorer: string, n: number, runs: number, capSeconds: number): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx/esm', ONE, model, explorer, String(n), String(runs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = Number.isFinite(capSeconds)
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, capSeconds * 1000)
      : undefined;
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ ok: false, reason: 'timeout', seconds: capSeconds });
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) return resolve({ ok: true, m: JSON.parse(line) as Measurement });
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve({ ok: false, reason: 'failed', message: `${why}: ${err.trim().split('\n').slice(-3).join(' | ') || out.trim()}` });
    });
  });
}
