import { LeasecheckError, describeThrown } from '../errors.ts';
import { fmt } from '../util/format.ts';
import { compileSystem, type CompiledSystem } from './compile.ts';
import { SYMMETRIC_SAFETY, explore, exploreAsync, type ExploreOptions, type Exploration, type StopReason } from './explore.ts';
import { collisionProbability } from './fingerprint.ts';
import { pathTo, traceOf, type Trace } from './trace.ts';
import { Symmetry } from './symmetry.ts';
import { concreteTrace } from './concreteTrace.ts';
import { liveSymmetry } from './liveSymmetry.ts';
import { exploreParallel } from './workers/parallel.ts';
import { MAX_LEVEL_STRIDE, MAX_STRIDE, PartialOrder, type PorThinning } from './por.ts';
import { DiskDir } from './diskDir.ts';
import { tmpdir } from 'node:os';
import { maxWorkers } from './workers/workerCap.ts';
import { checkArguments } from './checkArguments.ts';
import { MemoryGuard, livenessBytes } from './memoryGuard.ts';
import { checkLiveness, explainStuckState, livenessMarks } from './liveness/checkLiveness.ts';
import { DEADLOCK_ID, type PropertyKind } from '../spec/property.ts';
import { forAllOf } from './forAllInvariant.ts';
import { callPredicate } from './specCalls.ts';
import type { ParamsDecl, System } from '../spec/system.ts';
import { withSet, withVariant } from '../spec/define.ts';
import type { KnobSet, KnobsDecl } from '../spec/variants.ts';

export type Verdict = 'holds' | 'violated' | 'incomplete';

export interface PropertyResult {
  id: string;
  kind: PropertyKind;
  verdict: Verdict;
  description?: string;
  /** Counterexample (violated), or witness (a `sometimes` that holds), replayable from the initial state. */
  trace?: Trace;
  /**
   * With a trace: whether it is known to be a shortest one. Always so for the plain search (BFS) and
   * under symmetry; under partial-order reduction only when no state above its depth was reduced, or
   * after a plain search to its depth (confirmShortest) found none shorter. Otherwise its length is an
   * upper bound, and reports must not call it shortest.
   */
  shortest?: boolean;
  /** Words for the reader: why a lasso is fair, what a stuck state waits for, why the verdict is incomplete. */
  explanation?: string[];
  /**
   * Left out by request (`safetyOnly`, `prove`: a liveness property). Its verdict is `incomplete`, but
   * no limit stopped anything: the CLI's exit status and the reports do not count it as undecided.
   */
  notChecked?: true;
}

export interface CheckStats {
  distinctStates: number;
  statesGenerated: number;
  depth: number;
  /** The search's wall time, with the reductions' set-up (not the plain search that confirms lengths under --prove: its note gives its own). */
  seconds: number;
  statesPerSecond: number;
  /** Distinct snapshots interned per actor, and XState steps actually run (memo misses). */
  localStates: Record<string, number>;
  xstateSteps: number;
  /** TLC's optimistic estimate that two distinct states shared a 64-bit fingerprint. */
  collisionProbability: number;
  /** States expanded; less than distinctStates when the run stopped early. */
  expanded: number;
}

/** Some of the scope parameters' values: by name when the system declares them, any names otherwise. */
export type ScopeOption<P extends ParamsDecl = ParamsDecl> = string extends keyof P ? Readonly<Record<string, number>> : Readonly<{ [N in keyof P]?: number }>;

/**
 * check()'s options for system S, typed by its declarations. For a value that is one of several systems
 * (a union), the knobs and parameters the systems share.
 */
export type OptionsFor<S> = CheckOptions<S extends System<infer K, ParamsDecl> ? K : never, S extends System<KnobsDecl, infer P> ? P : never>;

/**
 * What check() takes besides the system. K and P are the system's knobs and scope parameters as
 * declared (System<K, P>): a misspelt parameter in `scope`, or a knob or value in `set` that the spec
 * does not declare, is a compile error for a caller in TypeScript (and LC002 / LC040 at run time).
 */
