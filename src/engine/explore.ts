import { LeasecheckError } from '../errors.ts';
import { callPredicate, callTerminal } from './specCalls.ts';
import { GRACE_MS, runSlice } from './sliceGuard.ts';
import { FingerprintOnlySet, FingerprintSet, MAX_FINGERPRINTS } from './fingerprintSet.ts';
import { fingerprintHi, fingerprintLo } from './fingerprint.ts';
import { IntVec, grown } from './growable.ts';
import { ChunkPool, LevelRows } from './levelRows.ts';
import { MemoryGuard } from './memoryGuard.ts';
import type { CompiledSystem } from './compile.ts';
import { Successors } from './successors.ts';
import { forAllOf } from './forAllInvariant.ts';
import { ReadSetMemo } from './readSetMemo.ts';
import type { Symmetry } from './symmetry.ts';
import type { PartialOrder } from './por.ts';
import { DiskFull, type DiskDir } from './diskDir.ts';
import { ActionVec, type ReadVec } from './actionVec.ts';
import { EDGE_LIMIT, INDEX_LIMIT, ParentVec } from './stateIndex.ts';
import { DiskFingerprintSet } from './diskFingerprintSet.ts';
import type { Predicate } from '../spec/property.ts';

/** Frontier states expanded together: their successors' table slots are touched as one batch. */
const BLOCK = 64;
/** Ints of reduced states kept for a repair (see repair in exploreSteps) before reduction stops. */
const REDUCED_LOG_MAX = 1 << 24;
/** Blocks a chunk of level rows (levelRows.ts): 4096 rows, about half a megabyte for 32 actors. */
const CHUNK_BLOCKS = 64;

/** Why a search stopped early. `state-limit`: the most states it can number (stateIndex.ts). */
export type StopReason = 'max-states' | 'max-depth' | 'timeout' | 'memory' | 'interrupted' | 'disk-full' | 'settled' | 'state-limit';

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
  /** What each of `marks` is, for error messages (`the goal of p`); default `liveness predicate i`. */
  markNames?: readonly string[];
  /** Symmetry reduction: keep one state per orbit, its canonical form (see symmetry.ts). */
  reduceBy?: Symmetry;
  /** Under symmetry, take a successor found in the seen set as a duplicate without its canonical form (Successors.seen); default on. For tests and benchmarks. */
  seenShortcut?: boolean;
  /** Partial-order reduction (safety properties only, no graph): expand an ample set per state (see por.ts). */
  ample?: PartialOrder;
  /**
   * Spill to this directory (DiskDir) what would pass the memory budget: the BFS levels' rows past
   * `diskRowsBytes` of them in memory (default a quarter of the memory limit), and, when no graph is
   * recorded (safety properties only), the fingerprint table past `diskFingerprintBytes`
   * (diskFingerprintSet.ts), and each state's parent and action past `diskParentsBytes` of them
   * (spillingIntVec.ts). A full disk stops the run (incomplete, `disk-full`).
   */
  spillTo?: DiskDir;
  diskRowsBytes?: number;
  /** With `spillTo`: the most bytes of parents and actions kept in memory (default a sixteenth of the memory limit). */
  diskParentsBytes?: number;
  /** With `spillTo` and `ample`: the most bytes each of partial-order reduction's sets of states may take in memory (default a thirty-second of the memory limit). */
  diskPorBytes?: number;
  /** With `spillTo`: the most bytes the in-memory fingerprint table may take before it goes to disk (default 15% of the memory limit). */
  diskFingerprintBytes?: number;
  /**
   * Stop (reason `settled`) once every safety property is settled (violated, or its witness found) and
   * the deadlock check too: nothing the search could still find would change a verdict. Not with marks.
   */
  stopWhenSettled?: boolean;
  /** Called about every 200 ms. */
  onProgress?: (p: Progress) => void;
  /** For tests: parents are kept modulo this power of two instead of 2^32 (stateIndex.ts). */
  parentSpan?: number;
  /** Aborting it stops the run (incomplete, reason `interrupted`). */
  signal?: AbortSignal;
}

export interface Progress {
  generated: number;
  distinct: number;
  queue: number;
  depth: number;
  seconds: number;
  /** Bytes the search holds on disk (with the `disk` option). */
  diskBytes?: number;
}

/** The explored graph kept in CSR form: state s's edges are [offsets[s], offsets[s+1]). */
export interface StateGraph {
  offsets: IntVec;
  targets: IntVec;
  actions: IntVec;
}

