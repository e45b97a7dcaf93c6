import type { CompiledSystem } from './compile.ts';
import type { ReadSetMemo } from './readSetMemo.ts';
import { PathIndex } from './pathReads.ts';

/** States expanded in full before any reduction, so that the guards' reads are seen first (see PartialOrder). */
export const POR_WARMUP_STATES = 2000;
/** Attempts to reduce judged together by PartialOrder.feedback. */
export const REDUCTION_WINDOW = 256;
/** At most one state in this many is tried while reductions save nothing. */
export const MAX_STRIDE = 256;
/**
 * Past MAX_STRIDE, only one level in up to this many is tried: the explorer then builds the set of a
 * level's states (the cycle proviso's) only for the levels tried, which is most of what --por costs where
 * it saves nothing.
 */
export const MAX_LEVEL_STRIDE = 4;
/**
 * States an attempt must save, on average over a window, to be worth its closures (an attempt costs
 * about what two states do on the philosophers; see docs/reductions.md).
 */
export const SAVED_PER_ATTEMPT = 1;
/**
 * Levels after which a sampled left-out state is asked whether the search reached it anyway. Later
 * answers are truer (states keep being reached), two levels is when the philosophers' diamonds close.
 */
export const SAVINGS_AGE = 2;
/** Left-out states sampled per level (see PartialOrder.sample), and the fewest judged together (levelDone). */
export const SAMPLES_PER_LEVEL = 1024;
export const MIN_SAMPLE = 32;
/** How attempts thin out (see PartialOrder.feedback); tests shrink it to thin out on small systems. */
export interface PorThinning {
  window: number;
  savedPerAttempt: number;
  maxStride: number;
  maxLevelStride: number;
}
export const THINNING: PorThinning = { window: REDUCTION_WINDOW, savedPerAttempt: SAVED_PER_ATTEMPT, maxStride: MAX_STRIDE, maxLevelStride: MAX_LEVEL_STRIDE };

/** Instances a closure may hold before it is given up (see PartialOrder.add). */
export const CLOSURE_CAP = 256;

/**
 * Partial-order reduction for safety properties (invariants, witnesses, deadlock): at each state, an
 * ample set of enabled action instances whose other interleavings need not be explored (Valmari's
 * stubborn sets, Peled's ample sets; Clarke, Grumberg & Peled, Model Checking, ch. 10).
 *
 * The ample set is the enabled part of a set T of instances closed under:
 * - an enabled instance x in T brings every instance that writes (has as a participant) an actor that
 *   x's guard reads in this state, or one of x's participants: those could disable x or change its
 *   step. And, for each participant whose snapshot x's step changes, every instance whose guard reads
 *   a part of that snapshot the step changes (pathReads.ts): x could enable or disable those.
 * - a disabled instance x in T brings the instances one of which must run before it can be enabled
 *   (a necessary enabling set): the writers of its first participant that cannot take its event here;
 *   if all can, the writers of the actors its guard read here; if the guard holds too (the state
 *   constraint discards its successor), the writers of what the constraint reads and of x's participants.
 * Every enabled instance of T is then a key transition (nothing outside T can disable it), and what
 * it does commutes with everything outside T, so every reachable deadlock is kept (Valmari).
 * For the invariants and witnesses: a proper ample set holds no visible instance, one whose step
 * changes a part of a snapshot that an unsettled safety property reads (C2), and the explorer expands a
 * state fully when an ample successor lies in the current BFS level, or in an earlier one and was not
 * fully expanded (the cycle proviso for BFS, C3: no cycle of the reduced graph avoids a fully expanded
 * state; see explore.ts). The state constraint judges every successor: a step that changes what it
 * reads depends on every instance.
 *
 * An instance's step is the same at every state on a path of instances outside T (its participants
 * are not written there), so what it changes, and whether it is visible, is known from this state.
 *
 * What a guard, a property or the constraint reads comes from the read-set memo (every evaluation is
 * watched, down to the parts of each snapshot read); an instance whose guard has not been evaluated
 * yet, or whose reads are no longer watched (given up by the memo), reads everything.
 * WARNING: those reads are the ones seen in the states the search has visited. A guard that reads
 * something only in states the reduced search never reaches would go unseen: to make that unlikely,
 * the first POR_WARMUP_STATES states are expanded in full, and when a guard, property or the
 * constraint is first seen to read something, every state reduced until then is expanded in full (the
 * explorer keeps them for that: a repair), so that no reduction rests on what was not known when it
 * was made. The notes say so.
 */
