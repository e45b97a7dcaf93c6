import type { LeasecheckError } from '../errors.ts';
import { checkAsync, type CheckOptions, type CheckResult, type PropertyResult, type Verdict } from './check.ts';
import { cartesian } from '../spec/params.ts';
import type { PropertyKind } from '../spec/property.ts';
import type { System } from '../spec/system.ts';
import type { CompiledSystem } from './compile.ts';

/** One scope parameter the ladder climbs, with the values to try (smallest first). */
export interface LadderAxis {
  param: string;
  values: readonly number[];
}

export interface LadderOptions {
  /** The parameters that grow (their values smallest first); the scopes are every combination. */
  axes: readonly LadderAxis[];
  /** The other scope parameters, fixed (default: the system's defaults). */
  base?: Readonly<Record<string, number>>;
  /** The time the whole ladder may take, in milliseconds. */
  budgetMs: number;
  /** The most one scope may take (default: whatever is left of the budget). */
  perScopeMs?: number;
  /** Options of every check (e.g. `{ prove: true }`, or `{ safetyOnly: true, symmetry: true }`); its scope and timeout are the ladder's. */
  check?: CheckOptions;
  /** Called after each scope's check, or when it is skipped. */
  onScope?: (run: LadderRun) => void;
}

export type Scope = Readonly<Record<string, number>>;

/** What one scope gave. */
export interface LadderRun {
  scope: Scope;
  /**
   * complete / incomplete: the check ran (incomplete when a limit stopped it); skipped: not run, because
   * the budget was spent or a smaller scope did not complete; error: the check failed (see `error`).
   */
  status: 'complete' | 'incomplete' | 'skipped' | 'error';
  /** Why it was skipped, why it stopped, or the error (`LC028: ...`). */
  why?: string;
  /** The error of an `error` run: bad input at this scope (a spec the checker refuses there). */
  error?: LeasecheckError;
  seconds: number;
  distinctStates: number;
  /** Per property id, its result at this scope (checked runs only). */
  properties: Record<string, PropertyResult>;
  /** The system as compiled at this scope: what the traces' local ids refer to (checked runs only). */
  system?: CompiledSystem;
  /** The search reduced by the spec's symmetry (it may turn it off: liveness properties without fixes). */
  reduced?: boolean;
}

/** A verdict at one scope that differs from the verdict at the smallest scope: flagged loudly, with its trace. */
export interface VerdictChange {
  scope: Scope;
  /** The verdict at the smallest scope, and here. */
  from: Verdict;
  to: Verdict;
  result: PropertyResult;
  /** The system at that scope, which the trace refers to (for replayTrace, traceToJSON). */
  system: CompiledSystem;
}

/** What the ladder established for one property. */
export interface PropertyLadder {
  id: string;
  kind: PropertyKind;
  /** The verdict at the smallest scope ('incomplete' when even that was not settled). */
  verdict: Verdict;
  /**
   * The largest scopes at which that verdict was established (each not below another one), with every
   * checked scope below them agreeing: a violation (or a witness) is established once found, a "holds"
   * (or "no witness") only by a complete search. E.g. [{ processes: 3, files: 1 }, { processes: 2, files: 2 }] for "holds: processes<=3 with
   * one file, and files<=2 with two processes".
   */
  establishedUpTo: Scope[];
  /** The smallest scopes that ran and left the property undecided. */
  undecidedFrom: Scope[];
  /** Every scope where the verdict differs from the smallest scope's. */
  changes: VerdictChange[];
}

export interface LadderResult {
  axes: readonly LadderAxis[];
  runs: LadderRun[];
  properties: PropertyLadder[];
  seconds: number;
}

/**
 * Runs a system at growing scopes within a time budget (`compare --ladder` is built on it): every
 * combination of the axes' values, smallest first (by the sum of each value's rank), each check given
 * what is left of the budget. A scope is skipped once the budget is spent, and when a scope below it
 * (no larger on any axis) did not complete: it would not complete either, within less time. Returns,
 * per property, the largest scopes at which its verdict was established, where it is still undecided,
 * and every scope where the verdict differs from the smallest scope's, with its trace.
 */
