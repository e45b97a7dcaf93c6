import { callConstraint, callGuard, callPredicate, callTerminal } from '../engine/specCalls.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import type { GlobalState } from '../spec/system.ts';
import type { Predicate } from '../spec/property.ts';
import { shrinkOrder, type ShrinkOrder } from './order.ts';

/** What a simulation looks for along a behaviour: a violation (always, deadlock) or a witness (sometimes). */
export interface Target {
  id: string;
  kind: 'always' | 'sometimes' | 'deadlock';
  /** For always/sometimes: the state predicate. */
  predicate?: Predicate;
}

export interface WalkResult {
  /** Action instance ids taken, up to and including the step that reached the first hit. */
  path: number[];
  /** Indices (into the targets given) hit at the last state of `path`; empty when none was hit. */
  hits: number[];
  /** Steps taken (path.length). */
  steps: number;
}

/**
 * Runs behaviours of a compiled system chosen by a list of choice indices, straight on the memo tables
 * (no XState on a memo hit, no fingerprints, no seen set). At each state the enabled instances are listed
 * in shrink order (every participant can take its event, in order; the action's guard holds on the state
 * before the step; the successor passes the state constraint) and choice c picks the (c mod n)-th.
 * These are explore()'s semantics, so every state a walk reaches is a state BFS reaches.
 */
export class Walker {
  readonly order: Int32Array;
  readonly rank: Int32Array;
  private readonly cur: Int32Array;
  private readonly succ: Int32Array;
  private readonly enabled: Int32Array;
  /** Enabled instances before the constraint, at the last listEnabled() (0: a deadlock candidate). */
  private raw = 0;

  constructor(readonly cs: CompiledSystem, order: ShrinkOrder = shrinkOrder(cs)) {
    this.order = order.order;
    this.rank = order.rank;
    this.cur = new Int32Array(cs.actorNames.length);
    this.succ = new Int32Array(cs.actorNames.length);
    this.enabled = new Int32Array(cs.instances.length);
  }

  /**
   * Walks from the initial state taking choices[i] at step i, checking every target on every state
   * (the initial one included), and stops at the first state that hits one, at a state with no enabled
   * instance, or when the choices run out.
   */
  walk(choices: readonly number[], targets: readonly Target[]): WalkResult {
    const { cs, cur } = this;
    cur.set(cs.initial);
    const path: number[] = [];
    let hits = this.hitsAt(cur, targets);
    for (let i = 0; hits.length === 0 && i < choices.length; i++) {
      const n = this.listEnabled(cur);
      if (this.raw === 0) {
        hits = this.deadlockAt(cur, targets);
        break;
      }
      if (n === 0) break; // every successor is cut by the state constraint
      const t = this.enabled[choices[i] % n];
      this.apply(cur, t);
      path.push(t);
      hits = this.hitsAt(cur, targets);
    }
    return { path, hits, steps: path.length };
  }

  /**
   * The smallest choices that take exactly `path` (each step's position in its state's enabled list),
   * or null when some step of it is not enabled.
   */
  encode(path: readonly number[]): number[] | null {
    const { cs, cur } = this;
    cur.set(cs.initial);
    const out: number[] = [];
    for (const t of path) {
      const n = this.listEnabled(cur);
      const at = this.enabled.subarray(0, n).indexOf(t);
      if (at < 0) return null;
      out.push(at);
      this.apply(cur, t);
    }
    return out;
  }

  /**
   * As encode(), but a step that is not enabled is repaired instead of failing the whole path: it is
   * replaced by an enabled instance of the same joint action (the one sharing most parameter values
   * with it, then the first in shrink order), or dropped when there is none. Returns the choices of
   * the repaired path (null if nothing of it is left).
   */
  reroute(path: readonly number[]): number[] | null {
    const { cs, cur } = this;
    cur.set(cs.initial);
    const out: number[] = [];
    for (const t of path) {
      const n = this.listEnabled(cur);
      const list = this.enabled.subarray(0, n);
      let at = list.indexOf(t);
      if (at < 0) {
        const want = cs.instances[t];
        let bestShared = -1;
        for (let i = 0; i < n; i++) {
          const alt = cs.instances[list[i]];
          if (alt.action !== want.action) continue;
          let shared = 0;
          for (const k in want.params) if (alt.params[k] === want.params[k]) shared++;
          if (shared > bestShared) {
            bestShared = shared;
            at = i;
          }
        }
        if (at < 0) continue;
      }
      out.push(at);
      this.apply(cur, list[at]);
    }
    return out.length > 0 ? out : null;
  }