export class PartialOrder {
  private readonly k: number;
  private readonly nInst: number;
  /** 1 for an instance that can never be enabled (see deadInstances): left out of every set. */
  readonly dead: Uint8Array;
  /** Per actor (null: not analysed), per event: the instances that can enable it (see localAnalysis). */
  private readonly enablersOf: (Map<number, Int32Array> | null)[];
  readonly paths: PathIndex;
  /** Per instance: its participants (distinct actors). */
  private readonly writes: Int32Array[];
  /** Per actor: the instances that write it. */
  private readonly writers: Int32Array[];
  /** Per actor, per path: the instances whose guard has been seen to read it. */
  private readonly readers: number[][][];
  /** Instances whose guard's reads are not watched: they read everything. */
  private readonly unknownReaders: number[] = [];
  private readonly unknownReader: Uint8Array;
  /**
   * Guarded instances whose guard has not been evaluated yet (with reads watched): nothing is known of
   * what they read, so they count as reading everything until they are (then they read less: no
   * decision made before needs to be undone). unevaluatedAt[t]: t's position in the list, or -1.
   */
  private readonly unevaluated: number[] = [];
  private readonly unevaluatedAt: Int32Array;
  /** Per safety property, the paths it has been seen to read (actor -> path ids), or may read anything. */
  private readonly propPaths: Map<number, Set<number>>[];
  private readonly propUnknown: Uint8Array;
  /** Properties still unsettled: their reads make steps visible. */
  private readonly propActive: Uint8Array;
  /** Per actor, per path: 1 when an unsettled property reads it (rebuilt when that changes). */
  private hot: Uint8Array[];
  private allHot = false;
  private hotStale = true;
  /** The constraint's paths (actor -> ids); constraintUnknown: it may read anything. */
  private readonly constraintPaths: Uint8Array[];
  private constraintUnknown = false;
  private readonly hasConstraint: boolean;
  /**
   * Something was first seen to read something: the states reduced since the last repair may have been
   * reduced on too little knowledge, and the explorer expands them in full (see explore.ts) and clears this.
   */
  learnedNew = false;
  /** Times the explorer did so with states to repair. */
  repairs = 0;
  /** States expanded this run (reduction starts after POR_WARMUP_STATES). */
  private expandedThisRun = 0;
  /** Statistics of this run: states with more than one enabled instance that were tried (see feedback); */
  attempts = 0;
  /** whether attempts were ever made sparse (see feedback); */
  thinned = false;
  /** states expanded with a proper ample set, and the shallowest depth of one. */
  reducedStates = 0;
  firstReducedDepth = Infinity;
  /** Gave up reducing (too many reduced states to keep for repair). */
  disabled = false;

  private guards!: ReadSetMemo;
  /** Scratch for choose() and the closures. */
  private readonly enabledStamp: Int32Array;
  private readonly entryOf: Int32Array;
  private readonly inT: Int32Array;
  private readonly writersDone: Int32Array;
  private readonly stack: Int32Array;
  private readonly best: Int32Array;
  private readonly readBuf: number[] = [];
  private readonly nesBuf: number[] = [];
  private readonly scratch: Int32Array;
  /** Per instance, for the state at hand: its steps' changed paths, as (actor, changed ids) pairs, and visibility. */
  private readonly stepStamp: Int32Array;
  private readonly readsStamp: Int32Array;
  private readonly readsOf: (Int32Array | null)[];
  /**
   * Per disabled instance, for the state at hand: what enables it (see necessaryEnablers): the actors
   * whose writers, or the instances, that must join T; null: it cannot be said (the closure fails).
   */
  private readonly nesStamp: Int32Array;
  private readonly nesOf: ({ actors: Int32Array; instances: Int32Array } | null)[];
  private readonly stepsOf: { a: number; changed: Int32Array }[][];
  private readonly visibleNow: Uint8Array;
  private rows: Int32Array = new Int32Array(0);
  private off = 0;
  private epoch = 0;
  private mark = 0;
  private sp = 0;
  private size = 0;
  private members = 0;
  private limit = 0;

