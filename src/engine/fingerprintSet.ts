/**
 * The seen set: an open-addressing hash table (linear probing) from 64-bit fingerprint to state index,
 * on typed arrays: 12 bytes a slot, kept at most 3/4 full.
 */
export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** state index + 1; 0 marks an empty slot. */
  private idx: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.idx = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The index stored for this fingerprint, or -1. */
  get(hi: number, lo: number): number {
    const { mask } = this;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const v = this.idx[s];
      if (v === 0) return -1;
      if (this.hi[s] === hi && this.lo[s] === lo) return v - 1;
      s = (s + 1) & mask;
    }
  }

  /** Inserts (hi, lo) -> index if absent. Returns the existing index, or -1 if it was inserted. */
  putIfAbsent(hi: number, lo: number, index: number): number {
    const { mask } = this;
    let s = (hi ^ (lo >>> 7)) & mask;
    for (;;) {
      const v = this.idx[s];
      if (v === 0) break;
      if (this.hi[s] === hi && this.lo[s] === lo) return v - 1;
      s = (s + 1) & mask;
    }
    this.hi[s] = hi;
    this.lo[s] = lo;
    this.idx[s] = index + 1;
    if (++this.size * 4 > this.idx.length * 3) this.grow();
    return -1;
  }

  /** Bytes held by the table's arrays. */
  bytes(): number {
    return this.idx.length * 12;
  }

  private grow(): void {
    const { hi, lo, idx } = this;
    const cap = idx.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.idx = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < idx.length; i++) {
      if (idx[i] === 0) continue;
      let s = (hi[i] ^ (lo[i] >>> 7)) & this.mask;
      while (this.idx[s] !== 0) s = (s + 1) & this.mask;
      this.hi[s] = hi[i];
      this.lo[s] = lo[i];
      this.idx[s] = idx[i];
    }
  }
}