export interface CheckOptions<K extends KnobsDecl = KnobsDecl, P extends ParamsDecl = ParamsDecl> extends Omit<ExploreOptions, 'recordGraph' | 'marks' | 'reduceBy' | 'ample' | 'spillTo' | 'seenShortcut'> {
  scope?: ScopeOption<P>;
  /** Check this variant of the system (SystemSpec.variants) instead of the one given (see withVariant). */
  variant?: string;
  /** false: do not check for deadlocks, whatever the system says (CLI --no-deadlock). */
  checkDeadlock?: boolean;
  /** Knob overrides on top of the variant, `knob=value` texts or a record ("what if?"). */
  set?: KnobSet<K>;
  /**
   * Symmetry reduction over the system's declared processes (SystemModel.symmetry). Off by default.
   * Sound for safety properties; when liveness properties are checked it is turned off with a note
   * (give `safetyOnly` to keep it). Counterexamples are mapped back to concrete actors.
   */
  symmetry?: boolean;
  /** Check the safety properties (and deadlock) only: liveness properties come back incomplete. */
  safetyOnly?: boolean;
  /**
   * Partial-order reduction (see por.ts): explore an ample set of actions per state instead of all.
   * Sound for safety properties (invariants, witnesses, deadlock); when liveness properties are checked
   * it is turned off with a note (give `safetyOnly` to keep it). A trace found under it is a real,
   * replayed behaviour but not necessarily a shortest one (PropertyResult.shortest says).
   */
  por?: boolean;
  /** Under partial-order reduction: states expanded in full first, so that guards' reads are seen (default 2,000; see por.ts). */
  porWarmupStates?: number;
  /** For tests: how attempts to reduce thin out where they save little (default por.ts's THINNING). */
  porThinning?: PorThinning;
  /**
   * "Does it hold at this scope?": partial-order reduction, symmetry (when the system declares it),
   * safety properties only, spilling to disk past the memory budget (`disk`, default the OS temp
   * directory), and counterexamples confirmed shortest (confirmShortest).
   */
  prove?: boolean;
  /**
   * A directory to spill the search's BFS levels to once they would pass a quarter of the memory limit
   * (maxMemoryBytes), or the process passes 60% of it, and (safety properties only) the fingerprint
   * table once it would pass 15% of the limit (diskFingerprintBytes). LC033 when it does not exist or cannot be written; a full disk ends the run
   * incomplete (stoppedBy 'disk-full'). Nothing is left in it afterwards.
   */
  disk?: string;
  /**
   * Under partial-order reduction: for each trace not known to be shortest, search without it (plain
   * BFS, symmetry kept) to one step short of its length, so that the trace shown is a shortest one
   * (within the time left). Default: on with `prove`, off otherwise.
   */
  confirmShortest?: boolean;
  /**
   * Stop once every safety property is decided (violated, or its witness found) and deadlock too: the
   * verdicts are then final though not every state was explored (stoppedBy 'settled', status
   * complete). Default: on with `prove`.
   */
  stopWhenDecided?: boolean;
  /**
   * Worker threads for the search (checkAsync only; the system needs an `origin`). 1 or absent: none.
   * Verdicts, counts and counterexample lengths are those of one thread; which shortest
   * counterexample is shown may differ. Symmetry reduction runs in the workers; partial-order
   * reduction (`por`, `prove`) and `disk` run on one thread (a note says so).
   */
  workers?: number;
  /** Receives the checker's notes (e.g. symmetry turned off), one sentence each; they are also in result.notes. */
  onNote?: (note: string) => void;
  /**
   * Called once the options are accepted (nothing left to refuse as bad input: LC029, LC033, LC003, ...),
   * before the run's first note and its search: a caller that announces each run says so here, so that a
   * refusal is its only line.
   */
  onStart?: () => void;
}