export async function ladder(system: System, options: LadderOptions): Promise<LadderResult> {
  const start = performance.now();
  const { axes } = options;
  const rank = (s: Scope) => axes.reduce((n, a) => n + a.values.indexOf(s[a.param]), 0);
  const scopes = cartesian(Object.fromEntries(axes.map((a) => [a.param, [...a.values]]))) as Scope[];
  scopes.sort((x, y) => rank(x) - rank(y));
  const runs: LadderRun[] = [];
  const below = (small: Scope, big: Scope) => axes.every((a) => small[a.param] <= big[a.param]);
  for (const scope of scopes) {
    const left = options.budgetMs - (performance.now() - start);
    const stuck = runs.find((r) => (r.status === 'incomplete' || r.status === 'skipped' || r.status === 'error') && below(r.scope, scope));
    let run: LadderRun;
    const interrupted = options.check?.signal?.aborted === true;
    if (left <= 0 || stuck || interrupted) {
      run = {
        scope,
        status: 'skipped',
        why: interrupted ? 'interrupted' : left <= 0 ? 'the time budget was spent' : `${scopeText(stuck!.scope, axes)} did not complete`,
        seconds: 0,
        distinctStates: 0,
        properties: {},
      };
    } else {
      const ownLimitMs = Math.min(options.perScopeMs ?? Infinity, options.check?.timeoutMs ?? Infinity);
      const timeoutMs = Math.min(left, ownLimitMs);
      const r: CheckResult = await checkAsync(system, { ...options.check, scope: { ...options.base, ...scope }, timeoutMs });
      run =
        r.status === 'error'
          ? { scope, status: 'error', why: `${r.error.code}: ${r.error.message}`, error: r.error, seconds: 0, distinctStates: 0, properties: {} }
          : {
              scope,
              status: r.status,
              // A timeout that was the budget's (what was left of it, not --timeout's own limit) says so.
              ...(r.stoppedBy ? { why: r.stoppedBy === 'timeout' && left < ownLimitMs ? 'budget' : r.stoppedBy } : {}),
              seconds: r.stats.seconds,
              distinctStates: r.stats.distinctStates,
              properties: Object.fromEntries(r.properties.map((p) => [p.id, p])),
              system: r.system,
              reduced: r.exploration.reducedBy !== undefined,
            };
    }
    runs.push(run);
    options.onScope?.(run);
  }
  return { axes, runs, properties: propertyLadders(runs, axes), seconds: (performance.now() - start) / 1000 };
}

/** The per-property view of the runs (see PropertyLadder). */
function propertyLadders(runs: readonly LadderRun[], axes: readonly LadderAxis[]): PropertyLadder[] {
  const checked = runs.filter((r) => r.status === 'complete' || r.status === 'incomplete');
  const ids: string[] = [];
  for (const r of checked) for (const id of Object.keys(r.properties)) if (!ids.includes(id)) ids.push(id);
  const below = (small: Scope, big: Scope) => axes.every((a) => small[a.param] <= big[a.param]);
  const same = (x: Scope, y: Scope) => axes.every((a) => x[a.param] === y[a.param]);
  return ids.map((id) => {
    const results = checked.filter((r) => r.properties[id]).map((r) => ({ scope: r.scope, result: r.properties[id], system: r.system! }));
    const first = results[0];
    const verdict = first.result.verdict;
    const settled = results.filter((x) => x.result.verdict !== 'incomplete');
    // Established at a scope only when every scope below it that ran agrees: a verdict that flips and
    // flips back is not "holds up to" the top (the flips are in `changes`).
    const agrees = (s: Scope) => results.some((x) => same(x.scope, s) && x.result.verdict === verdict);
    const agreeing = settled.filter((x) => x.result.verdict === verdict && results.every((y) => !below(y.scope, x.scope) || agrees(y.scope)));
    const maximal = (xs: Scope[]) => xs.filter((s) => !xs.some((t) => !same(s, t) && below(s, t)));
    const minimal = (xs: Scope[]) => xs.filter((s) => !xs.some((t) => !same(s, t) && below(t, s)));
    return {
      id,
      kind: first.result.kind,
      verdict,
      establishedUpTo: verdict === 'incomplete' ? [] : maximal(agreeing.map((x) => x.scope)),
      undecidedFrom: minimal(results.filter((x) => x.result.verdict === 'incomplete').map((x) => x.scope)),
      changes: settled
        .filter((x) => verdict !== 'incomplete' && x.result.verdict !== verdict)
        .map((x) => ({ scope: x.scope, from: verdict, to: x.result.verdict, result: x.result, system: x.system })),
    };
  });
}

/** `processes=3, files=2` (the axes' parameters only). */
export function scopeText(scope: Scope, axes: readonly LadderAxis[]): string {
  return axes.map((a) => `${a.param}=${scope[a.param]}`).join(', ');
}