export interface Exploration {
  /** The symmetry groups the search reduced by (names), when it did (ExploreOptions.reduceBy). */
  reducedBy?: string[];
  distinct: number;
  generated: number;
  /** Deepest level reached (the initial state is depth 0). */
  depth: number;
  seconds: number;
  /**
   * Parent state index (-1 for the initial state) and action instance of every distinct state. Read them
   * with `get(i)`: with a disk (spillTo) the oldest may be in a file, readable until it is closed.
   */
  parent: IntVec;
  via: ReadVec;
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
  /** Partial-order reduction: states expanded with a proper ample set, the shallowest depth of one, repairs (see repair). */
  por?: { provisoFull: number; attempts: number; thinned: boolean; reducedStates: number; firstReducedDepth: number; repairs: number; repairedStates: number; spanRepairs: number; gaveUp: boolean };
  /**
   * Under symmetry: successors looked up twice, their own fingerprint first (Successors.seen), then their
   * canonical form's. Each lookup is a chance of a fingerprint collision, so the estimate counts them.
   */
  extraLookups?: number;
  /** With the `disk` option: the most bytes the search held on disk at once. */
  diskPeakBytes?: number;
  /** With the `disk` option: how many times the fingerprint table went to disk (diskFingerprintSet.ts). */
  fingerprintFlushes?: number;
  /** With the `disk` option: the states whose parent and action are in a file (the first ones; spillingIntVec.ts). */
  parentsOnDisk?: number;
  /** With the `disk` option: whether some BFS level's rows went to disk (levelRows.ts). */
  levelsOnDisk?: boolean;
  /** With the `disk` option and partial-order reduction: how many times its sets of states went to disk. */
  porSetFlushes?: number;
  /** The spec function that was running, never returning, when the search was ended from outside (sliceGuard.ts). */
  stuckIn?: string;
}

/**
 * Exhaustive breadth-first search, level by level, in TLC's order for each successor:
 * constraint -> seen? -> record parent -> check properties -> enqueue. BFS gives every recorded
 * violation a shortest path from the initial state. States are expanded in blocks (BLOCK): guards and
 * the constraint of a whole block run before its successors are looked up, which only shows when one
 * of them throws (the first throw in block order is reported).
 */
export function explore(cs: CompiledSystem, opts: ExploreOptions = {}): Exploration {
  const gen = exploreSteps(cs, opts);
  return guarded(gen, gen.next(), opts, false);
}

/**
 * As explore(), for callers that stop it with Ctrl-C (opts.signal): the search runs under the watchdog,
 * which ends it on Ctrl-C wherever it is, a spec function stuck in a loop included (sliceGuard.ts); the
 * search is then reported as it was at its last checkpoint (at most about 100 ms earlier).
 */
export async function exploreAsync(cs: CompiledSystem, opts: ExploreOptions = {}): Promise<Exploration> {
  const gen = exploreSteps(cs, opts);
  const first = gen.next();
  // A Ctrl-C that came while the caller was busy (compiling, setting up the search) is dispatched to its
  // handler now: once the watchdog starts, Node takes the process's SIGINT listeners off until it ends,
  // and a signal that reached the process but not yet its listener is dropped with them. Two turns of
  // the check phase, so that a poll phase (where signals are read) comes between, whatever phase this
  // code was called from.
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  return guarded(gen, first, opts, !!opts.signal);
}

/**
 * The whole search in one watched call (one watchdog for the search, not one a slice: Node's SIGINT
 * watchdog drops signals that arrive while it is being set up or taken down). Ended by --timeout or
 * Ctrl-C while a spec function does not return, it reports the last checkpoint, and names the
 * function when the search had made no progress for a while (STUCK_MS).
 */
function guarded(gen: Generator<Checkpoint, Exploration>, first: IteratorResult<Checkpoint, Exploration>, opts: ExploreOptions, sigint: boolean): Exploration {
  const deadline = opts.timeoutMs !== undefined ? performance.now() + opts.timeoutMs : Infinity;
  // `first`: the set-up, up to the first checkpoint (before the initial state is checked), which runs no spec code.
  if (first.done) return first.value;
  let last: Checkpoint = first.value;
  let lastAt = performance.now();
  const r = runSlice(() => {
    for (;;) {
      const step = gen.next();
      if (step.done) return step.value;
      last = step.value;
      lastAt = performance.now();
    }
  }, deadline, sigint);
  if (r.ok) return r.value;
  // Named only when it had kept the search from its next checkpoint (~100 ms apart) for a while.
  const stalled = performance.now() - lastAt > (r.reason === 'timeout' ? GRACE_MS : STUCK_MS);
  return last(r.reason, stalled ? r.stuckIn : null);
}

/** A search that has not reached its next checkpoint for this long while Ctrl-C ended it is stuck in what it runs. */
const STUCK_MS = 1000;

/** The search as it was at one of its consistent points, stopped for `why` (with the spec function it was stuck in). */
type Checkpoint = (why: StopReason, stuckIn: string | null) => Exploration;

/**
 * The search itself. It yields about every 100 ms, between blocks, a Checkpoint: what it has explored
 * so far, so that a driver may let other work run, and report the search as it was there if a slice
 * never comes back (a spec function stuck in a loop; sliceGuard.ts).
 */
