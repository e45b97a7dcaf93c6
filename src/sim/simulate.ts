import fc from 'fast-check';
import { runSlice } from '../engine/sliceGuard.ts';
import { LeasecheckError } from '../errors.ts';
import { compileSystem, type CompiledSystem } from '../engine/compile.ts';
import { traceOf, type Trace } from '../engine/trace.ts';
import { replayTrace } from '../engine/replay.ts';
import { DEADLOCK_ID } from '../spec/property.ts';
import type { System } from '../spec/system.ts';
import { Walker, type Target, type WalkResult } from './walk.ts';
import { behaviours } from './behaviours.ts';

export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 60;
/** Seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;
/** Behaviours run while shrinking one counterexample, at most (a safety net: shrinking ends long before). */
const MAX_SHRINK_RUNS = 20_000;

export interface SimulateOptions {
  /** Random behaviours to try (not counting the re-runs of shrinking). Default 1000. */
  runs?: number;
  /** Longest behaviour, in steps. Each run's length is drawn from 0..depth. Default 60. */
  depth?: number;
  /** Seed of the random choices (0 .. 2^32-1); the same seed gives the same result. Default: random. */
  seed?: number;
  /** Stop trying new runs after this many milliseconds (a counterexample being shrunk is finished). */
  timeoutMs?: number;
  /** Called about every 200 ms. */
  onProgress?: (p: SimProgress) => void;
  /** Replay every reported trace on real XState actors (default true). */
  replay?: boolean;
  /**
   * Stop on Ctrl-C, wherever the simulation is (Node's SIGINT watchdog, sliceGuard.ts), and report what
   * it found so far (stoppedBy 'interrupted'). For the CLI.
   */
  interruptible?: boolean;
}

export interface SimProgress {
  runs: number;
  steps: number;
  seconds: number;
  /** Longest run so far, in steps. */
  longest: number;
  /** True while a counterexample is being shrunk. */
  shrinking: boolean;
}

/** `violated` (an invariant or deadlock-freedom fails on some run), `witnessed` (a `sometimes` holds on some run), or neither. */
export type SimVerdict = 'violated' | 'witnessed' | 'not-found';

export interface SimPropertyResult {
  id: string;
  kind: Target['kind'];
  verdict: SimVerdict;
  description?: string;
  /** The shrunk counterexample (violated) or witness (witnessed), from the initial state. */
  trace?: Trace;
  /** Steps of the behaviour the random run found, up to the state that violated (or witnessed). */
  originalLength?: number;
  /** Steps after shrinking (trace.steps.length - 1). */
  shrunkLength?: number;
  /** Which run (1-based, over the whole simulation) first found it. */
  foundInRun?: number;
  /** Successful shrink steps fast-check took. */
  shrinks?: number;
}

export interface SimStats {
  /** Random runs tried (shrinking re-runs not counted). */
  runs: number;
  /** Steps taken by those runs. */
  steps: number;
  /** Shrink attempts: candidate behaviours walked while shrinking (not runs: not counted in `runs`, and may exceed it). */
  shrinkRuns: number;
  seconds: number;
  seed: number;
  depth: number;
  longestRun: number;
  /** Set when the simulation stopped before its run budget. */
  stoppedBy?: 'timeout' | 'interrupted';
}

export interface SimulationResult {
  system: CompiledSystem;
  /** The safety properties (always, sometimes) in declaration order, then deadlock-free when the system checks it. */
  properties: SimPropertyResult[];
  /** Properties a finite random behaviour cannot decide (liveness, possibility): run check for those. */
  unchecked: { id: string; kind: string }[];
  stats: SimStats;
}

/** A fresh random seed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1)) >>> 0;
}

/** simulate() on a System at a scope. Throws LeasecheckError for bad input. */
export function simulateSystem(system: System, options: SimulateOptions & { scope?: Readonly<Record<string, number>> } = {}): SimulationResult {
  return simulate(compileSystem(system, options.scope ?? {}), options);
}

/**
 * Random simulation with shrinking. Each run is a behaviour from the initial state, chosen by an array
 * of choice indices (fast-check's fc.array(fc.nat())): at step i the Walker takes the (c_i mod n)-th of
 * the n enabled action instances. Every state is checked against every safety property not yet decided.
 * The first run that reaches a violation (or a witness) fails the fast-check property, and fast-check
 * shrinks it: first with the candidates of behaviours.ts (steps removed, the tail replaced by a shorter
 * way found by a small BFS, processes renamed to lower-numbered ones, ...), then with its own array
 * shrinks (smaller choices, which the Walker's order maps to instances of lower-numbered processes).
 * The shrunk behaviour is reported, cut at its first violating state, replayed on real actors, and the
 * search goes on with the remaining run budget for the properties not yet found.
 *
 * Deterministic for a given seed (unless timeoutMs stops it). Throws LeasecheckError (a throwing guard,
 * predicate or machine; LC030 if a trace does not replay on real actors).
 */
