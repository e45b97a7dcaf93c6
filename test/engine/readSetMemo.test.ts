/**
 * src/engine/readSetMemo.ts: guards remembered by the actors they read. The successor-kernel test
 * (successors.test.ts) compares whole searches with and without it on random systems; this one checks
 * the memo itself: one call per combination of the values read, answers equal to the function's, and
 * the functions it must not remember.
 */
import { describe, expect, it } from 'vitest';
import { compileSystem, type CompiledSystem } from '../../src/engine/compile.ts';
import { ReadSetMemo } from '../../src/engine/readSetMemo.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import type { GlobalState } from '../../src/index.ts';

const cs = compileSystem(philosophers, { n: 4 });
// Every row of locals over the actors (phil: think/one/eat = 0..2 after interning, fork: free/held).
function allRows(cs: CompiledSystem): Int32Array[] {
  const K = cs.actorNames.length;
  for (let a = 0; a < K; a++) {
    const t = cs.tables[a];
    for (const ev of t.events.keys()) for (let id = 0; id < t.snapshots.length; id++) t.next(id, ev);
    for (const ev of t.events.keys()) for (let id = 0; id < t.snapshots.length; id++) t.next(id, ev);
  }
  const sizes = cs.tables.map((t) => t.snapshots.length);
  const rows: Int32Array[] = [];
  const row = new Int32Array(K);
  const go = (a: number) => {
    if (a === K) return void rows.push(row.slice());
    for (let id = 0; id < sizes[a]; id++) {
      row[a] = id;
      go(a + 1);
    }
  };
  go(0);
  return rows;
}

describe('ReadSetMemo', () => {
  const rows = allRows(cs);
  const eats = (s: GlobalState, p: string) => s[p].matches('eat');

  it('answers as the function does, calling it once per combination of the values it read', () => {
    // Reads phil0, then phil1 or fork2 depending on phil0: at most 3 * 3 + ... distinct paths.
    const fn = (s: GlobalState) => (eats(s, 'phil0') ? eats(s, 'phil1') : s.fork2.matches('held'));
    const seen = new Set<string>();
    let calls = 0;
    const memo = new ReadSetMemo(cs, 1, (_f, s) => {
      calls++;
      return fn(s);
    });
    for (const row of rows) {
      expect(memo.holds(0, row, 0)).toBe(fn(cs.view(row, 0)));
      const p0 = row[0];
      seen.add(p0 === cs.tables[0].snapshots.findIndex((x) => x.matches('eat')) ? `${p0}/${row[1]}` : `${p0}/f${row[6]}`);
    }
    expect(rows.length).toBeGreaterThan(1000);
    expect(calls).toBe(seen.size);
  });

  it('a function that enumerates the state is called every time', () => {
    let calls = 0;
    const memo = new ReadSetMemo(cs, 1, (_f, s) => {
      calls++;
      return Object.keys(s).filter((k) => s[k].matches('eat')).length < 2;
    });
    for (const row of rows.slice(0, 50)) memo.holds(0, row, 0);
    expect(calls).toBe(50);
  });

  it('a function that is not one of the state (its reads change between calls) is called every time once caught', () => {
    let calls = 0;
    const memo = new ReadSetMemo(cs, 1, (_f, s) => {
      calls++;
      return calls % 2 === 0 ? eats(s, 'phil0') : eats(s, 'phil1');
    });
    // The first call leaves a path through phil1; a miss that reads phil0 first is caught.
    for (const row of rows.filter((r) => r[0] === 0)) memo.holds(0, row, 0);
    const before = calls;
    for (let i = 0; i < 5; i++) memo.holds(0, rows[0], 0);
    expect(calls - before).toBe(5);
  });

  it('a function whose tree answers few of its calls (it reads every actor) is dropped, then called as it is', () => {
    const cs6 = compileSystem(philosophers, { n: 6 });
    const rows6 = allRows(cs6);
    let calls = 0;
    const memo = new ReadSetMemo(cs6, 1, (_f, s) => {
      calls++;
      return cs6.actorNames.filter((n) => s[n].matches('eat') || s[n].matches('held')).length % 2 === 0;
    });
    // 46,656 rows, each a different path through every actor: past 4,096 misses the tree is dropped.
    for (const row of rows6) memo.holds(0, row, 0);
    expect(calls).toBe(rows6.length);
    expect((memo as unknown as { nodes: number }).nodes).toBe(0);
    // The first rows were remembered once; now they are evaluated again.
    for (const row of rows6.slice(0, 100)) memo.holds(0, row, 0);
    expect(calls).toBe(rows6.length + 100);
  });

  it('keeps one tree per function', () => {
    const memo = new ReadSetMemo(cs, 2, (f, s) => (f === 0 ? eats(s, 'phil0') : !eats(s, 'phil0')));
    for (const row of rows.slice(0, 200)) expect(memo.holds(1, row, 0)).toBe(!memo.holds(0, row, 0));
  });
});
