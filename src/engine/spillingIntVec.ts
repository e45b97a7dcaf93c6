import { IntVec } from './growable.ts';
import type { DiskDir } from './diskDir.ts';

/** Elements read from the file at a time, and kept for the next reads (a trace walks back level by level). */
const PAGE = 1 << 14;

/**
 * An IntVec whose oldest elements can go to a file of a DiskDir (spill): the BFS parent and action of
 * each state, which the search only appends to, and which only the counterexamples read back, after it.
 * Elements [0, base) are in the file, [base, length) in `data` from 0. `get` reads either; `data[i]` is
 * element i only while nothing has spilled (base 0), which is the case whenever no disk is given.
 *
 * The file is the DiskDir's: it is removed with the directory when the search ends (check() builds its
 * traces before that). Reading a spilled element afterwards is an error, not a wrong value.
 */
export class SpillingIntVec extends IntVec {
  base = 0;
  private file: { dir: DiskDir; fd: number; path: string } | null = null;
  private page = new Int32Array(0);
  private pageStart = -1;

  override push(v: number): void {
    const at = this.length - this.base;
    if (at === this.data.length) this.reserve(this.length + 1);
    this.data[at] = v;
    this.length++;
  }

  override reserve(n: number): void {
    const inMemory = n - this.base;
    if (inMemory <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < inMemory) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length - this.base));
    this.data = next;
  }

  override get(i: number): number {
    return i >= this.base ? this.data[i - this.base] : this.spilled(i);
  }

  override growthWithin(n: number): number {
    const inMemory = this.length - this.base;
    if (inMemory + n <= this.data.length) return 0;
    let cap = this.data.length * 2;
    while (cap < inMemory + n) cap *= 2;
    return cap * 4;
  }

  /** Bytes of the elements in memory (the array's length, not its capacity). */
  inMemoryBytes(): number {
    return (this.length - this.base) * 4;
  }

  /** Elements in the file. */
  get spilledCount(): number {
    return this.base;
  }

  /**
   * Moves every element in memory to the end of the file (created in `dir` the first time) and starts
   * a small array for what comes next. Throws DiskFull when the disk is.
   */
  spill(dir: DiskDir, tag: string): void {
    const n = this.length - this.base;
    if (n === 0) return;
    this.file ??= { dir, ...dir.create(tag) };
    this.file.dir.write(this.file.fd, this.data, this.base * 4, n * 4);
    this.base = this.length;
    this.data = new Int32Array(1 << 14);
  }

  /**
   * The first `length` elements as they are now, for a checkpoint: later pushes and spills leave it as it
   * is (the file is only appended to, and the array it holds is not written again once replaced).
   * WARNING: a push into this vector may still write into the shared array past `length`, never below it.
   */
  prefix(length: number): SpillingIntVec {
    const v = this.emptyLike();
    v.data = this.data;
    v.base = Math.min(this.base, length);
    v.length = length;
    v.file = this.file;
    return v;
  }

  /** A new empty vector of this kind (prefix's copy). */
  protected emptyLike(): SpillingIntVec {
    return new SpillingIntVec(16);
  }

  private spilled(i: number): number {
    const f = this.file!;
    if (f.dir.isClosed) throw new Error(`bug: element ${i} of a vector spilled to ${f.path} was read after its disk directory was removed (read it before check() returns)`);
    if (this.pageStart < 0 || i < this.pageStart || i >= this.pageStart + this.page.length) {
      const start = i - (i % PAGE);
      const n = Math.min(PAGE, this.base - start);
      if (this.page.length !== n) this.page = new Int32Array(n);
      f.dir.read(f.fd, this.page, start * 4, n * 4);
      this.pageStart = start;
    }
    return this.page[i - this.pageStart];
  }
}
