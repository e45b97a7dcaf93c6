import { LeasecheckError, describeThrown } from '../errors.ts';
import { compileSystem, type CompiledSystem } from './compile.ts';
import { explore, exploreAsync, type ExploreOptions, type Exploration, type StopReason } from './explore.ts';
import { collisionProbability } from './fingerprint.ts';
import { pathTo, traceOf, type Trace } from './trace.ts';
import { Symmetry, concreteTrace } from './symmetry.ts';
import { exploreParallel } from './workers/parallel.ts';
import { maxWorkers } from './workers/workerCap.ts';
import { MemoryGuard, livenessBytes } from './memoryGuard.ts';
import { checkLiveness, explainStuckState, livenessMarks } from './liveness/checkLiveness.ts';
import { DEADLOCK_ID, type PropertyKind } from '../spec/property.ts';
import { forAllOf } from './forAllInvariant.ts';
import type { System } from '../spec/system.ts';
import { withSet, withVariant } from '../spec/define.ts';
import type { KnobValue } from '../spec/variants.ts';

export type Verdict = 'holds' | 'violated' | 'incomplete';

export interface PropertyResult {
  id: string;
  kind: PropertyKind;
  verdict: Verdict;
  description?: string;
  /** Counterexample (violated), or witness (a `sometimes` that holds). Shortest from the initial state. */
  trace?: Trace;
  /** Words for the reader: why a lasso is fair, what a stuck state waits for, why the verdict is incomplete. */
  explanation?: string[];
}

