import { LeasecheckError, describeThrown } from '../errors.ts';
import { FingerprintOnlySet, FingerprintSet } from './fingerprintSet.ts';
import { fingerprintHi, fingerprintLo } from './fingerprint.ts';
import { IntVec } from './growable.ts';
import { MemoryGuard } from './memoryGuard.ts';
import type { ActionInstance, CompiledSystem } from './compile.ts';
import type { FirstIndex } from './actorTable.ts';
import type { Symmetry } from './symmetry.ts';
import type { GlobalState } from '../spec/system.ts';
import type { Predicate } from '../spec/property.ts';

/** Frontier states expanded together: their successors' table slots are touched as one batch. */
const BLOCK = 64;

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
  /** Symmetry reduction: keep one state per orbit, its canonical form (see symmetry.ts). */
  reduceBy?: Symmetry;
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
  const { groupsOf } = cs.groups;
  // Per instance, flattened: its first participant, then (actor, event) pairs from the second one on,
  // and whether it has a guard: the hot loop reads typed arrays, not instance objects.
  const instFirst = Int32Array.from(instances, (i) => i.actors[0]);
  const instEv0 = Int32Array.from(instances, (i) => i.events[0]);
  const instOff = new Int32Array(nInst + 1);
  for (let t = 0; t < nInst; t++) instOff[t + 1] = instOff[t] + 2 * (instances[t].actors.length - 1);
  const instRest = new Int32Array(instOff[nInst]);
  let maxArity = 1;
  for (let t = 0; t < nInst; t++) {
    const inst = instances[t];
    maxArity = Math.max(maxArity, inst.actors.length);
    for (let j = 1; j < inst.actors.length; j++) {
      instRest[instOff[t] + 2 * (j - 1)] = inst.actors[j];
      instRest[instOff[t] + 2 * (j - 1) + 1] = inst.events[j];
    }
  }
  const hasGuard = Uint8Array.from(instances, (i) => (i.action.guard ? 1 : 0));
  const firstIndex = firstIndexOf(cs);
  const firstActors = Int32Array.from(groupsOf.flatMap((g, a) => (g.length > 0 ? [a] : [])));
  // The instances whose first participant can take its event at the state being expanded: a bitset,
  // scanned in instance order (the order fixes which parent a state gets, so it is kept).
  const words = (nInst + 31) >>> 5;
  const cand = new Int32Array(words);
  const candNext = new Int32Array(nInst);
  const saved = new Int32Array(maxArity);
  const graph: StateGraph | undefined = opts.recordGraph
    ? { offsets: new IntVec(1 << 14), targets: new IntVec(1 << 16), actions: new IntVec(1 << 16) }
    : undefined;
  // Without a graph no state index is ever looked up: the seen set keeps fingerprints only (8 bytes a slot).
  const seenIdx = graph ? new FingerprintSet() : null;
  const seenFp = graph ? null : new FingerprintOnlySet();
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
  const guard = new MemoryGuard(opts.maxMemoryBytes);
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const deadline = opts.timeoutMs !== undefined ? start + opts.timeoutMs : Infinity;
  const constraint = cs.constraint;

  let distinct = 0;
  let generated = 0;
  let deadlock = -1;
  let stopped: StopReason | null = null;
  let unresolved = safety.length;
  const levelStart: number[] = [];

  // Checks safety properties and liveness marks on a newly discovered state (step 4 of TLC's order).
  // WARNING: every state gets a fresh view object: specs may cache per state in a WeakMap keyed by it.
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

  // The initial state. A frontier row is the state's k locals then its fingerprint (hi, lo); frontiers
  // are two typed arrays reused level after level (swapped, grown by doubling).
  const S = k + 2;
  let frontier = new Int32Array(Math.max(1024, S * 64));
  let next = new Int32Array(frontier.length);
  const sym = opts.reduceBy;
  // The canonical form of the successor being looked at (symmetry reduction only).
  const canon = new Int32Array(k);
  // Writes into dst at wr the state that instance t leads to from the row at src[off] (already known to
  // be enabled there): the row, then each participant's memoised step in order.
  const applyStep = (t: number, src: Int32Array, off: number, dst: Int32Array, wr: number) => {
    for (let a = 0; a < k; a++) dst[wr + a] = src[off + a];
    const a0 = instFirst[t];
    dst[wr + a0] = tables[a0].next(dst[wr + a0], instEv0[t]);
    for (let r = instOff[t]; r < instOff[t + 1]; r += 2) {
      const a = instRest[r];
      dst[wr + a] = tables[a].next(dst[wr + a], instRest[r + 1]);
    }
  };
  if (sym) sym.canon(cs.initial, 0, frontier);
  else frontier.set(cs.initial);
  frontier[k] = fingerprintHi(frontier, 0, k);
  frontier[k + 1] = fingerprintLo(frontier, 0, k);
  let frontierSize = 1;
  if (seenIdx) seenIdx.putIfAbsent(frontier[k], frontier[k + 1], 0);
  else seenFp!.add(frontier[k], frontier[k + 1]);
  parent.push(-1);
  via.push(-1);
  distinct = 1;
  generated = 1;
  levelStart.push(0);
  // The initial state is checked whatever the constraint says (TLC does the same).
  onNewState(0, frontier, 0);

  let depth = 0;
  let expanded = 0;
  let lastReport = start;
  let lastYield = start;
  let blocksUntilClock = 1;
  // States found at the next depth in the level being expanded (kept when a limit stops the run mid-level).
  let nextSize = 0;
  // The successors of a block of frontier states, in the order they are generated: fingerprint, action
  // instance, and whether the state constraint kept it (1) or not (0). `stateEnd[j]` ends state j's run.
  let bHi = new Int32Array(1024);
  let bLo = new Int32Array(1024);
  let bInst = new Int32Array(1024);
  let bKept = new Uint8Array(1024);
  const stateEnd = new Int32Array(BLOCK);

  outer: while (frontierSize > 0) {
    if (depth >= maxDepth) {
      stopped = 'max-depth';
      break;
    }
    const levelFirst = levelStart[depth];
    nextSize = 0;
    for (let i0 = 0; i0 < frontierSize; i0 += BLOCK) {
      // 0. Limits and progress, checked every 4 blocks (256 expansions).
      if (--blocksUntilClock === 0) {
        blocksUntilClock = 4;
        const now = performance.now();
        if (now > deadline) stopped = 'timeout';
        else if (opts.signal?.aborted) stopped = 'interrupted';
        else if (guard.exceeded()) stopped = 'memory';
        if (stopped) break outer;
        if (opts.onProgress && now - lastReport > 200) {
          lastReport = now;
          opts.onProgress({ generated, distinct, queue: frontierSize - i0 + nextSize, depth, seconds: (now - start) / 1000 });
        }
        if (now - lastYield > 100) {
          lastYield = now;
          yield;
        }
      }
      const i1 = Math.min(frontierSize, i0 + BLOCK);
      // 1. Generate the block's successors (fingerprints only; the rows stay untouched).
      let e = 0;
      for (let i = i0; i < i1; i++) {
        const off = i * S;
        const baseHi = frontier[off + k];
        const baseLo = frontier[off + k + 1];
        let view: GlobalState | null = null;
        // Which instances' first participant can take its event here, and where it goes (cached per local).
        for (let x = 0; x < firstActors.length; x++) {
          const a0 = firstActors[x];
          const on = tables[a0].enabledFirstAt(frontier[off + a0], groupsOf[a0], firstIndex);
          for (let j = 0; j < on.length; j += 2) {
            const t = on[j];
            cand[t >>> 5] |= 1 << (t & 31);
            candNext[t] = on[j + 1];
          }
        }
        for (let w = 0; w < words; w++) {
          let bits = cand[w];
          if (bits === 0) continue;
          cand[w] = 0;
          while (bits !== 0) {
            const low = bits & -bits;
            bits ^= low;
            const t = (w << 5) | (31 - Math.clz32(low));
            // The guard reads the state before the step, and the step is applied on the row in place.
            if (hasGuard[t] === 1 && view === null) view = cs.view(frontier, off);
            // Every participant must be able to take its event (memoised XState steps); the first one can.
            // The fingerprint follows along: XOR out each actor's old key, XOR in its new one.
            const a0 = instFirst[t];
            const t0 = tables[a0];
            const was0 = frontier[off + a0];
            const nx0 = candNext[t];
            let hi = baseHi ^ t0.zHi[was0] ^ t0.zHi[nx0];
            let lo = baseLo ^ t0.zLo[was0] ^ t0.zLo[nx0];
            frontier[off + a0] = nx0;
            let ok = true;
            const restStart = instOff[t];
            const restEnd = instOff[t + 1];
            let r = restStart;
            for (; r < restEnd; r += 2) {
              const a = instRest[r];
              const ta = tables[a];
              const was = frontier[off + a];
              const nx = ta.next(was, instRest[r + 1]);
              if (nx < 0) {
                ok = false;
                break;
              }
              hi ^= ta.zHi[was] ^ ta.zHi[nx];
              lo ^= ta.zLo[was] ^ ta.zLo[nx];
              saved[(r - restStart) >>> 1] = was;
              frontier[off + a] = nx;
            }
            // The action's guard over the global state before the step.
            if (ok && hasGuard[t] === 1) ok = callGuard(instances[t].action.guard!, view!, instances[t]);
            if (ok) {
              if (e === bHi.length) {
                bHi = growInts(bHi, e + 1);
                bLo = growInts(bLo, e + 1);
                bInst = growInts(bInst, e + 1);
                bKept = growBytes(bKept, e + 1);
              }
              let kept = 1;
              // The state constraint; under symmetry the state kept is the canonical form, fingerprinted afresh.
              if (constraint && !callConstraint(cs, frontier, off)) kept = 0;
              else if (sym) {
                sym.canon(frontier, off, canon);
                hi = fingerprintHi(canon, 0, k);
                lo = fingerprintLo(canon, 0, k);
              }
              bHi[e] = hi;
              bLo[e] = lo;
              bInst[e] = t;
              bKept[e] = kept;
              e++;
            }
            // Undo the step, last participant first (an actor may take two events in one instance).
            for (r -= 2; r >= restStart; r -= 2) frontier[off + instRest[r]] = saved[(r - restStart) >>> 1];
            frontier[off + a0] = was0;
          }
        }
        stateEnd[i - i0] = e;
      }
      // 2. Touch every successor's first table slot, so that the cache misses overlap instead of coming
      //    one at a time in step 3 (JavaScript has no prefetch; independent loads in a tight loop are one).
      if (seenIdx) seenIdx.touch(bHi, bLo, e);
      else seenFp!.touch(bHi, bLo, e);
      // 3. In generation order, state by state: seen? -> record parent -> check -> enqueue (TLC's order).
      let b = 0;
      for (let i = i0; i < i1; i++) {
        const src = levelFirst + i;
        const off = i * S;
        const end = stateEnd[i - i0];
        const enabled = end - b;
        for (; b < end; b++) {
          const t = bInst[b];
          generated++;
          fired[t]++;
          if (bKept[b] === 0) continue;
          const hi = bHi[b];
          const lo = bLo[b];
          let idx = -1;
          const isNew = seenIdx ? (idx = seenIdx.putIfAbsent(hi, lo, distinct)) < 0 : seenFp!.add(hi, lo);
          if (isNew) {
            idx = distinct++;
            parent.push(src);
            via.push(t);
            firedNew[t]++;
            // The successor's row is built again from its parent (it was not kept in step 1).
            const wr = nextSize * S;
            if (wr + S > next.length) next = growInts(next, wr + S);
            applyStep(t, frontier, off, next, wr);
            if (sym) {
              sym.canon(next, wr, canon);
              next.set(canon, wr);
            }
            next[wr + k] = hi;
            next[wr + k + 1] = lo;
            nextSize++;
            onNewState(idx, next, wr);
          }
          if (graph) {
            graph.targets.push(idx);
            graph.actions.push(t);
          }
        }
        if (graph) graph.offsets.push(graph.targets.length);
        expanded++;
        if (enabled === 0 && deadlock < 0 && cs.checkDeadlock) {
          if (!callPredicate(cs.terminal, cs.view(frontier, off), 'terminal')) deadlock = src;
        }
        if (distinct >= maxStates) {
          stopped = 'max-states';
          break outer;
        }
      }
    }
    const swap = frontier;
    frontier = next;
    next = swap;
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
    seenBytes: (seenIdx ? seenIdx.bytes() : seenFp!.bytes()),
  };
}