  constructor(
    private readonly cs: CompiledSystem,
    /** States expanded in full before the first reduction. */
    private readonly warmup = POR_WARMUP_STATES,
    private readonly thinning: PorThinning = THINNING,
  ) {
    const k = (this.k = cs.actorNames.length);
    const n = (this.nInst = cs.instances.length);
    this.paths = new PathIndex(cs);
    const local = localAnalysis(cs);
    this.dead = deadInstances(cs, local);
    // Per (actor, event): the live instances whose step on that actor can enable the event (see localAnalysis).
    this.enablersOf = Array.from({ length: k }, (_, a) => {
      const en = local.enablers[a];
      if (en === null) return null;
      const byEvent = new Map<number, Int32Array>();
      for (const [e, evs] of en) {
        byEvent.set(e, Int32Array.from(cs.instances.flatMap((inst, t) => (this.dead[t] === 0 && Array.from(inst.actors).some((b, j) => b === a && evs.has(inst.events[j])) ? [t] : []))));
      }
      return byEvent;
    });
    this.writes = cs.instances.map((inst) => Int32Array.from(new Set(inst.actors)));
    const writers: number[][] = Array.from({ length: k }, () => []);
    this.writes.forEach((ws, t) => this.dead[t] === 0 && ws.forEach((a) => writers[a].push(t)));
    this.writers = writers.map((l) => Int32Array.from(l));
    this.readers = Array.from({ length: k }, () => []);
    this.unknownReader = new Uint8Array(n);
    this.unevaluatedAt = new Int32Array(n).fill(-1);
    cs.instances.forEach((inst, t) => {
      if (!inst.action.guard || this.dead[t] === 1) return;
      this.unevaluatedAt[t] = this.unevaluated.length;
      this.unevaluated.push(t);
    });
    const safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes');
    this.propPaths = safety.map(() => new Map());
    this.propUnknown = new Uint8Array(safety.length);
    this.propActive = new Uint8Array(safety.length).fill(1);
    this.hot = Array.from({ length: k }, () => new Uint8Array(0));
    this.hasConstraint = !!cs.constraint;
    this.constraintPaths = Array.from({ length: k }, () => new Uint8Array(0));
    this.enabledStamp = new Int32Array(n).fill(-1);
    this.entryOf = new Int32Array(n);
    this.inT = new Int32Array(n);
    this.writersDone = new Int32Array(k);
    this.stack = new Int32Array(n);
    this.best = new Int32Array(n);
    this.scratch = new Int32Array(k);
    this.stepStamp = new Int32Array(n).fill(-1);
    this.readsStamp = new Int32Array(n).fill(-1);
    this.readsOf = new Array(n).fill(null);
    this.nesStamp = new Int32Array(n).fill(-1);
    this.nesOf = new Array(n).fill(null);
    this.stepsOf = Array.from({ length: n }, () => []);
    this.visibleNow = new Uint8Array(n);
  }