export function simulate(cs: CompiledSystem, options: SimulateOptions = {}): SimulationResult {
  if (options.timeoutMs === undefined && !options.interruptible) return simulateUnguarded(cs, options, {});
  // Under the watchdog (sliceGuard.ts): a guard that never returns cannot make --timeout wait forever.
  // The simulation stops starting runs at its deadline but finishes shrinking what it found, hence the grace.
  const sofar: SoFar = {};
  const deadline = options.timeoutMs !== undefined ? performance.now() + options.timeoutMs : Infinity;
  const r = runSlice(() => simulateUnguarded(cs, options, sofar), deadline, !!options.interruptible, SIM_GRACE_MS);
  if (r.ok) return r.value;
  if (r.reason === 'interrupted') {
    // Ctrl-C: what was found so far (each property's result is written whole once its trace is shrunk),
    // or, in the moment before the simulation had set up, nothing: no run, which reads as incomplete.
    const started = sofar.start ?? performance.now();
    const stats: SimStats = { ...(sofar.stats ?? { runs: 0, steps: 0, shrinkRuns: 0, seed: options.seed ?? 0, depth: options.depth ?? DEFAULT_DEPTH, longestRun: 0 }), stoppedBy: 'interrupted', seconds: (performance.now() - started) / 1000 };
    const properties = [...(sofar.results?.values() ?? [])];
    if (options.replay !== false) for (const p of properties) if (p.trace) replayTrace(cs, p.trace);
    return { system: cs, properties, unchecked: sofar.unchecked ?? [], stats };
  }
  throw new LeasecheckError(
    'LC027',
    `${r.stuckIn ?? 'the simulation'} had not returned ${SIM_GRACE_MS / 1000} s after --timeout passed: a function that never returns (an infinite loop?)`,
  );
}

/** How long past --timeout a simulation may run (finishing a shrink) before the watchdog ends it. */
const SIM_GRACE_MS = 2000;

/** What an interrupted simulation has found so far (filled in by simulateUnguarded as it starts). */
interface SoFar {
  results?: Map<string, SimPropertyResult>;
  unchecked?: SimulationResult['unchecked'];
  stats?: SimStats;
  start?: number;
}

/** Runs a fast-check call makes at most: between calls, the deadline is checked without generating the rest. */
const CHUNK_RUNS = 1000;

