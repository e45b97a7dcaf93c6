import { LeasecheckError, describeThrown } from '../errors.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { fingerprintHi, fingerprintLo } from './fingerprint.ts';
import { IntVec } from './growable.ts';
import { MemoryGuard } from './memoryGuard.ts';
import type { ActionInstance, CompiledSystem } from './compile.ts';
import type { GlobalState } from '../spec/system.ts';
import type { Predicate } from '../spec/property.ts';

export type StopReason = 'max-states' | 'max-depth' | 'timeout' | 'memory' | 'interrupted';

export interface ExploreOptions {
  /** Stop (incomplete) once this many distinct states are known. */
  maxStates?: number;
  /** Do not expand states at this depth (the initial state is depth 0). */
  maxDepth?: number;
  /** Stop (incomplete) after this many milliseconds. */
  timeoutMs?: number;
  /** Stop (incomplete) when the process's resident memory passes this many bytes. */
  maxMemoryBytes?: number;
  /** Keep every edge (source, target, action instance) for liveness checking. */
  recordGraph?: boolean;
  /** Extra state predicates evaluated on every distinct state, kept as one byte a state each (liveness labels). */
  marks?: readonly Predicate[];
  /** Called about every 200 ms. */
  onProgress?: (p: Progress) => void;
  /** Aborting it stops the run (incomplete, reason `interrupted`). */
  signal?: AbortSignal;
}

export interface Progress {
  generated: number;
  distinct: number;
  queue: number;
  depth: number;
  seconds: number;
}

/** The explored graph kept in CSR form: state s's edges are [offsets[s], offsets[s+1]). */
export interface StateGraph {
  offsets: IntVec;
  targets: IntVec;
  actions: IntVec;
}

export interface Exploration {
  distinct: number;
  generated: number;
  /** Deepest level reached (the initial state is depth 0). */
  depth: number;
  seconds: number;
  /** Parent state index (-1 for the initial state) and action instance of every distinct state. */
  parent: IntVec;
  via: IntVec;
  /** levelStart[d] is the first state index at depth d (BFS order is index order). */
  levelStart: number[];
  /** Safety property name -> first state (shortest path) that violates (always) or witnesses (sometimes) it. */
  found: Map<string, number>;
  /** First state with no enabled action that is not terminal, or -1. */
  deadlock: number;
  /** How many states were expanded (a stopped run leaves the rest unexpanded). */
  expanded: number;
  stopped: StopReason | null;
  /** Times each action instance fired (generated transitions) and led to a new state. */
  fired: Float64Array;
  firedNew: Float64Array;
  graph?: StateGraph;
  marks?: Uint8Array[];
  seenBytes: number;
}

/**
 * Exhaustive breadth-first search, level by level, in TLC's order for each successor:
 * constraint -> seen? -> record parent -> check properties -> enqueue. BFS gives every recorded
 * violation a shortest path from the initial state.
 */