  /**
   * Connects the search's memos and the declared reads of the properties given
   * per instance (forAll: any change of those actors counts), and starts the run's bookkeeping.
   */
  attach(guards: ReadSetMemo, constraint: ReadSetMemo | null, predicates: ReadSetMemo, declared: (Int32Array | null)[]): void {
    this.guards = guards;
    for (const memo of [guards, predicates, ...(constraint ? [constraint] : [])]) memo.paths = this.paths;
    guards.onNewRead = (t, a) => a < 0 && this.guardUntracked(t);
    guards.onNewPath = (t, a, p) => this.guardPath(t, a, p);
    guards.onEvaluated = (t) => this.guardEvaluated(t);
    for (const t of [...this.unevaluated]) if (guards.evaluated[t] === 1) this.guardEvaluated(t);
    if (constraint) {
      constraint.onNewRead = (_, a) => a < 0 && this.constraintUntracked();
      constraint.onNewPath = (_, a, p) => this.constraintPath(a, p);
    }
    predicates.onNewRead = (q, a) => a < 0 && this.propPath(q, -1, -1);
    predicates.onNewPath = (q, a, p) => this.propPath(q, a, p);
    declared.forEach((actors, q) => actors?.forEach((a) => this.propPath(q, a, this.paths.wholeId(a))));
    this.propActive.fill(1);
    this.hotStale = true;
    this.learnedNew = false;
    this.expandedThisRun = 0;
    this.windowStates = 0;
    this.windowSkipped = 0;
    this.stride = 1;
    this.levelStride = 1;
    this.levelSample = [];
    this.agedSamples = [];
    this.levelsDone = 0;
    this.stillNewFraction = 1;
    this.attempts = 0;
    this.thinned = false;
    this.reducedStates = 0;
    this.firstReducedDepth = Infinity;
  }

  /**
   * The explorer's account of a reduced expansion: how many of the successors it left out were new
   * states then. Attempts that find no set, or sets that leave out only states found anyway, save
   * nothing and cost closures: after a window of REDUCTION_WINDOW attempts that saved fewer than
   * SAVED_PER_ATTEMPT states each, only every second state is tried, then every fourth, ..., up to one
   * in MAX_STRIDE; a window that saves more brings back every state. A state not tried is expanded in
   * full: this costs reduction, never soundness.
   *
   * A state left out that was new then is often reached anyway, a few levels later, by another path
   * (on the philosophers, 93-99% of them, two or four levels on). So what a window saved is counted as
   * its new states left out times the fraction of a sample of those, from SAVINGS_AGE levels back, that
   * the search has still not reached (see sample, levelDone); 1 until the first such sample is judged.
   */
  feedback(skippedNew: number): void {
    this.windowSkipped += skippedNew * this.stillNewFraction;
  }

  /** A successor left out of the state at hand, new when it was left out (fingerprint hi, lo); kept up to SAMPLES_PER_LEVEL a level. */
  sample(hi: number, lo: number): void {
    if (this.levelSample.length < 2 * SAMPLES_PER_LEVEL) this.levelSample.push(hi, lo);
  }

  /**
   * The level being expanded is done: its sample joins the queue, and the sample of SAVINGS_AGE levels
   * back is judged by `reached` (whether the search has found that state since), setting the fraction
   * feedback() counts left-out states by. A sample of fewer than MIN_SAMPLE states (few reductions: sparse
   * attempts) goes on filling over the next levels instead, so that the fraction keeps being judged.
   */
  levelDone(reached: (hi: number, lo: number) => boolean): void {
    this.levelsDone++;
    if (this.levelSample.length >= 2 * MIN_SAMPLE) {
      this.agedSamples.push({ at: this.levelsDone, fps: this.levelSample });
      this.levelSample = [];
    }
    while (this.agedSamples.length > 0 && this.levelsDone - this.agedSamples[0].at >= SAVINGS_AGE) this.judge(this.agedSamples.shift()!.fps, reached);
  }

  private judge(old: number[], reached: (hi: number, lo: number) => boolean): void {
    let still = 0;
    for (let i = 0; i < old.length; i += 2) if (!reached(old[i], old[i + 1])) still++;
    this.stillNewFraction = still / (old.length / 2);
  }

  /** Counts an attempt (reduced or not) in the window, and judges the window when it is full (see feedback). */
  private attempted(): void {
    this.attempts++;
    const { window, savedPerAttempt, maxStride, maxLevelStride } = this.thinning;
    if (++this.windowStates < window) return;
    if (this.windowSkipped < this.windowStates * savedPerAttempt) {
      if (this.stride === maxStride) this.levelStride = Math.min(this.levelStride * 2, maxLevelStride);
      this.stride = Math.min(this.stride * 2, maxStride);
      this.thinned = true;
    } else {
      this.stride = 1;
      this.levelStride = 1;
    }
    this.windowStates = 0;
    this.windowSkipped = 0;
  }

