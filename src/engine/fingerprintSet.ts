/**
 * The most slots a table here has. FingerprintOnlySet finds a slot's first word with `s << 1`, right
 * only while slots stay below 2^30; FingerprintSet's 3 words a slot would need an array past Node's
 * 2^32 elements beyond it. So a table holds at most MAX_FINGERPRINTS (3/4 full); the explorer stops
 * (`state-limit`) before that, or, with a disk, the table is flushed.
 */
export const MAX_SLOTS = 2 ** 30;
export const MAX_FINGERPRINTS = (MAX_SLOTS / 4) * 3;

/**
 * What both tables below share: an open-addressing table of `stride` words a slot, kept at most 3/4
 * full, that doubles when it would pass that.
 */
abstract class OpenTable {
  protected slots: Int32Array;
  protected mask: number;
  size = 0;

  constructor(
    initialCapacity: number,
    private readonly stride: number,
  ) {
    let cap = 1;
    while (cap < initialCapacity && cap < MAX_SLOTS) cap *= 2;
    this.slots = new Int32Array(cap * stride);
    this.mask = cap - 1;
  }

  /** See touchSlots. */
  touch(his: Int32Array, los: Int32Array, n: number): void {
    touchSlots(this.slots, this.mask, this.stride, his, los, n);
  }

  /** Bytes held by the table. */
  bytes(): number {
    return this.slots.byteLength;
  }

  /** Bytes the table would allocate (growing, while the old one is still held) if `n` more fingerprints came. */
  growthWithin(n: number): number {
    return this.fillsWithin(n) && this.canGrow ? this.slots.byteLength * 2 : 0;
  }

  /** Whether `n` more fingerprints would fill the table past 3/4 (it grows then, if it can). */
  fillsWithin(n: number): boolean {
    return (this.size + n) * 4 > (this.mask + 1) * 3;
  }

  /** Whether the table can still double (see MAX_SLOTS). */
  get canGrow(): boolean {
    return this.mask + 1 < MAX_SLOTS;
  }
}

/**
 * The seen set: an open-addressing hash table (linear probing) from 64-bit fingerprint to state index,
 * one Int32Array with the three words of a slot side by side (hi, lo, index + 1; 0 = empty), so a probe
 * touches one cache line. 12 bytes a slot, kept at most 3/4 full.
 */
export class FingerprintSet extends OpenTable {
  constructor(initialCapacity = 1 << 16) {
    super(initialCapacity, 3);
  }

  /** The index stored for this fingerprint, or -1. */
  get(hi: number, lo: number): number {
    const { mask, slots } = this;
    hi |= 0;
    lo |= 0;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const b = s * 3;
      const v = slots[b + 2];
      if (v === 0) return -1;
      if (slots[b] === hi && slots[b + 1] === lo) return v - 1;
      s = (s + 1) & mask;
    }
  }

  /** Inserts (hi, lo) -> index if absent. Returns the existing index, or -1 if it was inserted. */
  putIfAbsent(hi: number, lo: number, index: number): number {
    const { mask, slots } = this;
    hi |= 0;
    lo |= 0;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const b = s * 3;
      const v = slots[b + 2];
      if (v === 0) break;
      if (slots[b] === hi && slots[b + 1] === lo) return v - 1;
      s = (s + 1) & mask;
    }
    const b = s * 3;
    slots[b] = hi;
    slots[b + 1] = lo;
    slots[b + 2] = index + 1;
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
    return -1;
  }

  private grow(): void {
    if (!this.canGrow) throw new Error(`bug: a fingerprint table was asked to hold more than ${MAX_FINGERPRINTS} fingerprints`);
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 3);
    const mask = cap - 1;
    for (let b = 0; b < old.length; b += 3) {
      if (old[b + 2] === 0) continue;
      let s = (old[b] ^ (old[b + 1] >>> 7)) & mask;
      while (slots[s * 3 + 2] !== 0) s = (s + 1) & mask;
      slots[s * 3] = old[b];
      slots[s * 3 + 1] = old[b + 1];
      slots[s * 3 + 2] = old[b + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * The seen set when no state index is needed (no graph is recorded): fingerprints only, 8 bytes a slot
 * (hi, lo side by side), kept at most 3/4 full. A smaller table misses the cache less often, and the
 * probe is the search's most expensive memory access.
 *
 * WARNING: the fingerprint (0, 0) marks an empty slot, so it is stored as (0, 1): two states whose
 * fingerprints are exactly those merge (one more 2^-64 collision).
 */
export class FingerprintOnlySet extends OpenTable {
  constructor(initialCapacity = 1 << 16) {
    super(initialCapacity, 2);
  }

  /** Inserts the fingerprint if absent; true when it was absent. */
  add(hi: number, lo: number): boolean {
    const { mask, slots } = this;
    hi |= 0;
    lo |= 0;
    if ((hi | lo) === 0) lo = 1;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const b = s << 1;
      const h = slots[b];
      const l = slots[b + 1];
      if ((h | l) === 0) break;
      if (h === hi && l === lo) return false;
      s = (s + 1) & mask;
    }
    slots[s << 1] = hi;
    slots[(s << 1) + 1] = lo;
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  /** Whether the fingerprint is in the set. */
  has(hi: number, lo: number): boolean {
    const { mask, slots } = this;
    hi |= 0;
    lo |= 0;
    if ((hi | lo) === 0) lo = 1;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const b = s << 1;
      const h = slots[b];
      const l = slots[b + 1];
      if ((h | l) === 0) return false;
      if (h === hi && l === lo) return true;
      s = (s + 1) & mask;
    }
  }

  /** Empties the set (its capacity stays). */
  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(0);
    this.size = 0;
  }

  /** The fingerprints in the set, (hi, lo) side by side, in slot order: a fresh array of `size` pairs. */
  pairs(): Int32Array {
    const out = new Int32Array(this.size * 2);
    const slots = this.slots;
    let j = 0;
    for (let b = 0; b < slots.length; b += 2) {
      if ((slots[b] | slots[b + 1]) === 0) continue;
      out[j++] = slots[b];
      out[j++] = slots[b + 1];
    }
    return out;
  }

  private grow(): void {
    if (!this.canGrow) throw new Error(`bug: a fingerprint table was asked to hold more than ${MAX_FINGERPRINTS} fingerprints`);
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let b = 0; b < old.length; b += 2) {
      const h = old[b];
      const l = old[b + 1];
      if ((h | l) === 0) continue;
      let s = (h ^ (l >>> 7)) & mask;
      while ((slots[s << 1] | slots[(s << 1) + 1]) !== 0) s = (s + 1) & mask;
      slots[s << 1] = h;
      slots[(s << 1) + 1] = l;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Keeps touchSlots' loads from being optimised away. */
let sink = 0;

/**
 * Reads the first slot of each fingerprint (his[i], los[i]), i < n, in a table of `stride` words a
 * slot, and nothing else. The probes that follow then find those lines in the cache: loads with no
 * dependence between them overlap their misses, where probes interleaved with other work take them one
 * at a time (JavaScript has no prefetch). Used by both tables here and the workers' shared table.
 */
export function touchSlots(slots: Int32Array, mask: number, stride: number, his: Int32Array, los: Int32Array, n: number): void {
  let x = 0;
  for (let i = 0; i < n; i++) x ^= slots[((his[i] ^ (los[i] >>> 7)) & mask) * stride];
  sink ^= x;
}