export type CheckResult =
  | {
      status: 'complete' | 'incomplete';
      /** Why an incomplete run stopped. */
      stoppedBy?: StopReason;
      system: CompiledSystem;
      properties: PropertyResult[];
      stats: CheckStats;
      exploration: Exploration;
      /** What the checker changed of what was asked, and why (e.g. symmetry turned off for liveness). */
      notes?: string[];
    }
  | { status: 'error'; error: LeasecheckError };

export type CheckSuccess = Extract<CheckResult, { status: 'complete' | 'incomplete' }>;

/**
 * Checks every property of `system` at a scope. Never throws for bad input: a malformed spec, a
 * throwing guard or predicate come back as `{ status: 'error' }` with a stable code.
 */
export function check<S extends System<KnobsDecl, ParamsDecl>>(system: S, options?: OptionsFor<S>): CheckResult;
export function check(system: System, options: CheckOptions = {}): CheckResult {
  try {
    checkArguments(system, options);
    const cs = compileSystem(selected(system, options), options.scope ?? {});
    return checkCompiled(cs, options);
  } catch (e) {
    return asError(e);
  }
}

/** The compiled system without its deadlock check when the options turn it off (a copy: cs may be shared). */
function deadlockAsked(cs: CompiledSystem, options: CheckOptions): CompiledSystem {
  return options.checkDeadlock === false && cs.checkDeadlock ? { ...cs, checkDeadlock: false } : cs;
}

/** The system as the options' variant and knob overrides, if they name any. */
function selected(system: System, options: CheckOptions): System {
  if (options.variant !== undefined) return withVariant(system, options.variant, options.set ?? []);
  return options.set !== undefined ? withSet(system, options.set) : system;
}

function asError(e: unknown): CheckResult {
  if (e instanceof LeasecheckError) return { status: 'error', error: e };
  if (e instanceof RangeError && /Array buffer allocation|Invalid typed array length|heap/i.test(e.message)) {
    return { status: 'error', error: new LeasecheckError('LC003', `out of memory: ${describeThrown(e)}; lower --max-states`) };
  }
  throw e;
}

/** As check(), but lets the event loop run during the search (so Ctrl-C through options.signal can stop it). */
export async function checkAsync<S extends System<KnobsDecl, ParamsDecl>>(system: S, options?: OptionsFor<S>): Promise<CheckResult>;
export async function checkAsync(system: System, options: CheckOptions = {}): Promise<CheckResult> {
  try {
    checkArguments(system, options);
    const cs = deadlockAsked(compileSystem(selected(system, options), options.scope ?? {}), options);
    const plan = planOf(cs, options, true);
    try {
      const ex =
        plan.workers > 1
          ? await exploreParallel(cs, { ...options, ...plan.explore, workers: plan.workers, origin: cs.origin!, scope: { ...cs.scope }, safetyOnly: plan.safetyOnly })
          : await exploreAsync(cs, { ...options, ...plan.explore });
      const bounded = shortestRunOptions(cs, ex, plan, options);
      return finish(cs, ex, plan, bounded ? await exploreAsync(cs, bounded) : undefined);
    } finally {
      plan.explore.spillTo?.close();
    }
  } catch (e) {
    return asError(e);
  }
}

/** As check(), on an already compiled system (reuses its memo tables). Throws LeasecheckError. */
export function checkCompiled(cs: CompiledSystem, options: CheckOptions = {}): CheckSuccess {
  cs = deadlockAsked(cs, options);
  const plan = planOf(cs, options);
  try {
    const ex = explore(cs, { ...options, ...plan.explore });
    const bounded = shortestRunOptions(cs, ex, plan, options);
    return finish(cs, ex, plan, bounded ? explore(cs, bounded) : undefined);
  } finally {
    plan.explore.spillTo?.close();
  }
}

type Plan = ReturnType<typeof planOf>;

