/**
 * --max-memory holds: a search stopped by its memory limit peaks below the limit (the guard counts the
 * table doubling, the level rows and the edge arrays it is about to allocate, and the liveness analysis
 * checks its own room). Peak resident size is the child's own (process.resourceUsage().maxRSS), so the
 * figures do not depend on the machine's speed.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./memoryChild.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(model: string, limitMiB: number, workers?: number): { status: string; stoppedBy: string | null; states: number; peakMiB: number; verdicts: string[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, model, String(limitMiB), ...(workers ? [String(workers)] : [])], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('--max-memory holds', () => {
  it.each([
    ['philosophers N=16, one thread', 'philosophers', 170, undefined],
    ['the DAX model (zombie-lease, liveness: the graph is kept)', 'dax', 150, undefined],
    ['philosophers N=16, two worker threads', 'philosophers', 300, 2],
  ] as const)('%s: stopped by memory, peak below the limit', (_name, model, limit, workers) => {
    const r = run(model, limit, workers);
    expect(r.stoppedBy, JSON.stringify(r)).toBe('memory');
    expect(r.peakMiB, JSON.stringify(r)).toBeLessThanOrEqual(limit);
    expect(r.states).toBeGreaterThan(1000);
  });
});
