import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/**
 * Ends a run before the process runs out of memory: resident memory over the limit (default 80% of
 * the machine's memory), or the V8 heap (interned snapshots live there) over 90% of its own limit.
 */
export class MemoryGuard {
  private readonly maxRss: number;
  private readonly maxHeap: number;
  private last = -Infinity;

  constructor(maxBytes?: number) {
    this.maxRss = maxBytes ?? Math.floor(totalmem() * 0.8);
    this.maxHeap = getHeapStatistics().heap_size_limit * 0.9;
  }

  /**
   * Cheap to call often: it measures at most every 50 ms of `now` (performance.now()), since reading
   * the resident size costs tens of microseconds here.
   */
  exceeded(now: number = performance.now()): boolean {
    if (now - this.last < 50) return false;
    this.last = now;
    if (process.memoryUsage.rss() > this.maxRss) return true;
    return getHeapStatistics().used_heap_size > this.maxHeap;
  }
}
