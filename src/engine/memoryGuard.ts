import { getHeapStatistics } from 'node:v8';
import { defaultMemoryLimit } from './memoryLimit.ts';

/**
 * Room kept below the limit for what the guard cannot foresee: memory the process takes between two
 * readings of its resident size (at most 50 ms apart), the V8 heap growing in steps, the report written
 * after the search. 3% of the limit, at least 16 MiB and at most 128 MiB.
 */
export function slackFor(limit: number): number {
  return Math.min(128 * 2 ** 20, Math.max(16 * 2 ** 20, Math.floor(limit * 0.03)));
}

/** Slack per worker thread (see MemoryGuard's constructor). */
export const WORKER_SLACK = 24 * 2 ** 20;

/**
 * Ends a run before it passes its memory limit: resident memory plus what the search is about to
 * allocate (`ahead`: a table about to double while the old one is still held, the next level's rows,
 * the liveness analysis after the search) over the limit less a slack (slackFor), or the V8 heap
 * (interned snapshots live there) over 90% of its own limit. The default limit is what the machine
 * and the process's cgroup have available when the search starts (memoryLimit.ts).
 */
export class MemoryGuard {
  /** The limit on resident memory, in bytes. */
  readonly limit: number;
  /** Where the limit came from (`--max-memory`, or the default's reasoning). */
  readonly why: string;
  private readonly budget: number;
  private readonly maxHeap: number;
  private last = -Infinity;
  private rss = 0;
  private heapOver = false;

  /**
   * `maxBytes`: the limit (default: defaultMemoryLimit()). `workers`: worker threads whose memory the
   * guard reads only every 100 ms, from outside: each adds WORKER_SLACK to the slack (a worker's own heap
   * and young generation grow between two readings).
   */
  constructor(maxBytes?: number, workers = 0) {
    if (maxBytes !== undefined) {
      this.limit = maxBytes;
      this.why = 'the given limit';
    } else {
      const d = defaultMemoryLimit();
      this.limit = d.bytes;
      this.why = d.why;
    }
    this.budget = this.limit - slackFor(this.limit) - workers * WORKER_SLACK;
    this.maxHeap = getHeapStatistics().heap_size_limit * 0.9;
  }

  /**
   * Whether the run must stop: cheap to call often (it reads the resident size at most every 50 ms of
   * `now`, performance.now(); a reading costs tens of microseconds here). `ahead`: bytes the caller is
   * about to allocate before it asks again.
   */
  exceeded(now: number = performance.now(), ahead = 0): boolean {
    if (now - this.last >= 50) {
      this.last = now;
      this.rss = process.memoryUsage.rss();
      this.heapOver = getHeapStatistics().used_heap_size > this.maxHeap;
    }
    return this.heapOver || this.rss + ahead > this.budget;
  }

  /** Whether allocating `bytes` now keeps the run within its limit (reads the resident size afresh). */
  allows(bytes: number): boolean {
    this.last = -Infinity;
    return !this.exceeded(performance.now(), bytes);
  }
}

/**
 * Bytes the liveness analysis after a search allocates for a graph of `states` states and `edges`
 * edges (liveness/graph.ts, scc.ts, fairness.ts, lasso.ts): the reverse CSR (4 bytes a state, 8 an
 * edge), and about 60 bytes a state of per-property arrays (Tarjan's five, the fair components, the
 * lasso's BFS, closures).
 */
export function livenessBytes(states: number, edges: number): number {
  return 64 * states + 8 * edges;
}