  /**
   * The shortest way (at most maxDepth steps) from the state `prefix` leads to a state that hits one of
   * `targets`, by breadth-first search over at most maxStates states; the instance ids of prefix and
   * that way, or null when there is none within the bounds (or prefix is not enabled).
   */
  shortestCompletion(prefix: readonly number[], targets: readonly Target[], maxDepth: number, maxStates: number): number[] | null {
    if (this.encode(prefix) === null) return null;
    const start = Int32Array.from(this.cur);
    const seen = new Map<string, number>([[start.join(','), -1]]);
    // Per discovered state: its vector, parent index and the instance that reached it.
    const vecs: Int32Array[] = [start];
    const parent: number[] = [-1];
    const via: number[] = [-1];
    let level = [0];
    const pathTo = (i: number) => {
      const tail: number[] = [];
      for (let x = i; parent[x] >= 0; x = parent[x]) tail.push(via[x]);
      return [...prefix, ...tail.reverse()];
    };
    for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
      const next: number[] = [];
      for (const i of level) {
        const n = this.listEnabled(vecs[i]);
        const list = Array.from(this.enabled.subarray(0, n));
        for (const t of list) {
          const v = Int32Array.from(vecs[i]);
          this.apply(v, t);
          const key = v.join(',');
          if (seen.has(key)) continue;
          const j = vecs.length;
          seen.set(key, j);
          vecs.push(v);
          parent.push(i);
          via.push(t);
          if (this.hitsAt(v, targets).length > 0) return pathTo(j);
          if (vecs.length >= maxStates) return null;
          next.push(j);
        }
      }
      level = next;
    }
    return null;
  }

  /** The rank sum of a path (see shrinkOrder): lower means lower-numbered processes, slots, fds. */
  rankSum(path: readonly number[]): number {
    let s = 0;
    for (const t of path) s += this.rank[t];
    return s;
  }

  /** The instances enabled at the state `path` leads to, in shrink order (empty when path is not enabled). */
  enabledAfter(path: readonly number[]): number[] {
    if (this.encode(path) === null) return [];
    const n = this.listEnabled(this.cur);
    return Array.from(this.enabled.subarray(0, n));
  }

  private apply(vec: Int32Array, t: number): void {
    const inst = this.cs.instances[t];
    for (let j = 0; j < inst.actors.length; j++) {
      const a = inst.actors[j];
      vec[a] = this.cs.tables[a].next(vec[a], inst.events[j]);
    }
  }

  /** Fills this.enabled with the instances enabled at `vec`, in shrink order; returns how many. */
  private listEnabled(vec: Int32Array): number {
    const { cs, succ, enabled, order } = this;
    const { tables, instances } = cs;
    let view: GlobalState | null = null;
    let raw = 0;
    let n = 0;
    succ.set(vec);
    for (let o = 0; o < order.length; o++) {
      const t = order[o];
      const inst = instances[t];
      const pa = inst.actors;
      const pe = inst.events;
      let ok = true;
      for (let j = 0; j < pa.length; j++) {
        const nx = tables[pa[j]].next(succ[pa[j]], pe[j]);
        if (nx < 0) {
          ok = false;
          break;
        }
        succ[pa[j]] = nx;
      }
      if (ok && inst.action.guard) {
        view ??= cs.view(vec);
        ok = callGuard(inst.action.guard, view, inst.params, inst.label);
      }
      if (ok) {
        raw++;
        if (!cs.constraint || callConstraint(cs.constraint, cs.view(succ))) enabled[n++] = t;
      }
      for (let j = 0; j < pa.length; j++) succ[pa[j]] = vec[pa[j]];
    }
    this.raw = raw;
    return n;
  }

  private hitsAt(vec: Int32Array, targets: readonly Target[]): number[] {
    let view: GlobalState | null = null;
    let out: number[] | null = null;
    for (let i = 0; i < targets.length; i++) {
      const tg = targets[i];
      if (tg.kind === 'deadlock') continue;
      view ??= this.cs.view(vec);
      if (callPredicate(tg.predicate!, view, `property ${tg.id}`) === (tg.kind === 'sometimes')) (out ??= []).push(i);
    }
    return out ?? NONE;
  }

  /** No enabled action: a deadlock unless the state is terminal (explore()'s rule). */
  private deadlockAt(vec: Int32Array, targets: readonly Target[]): number[] {
    const i = targets.findIndex((t) => t.kind === 'deadlock');
    if (i < 0) return NONE;
    return callTerminal(this.cs.terminal, this.cs.view(vec)) ? NONE : [i];
  }
}

const NONE: number[] = [];
