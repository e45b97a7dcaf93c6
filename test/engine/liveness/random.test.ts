/**
 * The fair-cycle search and the lasso builder against brute force, on many small random graphs with
 * random weak/strong fairness groups (a seeded generator, so failures reproduce).
 */
import { describe, expect, it } from 'vitest';
import { IntVec } from '../../../src/engine/growable.ts';
import { liveGraphOf, type LiveGraph } from '../../../src/engine/liveness/graph.ts';
import { fairComponents, type FairnessGroups } from '../../../src/engine/liveness/fairness.ts';
import { backwardClosure, buildLasso, judgeCycle } from '../../../src/engine/liveness/lasso.ts';
import type { Exploration } from '../../../src/engine/explore.ts';

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (k: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % k;
  };
}

interface Case {
  ex: Exploration;
  g: LiveGraph;
  groups: FairnessGroups;
  inside: Uint8Array;
  edges: [number, number, number][];
}

function randomCase(seed: number): Case {
  const r = rng(seed);
  const n = 2 + r(7);
  const nInst = 1 + r(6);
  const nGroups = 1 + r(3);
  const groupOf = new Int32Array(nInst);
  for (let t = 0; t < nInst; t++) groupOf[t] = r(2) === 0 ? -1 : r(nGroups);
  const kind = Array.from({ length: nGroups }, () => (r(2) === 0 ? 'weak' : 'strong') as 'weak' | 'strong');
  const label = kind.map((_, i) => `g${i}`);
  const edges: [number, number, number][] = [];
  const m = r(3 * n + 1);
  // Half the cases send every fair step to the goal state n - 1: cycles then run on unfair steps, and
  // weak groups enabled on them have no edge inside, so lassos must detour through disabled states.
  const leaveByFairSteps = r(2) === 0;
  for (let i = 0; i < m; i++) {
    const t = r(nInst);
    edges.push([r(n), leaveByFairSteps && groupOf[t] >= 0 ? n - 1 : r(n), t]);
  }
  edges.sort((a, b) => a[0] - b[0]);
  const offsets = new IntVec(n + 1);
  const targets = new IntVec(m + 1);
  const actions = new IntVec(m + 1);
  offsets.push(0);
  for (let s = 0, i = 0; s < n; s++) {
    for (; i < edges.length && edges[i][0] === s; i++) {
      targets.push(edges[i][1]);
      actions.push(edges[i][2]);
    }
    offsets.push(targets.length);
  }
  // BFS parents from state 0 (unreachable states keep -1; they only matter to the fair-cycle search).
  const parent = new IntVec(n);
  const via = new IntVec(n);
  for (let s = 0; s < n; s++) {
    parent.push(-1);
    via.push(-1);
  }
  const seen = new Uint8Array(n);
  seen[0] = 1;
  const queue = [0];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    for (let e = offsets.data[u]; e < offsets.data[u + 1]; e++) {
      const v = targets.data[e];
      if (seen[v]) continue;
      seen[v] = 1;
      parent.data[v] = u;
      via.data[v] = actions.data[e];
      queue.push(v);
    }
  }
  const ex = { distinct: n, graph: { offsets, targets, actions }, parent, via } as unknown as Exploration;
  const g = liveGraphOf(ex);
  const inside = new Uint8Array(n);
  for (let s = 0; s < n; s++) inside[s] = r(5) === 0 ? 0 : 1;
  if (leaveByFairSteps) inside[n - 1] = 0;
  return { ex, g, groups: { groupOf, kind, label, count: nGroups }, inside, edges };
}

/** States on some fair cycle of not-Q states, by trying every subset of states. */
function bruteForceFair(c: Case): boolean[] {
  const { g, groups, inside } = c;
  const n = g.n;
  const out = new Array<boolean>(n).fill(false);
  for (let set = 1; set < 1 << n; set++) {
    const members = [...Array(n).keys()].filter((s) => set & (1 << s));
    if (members.some((s) => !inside[s])) continue;
    const reach = (fwd: boolean) => {
      const seen = new Set([members[0]]);
      const stack = [members[0]];
      while (stack.length) {
        const u = stack.pop()!;
        for (const [a, b] of c.edges) {
          const [from, to] = fwd ? [a, b] : [b, a];
          if (from === u && set & (1 << to) && !seen.has(to)) {
            seen.add(to);
            stack.push(to);
          }
        }
      }
      return seen.size === members.length;
    };
    if (!reach(true) || !reach(false)) continue;
    let fair = true;
    for (let gr = 0; gr < groups.count && fair; gr++) {
      const internal = c.edges.some(([a, b, t]) => groups.groupOf[t] === gr && set & (1 << a) && set & (1 << b));
      const enabledAt = members.filter((s) => c.edges.some(([a, , t]) => a === s && groups.groupOf[t] === gr));
      if (internal) continue;
      if (groups.kind[gr] === 'weak') fair = enabledAt.length < members.length;
      else fair = enabledAt.length === 0;
    }
    if (fair) for (const s of members) out[s] = true;
  }
  return out;
}