function* exploreSteps(cs: CompiledSystem, opts: ExploreOptions): Generator<Checkpoint, Exploration> {
  const start = performance.now();
  const succ = new Successors(cs, opts.reduceBy);
  const k = cs.actorNames.length;
  const nInst = cs.instances.length;
  const graph: StateGraph | undefined = opts.recordGraph
    ? { offsets: new IntVec(1 << 14), targets: new IntVec(1 << 16), actions: new IntVec(1 << 16) }
    : undefined;
  // Without a graph no state index is ever looked up: the seen set keeps fingerprints only (8 bytes a slot).
  const guard = new MemoryGuard(opts.maxMemoryBytes);
  const seenIdx = graph ? new FingerprintSet() : null;
  // With a disk, the table goes to disk past its budget (diskFingerprintSet.ts): 15% of the memory limit,
  // so that a flush (a sorted copy, 1.5 times the table at most) still fits beside the levels' rows.
  const seenFp = graph ? null
    : opts.spillTo ? new DiskFingerprintSet(opts.spillTo, opts.diskFingerprintBytes ?? guard.limit * 0.15)
    : new FingerprintOnlySet();
  // Under symmetry a successor already in the seen set is a duplicate whatever its orbit: no canonical
  // form needed (Successors.seen). With the table on disk only its in-memory part is asked.
  if (opts.reduceBy && opts.seenShortcut !== false) {
    succ.seen = seenIdx ? (hi, lo) => seenIdx.get(hi, lo) >= 0
      : seenFp instanceof DiskFingerprintSet ? (hi, lo) => seenFp.hasInMemory(hi, lo)
      : (hi, lo) => seenFp!.has(hi, lo);
  }
  const parent = new ParentVec(1 << 14, opts.parentSpan);
  // The search stops before a state would be a span or more after its parent (stateIndex.ts): checked
  // after each state's expansion, which adds at most nInst states, and before a repair (whose states
  // may be older; see repair). See stateCap for the limits of a graph and of a table in memory.
  const span = parent.span;
  const spanRoom = span - nInst - 1;
  const via = new ActionVec(nInst);
  const fired = new Float64Array(nInst);
  const firedNew = new Float64Array(nInst);
  const found = new Map<string, number>();
  const safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes') as {
    kind: 'always' | 'sometimes';
    name: string;
    predicate: Predicate;
  }[];
  const markPreds = opts.marks ?? [];
  const marks: Uint8Array<ArrayBuffer>[] = markPreds.map(() => new Uint8Array(1 << 14));
  const maxStates = opts.maxStates ?? Infinity;
  // The most states this search numbers and holds: with a graph, whole numbers in int32 slots; without a
  // disk, the seen table's most (fingerprintSet.ts). Checked after each state, which adds at most nInst.
  const hardCap = (graph ? Math.min(INDEX_LIMIT, MAX_FINGERPRINTS) : seenFp instanceof DiskFingerprintSet ? Infinity : MAX_FINGERPRINTS) - nInst;
  const stateCap = Math.min(maxStates, hardCap);
  const maxDepth = opts.maxDepth ?? Infinity;
  const deadline = opts.timeoutMs !== undefined ? start + opts.timeoutMs : Infinity;

  let distinct = 0;
  let generated = 0;
  let deadlock = -1;
  let stopped: StopReason | null = null;
  let unresolved = safety.length;
  const levelStart: number[] = [];

  // Checks safety properties and liveness marks on a newly discovered state (step 4 of TLC's order).
  // WARNING: every evaluation gets a fresh view object: specs may cache per state in a WeakMap keyed by it.
  // want[p]: the predicate value that settles safety property p (false for always, true for sometimes).
  // An invariant declared per instance (forAll) is read from its memo and needs no view. While it is
  // unsettled every state found so far satisfies it, the parent of a new state included: only the
  // instances that read an actor of the action `t` that led here can fail (without symmetry, where
  // the new state is the parent's row with those actors changed; t = -1: ask every instance).
  const want = safety.map((p) => p.kind !== 'always');
  const memoised = safety.map((p) => forAllOf(cs, p));
  const settled = new Uint8Array(safety.length);
  const incremental = !opts.reduceBy;
  // The other predicates are remembered by the actors they read (readSetMemo.ts).
  const predicates = new ReadSetMemo(cs, safety.length, (q, view) => callPredicate(safety[q].predicate, view, `property ${safety[q].name}`));
  const markMemo = new ReadSetMemo(cs, markPreds.length, (m, view) => callPredicate(markPreds[m], view, opts.markNames?.[m] ?? `liveness predicate ${m}`));
  const por = opts.ample;
  const stopWhenSettled = !!opts.stopWhenSettled && markPreds.length === 0;
  const sym = opts.reduceBy;
  por?.attach(succ.guards, succ.constraint, predicates, memoised.map((m) => (m ? m.readActors() : null)));
  const imgBuf = new Int32Array(k);
  const onNewState = (idx: number, vec: Int32Array, off: number, t: number) => {
    if (unresolved === 0 && markPreds.length === 0) return;
    const spot = sym !== undefined && spotChecked(idx);
    for (let q = 0; q < safety.length; q++) {
      if (settled[q] === 1) continue;
      const inv = memoised[q];
      const value =
        inv === null ? predicates.holds(q, vec, off)
        : t >= 0 && incremental ? inv.holdsAfter(t, vec, off)
        : inv.holds(vec, off);
      if (sym && (spot || value === want[q])) spotCheckSafety(sym, safety[q].name, (img) => (inv === null ? predicates.holds(q, img, 0) : inv.holds(img, 0)), value, vec, off, imgBuf);
      if (value === want[q]) {
        settled[q] = 1;
        found.set(safety[q].name, idx);
        unresolved--;
        por?.settled(q);
      }
    }
    for (let m = 0; m < markPreds.length; m++) {
      if (idx >= marks[m].length) marks[m] = grown(marks[m], idx + 1);
      marks[m][idx] = markMemo.holds(m, vec, off) ? 1 : 0;
    }
    if (sym && markPreds.length > 0 && spotChecked(idx)) spotCheckMarks(cs, sym, markPreds, opts.markNames, vec, off, (m) => marks[m][idx] === 1);
  };

  // The initial state. A frontier row is the state's k locals then its fingerprint (hi, lo); a level's
  // rows are kept in chunks that the level after next reuses (levelRows.ts).
  const S = k + 2;
  const R = BLOCK * CHUNK_BLOCKS;
  // With a disk, the rows in memory have a budget (a quarter of the memory limit by default), and levels
  // also spill once the process passes 60% of the limit, so that what does not spill (each state's
  // parent and action) can still grow.
  const disk = opts.spillTo;
  const memoryLimit = guard.limit;
  const rowsBudget = opts.diskRowsBytes ?? memoryLimit / 4;
  const pressure = new MemoryGuard(memoryLimit * 0.6);
  // Parents and actions go to disk past their budget, or under pressure (past 1 MiB, not to write crumbs).
  // Not with a graph (liveness): the lasso search and the coverage report read them after the search.
  const parentsBudget = opts.diskParentsBytes ?? memoryLimit / 16;
  const spillParents = () => {
    const inMemory = parent.inMemoryBytes() + via.inMemoryBytes();
    if (inMemory > parentsBudget || (inMemory > 1 << 20 && pressure.exceeded())) {
      parent.spill(disk!, 'parents');
      via.spill(disk!, 'actions');
    }
  };
  const pool = new ChunkPool(R, S, disk ? { dir: disk, maxChunks: Math.max(2, Math.floor(rowsBudget / (R * S * 4))), short: () => pressure.exceeded() } : undefined);
  // What may be allocated before the next limit check (4 blocks on): each new state or edge may make a
  // structure double (the liveness analysis after the search checks its own room: check.ts).
  const horizon = 4 * BLOCK * Math.max(1, nInst);
  const ahead = (): number => {
    let bytes = (seenIdx ? seenIdx.growthWithin(horizon) : seenFp!.growthWithin(horizon)) + parent.growthWithin(horizon) + via.growthWithin(horizon) + pool.growthWithin(horizon);
    for (const m of marks) if (distinct + horizon > m.length) bytes += 2 * m.length;
    // Partial-order reduction's sets of two levels and of the reduced states (declared below).
    if (por) bytes += levelSeen!.growthWithin(horizon) + nextSeen!.growthWithin(horizon) + reducedSet!.growthWithin(horizon);
    if (graph) {
      bytes += graph.offsets.growthWithin(horizon) + graph.targets.growthWithin(horizon) + graph.actions.growthWithin(horizon);
    }
    return bytes;
  };
  let frontier = new LevelRows(pool);
  let next = new LevelRows(pool);
  frontier.append(); // at offset 0
  const init = frontier.last();
  if (sym) sym.canon(cs.initial, 0, init);
  else init.set(cs.initial);
  init[k] = fingerprintHi(init, 0, k);
  init[k + 1] = fingerprintLo(init, 0, k);
  if (seenIdx) seenIdx.putIfAbsent(init[k], init[k + 1], 0);
  else seenFp!.add(init[k], init[k + 1]);
  parent.push(-1);
  via.push(-1);
  distinct = 1;
  generated = 1;
  levelStart.push(0);
  let depth = 0;
  let expanded = 0;
  // The search so far, as it is now (between blocks, where everything is consistent): later slices only
  // append to parent, via, marks and the graph, so lengths and copies of the rest are enough.
  // Partial-order reduction's counts (declared here: a checkpoint reads them).
  let porFull = 0;
  let repairedStates = 0;
  // Repairs made only so that no reduced state falls a span behind (stateIndex.ts), not for a read.
  let spanRepairs = 0;
  // What went to disk, as of `states` states. (porSets: partial-order reduction's, filled below.)
  const porSets: (FingerprintOnlySet | DiskFingerprintSet)[] = [];
  const diskFacts = (states: number) => {
    const porFlushes = porSets.reduce((n, s) => n + (s instanceof DiskFingerprintSet ? s.flushes : 0), 0);
    return {
      diskPeakBytes: disk!.peakBytes, fingerprintFlushes: seenFp instanceof DiskFingerprintSet ? seenFp.flushes : 0,
      parentsOnDisk: Math.min(parent.spilledCount, states), levelsOnDisk: pool.spilledChunks > 0, ...(porFlushes ? { porSetFlushes: porFlushes } : {}),
    };
  };
  const checkpoint = (): Checkpoint => {
    const at = { distinct, generated, depth, expanded, deadlock, nextSize: next.size, levelStart: levelStart.slice(), found: new Map(found), fired: fired.slice(), firedNew: firedNew.slice(), offsets: graph?.offsets.length ?? 0, edges: graph?.targets.length ?? 0 };
    return (why, stuckIn) => {
      const cut = (v: IntVec, length: number) => Object.assign(new IntVec(16), { data: v.data, length });
      const levels = at.levelStart.slice();
      let d = at.depth;
      if (at.nextSize > 0) {
        d++;
        levels.push(at.distinct - at.nextSize);
      }
      const g = graph ? { offsets: cut(graph.offsets, at.offsets), targets: cut(graph.targets, at.edges), actions: cut(graph.actions, at.edges) } : undefined;
      if (g) finishOffsets(g);
      return {
        distinct: at.distinct, generated: at.generated, depth: d, seconds: (performance.now() - start) / 1000,
        parent: parent.prefix(at.distinct), via: via.prefix(at.distinct), levelStart: levels, found: at.found, deadlock: at.deadlock,
        expanded: at.expanded, stopped: why, fired: at.fired, firedNew: at.firedNew, graph: g,
        marks: markPreds.length ? marks : undefined, seenBytes: seenIdx ? seenIdx.bytes() : seenFp!.bytes(),
        ...(stuckIn ? { stuckIn } : {}),
        // Read when reported: lookups made since the checkpoint only make the collision estimate higher.
        ...(sym ? { reducedBy: sym.groups.map((g) => g.name), extraLookups: succ.askedInVain } : {}),
        // Read when the search is reported: a reduction done since the checkpoint only makes fewer traces count as shortest.
        ...(por ? { por: { provisoFull: porFull, attempts: por.attempts, thinned: por.thinned, reducedStates: por.reducedStates, firstReducedDepth: por.firstReducedDepth, repairs: por.repairs, repairedStates, spanRepairs, gaveUp: por.disabled } } : {}),
        ...(disk ? diskFacts(at.distinct) : {}),
      };
    };
  };
  yield checkpoint();
  // The initial state is checked whatever the constraint says (TLC does the same).
  onNewState(0, init, 0, -1);

  let lastReport = start;
  let lastYield = start;
  let blocksUntilClock = 1;
  // The successors of a block of frontier states, in the order they are generated: fingerprint, action
  // instance, and whether the state constraint kept it (1) or not (0). `stateEnd[j]` ends state j's run.
  const batch = succ.newBatch();
  const stateEnd = new Int32Array(BLOCK);
  // Partial-order reduction. The cycle proviso for BFS: every cycle of the reduced graph has an edge
  // that does not go one level deeper; a state expanded with an ample set must not take such an edge
  // to a state that was not fully expanded. So an ample successor already seen must be in the next
  // level, or else in an earlier level (not levelSeen: every state of those has been expanded) and not
  // reduced (reducedSet); otherwise the state is expanded in full. nextSeen is the next level's set,
  // built while it is found. The sets of the two levels hold only those levels' states, and reducedSet
  // only the reduced ones: a set of every fully expanded state instead cost a quarter of the search's
  // time where reductions are rare.
  // (A successor in this level that was already expanded in full counts as risky too: it is not
  // told apart, which costs some reduction, never soundness.)
  // With a disk, these sets go to disk past their budget too (a thirty-second of the memory limit each).
  const chosen = new Uint8Array(nInst);
  const porSet = () => (disk ? new DiskFingerprintSet(disk, opts.diskPorBytes ?? memoryLimit / 32, 'por') : new FingerprintOnlySet(1 << 10));
  let levelSeen = por ? porSet() : null;
  let nextSeen = por ? porSet() : null;
  const reducedSet = por ? porSet() : null;
  if (por) porSets.push(levelSeen!, nextSeen!, reducedSet!);
  levelSeen?.add(init[k], init[k + 1]);
  // Whether this level's set is built (its states may be tried), and whether the next one's is being
  // built: only for the levels PartialOrder.triesLevel picks, decided a level ahead.
  let levelTried = por !== undefined;
  let buildNext = por !== undefined;
  let porOld = false;
  // (A state of the next level is in neither set: found this level, it has not been expanded.)
  const unsafe = (hi: number, lo: number) => levelSeen!.has(hi, lo) || reducedSet!.has(hi, lo);
  const risky = (b: number) => batch.kept[b] === 1 && seenFp!.has(batch.hi[b], batch.lo[b]) && unsafe(batch.hi[b], batch.lo[b]);
  // The states expanded with a reduced set since the last repair: (state number modulo the span, row)
  // each; logFloor is the first one's number.
  const reducedLog = por ? new IntVec(1 << 12) : null;
  let logFloor = 0;
  const oneEnd = new Int32Array(1);
  const repairRow = new Int32Array(S);
  /**
   * A guard, property or the constraint was first seen to read something: the reductions made so far
   * may rest on too little, so every state reduced since the last repair is expanded in full now (its
   * other successors join the next level, as children of it). Then no reduction made without some
   * read's knowledge stands, and the search goes on.
   */
  const repair = (learned: boolean): boolean => {
    const log = reducedLog!;
    // Each state it adds must be less than a span after its parent (stateIndex.ts), with room left for
    // the next state's expansion (spanRoom); else the search stops.
    // And all it adds must fit in the tables (hardCap), which the check after each state does not see.
    const adds = (log.length / (S + 1)) * nInst;
    if (distinct + adds - logFloor >= spanRoom || distinct + adds >= hardCap) return false;
    for (let at = 0; at < log.length; at += S + 1) {
      // The state's number modulo the span: what the parent vector keeps of it anyway.
      const src = log.data[at];
      for (let a = 0; a < S; a++) repairRow[a] = log.data[at + 1 + a];
      batch.clear();
      succ.expand(repairRow, 0, 1, S, batch, oneEnd);
      // (It stays in reducedSet: an ample step into it is then judged risky, which is only careful.)
      for (let e = 0; e < batch.length; e++) visit(e, src, repairRow, 0);
      if (learned) repairedStates++;
    }
    log.length = 0;
    if (learned) por!.repairs++;
    else spanRepairs++;
    return true;
  };
  /**
   * Step 3 for one batch entry under POR (see the loop below); sets porOld when its state breaks the
   * proviso. It repeats the loop's body rather than the loop calling it: a call per entry costs the plain
   * search its speed.
   */
  const visit = (b: number, src: number, rows: Int32Array, off: number) => {
    const t = batch.inst[b];
    generated++;
    fired[t]++;
    if (batch.kept[b] === 0) return;
    const hi = batch.hi[b];
    const lo = batch.lo[b];
    if (seenFp!.add(hi, lo)) {
      // What may go to disk (and throw DiskFull) first, so that a full disk never leaves a state half
      // recorded: counted, without its row or its properties checked.
      if (buildNext) nextSeen!.add(hi, lo);
      const wr = next.append();
      const dst = next.last();
      const idx = distinct++;
      parent.push(src);
      via.push(t);
      firedNew[t]++;
      succ.build(batch, b, t, rows, off, dst, wr);
      dst[wr + k] = hi;
      dst[wr + k + 1] = lo;
      onNewState(idx, dst, wr, t);
    } else if (unsafe(hi, lo)) porOld = true;
  };

  let seenBytesAtEnd = 0;
  try {
  outer: while (frontier.size > 0) {
    if (depth >= maxDepth) {
      stopped = 'max-depth';
      break;
    }
    const levelFirst = levelStart[depth];
    const frontierSize = frontier.size;
    if (por) buildNext = por.triesLevel(depth + 1);
    for (let b0 = 0; b0 < frontierSize; b0 += BLOCK) {
      // The block's rows: states b0 .. b0 + BLOCK of the level, rows i0 .. i1 of one chunk.
      const rows = frontier.chunkAt((b0 / R) | 0);
      const i0 = b0 % R;
      // 0. Limits and progress, checked every 4 blocks (256 expansions).
      if (--blocksUntilClock === 0) {
        blocksUntilClock = 4;
        const now = performance.now();
        // (Before the memory check: what spills no longer counts as about to grow.)
        if (disk && !graph) spillParents();
        if (now > deadline) stopped = 'timeout';
        else if (opts.signal?.aborted) stopped = 'interrupted';
        else if (guard.exceeded(now, ahead())) stopped = 'memory';
        if (stopWhenSettled && unresolved === 0 && (deadlock >= 0 || !cs.checkDeadlock)) stopped = 'settled';
        // A graph's edges are numbered in int32 slots too (its offsets): the next 4 blocks must fit.
        if (graph && graph.targets.length + horizon > EDGE_LIMIT) stopped ??= 'state-limit';
        if (stopped) break outer;
        // A repair when a read is learned; and before the oldest reduced state is half a span back.
        if (por?.learnedNew || (reducedLog !== null && reducedLog.length > 0 && distinct - logFloor > span / 2)) {
          const learned = por!.learnedNew;
          por!.learnedNew = false;
          if (reducedLog!.length > 0 && !repair(learned)) stopped = 'state-limit';
          if (stopped) break outer;
        }
        if (opts.onProgress && now - lastReport > 200) {
          lastReport = now;
          opts.onProgress({ generated, distinct, queue: frontierSize - b0 + next.size, depth, seconds: (now - start) / 1000, ...(disk ? { diskBytes: disk.bytes } : {}) });
        }
        if (now - lastYield > 100) {
          lastYield = now;
          yield checkpoint();
        }
      }
      const i1 = i0 + Math.min(BLOCK, frontierSize - b0);
      // 1. Generate the block's successors (fingerprints only; the rows stay as they are).
      batch.clear();
      succ.expand(rows, i0, i1, S, batch, stateEnd);
      // 2. Touch every successor's first table slot, so that the cache misses overlap instead of coming
      //    one at a time in step 3 (JavaScript has no prefetch; independent loads in a tight loop are one).
      const { hi: bHi, lo: bLo, inst: bInst, kept: bKept } = batch;
      if (seenIdx) seenIdx.touch(bHi, bLo, batch.length);
      else seenFp!.touch(bHi, bLo, batch.length);
      // 3. In generation order, state by state: seen? -> record parent -> check -> enqueue (TLC's order).
      let b = 0;
      for (let i = i0; i < i1; i++) {
        const src = levelFirst + b0 + (i - i0);
        const off = i * S;
        const end = stateEnd[i - i0];
        const enabled = end - b;
        if (levelTried && por !== undefined && enabled > 1 && por.choose(rows, off, bInst, bKept, b, end, depth, chosen, risky)) {
          // The ample set first; if one of its successors breaks the proviso (see risky), the rest too.
          porOld = false;
          for (let e = b; e < end; e++) if (chosen[e - b] === 1) visit(e, src, rows, off);
          if (porOld) {
            porFull++;
            for (let e = b; e < end; e++) if (chosen[e - b] === 0) visit(e, src, rows, off);
          } else {
            reducedSet!.add(rows[off + k], rows[off + k + 1]);
            // Kept for a repair (see repair), and how many successors left out would have been new.
            if (reducedLog!.length + S + 1 > REDUCED_LOG_MAX) por.disabled = true;
            if (reducedLog!.length === 0) logFloor = src;
            reducedLog!.push(src % span);
            for (let a = 0; a < S; a++) reducedLog!.push(rows[off + a]);
            let skippedNew = 0;
            for (let e = b; e < end; e++) {
              if (chosen[e - b] === 1 || bKept[e] === 0 || seenFp!.has(bHi[e], bLo[e])) continue;
              skippedNew++;
              por.sample(bHi[e], bLo[e]);
            }
            por.feedback(skippedNew);
          }
          b = end;
        }
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
            // (What may throw DiskFull first: see visit.) The successor's row is built again from its
            // parent (it was not kept in step 1).
            if (buildNext) nextSeen!.add(hi, lo);
            const wr = next.append();
            const dst = next.last();
            idx = distinct++;
            parent.push(src);
            via.push(t);
            firedNew[t]++;
            succ.build(batch, b, t, rows, off, dst, wr);
            dst[wr + k] = hi;
            dst[wr + k + 1] = lo;
            onNewState(idx, dst, wr, t);
          }
          if (graph) {
            graph.targets.push(idx);
            graph.actions.push(t);
          }
        }
        if (graph) graph.offsets.push(graph.targets.length);
        expanded++;
        if (enabled === 0 && deadlock < 0 && cs.checkDeadlock) {
          if (!callTerminal(cs.terminal, cs.view(rows, off))) deadlock = src;
        }
        if (distinct >= stateCap || distinct - src >= spanRoom) {
          stopped = distinct >= maxStates ? 'max-states' : 'state-limit';
          break outer;
        }
      }
    }
    // A read first seen since the last check: repair before the level ends (it may add to the next).
    if (por?.learnedNew) {
      por.learnedNew = false;
      if (reducedLog!.length > 0 && !repair(true)) {
        stopped = 'state-limit';
        break;
      }
    }
    // What the reductions of earlier levels really saved (see PartialOrder.feedback).
    por?.levelDone((hi, lo) => seenFp!.has(hi, lo));
    // The level is expanded: its chunks go back to the pool, for the level after this next one.
    frontier.clear();
    if (nextSeen !== null) {
      const was = levelSeen!;
      levelSeen = nextSeen;
      nextSeen = was;
      nextSeen.clear();
      levelTried = buildNext;
    }
    const swap = frontier;
    frontier = next;
    next = swap;
    if (frontier.size > 0) {
      depth++;
      levelStart.push(distinct - frontier.size);
    }
  }
  } catch (e) {
    if (!(e instanceof DiskFull)) throw e;
    stopped = 'disk-full';
  } finally {
    frontier.dropFile();
    next.dropFile();
    // The fingerprint sets' files too: a search check() runs next (confirming a trace) needs the room.
    seenBytesAtEnd = seenIdx ? seenIdx.bytes() : seenFp!.bytes();
    if (seenFp instanceof DiskFingerprintSet) seenFp.dropFile();
    for (const s of porSets) if (s instanceof DiskFingerprintSet) s.dropFile();
  }
  // States found at the next depth in the level being expanded are kept when a limit stops the run mid-level.
  if (stopped && stopped !== 'max-depth' && next.size > 0) {
    depth++;
    levelStart.push(distinct - next.size);
  }
  if (graph) finishOffsets(graph);
  return {
    ...(sym ? { reducedBy: sym.groups.map((g) => g.name), extraLookups: succ.askedInVain } : {}),
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
    seenBytes: seenBytesAtEnd,
    ...(por ? { por: { provisoFull: porFull, attempts: por.attempts, thinned: por.thinned, reducedStates: por.reducedStates, firstReducedDepth: por.firstReducedDepth, repairs: por.repairs, repairedStates, spanRepairs, gaveUp: por.disabled } } : {}),
    ...(disk ? diskFacts(distinct) : {}),
  };
}