export function explore(cs: CompiledSystem, opts: ExploreOptions = {}): Exploration {
  const gen = exploreSteps(cs, opts);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** As explore(), but gives the event loop a turn about every 100 ms, so Ctrl-C (opts.signal) can land. */
export async function exploreAsync(cs: CompiledSystem, opts: ExploreOptions = {}): Promise<Exploration> {
  const gen = exploreSteps(cs, opts);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The search itself; it yields (no value) about every 100 ms so that a driver may let other work run. */
function* exploreSteps(cs: CompiledSystem, opts: ExploreOptions): Generator<void, Exploration> {
  const start = performance.now();
  const k = cs.actorNames.length;
  const { tables, instances } = cs;
  const nInst = instances.length;
  const { groupOf, groupEvent, groupsOf } = cs.groups;
  const groupStamp = new Int32Array(cs.groups.groupActor.length);
  const groupFirst = new Int32Array(cs.groups.groupActor.length);
  let stamp = 0;
  const seen = new FingerprintSet();
  const parent = new IntVec(1 << 14);
  const via = new IntVec(1 << 14);
  const fired = new Float64Array(nInst);
  const firedNew = new Float64Array(nInst);
  const found = new Map<string, number>();
  const safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes') as {
    kind: 'always' | 'sometimes';
    name: string;
    predicate: Predicate;
  }[];
  const markPreds = opts.marks ?? [];
  const marks: Uint8Array[] = markPreds.map(() => new Uint8Array(1 << 14));
  const graph: StateGraph | undefined = opts.recordGraph
    ? { offsets: new IntVec(1 << 14), targets: new IntVec(1 << 16), actions: new IntVec(1 << 16) }
    : undefined;
  const guard = new MemoryGuard(opts.maxMemoryBytes);
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const deadline = opts.timeoutMs !== undefined ? start + opts.timeoutMs : Infinity;

  let distinct = 0;
  let generated = 0;
  let deadlock = -1;
  let stopped: StopReason | null = null;
  let unresolved = safety.length;
  const levelStart: number[] = [];

  // Checks safety properties and liveness marks on a newly discovered state (step 4 of TLC's order).
  const onNewState = (idx: number, vec: Int32Array, off: number) => {
    if (unresolved === 0 && markPreds.length === 0) return;
    const view = cs.view(vec, off);
    for (const p of safety) {
      if (found.has(p.name)) continue;
      const v = callPredicate(p.predicate, view, p.name);
      if (v === (p.kind === 'always' ? false : true)) {
        found.set(p.name, idx);
        unresolved--;
      }
    }
    for (let m = 0; m < markPreds.length; m++) {
      if (idx >= marks[m].length) marks[m] = growBytes(marks[m], idx + 1);
      marks[m][idx] = callPredicate(markPreds[m], view, `liveness predicate`) ? 1 : 0;
    }
  };

  // The initial state.
  let frontier: Int32Array = new Int32Array(cs.initial);
  let frontierSize = 1;
  seen.putIfAbsent(fingerprintHi(frontier, 0, k), fingerprintLo(frontier, 0, k), 0);
  parent.push(-1);
  via.push(-1);
  distinct = 1;
  generated = 1;
  levelStart.push(0);
  // The initial state is checked whatever the constraint says (TLC does the same).
  onNewState(0, frontier, 0);

  const succ = new Int32Array(k);
  let depth = 0;
  let expanded = 0;
  let lastReport = start;
  let lastYield = start;
  let checksUntilClock = 256;
  // States found at the next depth in the level being expanded (kept when a limit stops the run mid-level).
  let nextSize = 0;

  outer: while (frontierSize > 0) {
    if (depth >= maxDepth) {
      stopped = 'max-depth';
      break;
    }
    const next = new IntVec(Math.max(1024, frontierSize * k));
    const levelFirst = levelStart[depth];
    nextSize = 0;
    for (let i = 0; i < frontierSize; i++) {
      // 0. Limits and progress, checked every 256 expansions.
      if (--checksUntilClock === 0) {
        checksUntilClock = 256;
        const now = performance.now();
        if (now > deadline) stopped = 'timeout';
        else if (opts.signal?.aborted) stopped = 'interrupted';
        else if (guard.exceeded()) stopped = 'memory';
        if (stopped) break outer;
        if (opts.onProgress && now - lastReport > 200) {
          lastReport = now;
          opts.onProgress({ generated, distinct, queue: frontierSize - i + nextSize, depth, seconds: (now - start) / 1000 });
        }
        if (now - lastYield > 100) {
          lastYield = now;
          yield;
        }
      }
      const src = levelFirst + i;
      const off = i * k;
      let baseHi = 0;
      let baseLo = 0;
      for (let a = 0; a < k; a++) {
        baseHi ^= tables[a].zHi[frontier[off + a]];
        baseLo ^= tables[a].zLo[frontier[off + a]];
      }
      for (let a = 0; a < k; a++) succ[a] = frontier[off + a];
      let view: GlobalState | null = null;
      let enabled = 0;
      // Which groups' first participant can take its event here, and where it goes (once per group).
      stamp++;
      for (let a0 = 0; a0 < k; a0++) {
        const mine = groupsOf[a0];
        if (mine.length === 0) continue;
        const l0 = frontier[off + a0];
        const on = tables[a0].enabledGroupsAt(l0, mine, groupEvent);
        for (let gi = 0; gi < on.length; gi += 2) {
          const g = on[gi];
          groupStamp[g] = stamp;
          groupFirst[g] = on[gi + 1];
        }
      }
      for (let t = 0; t < nInst; t++) {
        const g = groupOf[t];
        if (groupStamp[g] !== stamp) continue;
        const inst = instances[t];
        const pa = inst.actors;
        const pe = inst.events;
        // 1. Every participant must be able to take its event (memoised XState steps); the first one can.
        //    The fingerprint follows along: XOR out each actor's old key, XOR in its new one.
        const a0 = pa[0];
        const t0 = tables[a0];
        let hi = baseHi ^ t0.zHi[succ[a0]];
        let lo = baseLo ^ t0.zLo[succ[a0]];
        succ[a0] = groupFirst[g];
        hi ^= t0.zHi[succ[a0]];
        lo ^= t0.zLo[succ[a0]];
        let ok = true;
        for (let j = 1; j < pa.length; j++) {
          const a = pa[j];
          const ta = tables[a];
          const nx = ta.next(succ[a], pe[j]);
          if (nx < 0) {
            ok = false;
            break;
          }
          hi ^= ta.zHi[succ[a]] ^ ta.zHi[nx];
          lo ^= ta.zLo[succ[a]] ^ ta.zLo[nx];
          succ[a] = nx;
        }
        // 2. The action's guard over the global state before the step.
        if (ok && inst.action.guard) {
          view ??= cs.view(frontier, off);
          ok = callGuard(inst.action.guard, view, inst);
        }
        if (ok) {
          enabled++;
          generated++;
          fired[t]++;
          // 3. The state constraint, then seen?, then record parent, check, enqueue.
          if (!cs.constraint || callConstraint(cs, succ, 0)) {
            let idx = seen.putIfAbsent(hi, lo, distinct);
            if (idx < 0) {
              idx = distinct++;
              parent.push(src);
              via.push(t);
              firedNew[t]++;
              onNewState(idx, succ, 0);
              next.reserve((nextSize + 1) * k);
              next.data.set(succ, nextSize * k);
              nextSize++;
              next.length = nextSize * k;
            }
            if (graph) {
              graph.targets.push(idx);
              graph.actions.push(t);
            }
          }
        }
        for (let j = 0; j < pa.length; j++) succ[pa[j]] = frontier[off + pa[j]];
      }
      if (graph) graph.offsets.push(graph.targets.length);
      expanded++;
      if (enabled === 0 && deadlock < 0 && cs.checkDeadlock) {
        view ??= cs.view(frontier, off);
        if (!callPredicate(cs.terminal, view, 'terminal')) deadlock = src;
      }
      if (distinct >= maxStates) {
        stopped = 'max-states';
        break outer;
      }
    }
    frontier = next.data;
    frontierSize = nextSize;
    if (nextSize > 0) {
      depth++;
      levelStart.push(distinct - nextSize);
    }
  }
  if (stopped && stopped !== 'max-depth' && nextSize > 0) {
    depth++;
    levelStart.push(distinct - nextSize);
  }
  if (graph) finishOffsets(graph);
  return {
    distinct,
    generated,
    depth,
    seconds: (performance.now() - start) / 1000,
    parent,
    via,
    levelStart,
    found,
    deadlock,
    expanded,
    stopped,
    fired,
    firedNew,
    graph,
    marks: markPreds.length ? marks : undefined,
    seenBytes: seen.bytes(),
  };
}

/** offsets gets a leading 0 so that state s's edges are [offsets[s], offsets[s+1]). */
function finishOffsets(g: StateGraph): void {
  const o = new IntVec(g.offsets.length + 1);
  o.push(0);
  for (let i = 0; i < g.offsets.length; i++) o.push(g.offsets.data[i]);
  g.offsets = o;
}

function growBytes(a: Uint8Array, min: number): Uint8Array {
  let cap = a.length * 2;
  while (cap < min) cap *= 2;
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}

function callPredicate(p: (s: GlobalState) => boolean, s: GlobalState, name: string): boolean {
  try {
    return !!p(s);
  } catch (e) {
    throw new LeasecheckError('LC022', `property ${name} threw: ${describeThrown(e)}`);
  }
}

function callGuard(g: (s: GlobalState, p: any) => boolean, s: GlobalState, inst: ActionInstance): boolean {
  try {
    return !!g(s, inst.params);
  } catch (e) {
    throw new LeasecheckError('LC021', `guard of joint action ${inst.label} threw: ${describeThrown(e)}`);
  }
}

function callConstraint(cs: CompiledSystem, vec: Int32Array, off: number): boolean {
  try {
    return !!cs.constraint!(cs.view(vec, off));
  } catch (e) {
    throw new LeasecheckError('LC023', `the state constraint threw: ${describeThrown(e)}`);
  }
}
