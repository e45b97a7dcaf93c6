import type { DiskDir } from './diskDir.ts';

/**
 * The rows of one BFS level (a state's locals and fingerprint, `stride` ints a row), kept in chunks of
 * a fixed number of rows. A level that has been expanded gives its chunks back to a pool that the
 * level after next takes them from, so the search writes its rows into memory it has touched before.
 * One growing array a level cost a copy at each doubling and, worse, a page fault for every 4 KB it
 * first touched: at philosophers N=16 (181 MB of rows in all) about a sixth of the run was the kernel
 * handing out fresh pages. With the pool the search touches about two levels' worth, once.
 *
 * With a disk directory (the search's `disk` option), the pool has a budget: once the chunks in memory
 * would pass it, a level writes each chunk it fills to a file of its own (TLC's disk queue) and reuses
 * the buffer, and reads its chunks back one at a time, in order, when it is expanded.
 */
export class ChunkPool {
  private readonly free: Int32Array[] = [];
  /** Chunks allocated in all (in use or free). */
  allocated = 0;
  /** Chunks any level of this pool has written to disk. */
  spilledChunks = 0;

  constructor(
    /** Rows a chunk: a multiple of the search's block, so that a block never straddles two chunks. */
    readonly rowsPerChunk: number,
    readonly stride: number,
    /**
     * Where levels spill, how many chunks may be in memory before they do, and whether memory is short
     * now (then they spill before that).
     */
    readonly disk?: { dir: DiskDir; maxChunks: number; short?: () => boolean },
  ) {}

  take(): Int32Array {
    const c = this.free.pop();
    if (c) return c;
    this.allocated++;
    return new Int32Array(this.rowsPerChunk * this.stride);
  }

  give(chunk: Int32Array): void {
    this.free.push(chunk);
  }

  /** The next chunk a level fills should go to disk: the chunks in memory are at the budget. */
  full(): boolean {
    return this.disk !== undefined && this.free.length === 0 && (this.allocated >= this.disk.maxChunks || (this.disk.short?.() ?? false));
  }

  /** Bytes of one chunk. */
  chunkBytes(): number {
    return this.rowsPerChunk * this.stride * 4;
  }

  /** Bytes new chunks would take if `rows` more rows came (beyond the free ones), counting the one being filled as full. */
  growthWithin(rows: number): number {
    const chunks = Math.ceil(rows / this.rowsPerChunk) + 1 - this.free.length;
    return chunks > 0 ? chunks * this.rowsPerChunk * this.stride * 4 : 0;
  }
}

export class LevelRows {
  /** The chunks in memory, by chunk number (undefined: on disk). */
  readonly chunks: (Int32Array | undefined)[] = [];
  /** Rows held. */
  size = 0;
  /** Rows written into the last chunk. */
  private fill: number;
  /** The spill file (its path and descriptor), how many chunks are in it, and where each chunk is (-1: in memory). */
  private file: { fd: number; path: string } | null = null;
  private spilledCount = 0;
  private readonly filePos: number[] = [];
  /** The buffer chunks on disk are read into, and which chunk it holds. */
  private readBuf: Int32Array | null = null;
  private readChunk = -1;

  constructor(private readonly pool: ChunkPool) {
    this.fill = pool.rowsPerChunk;
  }

  /** Makes room for one more row and returns its offset in `last()`. */
  append(): number {
    if (this.fill === this.pool.rowsPerChunk) {
      const n = this.chunks.length;
      // The chunk just filled goes to disk when memory is at its budget; its buffer becomes the next.
      if (n > 0 && this.pool.full()) {
        const buf = this.chunks[n - 1]!;
        this.spill(n - 1, buf);
        this.chunks[n - 1] = undefined;
        this.chunks.push(buf);
      } else {
        this.chunks.push(this.pool.take());
      }
      this.fill = 0;
    }
    this.size++;
    return this.fill++ * this.pool.stride;
  }

  /** The chunk the last appended row is in. */
  last(): Int32Array {
    return this.chunks[this.chunks.length - 1]!;
  }

  /** Chunk c, read back from disk if it was spilled (chunks are read in order: one buffer). */
  chunkAt(c: number): Int32Array {
    const m = this.chunks[c];
    if (m !== undefined) return m;
    if (this.readChunk === c) return this.readBuf!;
    if (this.readBuf === null) this.readBuf = this.pool.take();
    const bytes = this.pool.chunkBytes();
    const at = this.filePos[c] * bytes;
    this.pool.disk!.dir.read(this.file!.fd, this.readBuf, at, bytes);
    this.readChunk = c;
    return this.readBuf;
  }

  /** Bytes of this level on disk. */
  diskBytes(): number {
    return this.spilledCount * this.pool.chunkBytes();
  }

  /** Gives every chunk back to the pool and deletes the spill file; the level is empty again. */
  clear(): void {
    for (const c of this.chunks) if (c !== undefined) this.pool.give(c);
    if (this.readBuf) this.pool.give(this.readBuf);
    this.readBuf = null;
    this.readChunk = -1;
    this.chunks.length = 0;
    this.size = 0;
    this.fill = this.pool.rowsPerChunk;
    this.dropFile();
  }

  /** Deletes the spill file, if any (also when a search ends early). */
  dropFile(): void {
    if (this.file) this.pool.disk!.dir.remove(this.file.fd, this.file.path);
    this.file = null;
    this.spilledCount = 0;
    this.filePos.length = 0;
  }

  private spill(c: number, buf: Int32Array): void {
    const dir = this.pool.disk!.dir;
    if (this.file === null) this.file = dir.create('level');
    dir.write(this.file.fd, buf, this.spilledCount * this.pool.chunkBytes(), this.pool.chunkBytes());
    this.filePos[c] = this.spilledCount++;
    this.pool.spilledChunks++;
  }
}
