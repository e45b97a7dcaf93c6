import { IntVec } from '../growable.ts';
import type { LiveGraph } from './graph.ts';
import type { FairnessGroups } from './fairness.ts';
import type { Exploration } from '../explore.ts';

/** A lasso in state-graph terms: states[i] is the state after instances[i - 1] (states[0] is the initial state). */
export interface Lasso {
  states: number[];
  instances: number[];
  /** states[loop] is where the cycle starts; the last state equals it (or loop is the last index: stuttering). */
  loop: number;
  stutter: boolean;
  /** Index in `states` of the premise state the violation starts from. */
  start: number;
}

/** BFS scratch shared by the searches of one lasso (visit stamps, so no clearing between searches). */
class Bfs {
  readonly seen: Int32Array;
  readonly parentEdge: Int32Array;
  readonly parentState: Int32Array;
  readonly queue: Int32Array;
  private serial = 0;

  constructor(n: number) {
    this.seen = new Int32Array(n).fill(-1);
    this.parentEdge = new Int32Array(n);
    this.parentState = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * Breadth-first from `from` over edges whose target passes `keep`, in CSR order; returns the first
   * state (possibly `from` itself) that passes `goal`, or -1. Then path() gives the edges to it.
   */
  search(g: LiveGraph, from: number, keep: (v: number) => boolean, goal: (v: number) => boolean): number {
    const mark = this.serial++;
    const { seen, parentEdge, parentState, queue } = this;
    let head = 0;
    let tail = 0;
    seen[from] = mark;
    parentEdge[from] = -1;
    parentState[from] = -1;
    queue[tail++] = from;
    while (head < tail) {
      const u = queue[head++];
      if (goal(u)) return u;
      for (let e = g.off[u], end = g.off[u + 1]; e < end; e++) {
        const v = g.tgt[e];
        if (seen[v] === mark || !keep(v)) continue;
        seen[v] = mark;
        parentEdge[v] = e;
        parentState[v] = u;
        queue[tail++] = v;
      }
    }
    return -1;
  }

  /** The edges (CSR indices) of the last search's path to `to`, in order. */
  path(to: number): number[] {
    const out: number[] = [];
    for (let v = to; this.parentEdge[v] >= 0; v = this.parentState[v]) out.push(this.parentEdge[v]);
    return out.reverse();
  }
}

/**
 * Builds the lasso for a leads-to violation starting at premise state `s0`:
 * the BFS parent path from the initial state to s0; a shortest path from s0, through states with
 * `inside` (the goal does not hold), to the nearest state of a fair component; then a cycle inside that
 * component, from its entry state back to it, that takes one edge of every fairness group having an edge
 * inside the component and visits, for every weak group enabled somewhere in it without such an edge, a
 * state where the group is disabled. A strong group in a fair component either has an edge inside or is
 * enabled nowhere in it, so the cycle is fair. When every group is disabled at the entry state, the
 * cycle is the stutter there (loop = last index).
 *
 * The cycle is built greedily: from the current state, a BFS inside the component to the nearest state
 * that fulfils an outstanding obligation, then the same again, then the shortest way back to the entry.
 */
export function buildLasso(
  g: LiveGraph,
  ex: Exploration,
  groups: FairnessGroups,
  inside: Uint8Array,
  fairComp: Int32Array,
  s0: number,
): Lasso {
  const { off, tgt, act } = g;
  const { groupOf, kind } = groups;
  const G = groups.count;
  const states: number[] = [];
  const instances: number[] = [];
  for (let s = s0; s >= 0; s = ex.parent.get(s)) states.push(s);
  states.reverse();
  for (let i = 1; i < states.length; i++) instances.push(ex.via.get(states[i]));
  const start = states.length - 1;

  const bfs = new Bfs(g.n);
  const follow = (edges: number[]) => {
    for (const e of edges) {
      instances.push(act[e]);
      states.push(tgt[e]);
    }
  };

  // 1. Shortest way (goal never holding) to a state of a fair component.
  const entry = bfs.search(g, s0, (v) => inside[v] === 1, (v) => fairComp[v] >= 0);
  if (entry < 0) throw new Error('bug: liveness start state cannot reach the fair component it was found to reach');
  follow(bfs.path(entry));
  const loop = states.length - 1;
  const comp = fairComp[entry];

  // 2. Is every group disabled at the entry? Then the behaviour may stop there.
  let anyEnabled = false;
  for (let e = off[entry], end = off[entry + 1]; e < end; e++) {
    if (groupOf[act[e]] >= 0) {
      anyEnabled = true;
      break;
    }
  }
  if (!anyEnabled) return { states, instances, loop, stutter: true, start };

  // 3. The component's obligations: groups with an edge inside it; weak groups enabled in it without one.
  const needEdge = new Uint8Array(G);
  const needOff = new Uint8Array(G);
  const enabledIn = new Uint8Array(G);
  for (let u = 0; u < g.n; u++) {
    if (fairComp[u] !== comp) continue;
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const gr = groupOf[act[e]];
      if (gr < 0) continue;
      enabledIn[gr] = 1;
      if (fairComp[tgt[e]] === comp) needEdge[gr] = 1;
    }
  }
  let edgesLeft = 0;
  let offLeft = 0;
  for (let gr = 0; gr < G; gr++) {
    if (needEdge[gr]) edgesLeft++;
    else if (enabledIn[gr]) {
      if (kind[gr] === 'strong') throw new Error('bug: a strong group is enabled in a fair component without an edge inside it');
      needOff[gr] = 1;
      offLeft++;
    }
  }
  // How many outstanding "must be seen disabled" groups are enabled at u (each counted once).
  const stamp = new Int32Array(G).fill(-1);
  let calls = 0;
  const enabledOutstanding = (u: number): number => {
    const call = calls++;
    let k = 0;
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const gr = groupOf[act[e]];
      if (gr >= 0 && needOff[gr] === 1 && stamp[gr] !== call) {
        stamp[gr] = call;
        k++;
      }
    }
    return k;
  };
  // The outstanding "must be seen disabled" groups, as a list: visiting u drops those disabled at u.
  const outstanding: number[] = [];
  for (let gr = 0; gr < G; gr++) if (needOff[gr] === 1) outstanding.push(gr);
  const visit = (u: number) => {
    if (offLeft === 0) return;
    const call = calls++;
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const gr = groupOf[act[e]];
      if (gr >= 0 && needOff[gr] === 1) stamp[gr] = call;
    }
    let k = 0;
    for (const gr of outstanding) {
      if (stamp[gr] === call) outstanding[k++] = gr;
      else {
        needOff[gr] = 0;
        offLeft--;
      }
    }
    outstanding.length = k;
  };
  const takeEdge = (e: number) => {
    const gr = groupOf[act[e]];
    if (gr >= 0 && needEdge[gr] === 1) {
      needEdge[gr] = 0;
      edgesLeft--;
    }
    instances.push(act[e]);
    states.push(tgt[e]);
    visit(tgt[e]);
  };
  const inComp = (v: number) => fairComp[v] === comp;
  // First edge of u, in CSR order, that stays in the component and fulfils an outstanding edge obligation.
  const usefulEdge = (u: number): number => {
    if (edgesLeft === 0) return -1;
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const gr = groupOf[act[e]];
      if (gr >= 0 && needEdge[gr] === 1 && fairComp[tgt[e]] === comp) return e;
    }
    return -1;
  };

  visit(entry);
  let cur = entry;
  while (edgesLeft + offLeft > 0) {
    const x = bfs.search(g, cur, inComp, (v) => usefulEdge(v) >= 0 || (offLeft > 0 && enabledOutstanding(v) < offLeft));
    if (x < 0) throw new Error('bug: a fairness obligation of a fair component cannot be met inside it');
    for (const e of bfs.path(x)) takeEdge(e);
    const e = usefulEdge(x);
    if (e >= 0) takeEdge(e);
    cur = states[states.length - 1];
  }
  // Some group is enabled at the entry, so some obligation made the cycle take at least one step.
  if (states.length - 1 === loop) throw new Error('bug: empty cycle in a fair component whose entry enables a fair group');
  if (cur !== entry) {
    const back = bfs.search(g, cur, inComp, (v) => v === entry);
    if (back < 0) throw new Error('bug: no way back to the entry of a fair component');
    for (const e of bfs.path(back)) takeEdge(e);
  }
  return { states, instances, loop, stutter: false, start };
}