  /**
   * Left-out new states sampled since the last sample was queued (hi, lo pairs), and the queued samples,
   * oldest first, each with the number of levels done when it was queued.
   */
  private levelSample: number[] = [];
  private agedSamples: { at: number; fps: number[] }[] = [];
  private levelsDone = 0;
  /** The fraction of sampled left-out states still not reached SAVINGS_AGE levels on (see feedback). */
  private stillNewFraction = 1;

  private windowStates = 0;
  private windowSkipped = 0;
  /** Attempt one state in `stride` (1: every state). */
  private stride = 1;
  private skipCount = 0;
  /** Past MAX_STRIDE: attempt only in levels whose depth is a multiple of this (see triesLevel). */
  private levelStride = 1;

  /**
   * Whether states of level `depth` may be tried. The explorer asks when it starts the level before (it
   * must build that level's set of states for the cycle proviso while it finds them) and then tries the
   * level only if the answer was yes, whatever levelStride has become since.
   */
  triesLevel(depth: number): boolean {
    return !this.disabled && depth % this.levelStride === 0;
  }

  /** Safety property q (in the order of the safety properties) is settled: it no longer makes steps visible. */
  settled(q: number): void {
    this.propActive[q] = 0;
    this.hotStale = true;
  }

  private learned(): void {
    this.learnedNew = true;
  }

  private guardUntracked(t: number): void {
    if (this.unknownReader[t] === 1) return;
    this.unknownReader[t] = 1;
    this.unknownReaders.push(t);
    this.learned();
  }

  private guardPath(t: number, a: number, p: number): void {
    const byPath = this.readers[a];
    while (byPath.length <= p) byPath.push([]);
    const list = byPath[p];
    if (list.includes(t)) return;
    list.push(t);
    this.learned();
  }

  private guardEvaluated(t: number): void {
    const at = this.unevaluatedAt[t];
    if (at < 0) return;
    const last = this.unevaluated.pop()!;
    if (last !== t) {
      this.unevaluated[at] = last;
      this.unevaluatedAt[last] = at;
    }
    this.unevaluatedAt[t] = -1;
  }

  private constraintUntracked(): void {
    if (this.constraintUnknown) return;
    this.constraintUnknown = true;
    this.learned();
  }

  private constraintPath(a: number, p: number): void {
    let m = this.constraintPaths[a];
    if (m.length <= p) {
      const g = new Uint8Array(Math.max(8, 2 * (p + 1)));
      g.set(m);
      this.constraintPaths[a] = m = g;
    }
    if (m[p] === 1) return;
    m[p] = 1;
    this.learned();
  }

  private propPath(q: number, a: number, p: number): void {
    if (a < 0) {
      if (this.propUnknown[q] === 1) return;
      this.propUnknown[q] = 1;
    } else {
      let set = this.propPaths[q].get(a);
      if (!set) this.propPaths[q].set(a, (set = new Set()));
      if (set.has(p)) return;
      set.add(p);
    }
    this.hotStale = true;
    this.learned();
  }

  private refreshHot(): void {
    this.hotStale = false;
    this.allHot = false;
    this.hot = Array.from({ length: this.k }, (_, a) => new Uint8Array(this.paths.count(a)));
    this.propActive.forEach((on, q) => {
      if (on !== 1) return;
      if (this.propUnknown[q] === 1) this.allHot = true;
      for (const [a, ids] of this.propPaths[q]) for (const p of ids) this.hot[a][p] = 1;
    });
  }

