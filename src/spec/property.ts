import type { GlobalState, Params } from './system.ts';
import { cartesian } from './params.ts';

export type Predicate = (s: GlobalState) => boolean;

/**
 * A state predicate given as one small predicate per parameter combination (TLA+'s \A i \in S: P(i)),
 * each declaring the actors it reads. It holds when every instance holds. The checker evaluates an
 * instance once per distinct combination of its actors' local snapshots and remembers the answer, so
 * on a large state space the invariant costs a few array reads a state instead of a call; an instance
 * that reads an actor it does not declare is an error (LC025), so the memo cannot be wrong.
 */
export interface ForAll<P extends Params = Params> {
  kind: 'forAll';
  /** Finite domain of each parameter, as for joint actions. */
  params: { readonly [K in keyof P]: readonly P[K][] };
  /** The actors instance p reads (it may read no other). */
  reads: (p: P) => readonly string[];
  /** Instance p holds in state s. */
  holds: (s: GlobalState, p: P) => boolean;
}

export function forAll<P extends Params>(
  params: { readonly [K in keyof P]: readonly P[K][] },
  reads: (p: P) => readonly string[],
  holds: (s: GlobalState, p: P) => boolean,
): ForAll<P> {
  return { kind: 'forAll', params, reads, holds };
}

function isForAll(x: unknown): x is ForAll<Params> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'forAll';
}

interface PropertyBase {
  /** Stable id, used on the command line, in reports and in the gate's expectations. */
  name: string;
  description?: string;
}

/** Invariant: the predicate holds in every reachable state. Counterexample: shortest path to a state where it fails. */
export interface AlwaysProperty extends PropertyBase {
  kind: 'always';
  /** The invariant over the whole state (for a ForAll: every instance holds). */
  predicate: Predicate;
  /** Given when the invariant was declared per instance (forAll): the checker memoises it per instance. */
  forAll?: ForAll<any>;
  /**
   * Optional vacuity hint: holds in a state where the invariant's subject exists (e.g. "some MR is
   * registered" for "every registered MR ..."). `--coverage` flags the invariant vacuous when no explored
   * state satisfies it. Not used for the verdict.
   */
  subject?: Predicate;
}

/** Witness: some reachable state satisfies the predicate. Verdict `holds` comes with the shortest witness trace. */
export interface SometimesProperty extends PropertyBase {
  kind: 'sometimes';
  predicate: Predicate;
}

/** Which of the declared fairness groups a liveness property assumes (by group key); default all. */
export type FairnessFilter = (groupKey: string) => boolean;

/** An action as a path filter sees it. */
export interface ActionRef {
  name: string;
  params: Readonly<Record<string, string | number | boolean>>;
}

/** Liveness, P ~> Q: every behaviour that reaches a P-state later reaches a Q-state (under the declared fairness). */
export interface LeadsToProperty extends PropertyBase {
  kind: 'leadsTo';
  premise: Predicate;
  goal: Predicate;
  /**
   * Assume only these fairness groups (by their fairnessGroup key, or an instance's label when it has
   * none). E.g. "weak fairness only on process A's own kernel steps": `(key) => key === 'kernel(A)'`.
   */
  fairness?: FairnessFilter;
}

/** Liveness: every behaviour from an initial state eventually reaches a Q-state (under the declared fairness). */
export interface EventuallyProperty extends PropertyBase {
  kind: 'eventually';
  goal: Predicate;
  fairness?: FairnessFilter;
}

/** Possibility, AG EF Q: from every reachable state some path reaches a Q-state. */
export interface PossiblyProperty extends PropertyBase {
  kind: 'possibly';
  goal: Predicate;
  /** Only paths made of these actions count (e.g. "by killing processes and letting exits finish"). Default: any. */
  via?: (action: ActionRef) => boolean;
}

export type Property = AlwaysProperty | SometimesProperty | LeadsToProperty | EventuallyProperty | PossiblyProperty;
export type PropertyKind = Property['kind'] | 'deadlock';

type Doc = { description?: string };
type LiveDoc = Doc & { fairness?: FairnessFilter };
type PossiblyDoc = Doc & { via?: (action: ActionRef) => boolean };

/** Invariant: `predicate` holds in every reachable state; it may be a forAll(...) of small instances. */
export function always(name: string, predicate: Predicate | ForAll<any>, doc: Doc & { subject?: Predicate } = {}): AlwaysProperty {
  if (!isForAll(predicate)) return { kind: 'always', name, predicate: predicate as Predicate, ...doc };
  const fa: ForAll<any> = predicate;
  let instances: Params[] | null = null;
  // Every other reader of the property (simulation, coverage, exported tests) sees the conjunction.
  const whole: Predicate = (s) => (instances ??= cartesian(fa.params)).every((p) => fa.holds(s, p));
  return { kind: 'always', name, predicate: whole, forAll: fa, ...doc };
}

export function sometimes(name: string, predicate: Predicate, doc: Doc = {}): SometimesProperty {
  return { kind: 'sometimes', name, predicate, ...doc };
}

export function leadsTo(name: string, premise: Predicate, goal: Predicate, doc: LiveDoc = {}): LeadsToProperty {
  return { kind: 'leadsTo', name, premise, goal, ...doc };
}

export function eventually(name: string, goal: Predicate, doc: LiveDoc = {}): EventuallyProperty {
  return { kind: 'eventually', name, goal, ...doc };
}

export function possibly(name: string, goal: Predicate, doc: PossiblyDoc = {}): PossiblyProperty {
  return { kind: 'possibly', name, goal, ...doc };
}

/** Id of the built-in deadlock check. */
export const DEADLOCK_ID = 'deadlock-free';
