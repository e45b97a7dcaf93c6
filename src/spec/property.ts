import type { GlobalState } from './system.ts';

export type Predicate = (s: GlobalState) => boolean;

interface PropertyBase {
  /** Stable id, used on the command line, in reports and in the gate's expectations. */
  name: string;
  description?: string;
}

/** Invariant: the predicate holds in every reachable state. Counterexample: shortest path to a state where it fails. */
export interface AlwaysProperty extends PropertyBase {
  kind: 'always';
  predicate: Predicate;
}

/** Witness: some reachable state satisfies the predicate. Verdict `holds` comes with the shortest witness trace. */
export interface SometimesProperty extends PropertyBase {
  kind: 'sometimes';
  predicate: Predicate;
}

/** Liveness, P ~> Q: every behaviour that reaches a P-state later reaches a Q-state (under the declared fairness). */
export interface LeadsToProperty extends PropertyBase {
  kind: 'leadsTo';
  premise: Predicate;
  goal: Predicate;
}

/** Liveness: every behaviour from an initial state eventually reaches a Q-state (under the declared fairness). */
export interface EventuallyProperty extends PropertyBase {
  kind: 'eventually';
  goal: Predicate;
}

/** Possibility, AG EF Q: from every reachable state some path reaches a Q-state. */
export interface PossiblyProperty extends PropertyBase {
  kind: 'possibly';
  goal: Predicate;
}

export type Property = AlwaysProperty | SometimesProperty | LeadsToProperty | EventuallyProperty | PossiblyProperty;
export type PropertyKind = Property['kind'] | 'deadlock';

type Doc = { description?: string };

export function always(name: string, predicate: Predicate, doc: Doc = {}): AlwaysProperty {
  return { kind: 'always', name, predicate, ...doc };
}

export function sometimes(name: string, predicate: Predicate, doc: Doc = {}): SometimesProperty {
  return { kind: 'sometimes', name, predicate, ...doc };
}

export function leadsTo(name: string, premise: Predicate, goal: Predicate, doc: Doc = {}): LeadsToProperty {
  return { kind: 'leadsTo', name, premise, goal, ...doc };
}

export function eventually(name: string, goal: Predicate, doc: Doc = {}): EventuallyProperty {
  return { kind: 'eventually', name, goal, ...doc };
}

export function possibly(name: string, goal: Predicate, doc: Doc = {}): PossiblyProperty {
  return { kind: 'possibly', name, goal, ...doc };
}

/** Id of the built-in deadlock check. */
export const DEADLOCK_ID = 'deadlock-free';
