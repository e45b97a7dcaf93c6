/** A growable Int32Array (amortised doubling), for parent pointers, frontiers and edges. */
export class IntVec {
  data: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes room for `n` elements in total, keeping the contents. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  get(i: number): number {
    return this.data[i];
  }

  bytes(): number {
    return this.data.byteLength;
  }

  /** Bytes the next growth would allocate if `n` more elements came (0 when they fit). */
  growthWithin(n: number): number {
    if (this.length + n <= this.data.length) return 0;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    return cap * 4;
  }
}

/** A copy of `a`, of the same type, with room for at least `min` elements (doubling). */
export function grown<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, min: number): T {
  let cap = Math.max(1, a.length * 2);
  while (cap < min) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