/** Each group's instances, in instance order (see ActorTable.enabledFirstAt). */
export function firstIndexOf(cs: CompiledSystem): FirstIndex {
  const { groupOf, groupEvent } = cs.groups;
  const nGroups = groupEvent.length;
  const groupInstStart = new Int32Array(nGroups + 1);
  for (let t = 0; t < groupOf.length; t++) groupInstStart[groupOf[t] + 1]++;
  for (let g = 0; g < nGroups; g++) groupInstStart[g + 1] += groupInstStart[g];
  const fill = groupInstStart.slice(0, nGroups);
  const groupInst = new Int32Array(groupOf.length);
  for (let t = 0; t < groupOf.length; t++) groupInst[fill[groupOf[t]]++] = t;
  return { groupEvent, groupInstStart, groupInst };
}

/** A copy of `a` with room for at least `min` elements (doubling). */
function growInts(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let cap = a.length * 2;
  while (cap < min) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** offsets gets a leading 0 so that state s's edges are [offsets[s], offsets[s+1]). */
function finishOffsets(g: StateGraph): void {
  const o = new IntVec(g.offsets.length + 1);
  o.push(0);
  for (let i = 0; i < g.offsets.length; i++) o.push(g.offsets.data[i]);
  g.offsets = o;
}

function growBytes(a: Uint8Array, min: number): Uint8Array<ArrayBuffer> {
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
