/**
 * The workers' shared fingerprint table without a state graph: two words a slot (hi, lo) in an
 * Int32Array over a SharedArrayBuffer, open addressing with linear probing, at most 3/4 full. No
 * state's index is kept (nothing looks one up; a worker numbers a chunk's new states when the chunk
 * ends). Two-thirds of the three-word table a graph needs: less to miss in and to rehash, and one
 * fence fewer a new state (on Peterson N=6 one worker took 6.5-7.1 s with it, and with the worker
 * loop's state in locals, against 7.3-8.0 s before: docs/performance.md).
 *
 * A slot is claimed by its hi word (compareExchange from 0), then its lo word is stored: hi 0 marks an
 * empty slot, lo 0 one being written. So a fingerprint word 0 is stored as 1 (slotWord).
 */

/**
 * A fingerprint word as the table stores it (0 is a marker). Two fingerprints that differ only there
 * merge: one more 2^-64 collision, as the one-thread table's (0, 0) (fingerprintSet.ts).
 */
export function slotWord(w: number): number {
  return w === 0 ? 1 : w;
}

/** Inserts (hi, lo) if absent, racing other threads; true when it was absent (this call added it). */
export function insertShared(table: Int32Array, mask: number, hi: number, lo: number): boolean {
  hi = slotWord(hi);
  lo = slotWord(lo);
  let s = (hi ^ (lo >>> 7)) & mask;
  for (;;) {
    const b = s << 1;
    // Fast path without a fence: each word is written once in the table's life (0, then its value),
    // and a racy plain read can only be stale towards 0; two nonzero words are the slot's.
    let h = table[b];
    let l = table[b + 1];
    if (h === 0 || l === 0) {
      h = Atomics.load(table, b);
      if (h === 0) {
        h = Atomics.compareExchange(table, b, 0, hi);
        if (h === 0) {
          Atomics.store(table, b + 1, lo);
          return true;
        }
      }
      // Claimed by another thread: wait for its lo word.
      l = Atomics.load(table, b + 1);
      while (l === 0) l = Atomics.load(table, b + 1);
    }
    if (h === hi && l === lo) return false;
    s = (s + 1) & mask;
  }
}

/**
 * Whether (hi, lo) is in the table, read without a fence: true only when a slot's two words, read
 * filled, match, so a true answer is certain; a slot being written, or a read stale towards 0, answers
 * false (the caller then inserts, which settles it).
 */
export function hasShared(table: Int32Array, mask: number, hi: number, lo: number): boolean {
  hi = slotWord(hi);
  lo = slotWord(lo);
  let s = (hi ^ (lo >>> 7)) & mask;
  for (;;) {
    const b = s << 1;
    const h = table[b];
    const l = table[b + 1];
    if (h === 0 || l === 0) return false;
    if (h === hi && l === lo) return true;
    s = (s + 1) & mask;
  }
}

/** Inserts an absent fingerprint while no other thread uses the table (the initial state). */
export function insertAlone(table: Int32Array, mask: number, hi: number, lo: number): void {
  hi = slotWord(hi);
  lo = slotWord(lo);
  let s = (hi ^ (lo >>> 7)) & mask;
  while (table[s << 1] !== 0) s = (s + 1) & mask;
  table[s << 1] = hi;
  table[(s << 1) + 1] = lo;
}

/**
 * Part `part` of `parts` of a rehash: moves the entries of the old table's slots in that part into
 * `table` (`slotWords` words a slot: 2 as above, or 3 with a state graph, the third word the state's
 * index + 1 and 0 when empty). Every worker takes a part at once while the search waits (a table of
 * gigabytes took seconds alone). The entries are distinct, so a slot is only claimed, never compared:
 * by compare-and-swap of the word that marks it full (hi, or the index word), then the others are stored.
 * Nothing reads the new table until every part is done (the coordinator then resumes the workers).
 */
export function rehashPart(old: Int32Array, table: Int32Array, slotWords: 2 | 3, part: number, parts: number): void {
  const oldSlots = old.length / slotWords;
  const from = Math.floor((oldSlots * part) / parts);
  const to = Math.floor((oldSlots * (part + 1)) / parts);
  const mask = table.length / slotWords - 1;
  if (slotWords === 2) {
    for (let x = from * 2; x < to * 2; x += 2) {
      const hi = old[x];
      if (hi === 0) continue;
      const lo = old[x + 1];
      let s = (hi ^ (lo >>> 7)) & mask;
      while (Atomics.compareExchange(table, s << 1, 0, hi) !== 0) s = (s + 1) & mask;
      table[(s << 1) + 1] = lo;
    }
    return;
  }
  for (let x = from * 3; x < to * 3; x += 3) {
    const idx1 = old[x + 2];
    if (idx1 <= 0) continue;
    const hi = old[x];
    const lo = old[x + 1];
    let s = (hi ^ (lo >>> 7)) & mask;
    while (Atomics.compareExchange(table, s * 3 + 2, 0, idx1) !== 0) s = (s + 1) & mask;
    table[s * 3] = hi;
    table[s * 3 + 1] = lo;
  }
}
