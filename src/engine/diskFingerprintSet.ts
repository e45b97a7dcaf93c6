import { FingerprintOnlySet } from './fingerprintSet.ts';
import type { DiskDir } from './diskDir.ts';

/** Fingerprints a page of the disk file holds: 4 KiB, the unit a lookup reads. */
const PAGE_FPS = 512;
/** Fingerprints a merge reads or writes at once (8 MiB). */
const CHUNK_FPS = 1 << 20;

/**
 * The seen set of a search that may hold more fingerprints than memory (the `disk` option): TLC's
 * DiskFPSet. Fingerprints go to an in-memory table (FingerprintOnlySet) until it would grow past
 * `budgetBytes`; then it is flushed: sorted, merged into the sorted file on disk, and emptied. A lookup
 * that misses the table asks a Bloom filter of what is on disk (one byte a fingerprint, three probes:
 * most new states never touch the disk), and on a maybe reads one 4 KiB page of the file, found through
 * an index of each page's first fingerprint (8 bytes a page). The set is exact: only the lookups' cost
 * changes, never an answer.
 *
 * The same fingerprint convention as FingerprintOnlySet: (0, 0) is stored as (0, 1). On disk the order
 * is (hi, lo) as unsigned 32-bit numbers.
 */
export class DiskFingerprintSet {
  private mem: FingerprintOnlySet;
  private file: { fd: number; path: string } | null = null;
  /** Fingerprints in the disk file. */
  private onDisk = 0;
  /** The first fingerprint (hi, lo) of each page of the file. */
  private index = new Int32Array(0);
  private bloom = new Uint8Array(0);
  private bloomMask = 0;
  private readonly page = new Int32Array(PAGE_FPS * 2);
  private pageAt = -1;
  /** Flushes so far, and disk pages read by lookups (for the run's notes). */
  flushes = 0;
  pageReads = 0;

  constructor(
    private readonly dir: DiskDir,
    /** The most bytes the in-memory table may take; past it, it is flushed instead of grown. */
    private readonly budgetBytes: number,
    /** Names its files in the directory. */
    private readonly tag = 'fingerprints',
  ) {
    // A table that starts within the budget (tests give tiny budgets to flush often).
    let cap = 1 << 16;
    while (cap > 16 && cap * 8 > budgetBytes) cap >>= 1;
    this.mem = new FingerprintOnlySet(cap);
  }

  /** Fingerprints in the set. */
  get size(): number {
    return this.mem.size + this.onDisk;
  }

  /** Inserts the fingerprint if absent; true when it was absent. */
  add(hi: number, lo: number): boolean {
    if (this.mem.has(hi, lo) || this.diskHas(hi, lo)) return false;
    // The table would double on this insert: past the budget (or the most slots a table has), the
    // table goes to disk instead.
    if (this.mem.fillsWithin(1) && (this.mem.bytes() * 2 > this.budgetBytes || !this.mem.canGrow)) this.flush();
    this.mem.add(hi, lo);
    return true;
  }

  /** Whether the fingerprint is in the set. */
  has(hi: number, lo: number): boolean {
    return this.mem.has(hi, lo) || this.diskHas(hi, lo);
  }

  /** Whether the fingerprint is in the in-memory table (no disk read; false may still be in the set). */
  hasInMemory(hi: number, lo: number): boolean {
    return this.mem.has(hi, lo);
  }

  /** Empties the set. */
  clear(): void {
    this.mem.clear();
    this.dropFile();
  }

  /** Prefetches the in-memory table's slots (see touchSlots). */
  touch(his: Int32Array, los: Int32Array, n: number): void {
    this.mem.touch(his, los, n);
  }

  /** Bytes held in memory: the table, the Bloom filter and the page index. */
  bytes(): number {
    return this.mem.bytes() + this.bloom.byteLength + this.index.byteLength;
  }

  /**
   * Bytes that `n` more fingerprints may allocate while the old structures are still held: the table
   * doubling, or (past the budget) a flush: the sorted copy and its radix buffer, the new Bloom filter.
   */
  growthWithin(n: number): number {
    if (!this.mem.fillsWithin(n)) return 0;
    if (this.mem.bytes() * 2 <= this.budgetBytes && this.mem.canGrow) return this.mem.growthWithin(n);
    const total = this.onDisk + this.mem.size + n;
    return this.mem.size * 16 + bloomBytesFor(total) + Math.ceil(total / PAGE_FPS) * 8;
  }

  /** Deletes the disk file. */
  dropFile(): void {
    if (this.file) this.dir.remove(this.file.fd, this.file.path);
    this.file = null;
    this.onDisk = 0;
    this.index = new Int32Array(0);
    this.bloom = new Uint8Array(0);
    this.bloomMask = 0;
    this.pageAt = -1;
  }

  /** Whether the fingerprint is in the disk file. */
  private diskHas(hi: number, lo: number): boolean {
    if (this.onDisk === 0) return false;
    hi |= 0;
    lo |= 0;
    if ((hi | lo) === 0) lo = 1;
    if (!bloomMaybe(this.bloom, this.bloomMask, hi, lo)) return false;
    const h = hi >>> 0;
    const l = lo >>> 0;
    // The last page whose first fingerprint is <= (h, l).
    const idx = this.index;
    let a = 0;
    let b = idx.length / 2 - 1;
    if (less(h, l, idx[0] >>> 0, idx[1] >>> 0)) return false;
    while (a < b) {
      const m = (a + b + 1) >>> 1;
      if (less(h, l, idx[2 * m] >>> 0, idx[2 * m + 1] >>> 0)) b = m - 1;
      else a = m;
    }
    const count = Math.min(PAGE_FPS, this.onDisk - a * PAGE_FPS);
    if (this.pageAt !== a) {
      this.dir.read(this.file!.fd, this.page, a * PAGE_FPS * 8, count * 8);
      this.pageAt = a;
      this.pageReads++;
    }
    const p = this.page;
    let x = 0;
    let y = count - 1;
    while (x <= y) {
      const m = (x + y) >>> 1;
      const ph = p[2 * m] >>> 0;
      const pl = p[2 * m + 1] >>> 0;
      if (ph === h && pl === l) return true;
      if (less(h, l, ph, pl)) y = m - 1;
      else x = m + 1;
    }
    return false;
  }