/**
 * What the search must keep for the liveness properties (the graph, and their predicates per state),
 * and whether symmetry reduction applies. Options are resolved here, in one place.
 */
function planOf(cs: CompiledSystem, options: CheckOptions, async = false) {
  const notes: string[] = [];
  // Notes made while planning wait until the plan stands: a run refused (LC028, LC029, LC033, LC003) says nothing else.
  let pending: string[] | null = [];
  const note = (n: string) => {
    notes.push(n);
    if (pending) pending.push(n);
    else options.onNote?.(n);
  };
  const prove = !!options.prove;
  const safetyOnly = !!options.safetyOnly || prove;
  const live = safetyOnly ? [] : cs.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'eventually' || p.kind === 'possibly');
  const marks = livenessMarks(live);
  const safetyCount = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes').length + (cs.checkDeadlock ? 1 : 0);
  // Bad input before any note: a run refused says nothing else.
  if ((options.por || prove) && safetyCount === 0) {
    throw new LeasecheckError('LC029', `system ${cs.name} has no safety property (invariant, witness or deadlock check): ${prove ? '--prove checks' : 'partial-order reduction (--por) checks'} those only`);
  }
  // --prove with --workers N runs on the threads, without what runs on one thread only (partial-order
  // reduction, the disk): the user who asks for threads picks them over those two (a note says so).
  const threadsAsked = Math.max(1, Math.floor(options.workers ?? 1));
  const proveOnThreads = prove && threadsAsked > 1 && async && !!cs.origin && !options.por && options.disk === undefined;
  if (proveOnThreads) {
    note(`prove on ${threadsAsked} threads: without partial-order reduction and without spilling to disk, which run on one thread (leave out --workers for them)`);
  }
  // The reductions' set-up (the partial-order analysis steps every actor's machine; symmetry builds its
  // tables) is work the plain search does not do: it counts in the run's seconds (statsOf).
  const setupStart = performance.now();
  let por: PartialOrder | undefined;
  if (options.por || prove) {
    if (live.length > 0) {
      note(`partial-order reduction turned off: it is sound here for safety properties only, and ${live.map((p) => p.name).join(', ')} ${live.length > 1 ? 'are liveness properties' : 'is a liveness property'} (add --safety-only to check safety under it)`);
    } else if (!proveOnThreads) por = new PartialOrder(cs, options.porWarmupStates, options.porThinning);
  }
  let symmetry: Symmetry | undefined;
  if (prove && !options.symmetry && !cs.symmetry) note(`prove: system ${cs.name} declares no symmetry (SystemModel.symmetry); exploring without it`);
  if (options.symmetry || (prove && cs.symmetry)) {
    if (!cs.symmetry) note(`symmetry: system ${cs.name} declares no symmetry (SystemModel.symmetry); exploring without it`);
    else if (live.length > 0) symmetry = liveSymmetry(cs, cs.symmetry, live, note);
    else symmetry = new Symmetry(cs, cs.symmetry);
  }
  const setupSeconds = por || symmetry ? (performance.now() - setupStart) / 1000 : 0;
  let workers = Math.max(1, Math.floor(options.workers ?? 1));
  const cap = maxWorkers();
  if (workers > cap.max) {
    throw new LeasecheckError('LC003', `--workers ${workers} is more than ${cap.max}, ${cap.why}: each worker thread is a whole copy of the engine and the spec, and more threads than CPUs only take memory`);
  }
  if (workers > 1) {
    const why =
      !async ? 'check() is synchronous (use checkAsync)'
      : por ? 'partial-order reduction runs on one thread'
      : options.disk !== undefined ? 'spilling to disk runs on one thread'
      : !cs.origin ? `system ${cs.name} has no origin (SystemSpec.origin) for worker threads to load`
      : null;
    if (why) {
      note(`workers: exploring on one thread: ${why}`);
      workers = 1;
    }
  }
  // The disk directory is checked (LC033) before anything runs; with prove it defaults to the OS's.
  const diskPath = options.disk ?? (prove && !proveOnThreads ? tmpdir() : undefined);
  const disk = diskPath !== undefined && workers === 1 ? DiskDir.open(diskPath) : undefined;
  const confirmShortest = por !== undefined && (options.confirmShortest ?? prove);
  options.onStart?.();
  for (const n of pending) options.onNote?.(n);
  pending = null;
  return {
    marks,
    notes,
    note,
    onNote: options.onNote,
    maxMemoryBytes: options.maxMemoryBytes,
    prove,
    symmetry,
    workers,
    safetyOnly,
    confirmShortest,
    setupSeconds,
    explore: { recordGraph: live.length > 0, marks: marks.predicates, markNames: marks.names, reduceBy: symmetry, ample: por, spillTo: disk, stopWhenSettled: options.stopWhenDecided ?? prove },
  };
}

