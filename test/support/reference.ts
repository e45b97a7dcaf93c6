/**
 * A deliberately naive reference explorer, written independently of src/engine/explore.ts:
 * string keys (the local snapshot ids joined by commas), a Set of them as the seen set, a plain
 * array as the queue (read through a head index), no fingerprints, no levels. It shares only the
 * per-actor step function (cs.tables[a].next), so it checks the search, not XState.
 *
 * Semantics it implements, from the JointAction doc: an instance is enabled when every participant,
 * in order, can take its event (an actor named twice takes its events one after the other), and the
 * global guard holds on the state BEFORE the step; successors failing the constraint are discarded.
 */
import { compileSystem, type CompiledSystem } from '../../src/engine/compile.ts';
import type { GlobalState, System } from '../../src/spec/system.ts';

export interface ReferenceState {
  key: string;
  locals: number[];
  depth: number;
}

export interface ReferenceResult {
  distinct: number;
  /** Transitions taken (enabled instances), plus one for the initial state, as TLC counts. */
  generated: number;
  /** Deepest BFS level (the initial state is depth 0). */
  depth: number;
  /** BFS depth of every reachable state, by contentKey (comparable across compilations). */
  depthOf: Map<string, number>;
  states: ReferenceState[];
  /** Reachable states with no enabled instance. */
  stuck: ReferenceState[];
  cs: CompiledSystem;
  view(st: ReferenceState): GlobalState;
  /** BFS depth of the shallowest reachable state satisfying `pred`, or -1. */
  shallowest(pred: (s: GlobalState) => boolean): number;
}

export function keyOf(locals: ArrayLike<number>): string {
  return Array.from(locals).join(',');
}

/** JSON with object keys sorted: a content key written without src/util/canonical.ts. */
function stable(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v instanceof Set) return `Set(${[...v].map(stable).sort().join(',')})`;
  if (v instanceof Map) return `Map(${[...v].map(([k, x]) => `${stable(k)}=>${stable(x)}`).sort().join(',')})`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * A global state by content (every actor's status, state value and context), so states of two
 * separate compilations, whose local snapshot ids may differ, can be compared.
 */
export function contentKey(cs: CompiledSystem, locals: ArrayLike<number>): string {
  return cs.actorNames
    .map((name, a) => {
      const snap = cs.tables[a].snapshots[locals[a]];
      return `${name}=${snap.status}:${stable(snap.value)}:${stable(snap.context)}`;
    })
    .join(' ');
}

/** Explores `system` at `scope` (compiled afresh, so it shares no memo with the checker's run). */
export function referenceExplore(system: System, scope: Record<string, number> = {}): ReferenceResult {
  return referenceExploreCompiled(compileSystem(system, scope));
}

export function referenceExploreCompiled(cs: CompiledSystem): ReferenceResult {
  const view = (locals: number[]): GlobalState => cs.view(Int32Array.from(locals));
  const init: ReferenceState = { key: keyOf(cs.initial), locals: Array.from(cs.initial), depth: 0 };
  const seen = new Set<string>([init.key]);
  const states: ReferenceState[] = [init];
  const stuck: ReferenceState[] = [];
  const queue: ReferenceState[] = [init];
  let head = 0;
  let generated = 1;
  let maxDepth = 0;
  while (head < queue.length) {
    const cur = queue[head++];
    const before = view(cur.locals);
    let enabled = 0;
    for (const inst of cs.instances) {
      const next = cur.locals.slice();
      let ok = true;
      for (let j = 0; j < inst.actors.length && ok; j++) {
        const a = inst.actors[j];
        const nx = cs.tables[a].next(next[a], inst.events[j]);
        if (nx < 0) ok = false;
        else next[a] = nx;
      }
      if (ok && inst.action.guard) ok = !!inst.action.guard(before, inst.params);
      if (!ok) continue;
      enabled++;
      generated++;
      if (cs.constraint && !cs.constraint(view(next))) continue;
      const key = keyOf(next);
      if (seen.has(key)) continue;
      const st: ReferenceState = { key, locals: next, depth: cur.depth + 1 };
      seen.add(key);
      states.push(st);
      queue.push(st);
      if (st.depth > maxDepth) maxDepth = st.depth;
    }
    if (enabled === 0) stuck.push(cur);
  }
  const depthOf = new Map<string, number>(states.map((st) => [contentKey(cs, st.locals), st.depth]));
  if (depthOf.size !== states.length) throw new Error('reference: two distinct local vectors have the same content');
  return {
    distinct: states.length,
    generated,
    depth: maxDepth,
    depthOf,
    states,
    stuck,
    cs,
    view: (st) => view(st.locals),
    shallowest(pred) {
      let best = -1;
      for (const st of states) if (pred(view(st.locals)) && (best < 0 || st.depth < best)) best = st.depth;
      return best;
    },
  };
}

/**
 * The checker's own states, rebuilt from its exploration (parent pointer and action instance of every
 * state, in BFS order) by applying each state's action to its parent's locals: contentKey -> BFS depth.
 */
export function engineDepths(result: { system: CompiledSystem; exploration: { distinct: number; parent: { get(i: number): number }; via: { get(i: number): number } } }): Map<string, number> {
  const cs = result.system;
  const { distinct, parent, via } = result.exploration;
  const locals: Int32Array[] = [new Int32Array(cs.initial)];
  const depth: number[] = [0];
  const out = new Map<string, number>([[contentKey(cs, cs.initial), 0]]);
  for (let i = 1; i < distinct; i++) {
    const p = parent.get(i);
    if (p < 0 || p >= i) throw new Error(`state ${i} has parent ${p}: not in BFS order`);
    const inst = cs.instances[via.get(i)];
    const next = new Int32Array(locals[p]);
    for (let j = 0; j < inst.actors.length; j++) {
      const a = inst.actors[j];
      const nx = cs.tables[a].next(next[a], inst.events[j]);
      if (nx < 0) throw new Error(`state ${i}: action ${inst.label} is not enabled in its parent`);
      next[a] = nx;
    }
    locals.push(next);
    depth.push(depth[p] + 1);
    const key = contentKey(cs, next);
    if (out.has(key)) throw new Error(`state ${i} duplicates an earlier state (${key})`);
    out.set(key, depth[i]);
  }
  return out;
}
