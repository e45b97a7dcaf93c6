import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasShared, insertAlone, insertShared } from '../../src/engine/workers/sharedTable.ts';

/** The workers' two-word shared table (src/engine/workers/sharedTable.ts). */
describe('shared fingerprint table without a graph', () => {
  it('two threads inserting the same fingerprints at once: each is new to exactly one of them, and then present', async () => {
    const n = 3000;
    const slots = 1 << 13;
    // Distinct fingerprints, with words 0 among them (stored as 1), crowded into a few home slots
    // (lo's low bits vary little) so that probes run long and the threads meet in the same slots.
    const seen = new Set<string>();
    const his = new Int32Array(n);
    const los = new Int32Array(n);
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
    for (let i = 0; i < n; ) {
      const hi = i % 97 === 0 ? 0 : rand() & 0x3ff;
      const lo = i % 89 === 0 ? 0 : rand();
      const key = `${hi === 0 ? 1 : hi},${lo === 0 ? 1 : lo}`;
      if (seen.has(key)) continue;
      seen.add(key);
      his[i] = hi;
      los[i] = lo;
      i++;
    }
    for (let round = 0; round < 8; round++) {
      const table = new SharedArrayBuffer(slots * 8);
      const go = new SharedArrayBuffer(8);
      const orders = [Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => (round % 2 ? i : n - 1 - i))];
      const results = orders.map((order) => {
        const w = new Worker(new URL('../fixtures/sharedTableWorker.mjs', import.meta.url), { workerData: { table, go, his, los, order } });
        return new Promise<Uint8Array>((resolve, reject) => {
          w.once('message', (m: Uint8Array) => resolve(m));
          w.once('error', reject);
        }).finally(() => w.terminate());
      });
      const ready = new Int32Array(go);
      while (Atomics.load(ready, 1) < 2) await new Promise((r) => setTimeout(r, 5));
      Atomics.store(ready, 0, 1);
      Atomics.notify(ready, 0);
      const [a, b] = await Promise.all(results);
      for (let i = 0; i < n; i++) expect(a[i] + b[i], `fingerprint ${i} (round ${round})`).toBe(1);
      const view = new Int32Array(table);
      let filled = 0;
      for (let s = 0; s < slots; s++) if (view[2 * s] !== 0) filled++;
      expect(filled).toBe(n);
      for (let i = 0; i < n; i++) expect(hasShared(view, slots - 1, his[i], los[i])).toBe(true);
    }
  }, 60_000);

  it('one thread: the same answers as a set of pairs, word 0 stored as 1', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 })), { maxLength: 40 }), (pairs) => {
        const slots = 64;
        const table = new Int32Array(slots * 2);
        const set = new Set<string>();
        const word = (w: number) => (w === 0 ? 1 : w);
        for (const [hi, lo] of pairs) {
          const key = `${word(hi)},${word(lo)}`;
          expect(hasShared(table, slots - 1, hi, lo)).toBe(set.has(key));
          expect(insertShared(table, slots - 1, hi, lo)).toBe(!set.has(key));
          set.add(key);
        }
        // What a rehash inserts alone lands where the racing insert finds it.
        const copy = new Int32Array(slots * 2);
        for (let s = 0; s < slots; s++) if (table[2 * s] !== 0) insertAlone(copy, slots - 1, table[2 * s], table[2 * s + 1]);
        for (const [hi, lo] of pairs) expect(insertShared(copy, slots - 1, hi, lo)).toBe(false);
      }),
    );
  });
});