/**
 * The options of the plain search (symmetry kept, no partial-order reduction) that confirms the
 * traces a reduced search found (confirmShortest): down to one step short of the longest of those not
 * known to be shortest, within the time left. Undefined when there is nothing to confirm.
 */
function shortestRunOptions(cs: CompiledSystem, ex: Exploration, plan: Plan, options: CheckOptions): ExploreOptions | undefined {
  if (!plan.confirmShortest || !ex.por) return undefined;
  const reducedFrom = ex.por.firstReducedDepth;
  const lengths = [...ex.found.values(), ...(ex.deadlock >= 0 ? [ex.deadlock] : [])].map((s) => pathTo(ex, s).length).filter((l) => l > reducedFrom);
  if (lengths.length === 0) return undefined;
  const left = options.timeoutMs !== undefined ? options.timeoutMs - ex.seconds * 1000 : undefined;
  if (left !== undefined && left <= 0) return undefined;
  return {
    ...options,
    ...plan.explore,
    ample: undefined,
    maxDepth: Math.min(options.maxDepth ?? Infinity, Math.max(...lengths) - 1),
    ...(left !== undefined ? { timeoutMs: left } : {}),
    onProgress: undefined,
  };
}

/**
 * Verdicts and traces from an exploration; `bounded` is the plain search that confirms a reduced
 * search's traces shortest (see shortestRunOptions), when one ran.
 */
