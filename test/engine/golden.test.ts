/**
 * Golden state counts on classic models, each computed independently of the checker:
 * dining philosophers by a closed form, two-phase commit by Stateright's published numbers,
 * and both by the naive reference explorer (test/support/reference.ts).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { engineDepths, referenceExplore } from '../support/reference.ts';
import { labels, ok, prop, replayAll } from '../support/replayAll.ts';

/**
 * Reachable states of N philosophers and N forks: a state is fixed by the philosophers' states
 * (think, one fork, eat) around the ring, and philosopher i eating forces philosopher i+1 to think
 * (fork i+1 is taken). So the count is the number of closed walks of length N over
 * M = [[1,1,1],[1,1,1],[1,0,0]] (rows: think, one, eat), i.e. trace(M^N).
 */
function philosopherStates(nPhil: number): bigint {
  const M = [
    [1n, 1n, 1n],
    [1n, 1n, 1n],
    [1n, 0n, 0n],
  ];
  const mul = (A: bigint[][], B: bigint[][]) =>
    A.map((row, i) => B[0].map((_, j) => row.reduce((acc, _x, k) => acc + A[i][k] * B[k][j], 0n)));
  let P = [
    [1n, 0n, 0n],
    [0n, 1n, 0n],
    [0n, 0n, 1n],
  ];
  for (let i = 0; i < nPhil; i++) P = mul(P, M);
  return P[0][0] + P[1][1] + P[2][2];
}

describe('dining philosophers', () => {
  it('the closed form trace(M^N) gives the companion Pell numbers 2, 6, 14, 34, 82, 198, ...', () => {
    // M has eigenvalues 0 and 1 ± sqrt(2), so trace(M^N) = (1+sqrt 2)^N + (1-sqrt 2)^N: the companion
    // Pell numbers, Q(N) = 2 Q(N-1) + Q(N-2), Q(0) = Q(1) = 2. N = 2 by hand: think/think, think/one,
    // one/think, one/one, eat/think, think/eat.
    const pell: bigint[] = [2n, 2n];
    for (let i = 2; i <= 16; i++) pell.push(2n * pell[i - 1] + pell[i - 2]);
    for (let i = 1; i <= 16; i++) expect(philosopherStates(i)).toBe(pell[i]);
    expect([2, 3, 4, 5, 6, 7, 8, 9].map(philosopherStates)).toEqual([6n, 14n, 34n, 82n, 198n, 478n, 1154n, 2786n]);
    // The numbers quoted in bench/models/philosophers.ts.
    expect([10, 12, 14, 16].map(philosopherStates)).toEqual([6726n, 39202n, 228486n, 1331714n]);
  });

  for (const nPhil of [2, 3, 4, 5, 6, 7, 8, 9, 10, 12]) {
    it(`N=${nPhil}: distinct states equal trace(M^N), depth equals N, and both equal the reference explorer's`, () => {
      const r = ok(check(philosophers, { scope: { n: nPhil } }));
      const ref = referenceExplore(philosophers, { n: nPhil });
      expect(r.status).toBe('complete');
      expect(BigInt(r.stats.distinctStates)).toBe(philosopherStates(nPhil));
      expect(r.stats.distinctStates).toBe(ref.distinct);
      expect(r.stats.statesGenerated).toBe(ref.generated);
      // Deepest state: everyone holds one fork (N steps); an eater costs 2 steps but forces its right
      // neighbour to think, so no state is deeper than N.
      expect(r.stats.depth).toBe(nPhil);
      expect(ref.depth).toBe(nPhil);
      expect(prop(r, 'neighbours-never-both-eat').verdict).toBe('holds');
      expect(replayAll(r)).toBe(0);
    });
  }

  it('N=6: every state the checker finds is at the same BFS depth as in the reference explorer', () => {
    const r = ok(check(philosophers, { scope: { n: 6 } }));
    const ref = referenceExplore(philosophers, { n: 6 });
    const mine = engineDepths(r);
    expect(mine.size).toBe(198);
    expect(mine).toEqual(ref.depthOf);
    expect(replayAll(r)).toBe(0);
  });

  it('N=12: levels span several row chunks (4,096 rows each), and every state is at its reference depth', () => {
    const r = ok(check(philosophers, { scope: { n: 12 } }));
    const ref = referenceExplore(philosophers, { n: 12 });
    const { levelStart, distinct } = r.exploration;
    const sizes = levelStart.map((s, d) => (levelStart[d + 1] ?? distinct) - s);
    expect(Math.max(...sizes)).toBeGreaterThan(4096);
    const mine = engineDepths(r);
    expect(mine.size).toBe(39202);
    expect(mine).toEqual(ref.depthOf);
  });

  it('N=5 with deadlock checking on: the all-hold-left-fork deadlock is found at depth 5', () => {
    const withDeadlock = { ...philosophers, build: (scope: Record<string, number>) => ({ ...philosophers.build(scope), checkDeadlock: true }) };
    const r = ok(check(withDeadlock, { scope: { n: 5 } }));
    const ref = referenceExplore(withDeadlock, { n: 5 });
    expect(ref.stuck.map((st) => st.depth)).toEqual([5]);
    expect(prop(r, 'deadlock-free').verdict).toBe('violated');
    expect(labels(r, 'deadlock-free')).toEqual([0, 1, 2, 3, 4].map((i) => `takeLeft(i=${i})`));
    expect(replayAll(r)).toBe(1);
  });
});