  /**
   * The ample set of the state at rows[off ..] (depth `depth`), whose successors are batch entries
   * [from, to) with their instances and whether the constraint kept them. Marks the chosen entries in
   * `chosen` (by entry - from) and returns true, or returns false to expand every enabled instance.
   */
  choose(
    rows: Int32Array,
    off: number,
    inst: Int32Array,
    kept: Uint8Array,
    from: number,
    to: number,
    depth: number,
    chosen: Uint8Array,
    /** Whether batch entry b's successor would break the cycle proviso (the explorer knows): such a set is not chosen. */
    risky: (b: number) => boolean,
  ): boolean {
    this.expandedThisRun++;
    if (this.disabled || this.expandedThisRun <= this.warmup) return false;
    // Sparse attempts while reductions save nothing (see feedback).
    if (this.stride > 1 && ++this.skipCount % this.stride !== 0) return false;
    if (this.hasConstraint && this.constraintUnknown) return false;
    const es = ++this.epoch;
    let enabled = 0;
    for (let b = from; b < to; b++) {
      if (kept[b] !== 1) continue;
      const t = inst[b];
      this.enabledStamp[t] = es;
      this.entryOf[t] = b;
      enabled++;
    }
    if (enabled <= 1) return false;
    this.attempted();
    if (this.hotStale) this.refreshHot();
    if (this.allHot) return false;
    this.rows = rows;
    this.off = off;
    let bestSize = enabled;
    let bestCount = 0;
    // The first valid set found is taken (searching for the smallest costs a closure per enabled instance).
    for (let b = from; b < to && bestCount === 0; b++) {
      if (kept[b] !== 1) continue;
      const size = this.closure(inst[b], bestSize);
      if (size > 0 && size < bestSize) {
        const mark = this.mark;
        let ok = true;
        for (let c = from; c < to && ok; c++) if (kept[c] === 1 && this.inT[inst[c]] === mark && risky(c)) ok = false;
        if (!ok) continue;
        bestSize = size;
        bestCount = 0;
        for (let c = from; c < to; c++) if (kept[c] === 1 && this.inT[inst[c]] === mark) this.best[bestCount++] = inst[c];
      }
    }
    if (bestCount === 0 || bestSize >= enabled) return false;
    chosen.fill(0, 0, to - from);
    for (let i = 0; i < bestCount; i++) chosen[this.entryOf[this.best[i]] - from] = 1;
    this.reducedStates++;
    if (depth < this.firstReducedDepth) this.firstReducedDepth = depth;
    return true;
  }

  private isEnabled(t: number): boolean {
    return this.enabledStamp[t] === this.epoch;
  }

  /**
   * The steps of enabled instance t at the state choose() works on: per participant whose snapshot it
   * changes, the ids of the changed paths; and whether it is visible (changes a path an unsettled
   * property reads) or changes what the constraint reads (then it depends on every instance).
   */
  private steps(t: number): { a: number; changed: Int32Array }[] {
    if (this.stepStamp[t] === this.epoch) return this.stepsOf[t];
    const inst = this.cs.instances[t];
    const { tables } = this.cs;
    const local = this.scratch;
    const ws = this.writes[t];
    for (let i = 0; i < ws.length; i++) local[ws[i]] = this.rows[this.off + ws[i]];
    for (let j = 0; j < inst.actors.length; j++) local[inst.actors[j]] = tables[inst.actors[j]].next(local[inst.actors[j]], inst.events[j]);
    const out = this.stepsOf[t];
    out.length = 0;
    let visible = 0;
    for (let i = 0; i < ws.length; i++) {
      const a = ws[i];
      const changed = this.paths.changed(a, this.rows[this.off + a], local[a]);
      if (changed.length === 0) continue;
      out.push({ a, changed });
      const hot = this.hot[a];
      const c = this.constraintPaths[a];
      for (let j = 0; j < changed.length; j++) {
        const p = changed[j];
        if ((p < hot.length && hot[p] === 1) || (p < c.length && c[p] === 1)) visible = 1;
      }
    }
    this.visibleNow[t] = visible;
    this.stepStamp[t] = this.epoch;
    return out;
  }

