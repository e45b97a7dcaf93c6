/**
 * The check the spilling vectors' property tests share: a vector, and each prefix taken of it, reads
 * back the values of its model array (reporting the first index that differs).
 */
import { expect } from 'vitest';

interface Readable {
  readonly length: number;
  get(i: number): number;
}

export function expectReadsBack(v: Readable, model: readonly number[], prefixes: readonly (readonly [Readable, readonly number[]])[]): void {
  for (const [vec, values] of [[v, model] as const, ...prefixes]) {
    expect(vec.length).toBe(values.length);
    for (let i = 0; i < values.length; i++) if (vec.get(i) !== values[i]) expect([i, vec.get(i)]).toEqual([i, values[i]]);
  }
}