describe('two-phase commit (Stateright examples/2pc.rs)', () => {
  it("3 RMs: 288 distinct states, Stateright's published count, and the properties hold", () => {
    const r = ok(check(twoPhaseCommit, { scope: { rms: 3 } }));
    const ref = referenceExplore(twoPhaseCommit, { rms: 3 });
    expect(r.status).toBe('complete');
    expect(r.stats.distinctStates).toBe(288);
    expect(ref.distinct).toBe(288);
    expect(r.stats.statesGenerated).toBe(ref.generated);
    expect(r.stats.statesGenerated).toBe(1146);
    expect(r.stats.depth).toBe(10);
    expect(ref.depth).toBe(10);
    expect(r.properties.map((p) => [p.id, p.verdict])).toEqual([
      ['abort agreement', 'holds'],
      ['commit agreement', 'holds'],
      ['consistent', 'holds'],
      ['deadlock-free', 'holds'],
    ]);
    expect(replayAll(r)).toBe(2);
  });

  it("5 RMs: 8,832 distinct states, Stateright's published count", () => {
    const r = ok(check(twoPhaseCommit, { scope: { rms: 5 } }));
    const ref = referenceExplore(twoPhaseCommit, { rms: 5 });
    expect(r.stats.distinctStates).toBe(8832);
    expect(ref.distinct).toBe(8832);
    expect(r.stats.statesGenerated).toBe(ref.generated);
    expect(r.stats.depth).toBe(16);
    expect(ref.depth).toBe(16);
    expect(prop(r, 'consistent').verdict).toBe('holds');
    expect(replayAll(r)).toBe(2);
  });

  it('3 RMs: every state the checker finds is at the same BFS depth as in the reference explorer', () => {
    const r = ok(check(twoPhaseCommit, { scope: { rms: 3 } }));
    expect(engineDepths(r)).toEqual(referenceExplore(twoPhaseCommit, { rms: 3 }).depthOf);
    expect(replayAll(r)).toBe(2);
  });

  it('witnesses are shortest: all abort in 3 steps, all commit in 10 (3 prepare, 3 TM receives, commit, 3 RMs receive)', () => {
    const r = ok(check(twoPhaseCommit, { scope: { rms: 3 } }));
    const ref = referenceExplore(twoPhaseCommit, { rms: 3 });
    expect(labels(r, 'abort agreement')).toEqual(['RmChooseToAbort(rm=rm1)', 'RmChooseToAbort(rm=rm2)', 'RmChooseToAbort(rm=rm3)']);
    const commit = labels(r, 'commit agreement');
    expect(commit).toHaveLength(10);
    expect(commit.length).toBe(ref.shallowest((s) => ['rm1', 'rm2', 'rm3'].every((rm) => s[rm].matches('committed'))));
    // BFS breaks ties by action order; the interleaving of prepares and receipts is one of several shortest.
    expect([...commit].sort()).toEqual([
      'RmPrepare(rm=rm1)', 'RmPrepare(rm=rm2)', 'RmPrepare(rm=rm3)',
      'RmRcvCommitMsg(rm=rm1)', 'RmRcvCommitMsg(rm=rm2)', 'RmRcvCommitMsg(rm=rm3)',
      'TmCommit',
      'TmRcvPrepared(rm=rm1)', 'TmRcvPrepared(rm=rm2)', 'TmRcvPrepared(rm=rm3)',
    ]);
    expect(commit[6]).toBe('TmCommit');
    expect(replayAll(r)).toBe(2);
  });
});
