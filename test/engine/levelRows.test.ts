/** src/engine/levelRows.ts: a level's rows in fixed chunks, recycled through a pool. */
import { describe, expect, it } from 'vitest';
import { ChunkPool, LevelRows } from '../../src/engine/levelRows.ts';

describe('LevelRows', () => {
  it('appends rows chunk after chunk, and a cleared level gives its chunks to the next one', () => {
    const pool = new ChunkPool(4, 3);
    const a = new LevelRows(pool);
    const offsets: number[] = [];
    for (let i = 0; i < 10; i++) {
      const off = a.append();
      offsets.push(off);
      a.last().set([i, i, i], off);
    }
    expect(a.size).toBe(10);
    expect(offsets).toEqual([0, 3, 6, 9, 0, 3, 6, 9, 0, 3]);
    expect(a.chunks.length).toBe(3);
    // Row i is row i % 4 of chunk i / 4.
    for (let i = 0; i < 10; i++) expect(a.chunkAt(Math.floor(i / 4))[(i % 4) * 3]).toBe(i);
    const used = [...a.chunks];
    a.clear();
    expect(a.size).toBe(0);
    expect(a.chunks).toEqual([]);
    const b = new LevelRows(pool);
    for (let i = 0; i < 9; i++) b.append();
    // The three chunks come back (last given, first taken), and no new one is made.
    expect(new Set(b.chunks)).toEqual(new Set(used));
    b.append();
    b.append();
    b.append();
    b.append();
    expect(b.chunks.length).toBe(4);
    expect(used).not.toContain(b.chunks[3]);
  });
});
