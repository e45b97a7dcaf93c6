/**
 * Known distinct-state counts. Dining philosophers with N philosophers and N forks: trace(M^N) with
 * M = [[1,1,1],[1,1,1],[1,0,0]] (transfer matrix over a philosopher's local state think/one/eat,
 * constrained by the shared fork with the next one), exact in BigInt. Peterson's filter lock: the
 * counts of the issue (N = 5: 344,805; N = 6: 8,786,754), smaller N from the hand BFS.
 */
type Mat = bigint[][];

const M: Mat = [
  [1n, 1n, 1n],
  [1n, 1n, 1n],
  [1n, 0n, 0n],
];

function mul(a: Mat, b: Mat): Mat {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0n)));
}

function power(m: Mat, e: number): Mat {
  let result: Mat = m.map((row, i) => row.map((_, j) => (i === j ? 1n : 0n)));
  let base = m;
  for (let k = e; k > 0; k >>= 1) {
    if (k & 1) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

/** trace(M^n) as a bigint. */
export function expectedStates(n: number): bigint {
  const p = power(M, n);
  return p.reduce((s, row, i) => s + row[i], 0n);
}

export const PETERSON_STATES: Readonly<Record<number, number>> = { 2: 34, 3: 705, 4: 14_844, 5: 344_805, 6: 8_786_754 };

/** The known count of a model at size n, or undefined (DAX: none known in closed form). */
export function knownStates(model: string, n: number): number | undefined {
  if (model === 'philosophers') return Number(expectedStates(n));
  if (model === 'peterson') return PETERSON_STATES[n];
  return undefined;
}