/** How one fairness group is respected on a lasso's cycle. */
export type GroupVerdict = { how: 'taken'; step: number } | { how: 'never-enabled' } | { how: 'disabled'; step: number };

/**
 * Judges the lasso's cycle against every fairness group, from the graph (not from how the cycle was
 * built): taken on the cycle, enabled at none of its states, or (weak only) disabled at one of them.
 * Returns the verdicts, or throws if some group is violated (a bug in the search).
 */
export function judgeCycle(g: LiveGraph, groups: FairnessGroups, lasso: Lasso): GroupVerdict[] {
  const { off, act } = g;
  const { groupOf, kind, count: G } = groups;
  const last = lasso.states.length - 1;
  const taken = new Int32Array(G).fill(-1);
  for (let i = lasso.loop + 1; i <= last; i++) {
    const gr = groupOf[lasso.instances[i - 1]];
    if (gr >= 0 && taken[gr] < 0) taken[gr] = i;
  }
  // For each group, how many cycle states from the loop on, in a row, enable it: the first state that
  // does not is where it is disabled. O(edges of the cycle's states + groups).
  const cycleLength = (lasso.stutter ? lasso.loop : last - 1) - lasso.loop + 1;
  const enabledSomewhere = new Uint8Array(G);
  const run = new Int32Array(G);
  const here = new Int32Array(G).fill(-1);
  for (let k = 0; k < cycleLength; k++) {
    const u = lasso.states[lasso.loop + k];
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const gr = groupOf[act[e]];
      if (gr < 0 || here[gr] === k) continue;
      here[gr] = k;
      enabledSomewhere[gr] = 1;
      if (run[gr] === k) run[gr] = k + 1;
    }
  }
  const out: GroupVerdict[] = [];
  for (let gr = 0; gr < G; gr++) {
    if (taken[gr] >= 0) out.push({ how: 'taken', step: taken[gr] });
    else if (!enabledSomewhere[gr]) out.push({ how: 'never-enabled' });
    else if (kind[gr] === 'weak' && run[gr] < cycleLength) out.push({ how: 'disabled', step: lasso.loop + run[gr] });
    else throw new Error(`bug: the lasso's cycle violates ${kind[gr]} fairness of ${groups.label[gr]}`);
  }
  return out;
}