/** offsets gets a leading 0 so that state s's edges are [offsets[s], offsets[s+1]). */
function finishOffsets(g: StateGraph): void {
  const o = new IntVec(g.offsets.length + 1);
  o.push(0);
  for (let i = 0; i < g.offsets.length; i++) o.push(g.offsets.data[i]);
  g.offsets = o;
}

/**
 * The states a search under symmetry spot-checks the liveness predicates on (spotCheckMarks): the first
 * 2,000, then one in 64 throughout (a breadth-first search's first states are all shallow).
 */
export function spotChecked(idx: number): boolean {
  return idx < 2_000 || (idx & 63) === 0;
}

/**
 * LC028 when a liveness predicate differs between a state and its image under one of the reduction's
 * swaps: the property tells those members apart, and its `fixes` does not say so (liveSymmetry.ts). A
 * spot check (spotChecked), not a proof: the checker cannot look into predicates.
 */
export function spotCheckMarks(
  cs: CompiledSystem,
  sym: Symmetry,
  preds: readonly Predicate[],
  names: readonly string[] | undefined,
  vec: Int32Array,
  off: number,
  holds: (m: number) => boolean,
): void {
  const img = new Int32Array(cs.actorNames.length);
  const swaps = sym.swaps();
  for (let s = 0; s < swaps.length; s++) {
    sym.swapImage(s, vec, off, img);
    for (let m = 0; m < preds.length; m++) {
      const what = names?.[m] ?? `liveness predicate ${m}`;
      if (callPredicate(preds[m], cs.view(img), what) === holds(m)) continue;
      throw new LeasecheckError('LC028', `symmetry: ${what} tells ${swaps[s].who} apart (it differs between a state and the same state with them swapped): list the actors it names in the property's fixes`);
    }
  }
}

