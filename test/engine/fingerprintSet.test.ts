/** src/engine/fingerprintSet.ts: the seen set, a map from 64-bit fingerprints to state indices. */
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/engine/fingerprintSet.ts';
import { fingerprintHi, fingerprintLo } from '../../src/engine/fingerprint.ts';

describe('FingerprintSet', () => {
  it('stores 200,000 fingerprints through many grows, and finds each with its own index', () => {
    const set = new FingerprintSet(16);
    const v = new Int32Array(3);
    const hi = new Uint32Array(200_000);
    const lo = new Uint32Array(200_000);
    let inserted = 0;
    for (let i = 0; i < 200_000; i++) {
      v[0] = i;
      v[1] = i >> 3;
      v[2] = 7;
      hi[i] = fingerprintHi(v, 0, 3);
      lo[i] = fingerprintLo(v, 0, 3);
      if (set.putIfAbsent(hi[i], lo[i], i) !== -1) inserted--;
      inserted++;
    }
    expect(inserted).toBe(200_000);
    expect(set.size).toBe(200_000);
    // At most 3/4 full: 200,000 entries are more than 3/4 of 2^18, so the table has 2^19 slots, 12 bytes each.
    expect(set.bytes()).toBe(524_288 * 12);
    let found = 0;
    for (let i = 0; i < 200_000; i++) if (set.get(hi[i], lo[i]) === i) found++;
    expect(found).toBe(200_000);
    // A second insert of a known fingerprint returns the first index and changes nothing.
    let dup = 0;
    for (let i = 0; i < 200_000; i += 997) if (set.putIfAbsent(hi[i], lo[i], 999_999) === i) dup++;
    expect(dup).toBe(Math.ceil(200_000 / 997));
    expect(set.size).toBe(200_000);
  });

  it('an absent fingerprint is -1', () => {
    const set = new FingerprintSet();
    expect(set.get(1, 2)).toBe(-1);
    set.putIfAbsent(1, 2, 0);
    expect(set.get(1, 2)).toBe(0);
    expect(set.get(2, 1)).toBe(-1);
    expect(set.get(1, 3)).toBe(-1);
  });

  it('fingerprints sharing the high or the low word are distinct entries, through grows', () => {
    const set = new FingerprintSet(4);
    for (let i = 0; i < 1000; i++) expect(set.putIfAbsent(42, i, i)).toBe(-1); // same hi, same home slot family
    for (let i = 0; i < 1000; i++) expect(set.putIfAbsent(i, 42, 1000 + i)).toBe(i === 42 ? 42 : -1);
    expect(set.size).toBe(1999);
    for (let i = 0; i < 1000; i++) {
      expect(set.get(42, i)).toBe(i);
      if (i !== 42) expect(set.get(i, 42)).toBe(1000 + i);
    }
  });

  it('the all-zero fingerprint and index 0 are ordinary values, not the empty marker', () => {
    const set = new FingerprintSet(2);
    expect(set.putIfAbsent(0, 0, 0)).toBe(-1);
    expect(set.get(0, 0)).toBe(0);
    expect(set.putIfAbsent(0, 0, 5)).toBe(0);
    expect(set.putIfAbsent(0xffffffff, 0xffffffff, 1)).toBe(-1);
    expect(set.get(0xffffffff, 0xffffffff)).toBe(1);
    expect(set.size).toBe(2);
  });
});

describe('fingerprints', () => {
  it('differ for vectors that differ in one word or in order, and are stable', () => {
    const a = Int32Array.from([1, 2, 3]);
    const b = Int32Array.from([1, 2, 4]);
    const c = Int32Array.from([3, 2, 1]);
    const fp = (x: Int32Array) => `${fingerprintHi(x, 0, 3)}:${fingerprintLo(x, 0, 3)}`;
    expect(fp(a)).toBe(fp(Int32Array.from([1, 2, 3])));
    expect(new Set([fp(a), fp(b), fp(c)]).size).toBe(3);
    // An offset view of the same words gives the same fingerprint.
    const big = Int32Array.from([9, 9, 1, 2, 3]);
    expect(`${fingerprintHi(big, 2, 3)}:${fingerprintLo(big, 2, 3)}`).toBe(fp(a));
  });

  it('have no collision over a grid of 2^18 small vectors', () => {
    const seen = new Set<string>();
    const v = new Int32Array(4);
    for (let i = 0; i < 1 << 18; i++) {
      v[0] = i & 7;
      v[1] = (i >> 3) & 63;
      v[2] = (i >> 9) & 63;
      v[3] = i >> 15;
      seen.add(`${fingerprintHi(v, 0, 4)}:${fingerprintLo(v, 0, 4)}`);
    }
    expect(seen.size).toBe(1 << 18);
  });
});