/** Backward closure of `seeds` over reverse edges, through states passing `through` (seeds are always in). */
export function backwardClosure(
  g: LiveGraph,
  seeds: (s: number) => boolean,
  through: (s: number) => boolean,
  edgeOk?: (action: number) => boolean,
): Uint8Array {
  const { roff, rsrc, ract } = g.reverse();
  const n = g.n;
  const inSet = new Uint8Array(n);
  const queue = new IntVec(1024);
  for (let s = 0; s < n; s++) {
    if (seeds(s)) {
      inSet[s] = 1;
      queue.push(s);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue.data[head];
    for (let i = roff[v], end = roff[v + 1]; i < end; i++) {
      const u = rsrc[i];
      if (inSet[u] === 1 || !through(u) || (edgeOk && !edgeOk(ract[i]))) continue;
      inSet[u] = 1;
      queue.push(u);
    }
  }
  return inSet;
}

/** Forward closure of `seeds` over edges, through states passing `through` (seeds are always in). */
export function forwardClosure(g: LiveGraph, seeds: (s: number) => boolean, through: (s: number) => boolean): Uint8Array {
  const { off, tgt } = g;
  const n = g.n;
  const inSet = new Uint8Array(n);
  const queue = new IntVec(1024);
  for (let s = 0; s < n; s++) {
    if (seeds(s)) {
      inSet[s] = 1;
      queue.push(s);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue.data[head];
    for (let e = off[u], end = off[u + 1]; e < end; e++) {
      const v = tgt[e];
      if (inSet[v] === 1 || !through(v)) continue;
      inSet[v] = 1;
      queue.push(v);
    }
  }
  return inSet;
}