/** What LC028 tells the author of a safety property that tells members apart (here and check.ts). */
export const SYMMETRIC_SAFETY = 'under symmetry a safety property must treat the members alike: drop --symmetry to check it';

/**
 * The same spot check for a safety property (an invariant or a witness), whose predicate must not tell
 * members apart at all: evaluated on a canonical state only, a predicate that names one member would
 * give a verdict about whichever member the canonical form puts there (a witness for c2 shown by a
 * trace in which c0 acts). LC028 when its value at the state (`value`) differs from its value at the
 * state's image under one of the reduction's swaps. Asked on the spot-checked states and on the state
 * that settles the property. `holdsAt` evaluates it on an image (written to `img`, k ints) through the
 * search's memos: the images of a state's actors recur as the states do.
 */
export function spotCheckSafety(sym: Symmetry, name: string, holdsAt: (img: Int32Array) => boolean, value: boolean, vec: Int32Array, off: number, img: Int32Array): void {
  const swaps = sym.swaps();
  for (let s = 0; s < swaps.length; s++) {
    sym.swapImage(s, vec, off, img);
    if (holdsAt(img) === value) continue;
    throw new LeasecheckError(
      'LC028',
      `symmetry: property ${name} tells ${swaps[s].who} apart (it differs between a state and the same state with them swapped); ${SYMMETRIC_SAFETY}`,
    );
  }
}
