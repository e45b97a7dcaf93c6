/**
 * The most worker threads a search may use: the CPUs this process may run on (os.availableParallelism,
 * which follows the CPU affinity mask, and the cgroup's CPU quota when there is one), but at least 4
 * (as the CLI's --workers has it, src/cli/options.ts). Each worker is a whole copy of the engine and the
 * spec (100-200 MB, 0.3-0.7 s to boot), and the search is CPU-bound: more threads than CPUs only add
 * memory (`--workers 999` on a 9-state spec once made 1,205 threads and 9.2 GB). At least 4, so that
 * the parallel search works (slower) on a small machine and a spec's tests run the same everywhere.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The cap on a machine with fewer CPUs. */
const MIN_CAP = 4;

export function maxWorkers(): { max: number; why: string } {
  const cpus = availableParallelism();
  const quota = cpuQuota();
  const usable = quota !== null ? Math.min(cpus, quota) : cpus;
  const why = quota !== null && quota < cpus ? `the CPU quota of this process's cgroup (${quota})` : `the CPUs this process may run on (${cpus})`;
  return { max: Math.max(MIN_CAP, usable), why: usable < MIN_CAP ? `the least leasecheck allows anywhere (${MIN_CAP}; ${why})` : why };
}

/** CPUs the cgroup's quota allows (rounded up), or null when there is no quota. */
export function cpuQuota(root = '/sys/fs/cgroup'): number | null {
  const v2 = readOr(`${root}/cpu.max`);
  if (v2) {
    const [quota, period] = v2.trim().split(/\s+/);
    if (quota !== 'max' && Number(quota) > 0 && Number(period) > 0) return Math.max(1, Math.ceil(Number(quota) / Number(period)));
  }
  const q = Number(readOr(`${root}/cpu/cpu.cfs_quota_us`));
  const p = Number(readOr(`${root}/cpu/cpu.cfs_period_us`));
  if (q > 0 && p > 0) return Math.max(1, Math.ceil(q / p));
  return null;
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