function simulateUnguarded(cs: CompiledSystem, options: SimulateOptions, sofar: SoFar): SimulationResult {
  const runs = Math.floor(options.runs ?? DEFAULT_RUNS);
  const depth = Math.floor(options.depth ?? DEFAULT_DEPTH);
  const seed = options.seed ?? randomSeed();
  if (!(runs >= 1)) throw new LeasecheckError('LC003', `runs must be a positive integer, got ${options.runs}`);
  if (!(depth >= 1)) throw new LeasecheckError('LC003', `depth must be a positive integer, got ${options.depth}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new LeasecheckError('LC003', `seed must be an integer 0..${MAX_SEED}, got ${seed}`);
  const start = performance.now();
  const deadline = options.timeoutMs !== undefined ? start + options.timeoutMs : Infinity;
  const walker = new Walker(cs);

  const targets: Target[] = [];
  const results = new Map<string, SimPropertyResult>();
  const unchecked: SimulationResult['unchecked'] = [];
  for (const p of cs.properties) {
    if (p.kind === 'always' || p.kind === 'sometimes') {
      targets.push({ id: p.name, kind: p.kind, predicate: p.predicate });
      results.set(p.name, { id: p.name, kind: p.kind, verdict: 'not-found', ...(p.description ? { description: p.description } : {}) });
    } else {
      unchecked.push({ id: p.name, kind: p.kind });
    }
  }
  if (cs.checkDeadlock) {
    targets.push({ id: DEADLOCK_ID, kind: 'deadlock' });
    results.set(DEADLOCK_ID, {
      id: DEADLOCK_ID,
      kind: 'deadlock',
      verdict: 'not-found',
      description: 'every reachable state that is not terminal has an enabled action',
    });
  }

  const stats: SimStats = { runs: 0, steps: 0, shrinkRuns: 0, seconds: 0, seed, depth, longestRun: 0 };
  Object.assign(sofar, { results, unchecked, stats, start });
  let active = targets.slice();
  let lastReport = start;
  let shrinking = false;
  const progress = (force = false) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    options.onProgress({ runs: stats.runs, steps: stats.steps, seconds: (now - start) / 1000, longest: stats.longestRun, shrinking });
  };

  let looking: readonly Target[] = active;
  let shrinkRuns = 0;
  let best: number[] = [];
  const arbitrary = behaviours(walker, depth, { looking: () => looking, enabled: () => shrinkRuns < MAX_SHRINK_RUNS });
  for (let round = 0; active.length > 0 && stats.runs < runs && !stats.stoppedBy; round++) {
    // The first failing run of this round. While it is shrunk, only the targets it hit count, and a
    // candidate counts as failing only if it is strictly better than the best so far (fewer steps, then
    // a lower rank sum, then smaller choices): a well-founded order, so shrinking ends and never
    // lengthens the behaviour.
    let first: WalkResult | null = null;
    let firstRun = 0;
    looking = active;
    shrinking = false;
    shrinkRuns = 0;
    best = [];
    const property = fc.property(arbitrary, (picks) => {
      if (first === null) {
        if (performance.now() > deadline) {
          stats.stoppedBy = 'timeout';
          return true;
        }
        stats.runs++;
      } else {
        // Shrinking stops too, a while after the deadline, so the watchdog's grace is only ever used up by a stuck function.
        if (shrinkRuns >= MAX_SHRINK_RUNS || performance.now() > deadline + SIM_GRACE_MS / 2) return true;
        shrinkRuns++;
        stats.shrinkRuns++;
      }
      const r = walker.walk(picks, looking);
      if (first === null) {
        stats.steps += r.steps;
        if (r.steps > stats.longestRun) stats.longestRun = r.steps;
      }
      if ((stats.runs + stats.shrinkRuns) % 32 === 0) progress();
      if (r.hits.length === 0) return true;
      const key = keyOf(walker, r.path);
      if (first !== null) {
        if (compareKeys(key, best) >= 0) return true;
        best = key;
        return false;
      }
      best = key;
      first = r;
      firstRun = stats.runs;
      looking = r.hits.map((i) => active[i]);
      shrinking = true;
      return false;
    });
    // In chunks of runs: past the deadline the property answers at once, but fast-check would still
    // generate every value left of its numRuns (millions, past the watchdog's grace).
    let details: ReturnType<typeof fc.check<[number[]]>>;
    for (let chunk = 0; ; chunk++) {
      details = fc.check(property, { seed: chunkSeed(seed, round, chunk), numRuns: Math.min(CHUNK_RUNS, runs - stats.runs) });
      if (details.failed || stats.stoppedBy || stats.runs >= runs) break;
    }
    if (!details.failed) break;
    if (first === null || details.counterexample === null) {
      // The walk threw (a guard, predicate or machine): report that, not a violation.
      const e = details.errorInstance;
      throw e instanceof Error ? e : new Error(String(e));
    }
    const original: WalkResult = first;
    const shrunk = walker.walk(details.counterexample[0], looking);
    if (shrunk.hits.length === 0) throw new Error('bug: the shrunk behaviour no longer reaches a violation');
    const trace = traceOf(cs, shrunk.path);
    const hit = new Set(shrunk.hits.map((i) => looking[i].id));
    for (const id of hit) {
      const res = results.get(id)!;
      Object.assign(res, {
        verdict: res.kind === 'sometimes' ? 'witnessed' : 'violated',
        trace,
        originalLength: original.steps,
        shrunkLength: shrunk.steps,
        foundInRun: firstRun,
        shrinks: details.numShrinks,
      } satisfies Partial<SimPropertyResult>);
    }
    active = active.filter((t) => !hit.has(t.id));
  }
  shrinking = false;
  progress(true);
  stats.seconds = (performance.now() - start) / 1000;
  const properties = [...results.values()];
  if (options.replay !== false) {
    // Every trace we report must be a real behaviour of the machines.
    for (const p of properties) if (p.trace) replayTrace(cs, p.trace);
  }
  return { system: cs, properties, unchecked, stats };
}

/** The shrink order of a behaviour: steps, rank sum, then its minimal choices. */
function keyOf(walker: Walker, path: readonly number[]): number[] {
  return [path.length, walker.rankSum(path), ...walker.encode(path)!];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * The fast-check seed of chunk c of round r (one round per property found, chunks of CHUNK_RUNS runs):
 * a fixed function of the user's seed.
 */
function chunkSeed(seed: number, round: number, chunk: number): number {
  return (Math.imul(round, 0x9e3779b9) + Math.imul(chunk, 0x85ebca6b) + seed) | 0;
}
