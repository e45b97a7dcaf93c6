import type { GlobalState, Params } from './system.ts';
import { cartesian } from './params.ts';

export type Predicate<S = GlobalState> = (s: S) => boolean;

/**
 * A state predicate given as one small predicate per parameter combination (TLA+'s \A i \in S: P(i)),
 * each declaring the actors it reads. It holds when every instance holds. The checker evaluates an
 * instance once per distinct combination of its actors' local snapshots and remembers the answer, so
 * on a large state space the invariant costs a few array reads a state instead of a call; an instance
 * that reads an actor it does not declare is an error (LC025), so the memo cannot be wrong.
 */
export interface ForAll<P extends Params = Params, S = GlobalState> {
  kind: 'forAll';
  /** Finite domain of each parameter, as for joint actions. */
  params: { readonly [K in keyof P]: readonly P[K][] };
  /** The actors instance p reads (it may read no other). */
  reads: (p: P) => readonly string[];
  /** Instance p holds in state s. */
  holds: (s: S, p: P) => boolean;
}

export function forAll<P extends Params, S = GlobalState>(
  params: { readonly [K in keyof P]: readonly P[K][] },
  reads: (p: P) => readonly string[],
  holds: (s: S, p: P) => boolean,
): ForAll<P, S> {
  return { kind: 'forAll', params, reads, holds };
}

function isForAll<S>(x: unknown): x is ForAll<Params, S> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'forAll';
}

interface PropertyBase {
  /** Stable id, used on the command line, in reports and in the gate's expectations. */
  name: string;
  description?: string;
}

/** Invariant: the predicate holds in every reachable state. Counterexample: shortest path to a state where it fails. */
export interface AlwaysProperty<S = GlobalState> extends PropertyBase {
  kind: 'always';
  /** The invariant over the whole state (for a ForAll: every instance holds). */
  predicate: Predicate<S>;
  /** Given when the invariant was declared per instance (forAll): the checker memoises it per instance. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forAll?: ForAll<any, S>;
  /**
   * Optional vacuity hint: holds in a state where the invariant's subject exists (e.g. "some MR is
   * registered" for "every registered MR ..."). `--coverage` flags the invariant vacuous when no explored
   * state satisfies it. Not used for the verdict.
   */
  subject?: Predicate<S>;
}

/** Witness: some reachable state satisfies the predicate. Verdict `holds` comes with the shortest witness trace. */
export interface SometimesProperty<S = GlobalState> extends PropertyBase {
  kind: 'sometimes';
  predicate: Predicate<S>;
}

/** Which of the declared fairness groups a liveness property assumes (by group key); default all. */
export type FairnessFilter = (groupKey: string) => boolean;

/**
 * The actors a liveness or possibility property tells apart from their symmetric peers (its predicates,
 * its fairness filter, its path filter). Under symmetry (SystemModel.symmetry) the search then permutes
 * only the members of each group that contain none of these actors: the stabilizer of what the property
 * names, under which it is invariant. `[]` says the property treats every member alike. Without `fixes`
 * a liveness property turns symmetry off (the checker cannot look into predicates). The fairness and path
 * filters are checked against the swaps (LC028); the predicates are spot-checked on the first states.
 */
export type Fixes = readonly string[];

/** An action as a path filter sees it. */
export interface ActionRef {
  name: string;
  params: Readonly<Record<string, string | number | boolean>>;
}

/** Liveness, P ~> Q: every behaviour that reaches a P-state later reaches a Q-state (under the declared fairness). */
export interface LeadsToProperty<S = GlobalState> extends PropertyBase {
  kind: 'leadsTo';
  premise: Predicate<S>;
  goal: Predicate<S>;
  /**
   * Assume only these fairness groups (by their fairnessGroup key, or an instance's label when it has
   * none). E.g. "weak fairness only on process A's own kernel steps": `(key) => key === 'kernel(A)'`.
   */
  fairness?: FairnessFilter;
  fixes?: Fixes;
}

/** Liveness: every behaviour from an initial state eventually reaches a Q-state (under the declared fairness). */
export interface EventuallyProperty<S = GlobalState> extends PropertyBase {
  kind: 'eventually';
  goal: Predicate<S>;
  fairness?: FairnessFilter;
  fixes?: Fixes;
}

/** Possibility, AG EF Q: from every reachable state some path reaches a Q-state. */
export interface PossiblyProperty<S = GlobalState> extends PropertyBase {
  kind: 'possibly';
  goal: Predicate<S>;
  /** Only paths made of these actions count (e.g. "by killing processes and letting exits finish"). Default: any. */
  via?: (action: ActionRef) => boolean;
  fixes?: Fixes;
}

export type Property<S = GlobalState> = AlwaysProperty<S> | SometimesProperty<S> | LeadsToProperty<S> | EventuallyProperty<S> | PossiblyProperty<S>;
export type PropertyKind = Property['kind'] | 'deadlock';

/** What every property may say of itself. */
export type Doc = { description?: string };
/** An invariant's or witness's documentation, with the invariant's optional vacuity hint. */
export type PropertyDoc<S = GlobalState> = Doc & { subject?: Predicate<S> };
/** A liveness property's documentation and the fairness groups it assumes. */
export type LiveDoc = Doc & { fairness?: FairnessFilter; fixes?: Fixes };
/** A possibility's documentation and the actions its paths may use. */
export type PossiblyDoc = Doc & { via?: (action: ActionRef) => boolean; fixes?: Fixes };

/** Invariant: `predicate` holds in every reachable state; it may be a forAll(...) of small instances. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function always<S = GlobalState>(name: string, predicate: Predicate<S> | ForAll<any, S>, doc: PropertyDoc<S> = {}): AlwaysProperty<S> {
  if (!isForAll(predicate)) return { kind: 'always', name, predicate: predicate as Predicate<S>, ...doc };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fa: ForAll<any, S> = predicate;
  let instances: Params[] | null = null;
  // Every other reader of the property (simulation, coverage, exported tests) sees the conjunction.
  const whole: Predicate<S> = (s) => (instances ??= cartesian(fa.params)).every((p) => fa.holds(s, p));
  return { kind: 'always', name, predicate: whole, forAll: fa, ...doc };
}

export function sometimes<S = GlobalState>(name: string, predicate: Predicate<S>, doc: Doc = {}): SometimesProperty<S> {
  return { kind: 'sometimes', name, predicate, ...doc };
}

export function leadsTo<S = GlobalState>(name: string, premise: Predicate<S>, goal: Predicate<S>, doc: LiveDoc = {}): LeadsToProperty<S> {
  return { kind: 'leadsTo', name, premise, goal, ...doc };
}

export function eventually<S = GlobalState>(name: string, goal: Predicate<S>, doc: LiveDoc = {}): EventuallyProperty<S> {
  return { kind: 'eventually', name, goal, ...doc };
}

export function possibly<S = GlobalState>(name: string, goal: Predicate<S>, doc: PossiblyDoc = {}): PossiblyProperty<S> {
  return { kind: 'possibly', name, goal, ...doc };
}

/** Id of the built-in deadlock check. */
export const DEADLOCK_ID = 'deadlock-free';