  /**
   * The closure T of {seed} (see the class comment) in the state choose() works on; returns how many
   * enabled instances T holds, or 0 when it fails: it holds a visible enabled instance, reaches `limit`
   * enabled instances (no better than the best so far), or would need every instance.
   */
  private closure(seed: number, limit: number): number {
    this.mark++;
    this.sp = 0;
    this.size = 0;
    this.members = 0;
    this.limit = limit;
    if (!this.add(seed)) return 0;
    let unknownAdded = false;
    const { stack, rows, off } = this;
    while (this.sp > 0) {
      const x = stack[--this.sp];
      if (this.isEnabled(x)) {
        // What could disable x or change its step: the writers of what its guard reads here and of its participants.
        if (this.cs.instances[x].action.guard) {
          const reads = this.guardReads(x);
          if (reads === null) return 0;
          for (let i = 0; i < reads.length; i++) if (!this.addWriters(reads[i])) return 0;
        }
        const ws = this.writes[x];
        for (let i = 0; i < ws.length; i++) if (!this.addWriters(ws[i])) return 0;
        // What x could enable or disable: the instances whose guards read what its step changes.
        const steps = this.steps(x);
        for (let i = 0; i < steps.length; i++) {
          const byPath = this.readers[steps[i].a];
          const changed = steps[i].changed;
          for (let j = 0; j < changed.length; j++) {
            const list = changed[j] < byPath.length ? byPath[changed[j]] : undefined;
            if (list) for (let r = 0; r < list.length; r++) if (!this.add(list[r])) return 0;
          }
        }
        if (steps.length > 0 && !unknownAdded) {
          unknownAdded = true;
          for (let i = 0; i < this.unknownReaders.length; i++) if (!this.add(this.unknownReaders[i])) return 0;
          for (let i = 0; i < this.unevaluated.length; i++) if (!this.add(this.unevaluated[i])) return 0;
        }
      } else if (!this.necessaryEnablers(x)) return 0;
    }
    return this.size;
  }

  /** The actors t's guard reads in the state at hand (cached for the state), or null when they are not watched. */
  private guardReads(t: number): Int32Array | null {
    if (this.readsStamp[t] === this.epoch) return this.readsOf[t];
    const reads = this.readBuf;
    reads.length = 0;
    const r = this.guards.readsAt(t, this.rows, this.off, reads) ? Int32Array.from(reads) : null;
    this.readsStamp[t] = this.epoch;
    this.readsOf[t] = r;
    return r;
  }

  private add(t: number): boolean {
    if (this.inT[t] === this.mark) return true;
    this.inT[t] = this.mark;
    // A closure this large is given up (no reduction from this seed): it is seldom useful, and costly.
    if (++this.members > CLOSURE_CAP) return false;
    this.stack[this.sp++] = t;
    if (this.isEnabled(t)) {
      this.steps(t);
      if (this.visibleNow[t] === 1) return false;
      if (++this.size >= this.limit) return false;
    }
    return true;
  }

  private addWriters(a: number): boolean {
    if (this.writersDone[a] === this.mark) return true;
    this.writersDone[a] = this.mark;
    const ws = this.writers[a];
    for (let i = 0; i < ws.length; i++) if (!this.add(ws[i])) return false;
    return true;
  }

  /** Adds what must run before the disabled instance x can be enabled (see enablersOf); false when that fails. */
  private necessaryEnablers(x: number): boolean {
    if (this.nesStamp[x] !== this.epoch) {
      this.nesOf[x] = this.enablersAt(x);
      this.nesStamp[x] = this.epoch;
    }
    const nes = this.nesOf[x];
    if (nes === null) return false;
    for (let i = 0; i < nes.actors.length; i++) if (!this.addWriters(nes.actors[i])) return false;
    for (let i = 0; i < nes.instances.length; i++) if (!this.add(nes.instances[i])) return false;
    return true;
  }

