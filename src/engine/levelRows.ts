/**
 * The rows of one BFS level (a state's locals and fingerprint, `stride` ints a row), kept in chunks of
 * a fixed number of rows. A level that has been expanded gives its chunks back to a pool that the
 * level after next takes them from, so the search writes its rows into memory it has touched before.
 * One growing array a level cost a copy at each doubling and, worse, a page fault for every 4 KB it
 * first touched: at philosophers N=16 (181 MB of rows in all) about a sixth of the run was the kernel
 * handing out fresh pages. With the pool the search touches about two levels' worth, once.
 */
export class ChunkPool {
  private readonly free: Int32Array[] = [];

  constructor(
    /** Rows a chunk: a multiple of the search's block, so that a block never straddles two chunks. */
    readonly rowsPerChunk: number,
    readonly stride: number,
  ) {}

  take(): Int32Array {
    return this.free.pop() ?? new Int32Array(this.rowsPerChunk * this.stride);
  }

  give(chunk: Int32Array): void {
    this.free.push(chunk);
  }

  /** Bytes new chunks would take if `rows` more rows came (beyond the free ones), counting the one being filled as full. */
  growthWithin(rows: number): number {
    const chunks = Math.ceil(rows / this.rowsPerChunk) + 1 - this.free.length;
    return chunks > 0 ? chunks * this.rowsPerChunk * this.stride * 4 : 0;
  }
}

export class LevelRows {
  readonly chunks: Int32Array[] = [];
  /** Rows held. */
  size = 0;
  /** Rows written into the last chunk. */
  private fill: number;

  constructor(private readonly pool: ChunkPool) {
    this.fill = pool.rowsPerChunk;
  }

  /** Makes room for one more row and returns its offset in `last()`. */
  append(): number {
    if (this.fill === this.pool.rowsPerChunk) {
      this.chunks.push(this.pool.take());
      this.fill = 0;
    }
    this.size++;
    return this.fill++ * this.pool.stride;
  }

  /** The chunk the last appended row is in. */
  last(): Int32Array {
    return this.chunks[this.chunks.length - 1];
  }

  /** Gives every chunk back to the pool; the level is empty again. */
  clear(): void {
    for (const c of this.chunks) this.pool.give(c);
    this.chunks.length = 0;
    this.size = 0;
    this.fill = this.pool.rowsPerChunk;
  }
}