function finish(cs: CompiledSystem, ex: Exploration, plan: Plan, bounded?: Exploration): CheckSuccess {
  // Stopped once every verdict was decided: each is final (see stopWhenDecided).
  const complete = ex.stopped === null || ex.stopped === 'settled';
  if (ex.stuckIn) {
    plan.note(`the search was ${ex.stopped === 'interrupted' ? 'interrupted' : `stopped (${ex.stopped})`} inside ${ex.stuckIn}, which had not returned: a function that never returns (an infinite loop?); the report shows what was explored before it`);
  }
  const { marks, symmetry } = plan;
  // Under symmetry the parent path runs through canonical states: map it back to concrete actors.
  const pathOf = (e: Exploration, s: number) => (symmetry ? concreteTrace(cs, symmetry, pathTo(e, s)) : traceOf(cs, pathTo(e, s)));
  // Without partial-order reduction every trace is a shortest one (BFS). Under it, a trace is when no
  // state above its depth was reduced, or when the bounded plain search found none shorter (then its
  // own, the first in BFS order, is shown) having searched every state short of its length.
  const boundedThrough = !bounded ? -1 : bounded.stopped === null ? Infinity : bounded.stopped === 'max-depth' ? bounded.depth : bounded.depth - 1;
  const traceFor = (s: number, inBounded: number | undefined): { trace: Trace; shortest: boolean } => {
    const length = pathTo(ex, s).length;
    if (!ex.por || length <= ex.por.firstReducedDepth) return { trace: pathOf(ex, s), shortest: true };
    if (bounded && inBounded !== undefined && inBounded >= 0 && pathTo(bounded, inBounded).length <= length) return { trace: pathOf(bounded, inBounded), shortest: true };
    return { trace: pathOf(ex, s), shortest: boundedThrough >= length - 1 };
  };
  const traceTo = (s: number, name: string) => traceFor(s, bounded?.found.get(name));
  const properties: PropertyResult[] = [];
  // The liveness analysis allocates a reverse graph and per-property arrays: when that would pass the
  // memory limit, its properties are not analysed (incomplete) rather than the limit passed.
  const graph = ex.graph;
  const liveNeed = graph ? livenessBytes(ex.distinct, graph.targets.length) : 0;
  const liveRoom = !graph || plan.safetyOnly || new MemoryGuard(plan.maxMemoryBytes).allows(liveNeed);
  for (const p of cs.properties) {
    if (p.kind === 'always' || p.kind === 'sometimes') {
      const at = ex.found.get(p.name);
      const verdict: Verdict =
        at !== undefined ? (p.kind === 'always' ? 'violated' : 'holds') : complete ? (p.kind === 'always' ? 'holds' : 'violated') : 'incomplete';
      const found = at !== undefined ? traceTo(at, p.name) : undefined;
      const trace = found?.trace;
      // Under symmetry the state was judged in its canonical form; its concrete image must say the same,
      // or the property tells members apart and the trace would not show what it claims.
      if (trace && symmetry && callPredicate(p.predicate, cs.view(trace.steps[trace.steps.length - 1].locals), `property ${p.name}`) !== (p.kind === 'sometimes')) {
        throw new LeasecheckError('LC028', `symmetry: property ${p.name} tells members apart (its trace's last state, on concrete actors, does not ${p.kind === 'sometimes' ? 'satisfy' : 'break'} it); ${SYMMETRIC_SAFETY}`);
      }
      const explanation =
        verdict === 'violated' && p.kind === 'sometimes' ? ['no reachable state satisfies it']
        : trace && p.kind === 'always' && p.forAll ? [`fails for ${forAllOf(cs, p)!.failing(trace.steps[trace.steps.length - 1].locals, 0).join('; ')}`]
        : undefined;
      properties.push({
        id: p.name,
        kind: p.kind,
        verdict,
        description: p.description,
        ...(found ? { trace: found.trace, shortest: found.shortest } : {}),
        ...(explanation ? { explanation } : {}),
      });
    } else if (plan.safetyOnly) {
      properties.push({ id: p.name, kind: p.kind, verdict: 'incomplete', description: p.description, explanation: [`not checked: safety properties only (${plan.prove ? '--prove' : '--safety-only'})`], notChecked: true });
    } else if (!liveRoom) {
      const mib = fmt(Math.ceil(liveNeed / 2 ** 20));
      properties.push({ id: p.name, kind: p.kind, verdict: 'incomplete', description: p.description, explanation: [`not analysed: the liveness analysis of ${fmt(ex.distinct)} states needs about ${mib} MiB more than the memory limit leaves (raise --max-memory, or check --safety-only)`] });
    } else {
      properties.push(checkLiveness(cs, ex, p, marks, symmetry));
    }
  }
  if (cs.checkDeadlock) {
    const verdict: Verdict = ex.deadlock >= 0 ? 'violated' : complete ? 'holds' : 'incomplete';
    const found = ex.deadlock >= 0 ? traceFor(ex.deadlock, bounded?.deadlock) : undefined;
    const trace = found?.trace;
    properties.push({
      id: DEADLOCK_ID,
      kind: 'deadlock',
      verdict,
      description: 'every reachable state that is not terminal has an enabled action',
      ...(trace
        ? {
            trace,
            shortest: found!.shortest,
            explanation: [
              `at step ${trace.steps.length - 1} no joint action is enabled and the state is not terminal`,
              ...explainStuckState(cs, trace.steps[trace.steps.length - 1].locals),
            ],
          }
        : {}),
    });
  }
  return {
    status: complete ? 'complete' : 'incomplete',
    ...(ex.stopped ? { stoppedBy: ex.stopped } : {}),
    system: cs,
    properties,
    stats: statsOf(cs, ex, plan.setupSeconds),
    exploration: ex,
    ...(plan.notes.length || ex.por || ex.diskPeakBytes ? { notes: [...plan.notes, ...runNotes(ex, bounded).map((n) => (plan.onNote?.(n), n))] } : {}),
  };
}