  /** Sorts the table's fingerprints, merges them with the disk file into a new one, and empties the table. */
  private flush(): void {
    const fresh = sortedPairs(this.mem.pairs(), this.mem.size);
    const total = this.onDisk + this.mem.size;
    const out = this.dir.create(this.tag);
    const index = new Int32Array(Math.ceil(total / PAGE_FPS) * 2);
    const bloomSize = bloomBytesFor(total);
    const bloom = new Uint8Array(bloomSize);
    const bloomMask = bloomSize - 1;
    const buf = new Int32Array(CHUNK_FPS * 2);
    let filled = 0;
    let written = 0;
    const emit = (h: number, l: number) => {
      if (written % PAGE_FPS === 0) {
        index[(written / PAGE_FPS) * 2] = h;
        index[(written / PAGE_FPS) * 2 + 1] = l;
      }
      bloomSet(bloom, bloomMask, h, l);
      buf[2 * filled] = h;
      buf[2 * filled + 1] = l;
      written++;
      if (++filled === CHUNK_FPS) {
        this.dir.write(out.fd, buf, (written - filled) * 8, filled * 8);
        filled = 0;
      }
    };
    // Merge: the old file is read a chunk at a time; both inputs are sorted and share no fingerprint.
    const old = new Int32Array(this.file ? CHUNK_FPS * 2 : 0);
    let oldRead = 0;
    let oldLen = 0;
    let o = 0;
    const oldNext = (): boolean => {
      if (o < oldLen) return true;
      if (oldRead >= this.onDisk) return false;
      oldLen = Math.min(CHUNK_FPS, this.onDisk - oldRead);
      this.dir.read(this.file!.fd, old, oldRead * 8, oldLen * 8);
      oldRead += oldLen;
      o = 0;
      return true;
    };
    let f = 0;
    const n = this.mem.size;
    while (f < n || oldNext()) {
      const haveOld = oldNext();
      if (f < n && (!haveOld || less(fresh[2 * f] >>> 0, fresh[2 * f + 1] >>> 0, old[2 * o] >>> 0, old[2 * o + 1] >>> 0))) {
        emit(fresh[2 * f], fresh[2 * f + 1]);
        f++;
      } else {
        emit(old[2 * o], old[2 * o + 1]);
        o++;
      }
    }
    if (filled > 0) this.dir.write(out.fd, buf, (written - filled) * 8, filled * 8);
    if (this.file) this.dir.remove(this.file.fd, this.file.path);
    this.file = out;
    this.onDisk = total;
    this.index = index;
    this.bloom = bloom;
    this.bloomMask = bloomMask;
    this.pageAt = -1;
    this.mem.clear();
    this.flushes++;
  }
}

/** (h1, l1) < (h2, l2), all unsigned. */
function less(h1: number, l1: number, h2: number, l2: number): boolean {
  return h1 < h2 || (h1 === h2 && l1 < l2);
}

/**
 * A Bloom filter of about 8 bits a fingerprint: a power of two bytes, at least 64, at most 2 GiB (2^31
 * bytes, so that a byte index stays a 31-bit mask; past 2^31 fingerprints it has fewer bits each).
 */
function bloomBytesFor(n: number): number {
  let bytes = 64;
  while (bytes < n && bytes < 2 ** 31) bytes *= 2;
  return bytes;
}

// Three probes from the fingerprint's own bits (fingerprints are hashes already), each a byte picked by
// one word and a bit by the top three bits of another: about 3% false maybes at 8 bits a fingerprint.
// `mask` is the filter's bytes - 1.
function bloomSet(bloom: Uint8Array, mask: number, hi: number, lo: number): void {
  bloom[lo & mask] |= 1 << (hi >>> 29);
  bloom[hi & mask] |= 1 << (lo >>> 29);
  const m = lo ^ ((hi << 13) | (hi >>> 19));
  bloom[m & mask] |= 1 << (Math.imul(m, 0x9e3779b1) >>> 29);
}

function bloomMaybe(bloom: Uint8Array, mask: number, hi: number, lo: number): boolean {
  if ((bloom[lo & mask] & (1 << (hi >>> 29))) === 0) return false;
  if ((bloom[hi & mask] & (1 << (lo >>> 29))) === 0) return false;
  const m = lo ^ ((hi << 13) | (hi >>> 19));
  return (bloom[m & mask] & (1 << (Math.imul(m, 0x9e3779b1) >>> 29))) !== 0;
}

/**
 * The `n` fingerprints of `pairs` (hi, lo side by side, unsorted) sorted by (hi, lo) unsigned: an LSD
 * radix sort on 16-bit digits (lo's low, lo's high, hi's low, hi's high), stable, so four linear passes.
 */
export function sortedPairs(pairs: Int32Array, n: number): Int32Array {
  let a: Int32Array = pairs;
  let b: Int32Array = new Int32Array(n * 2);
  const counts = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 1 : 0;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((a[2 * i + word] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[(a[2 * i + word] >>> shift) & 0xffff]++;
      b[2 * at] = a[2 * i];
      b[2 * at + 1] = a[2 * i + 1];
    }
    const t = a;
    a = b;
    b = t;
  }
  return a;
}