export interface CheckStats {
  distinctStates: number;
  statesGenerated: number;
  depth: number;
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

export interface CheckOptions extends Omit<ExploreOptions, 'recordGraph' | 'marks' | 'reduceBy'> {
  scope?: Readonly<Record<string, number>>;
  /** Check this variant of the system (SystemSpec.variants) instead of the one given (see withVariant). */
  variant?: string;
  /** false: do not check for deadlocks, whatever the system says (CLI --no-deadlock). */
  checkDeadlock?: boolean;
  /** Knob overrides on top of the variant, `knob=value` texts or a record ("what if?"). */
  set?: readonly string[] | Readonly<Record<string, KnobValue>>;
  /**
   * Symmetry reduction over the system's declared processes (SystemModel.symmetry). Off by default.
   * Sound for safety properties; when liveness properties are checked it is turned off with a note
   * (give `safetyOnly` to keep it). Counterexamples are mapped back to concrete actors.
   */
  symmetry?: boolean;
  /** Check the safety properties (and deadlock) only: liveness properties come back incomplete. */
  safetyOnly?: boolean;
  /**
   * Worker threads for the search (checkAsync only; the system needs an `origin`). 1 or absent: none.
   * Verdicts, counts and counterexample lengths are those of one thread; which shortest
   * counterexample is shown may differ.
   */
  workers?: number;
  /** Receives the checker's notes (e.g. symmetry turned off), one sentence each; they are also in result.notes. */
  onNote?: (note: string) => void;
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
export function check(system: System, options: CheckOptions = {}): CheckResult {
  try {
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
export async function checkAsync(system: System, options: CheckOptions = {}): Promise<CheckResult> {
  try {
    const cs = deadlockAsked(compileSystem(selected(system, options), options.scope ?? {}), options);
    const plan = planOf(cs, options, true);
    const ex =
      plan.workers > 1
        ? await exploreParallel(cs, { ...options, ...plan.explore, workers: plan.workers, origin: cs.origin!, scope: { ...cs.scope }, safetyOnly: plan.safetyOnly })
        : await exploreAsync(cs, { ...options, ...plan.explore });
    return finish(cs, ex, plan);
  } catch (e) {
    return asError(e);
  }
}

/** As check(), on an already compiled system (reuses its memo tables). Throws LeasecheckError. */
export function checkCompiled(cs: CompiledSystem, options: CheckOptions = {}): CheckSuccess {
  cs = deadlockAsked(cs, options);
  const plan = planOf(cs, options);
  return finish(cs, explore(cs, { ...options, ...plan.explore }), plan);
}

type Plan = ReturnType<typeof planOf>;

/**
 * What the search must keep for the liveness properties (the graph, and their predicates per state),
 * and whether symmetry reduction applies. Options are resolved here, in one place.
 */
function planOf(cs: CompiledSystem, options: CheckOptions, async = false) {
  const notes: string[] = [];
  const note = (n: string) => {
    notes.push(n);
    options.onNote?.(n);
  };
  const live = options.safetyOnly ? [] : cs.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'eventually' || p.kind === 'possibly');
  const marks = livenessMarks(live);
  let symmetry: Symmetry | undefined;
  if (options.symmetry) {
    if (!cs.symmetry) note(`symmetry: system ${cs.name} declares no symmetry (SystemModel.symmetry); exploring without it`);
    else if (live.length > 0) {
      note(`symmetry turned off: it is sound here for safety properties only, and ${live.map((p) => p.name).join(', ')} ${live.length > 1 ? 'are liveness properties' : 'is a liveness property'} (add --safety-only to check safety under symmetry)`);
    } else symmetry = new Symmetry(cs, cs.symmetry);
  }
  let workers = Math.max(1, Math.floor(options.workers ?? 1));
  const cap = maxWorkers();
  if (workers > cap.max) {
    throw new LeasecheckError('LC003', `--workers ${workers} is more than ${cap.max}, ${cap.why}: each worker thread is a whole copy of the engine and the spec, and more threads than CPUs only take memory`);
  }
  if (workers > 1) {
    const why = !async ? 'check() is synchronous (use checkAsync)' : symmetry ? 'symmetry reduction runs on one thread' : !cs.origin ? `system ${cs.name} has no origin (SystemSpec.origin) for worker threads to load` : null;
    if (why) {
      note(`workers: exploring on one thread: ${why}`);
      workers = 1;
    }
  }
  return { marks, notes, note, maxMemoryBytes: options.maxMemoryBytes, symmetry, workers, safetyOnly: !!options.safetyOnly, explore: { recordGraph: live.length > 0, marks: marks.predicates, markNames: marks.names, reduceBy: symmetry } };
}

/** Verdicts and traces from an exploration. */
function finish(cs: CompiledSystem, ex: Exploration, plan: Plan): CheckSuccess {
  const complete = ex.stopped === null;
  if (ex.stuckIn) {
    plan.note(`the search was ${ex.stopped === 'interrupted' ? 'interrupted' : `stopped (${ex.stopped})`} inside ${ex.stuckIn}, which had not returned: a function that never returns (an infinite loop?); the report shows what was explored before it`);
  }
  const { marks, symmetry } = plan;
  // Under symmetry the parent path runs through canonical states: map it back to concrete actors.
  const traceTo = (s: number) => (symmetry ? concreteTrace(cs, symmetry, pathTo(ex, s)) : traceOf(cs, pathTo(ex, s)));
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
      const trace = at !== undefined ? traceTo(at) : undefined;
      const explanation =
        verdict === 'violated' && p.kind === 'sometimes' ? ['no reachable state satisfies it']
        : trace && p.kind === 'always' && p.forAll ? [`fails for ${forAllOf(cs, p)!.failing(trace.steps[trace.steps.length - 1].locals, 0).join('; ')}`]
        : undefined;
      properties.push({
        id: p.name,
        kind: p.kind,
        verdict,
        description: p.description,
        ...(trace ? { trace } : {}),
        ...(explanation ? { explanation } : {}),
      });
    } else if (plan.safetyOnly) {
      properties.push({ id: p.name, kind: p.kind, verdict: 'incomplete', description: p.description, explanation: ['not checked: safety properties only (--safety-only)'] });
    } else if (!liveRoom) {
      const mib = Math.ceil(liveNeed / 2 ** 20).toLocaleString('en-US');
      properties.push({ id: p.name, kind: p.kind, verdict: 'incomplete', description: p.description, explanation: [`not analysed: the liveness analysis of ${ex.distinct.toLocaleString('en-US')} states needs about ${mib} MiB more than the memory limit leaves (raise --max-memory, or check --safety-only)`] });
    } else {
      properties.push(checkLiveness(cs, ex, p, marks));
    }
  }
  if (cs.checkDeadlock) {
    const verdict: Verdict = ex.deadlock >= 0 ? 'violated' : complete ? 'holds' : 'incomplete';
    const trace = ex.deadlock >= 0 ? traceTo(ex.deadlock) : undefined;
    properties.push({
      id: DEADLOCK_ID,
      kind: 'deadlock',
      verdict,
      description: 'every reachable state that is not terminal has an enabled action',
      ...(trace
        ? {
            trace,
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
    stats: statsOf(cs, ex),
    exploration: ex,
    ...(plan.notes.length ? { notes: plan.notes } : {}),
  };
}

function statsOf(cs: CompiledSystem, ex: Exploration): CheckStats {
  return {
    distinctStates: ex.distinct,
    statesGenerated: ex.generated,
    depth: ex.depth,
    seconds: ex.seconds,
    statesPerSecond: ex.seconds > 0 ? ex.distinct / ex.seconds : 0,
    localStates: Object.fromEntries(cs.tables.map((t) => [t.name, t.snapshots.length])),
    xstateSteps: cs.tables.reduce((n, t) => n + t.steps, 0),
    collisionProbability: collisionProbability(ex.distinct, ex.generated),
    expanded: ex.expanded,
  };
}
