import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasShared, insertAlone, insertShared, rehashPart } from '../../src/engine/workers/sharedTable.ts';

/**
 * Runs one thread of test/fixtures/sharedTableWorker.mjs per workerData, all released at once (each
 * waits on `go` until every one is ready), so that their writes overlap; their answers in order.
 */
async function together<T>(datas: Record<string, unknown>[]): Promise<T[]> {
  const go = new SharedArrayBuffer(8);
  const threads = datas.map((data) => {
    const w = new Worker(new URL('../fixtures/sharedTableWorker.mjs', import.meta.url), { workerData: { ...data, go } });
    return new Promise<T>((resolve, reject) => {
      w.once('message', (m: T) => resolve(m));
      w.once('error', reject);
    }).finally(() => w.terminate());
  });
  const ready = new Int32Array(go);
  while (Atomics.load(ready, 1) < datas.length) await new Promise((r) => setTimeout(r, 5));
  Atomics.store(ready, 0, 1);
  Atomics.notify(ready, 0);
  return Promise.all(threads);
}

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
      const orders = [Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => (round % 2 ? i : n - 1 - i))];
      const [a, b] = await together<Uint8Array>(orders.map((order) => ({ table, his, los, order })));
      for (let i = 0; i < n; i++) expect(a[i] + b[i], `fingerprint ${i} (round ${round})`).toBe(1);
      const view = new Int32Array(table);
      let filled = 0;
      for (let s = 0; s < slots; s++) if (view[2 * s] !== 0) filled++;
      expect(filled).toBe(n);
      for (let i = 0; i < n; i++) expect(hasShared(view, slots - 1, his[i], los[i])).toBe(true);
    }
  }, 60_000);

  // The workers rehash a table a part each, at once (parallel.ts, grow): both layouts, the third word
  // (with a graph) the state's index + 1.
  for (const slotWords of [2, 3] as const) {
    it(`two threads rehashing a ${slotWords}-word table a half each at once: every entry once in the new table, findable`, async () => {
      // A new table half the old one's size (rehashPart allows any size that holds the entries): each half
      // of the old table then maps onto the whole new one, and the threads' probes cross all the time
      // (doubling would send the halves to mostly separate quarters).
      const n = 24_000;
      const oldSlots = 1 << 16;
      const newSlots = 1 << 15;
      let seed = 777 + slotWords;
      const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
      const home = (hi: number, lo: number, slots: number) => (hi ^ (lo >>> 7)) & (slots - 1);
      for (let round = 0; round < 12; round++) {
        // Distinct nonzero fingerprints, inserted alone into the old table.
        const old = new Int32Array(new SharedArrayBuffer(oldSlots * slotWords * 4));
        const keys = new Map<string, number>();
        while (keys.size < n) {
          const hi = (rand() & 0x7f) | 1;
          const lo = rand() | 1;
          const key = `${hi},${lo}`;
          if (keys.has(key)) continue;
          keys.set(key, keys.size);
          let s = home(hi, lo, oldSlots);
          while (old[s * slotWords] !== 0) s = (s + 1) & (oldSlots - 1);
          old[s * slotWords] = hi;
          old[s * slotWords + 1] = lo;
          if (slotWords === 3) old[s * 3 + 2] = keys.get(key)! + 1;
        }
        const table = new SharedArrayBuffer(newSlots * slotWords * 4);
        await together([0, 1].map((part) => ({ rehash: { old: old.buffer, table, slotWords, part, parts: 2 } })));
        // Checked into a list of problems, one expect a round (an expect a key took seconds).
        const view = new Int32Array(table);
        const problems: string[] = [];
        const found = new Map<string, number>();
        for (let s = 0; s < newSlots; s++) {
          const b = s * slotWords;
          if ((slotWords === 2 ? view[b] : view[b + 2]) === 0) continue;
          const key = `${view[b]},${view[b + 1]}`;
          if (found.has(key)) problems.push(`${key} twice`);
          found.set(key, slotWords === 3 ? view[b + 2] - 1 : 0);
        }
        if (found.size !== n) problems.push(`${found.size} entries, not ${n}`);
        for (const [key, idx] of keys) {
          if (!found.has(key)) problems.push(`${key} lost`);
          else if (slotWords === 3 && found.get(key) !== idx) problems.push(`${key}: index ${found.get(key)}, not ${idx}`);
          // Where a lookup finds it: no empty slot between its home and it.
          const [hi, lo] = key.split(',').map(Number);
          let s = home(hi, lo, newSlots);
          while (!(view[s * slotWords] === hi && view[s * slotWords + 1] === lo)) {
            if ((slotWords === 2 ? view[s * 2] : view[s * 3 + 2]) === 0) {
              problems.push(`${key}: an empty slot before it`);
              break;
            }
            s = (s + 1) & (newSlots - 1);
          }
        }
        expect(problems.slice(0, 5), `round ${round}`).toEqual([]);
      }
    }, 60_000);
  }

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
