/**
 * Limits that hold: --workers is capped at the CPUs; the memory guard counts what is about to be
 * allocated; the default memory limit comes from what the machine and the cgroup have available.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from '../../src/index.ts';
import { FingerprintOnlySet, FingerprintSet } from '../../src/engine/fingerprintSet.ts';
import { IntVec } from '../../src/engine/growable.ts';
import { ChunkPool } from '../../src/engine/levelRows.ts';
import { MemoryGuard, slackFor } from '../../src/engine/memoryGuard.ts';
import { cgroupRoom, defaultMemoryLimit, memAvailable } from '../../src/engine/memoryLimit.ts';
import { maxWorkers } from '../../src/engine/workers/workerCap.ts';
import { chainSystem } from '../fixtures/small.ts';
import { expectOneErrorLine, leasecheck } from '../report-ci/cli.ts';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('--workers has an upper bound', () => {
  it('at most the CPUs this process may use (at least 4): beyond, LC003 naming the bound', async () => {
    const { max } = maxWorkers();
    expect(max).toBe(Math.max(4, Math.min(availableParallelism(), max)));
    for (const r of [check(chainSystem(3), { workers: max + 1 }), await checkAsync(chainSystem(3), { workers: 999 })]) {
      expect(r.status).toBe('error');
      if (r.status === 'error') {
        expect(r.error.code).toBe('LC003');
        expect(r.error.message).toMatch(new RegExp(`more than ${max}`));
      }
    }
  });

  it('leasecheck check --workers 999: one LC003 line, no thread started', async () => {
    const line = expectOneErrorLine(await leasecheck(['check', 'examples/mutex.model.ts', '--workers', '999']), 'LC003');
    expect(line).toMatch(new RegExp(`--workers must be at most ${maxWorkers().max}`));
  });
});

describe('what the search is about to allocate', () => {
  it('a table reports the doubling it would do, and nothing while there is room', () => {
    const fp = new FingerprintOnlySet(1 << 4);
    expect(fp.growthWithin(11)).toBe(0); // 12 of 16 slots is the last that fits
    expect(fp.growthWithin(13)).toBe(2 * fp.bytes());
    const set = new FingerprintSet(1 << 4);
    expect(set.growthWithin(13)).toBe(2 * set.bytes());
    const v = new IntVec(16);
    expect(v.growthWithin(16)).toBe(0);
    expect(v.growthWithin(17)).toBe(32 * 4);
    expect(v.growthWithin(100)).toBe(128 * 4);
    const pool = new ChunkPool(4096, 10);
    expect(pool.growthWithin(1)).toBe(2 * 4096 * 10 * 4);
  });

  it('the guard stops when resident memory plus what is ahead passes the limit less its slack', () => {
    const rss = process.memoryUsage.rss();
    const limit = rss + 200 * 2 ** 20;
    const g = new MemoryGuard(limit);
    expect(g.limit).toBe(limit);
    expect(g.exceeded(performance.now(), 0)).toBe(false);
    expect(g.allows(100 * 2 ** 20)).toBe(true);
    expect(g.allows(200 * 2 ** 20)).toBe(false);
    expect(slackFor(2 ** 30)).toBe(Math.floor(2 ** 30 * 0.03));
    expect(slackFor(100 * 2 ** 20)).toBe(16 * 2 ** 20);
    expect(slackFor(100 * 2 ** 30)).toBe(128 * 2 ** 20);
  });
});

describe('the default memory limit', () => {
  it('reads MemAvailable', () => {
    expect(memAvailable('MemTotal: 100 kB\nMemAvailable:    2048 kB\n')).toBe(2048 * 1024);
    expect(memAvailable('nothing')).toBe(null);
  });

  it('reads the cgroup v2 and v1 limits and what is used under them; "max" and v1\'s huge value are no limit', () => {
    const root = mkdtempSync(join(tmpdir(), 'lc-cgroup-'));
    mkdirSync(join(root, 'job'), { recursive: true });
    writeFileSync(join(root, 'job', 'memory.max'), '1073741824\n');
    writeFileSync(join(root, 'job', 'memory.current'), '268435456\n');
    expect(cgroupRoom(root, '0::/job\n')).toEqual({ limit: 2 ** 30, room: 3 * 2 ** 28 });
    writeFileSync(join(root, 'job', 'memory.max'), 'max\n');
    expect(cgroupRoom(root, '0::/job\n')).toBe(null);
    mkdirSync(join(root, 'memory', 'box'), { recursive: true });
    writeFileSync(join(root, 'memory', 'box', 'memory.limit_in_bytes'), '536870912\n');
    writeFileSync(join(root, 'memory', 'box', 'memory.usage_in_bytes'), '136870912\n');
    expect(cgroupRoom(root, '4:memory:/box\n0::/job\n')).toEqual({ limit: 2 ** 29, room: 2 ** 29 - 136870912 });
    writeFileSync(join(root, 'memory', 'box', 'memory.limit_in_bytes'), '9223372036854771712\n');
    expect(cgroupRoom(root, '4:memory:/box\n0::/job\n')).toBe(null);
  });

  it('is the resident memory now plus 80% of the smaller of what is available and the cgroup room', () => {
    const d = defaultMemoryLimit(100 * 2 ** 20);
    const avail = memAvailable();
    if (avail !== null) {
      // MemAvailable moves between two readings (other processes run): 64 MiB of leeway.
      expect(d.bytes).toBeLessThanOrEqual(100 * 2 ** 20 + 0.8 * avail + 64 * 2 ** 20);
      expect(d.why).toMatch(/80% of the/);
    }
  });
});