/** What the reductions did in the run, for the result's notes. */
function runNotes(ex: Exploration, bounded?: Exploration): string[] {
  // What went to disk: the levels, the fingerprint table, the parents (each only when it did).
  const parts = [
    ...(ex.levelsOnDisk ? ['BFS levels'] : []),
    ...(ex.fingerprintFlushes ? [`the fingerprint table, flushed ${ex.fingerprintFlushes} time${ex.fingerprintFlushes > 1 ? 's' : ''}`] : []),
    ...(ex.parentsOnDisk ? [`the parent and action of the first ${fmt(ex.parentsOnDisk)} states`] : []),
    ...(ex.porSetFlushes ? [`partial-order reduction's sets of states, flushed ${ex.porSetFlushes} time${ex.porSetFlushes > 1 ? 's' : ''}`] : []),
  ];
  const disk = ex.diskPeakBytes ? [`disk: at most ${fmt(Math.ceil(ex.diskPeakBytes / 2 ** 20))} MiB on disk at once (${parts.join(', ')}), past the memory budget`] : [];
  if (!ex.por) return disk;
  const { attempts, thinned, reducedStates, repairs, repairedStates, spanRepairs, gaveUp } = ex.por;
  const out = [
    ...disk,
    `partial-order reduction: ${fmt(reducedStates)} of ${fmt(ex.expanded)} states expanded with a reduced set; which actions are independent comes from the actors each guard, the state constraint and each property were seen to read in the states this search visited (see docs/reductions.md)` +
      (thinned ? `; where reductions saved little (no set found, or what they left out was reached anyway a few levels on) only one state in up to ${MAX_STRIDE} was tried, and past that only one level in up to ${MAX_LEVEL_STRIDE}: ${fmt(attempts)} states tried in all` : '') +
      (repairs > 0 ? `; ${repairs} time${repairs > 1 ? 's' : ''} one was first seen to read something after reductions were made, and the ${fmt(repairedStates)} states reduced until then were expanded in full` : '') +
      (spanRepairs > 0 ? `; ${spanRepairs} time${spanRepairs > 1 ? 's' : ''} the states reduced since the last such repair were expanded in full because the oldest was half the span (2^32 states) behind, so that each parent stays within it of its children (docs/reductions.md)` : '') +
      (gaveUp ? '; it stopped reducing when too many reduced states were kept for that' : ''),
  ];
  if (bounded) out.push(`shortest counterexamples: a plain search to depth ${bounded.depth} (${fmt(bounded.distinct)} states, ${bounded.seconds.toFixed(1)} s) checked the lengths of the traces found under reduction${bounded.stopped && bounded.stopped !== 'max-depth' ? ` (stopped: ${bounded.stopped})` : ''}`);
  return out;
}

function statsOf(cs: CompiledSystem, ex: Exploration, setupSeconds: number): CheckStats {
  const seconds = ex.seconds + setupSeconds;
  return {
    distinctStates: ex.distinct,
    statesGenerated: ex.generated,
    depth: ex.depth,
    seconds,
    statesPerSecond: seconds > 0 ? ex.distinct / seconds : 0,
    localStates: Object.fromEntries(cs.tables.map((t) => [t.name, t.snapshots.length])),
    xstateSteps: cs.tables.reduce((n, t) => n + t.steps, 0),
    collisionProbability: collisionProbability(ex.distinct, ex.generated + (ex.extraLookups ?? 0)),
    expanded: ex.expanded,
  };
}
