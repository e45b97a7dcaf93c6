/** The progress line: plain lines every --progress seconds when stderr is not a terminal; none with --quiet, nor with --json unless --progress is given. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressLine } from '../../src/cli/progress.ts';
import type { Progress } from '../../src/engine/explore.ts';

const at = (seconds: number): Progress => ({ generated: 1000 * seconds, distinct: 500 * seconds, queue: 10, depth: 3, seconds });

describe('progressLine, stderr not a terminal', () => {
  afterEach(() => vi.restoreAllMocks());

  function written(flags: Record<string, number | boolean>, times: number[]): string[] {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = false;
    try {
      const p = progressLine({ positional: [], flags }, '[1/2] x: ');
      for (const t of times) p.onProgress?.(at(t));
      p.done();
    } finally {
      process.stderr.isTTY = tty;
    }
    return lines;
  }

  it('prints a plain line every N seconds of search (default 30), with the label', () => {
    const lines = written({}, [0.2, 10, 29.9, 30.1, 45, 60.2, 61]);
    expect(lines).toEqual([
      'progress: [1/2] x: generated 30,100  distinct 15,050  queue 10  depth 3  500 states/s  (30 s)\n',
      'progress: [1/2] x: generated 60,200  distinct 30,100  queue 10  depth 3  500 states/s  (60 s)\n',
    ]);
    expect(written({ progress: 5 }, [1, 5, 6, 9.9, 10.5])).toHaveLength(2);
  });

  it('prints nothing with --progress 0, --json or --quiet', () => {
    expect(written({ progress: 0 }, [40, 80])).toEqual([]);
    expect(written({ json: true }, [40, 80])).toEqual([]);
    expect(written({ quiet: true }, [40, 80])).toEqual([]);
    expect(written({ quiet: true, progress: 20 }, [40, 80])).toEqual([]);
  });

  it('with --json, prints its lines when --progress is given (stdout keeps only the JSON)', () => {
    expect(written({ json: true, progress: 20 }, [10, 21, 42, 63])).toHaveLength(3);
  });
});