  /**
   * What one of must run before the disabled instance x can be enabled, in the state at hand: the
   * writers of its first participant that cannot step (only those whose step can enable the event,
   * when localAnalysis knows); if all can, of what its guard reads here; if the guard holds too (the
   * constraint discards its successor), of what the constraint reads and of x's participants. Null when
   * that cannot be said (the guard's reads are not watched, or the constraint's).
   */
  private enablersAt(x: number): { actors: Int32Array; instances: Int32Array } | null {
    const inst = this.cs.instances[x];
    const { tables } = this.cs;
    const { rows, off } = this;
    const local = this.scratch;
    for (let j = 0; j < inst.actors.length; j++) local[inst.actors[j]] = rows[off + inst.actors[j]];
    for (let j = 0; j < inst.actors.length; j++) {
      const a = inst.actors[j];
      const nx = tables[a].next(local[a], inst.events[j]);
      if (nx < 0) {
        // Only a step that can enable the event can: the instances whose step on a can, when known.
        const en = j === inst.actors.indexOf(a) ? this.enablersOf[a]?.get(inst.events[j]) : undefined;
        return en === undefined ? { actors: Int32Array.of(a), instances: NONE } : { actors: NONE, instances: en };
      }
      local[a] = nx;
    }
    if (inst.action.guard) {
      const reads = this.nesBuf;
      reads.length = 0;
      if (!this.guards.readsAt(x, rows, off, reads)) return null;
      if (!this.guards.holds(x, rows, off)) return { actors: Int32Array.from(reads), instances: NONE };
    }
    // Enabled, yet not in the enabled set: the constraint discards its successor.
    if (!this.hasConstraint || this.constraintUnknown) return null;
    const actors = new Set<number>(this.writes[x]);
    for (let a = 0; a < this.k; a++) if (this.constraintPaths[a].some((v) => v === 1)) actors.add(a);
    return { actors: Int32Array.from(actors), instances: NONE };
  }
}

const NONE = new Int32Array(0);

/** Local snapshots explored per actor by localAnalysis before it gives up on the actor (all events possible, any step may enable any). */
const LOCAL_BUDGET = 2000;

/**
 * What each actor can do on its own, over-approximated by stepping it alone from its initial snapshot
 * with every event it takes in any instance (other participants and guards ignored): which of its
 * events can ever be enabled, and which events can enable which (a step by e2 from a snapshot where e
 * is disabled to one where it is enabled). An actor with more than LOCAL_BUDGET such snapshots is not
 * analysed (every event possible, every step may enable every event).
 */
export interface LocalAnalysis {
  /** Per actor: its possible events, or null (not analysed). */
  possible: (Set<number> | null)[];
  /** Per actor: event e -> the events whose steps can enable it, or null (not analysed). */
  enablers: (Map<number, Set<number>> | null)[];
}

export function localAnalysis(cs: CompiledSystem): LocalAnalysis {
  const k = cs.actorNames.length;
  const eventsOf: Set<number>[] = Array.from({ length: k }, () => new Set());
  for (const inst of cs.instances) inst.actors.forEach((a, j) => eventsOf[a].add(inst.events[j]));
  const possible: (Set<number> | null)[] = [];
  const enablers: (Map<number, Set<number>> | null)[] = [];
  eventsOf.forEach((evs, a) => {
    const table = cs.tables[a];
    const events = [...evs];
    const seen = [cs.initial[a]];
    const known = new Set(seen);
    for (let i = 0; i < seen.length; i++) {
      if (seen.length > LOCAL_BUDGET) {
        possible.push(null);
        enablers.push(null);
        return;
      }
      for (const e of events) {
        const y = table.next(seen[i], e);
        if (y >= 0 && !known.has(y)) {
          known.add(y);
          seen.push(y);
        }
      }
    }
    const on = new Set<number>();
    const en = new Map<number, Set<number>>(events.map((e) => [e, new Set<number>()]));
    for (const x of seen) {
      for (const e2 of events) {
        const y = table.next(x, e2);
        if (y < 0) continue;
        on.add(e2);
        for (const e of events) if (table.next(x, e) < 0 && table.next(y, e) >= 0) en.get(e)!.add(e2);
      }
    }
    possible.push(on);
    enablers.push(en);
  });
  return { possible, enablers };
}

/**
 * Instances that no reachable state enables: one of their participants can never take its event
 * (localAnalysis). An actor that takes two events in one instance is judged on each event alone. Such
 * an instance would otherwise stand, with its guard never evaluated, for "reads everything".
 */
export function deadInstances(cs: CompiledSystem, local: LocalAnalysis): Uint8Array {
  return Uint8Array.from(cs.instances, (inst) => (Array.from(inst.actors).some((a, j) => local.possible[a] !== null && !local.possible[a]!.has(inst.events[j])) ? 1 : 0));
}