const SEEDS = 3000;

describe('fair-cycle search on random graphs', () => {
  it('marks exactly the states that lie on a fair cycle (Emerson–Lei refinement vs brute force)', () => {
    let fairSeen = 0;
    let refinedAway = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const c = randomCase(seed);
      const { fairComp } = fairComponents(c.g, c.inside, c.groups);
      const brute = bruteForceFair(c);
      const ours = Array.from(fairComp, (x) => x >= 0);
      expect(ours, `seed ${seed}`).toEqual(brute);
      fairSeen += ours.filter(Boolean).length;
      refinedAway += ours.filter((f, s) => !f && c.inside[s]).length;
    }
    // The generator exercises both outcomes.
    expect(fairSeen).toBeGreaterThan(1000);
    expect(refinedAway).toBeGreaterThan(1000);
  });

  it('builds, from every start that can reach one, a lasso whose cycle is fair and stays in not-Q states', () => {
    let lassos = 0;
    let stutters = 0;
    let detours = 0; // cycles that had to visit a state where a weak group is disabled
    for (let seed = 1; seed <= SEEDS; seed++) {
      const c = randomCase(seed);
      const { fairComp } = fairComponents(c.g, c.inside, c.groups);
      const doomed = backwardClosure(c.g, (s) => fairComp[s] >= 0, (s) => c.inside[s] === 1);
      for (let s0 = 0; s0 < c.g.n; s0++) {
        if (!doomed[s0] || (s0 !== 0 && c.ex.parent.data[s0] < 0)) continue;
        const l = buildLasso(c.g, c.ex, c.groups, c.inside, fairComp, s0);
        expect(l.states[l.start]).toBe(s0);
        expect(l.states[0]).toBe(0);
        for (let i = 0; i < l.instances.length; i++) {
          const [u, v, t] = [l.states[i], l.states[i + 1], l.instances[i]];
          expect(c.edges.some(([a, b, x]) => a === u && b === v && x === t), `seed ${seed}: step ${i + 1} is an edge`).toBe(true);
        }
        for (let i = l.start; i < l.states.length; i++) expect(c.inside[l.states[i]]).toBe(1);
        expect(l.states[l.states.length - 1]).toBe(l.states[l.loop]);
        if (l.stutter) {
          expect(l.loop).toBe(l.states.length - 1);
          stutters++;
        } else expect(l.loop).toBeLessThan(l.states.length - 1);
        const verdicts = judgeCycle(c.g, c.groups, l); // throws if some group is treated unfairly
        if (verdicts.some((v) => v.how === 'disabled' && v.step > l.loop)) detours++;
        lassos++;
      }
    }
    expect(lassos).toBeGreaterThan(1000);
    expect(stutters).toBeGreaterThan(100);
    expect(lassos - stutters).toBeGreaterThan(100);
    expect(detours).toBeGreaterThan(20);
  });
});

describe('scale', () => {
  /** A ring of n states (s -> s+1, the last back to 0) or a chain (the last state has no successor). */
  function ring(n: number, closed: boolean): { ex: Exploration; g: LiveGraph } {
    const offsets = new IntVec(n + 1);
    const targets = new IntVec(n);
    const actions = new IntVec(n);
    const parent = new IntVec(n);
    const via = new IntVec(n);
    offsets.push(0);
    for (let s = 0; s < n; s++) {
      if (s + 1 < n || closed) {
        targets.push((s + 1) % n);
        actions.push(0);
      }
      offsets.push(targets.length);
      parent.push(s - 1);
      via.push(s === 0 ? -1 : 0);
    }
    const ex = { distinct: n, graph: { offsets, targets, actions }, parent, via } as unknown as Exploration;
    return { ex, g: liveGraphOf(ex) };
  }
  const weak: FairnessGroups = { groupOf: Int32Array.of(0), kind: ['weak'], label: ['step'], count: 1 };
  const n = 1_000_000;

  it('handles a million-state cycle and a million-state chain without recursion', () => {
    const inside = new Uint8Array(n).fill(1);
    const cyc = ring(n, true);
    const c = fairComponents(cyc.g, inside, weak);
    expect(c.count).toBe(1);
    const l = buildLasso(cyc.g, cyc.ex, weak, inside, c.fairComp, 0);
    expect([l.loop, l.states.length - 1, l.stutter]).toEqual([0, n, false]);

    const chain = ring(n, false);
    const d = fairComponents(chain.g, inside, weak);
    expect(d.count).toBe(1); // only the last state, where the step is disabled, may stutter forever
    expect(d.fairComp[n - 1]).toBe(0);
    const doomed = backwardClosure(chain.g, (s) => d.fairComp[s] >= 0, () => true);
    expect(doomed.every((x) => x === 1)).toBe(true);
    const m = buildLasso(chain.g, chain.ex, weak, inside, d.fairComp, 0);
    expect([m.loop, m.states.length - 1, m.stutter]).toEqual([n - 1, n - 1, true]);
  });
});
