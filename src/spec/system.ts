import type { AnyStateMachine, EventObject, MachineSnapshot } from 'xstate';
import type { Property } from './property.ts';

/** Any machine snapshot, as predicates and guards see it (the real XState snapshot, interned: do not mutate). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Snapshot = MachineSnapshot<any, EventObject, any, any, any, any, any, any>;

/**
 * A global state as predicates and guards see it: actor name -> that actor's XState snapshot
 * (`s.p1.matches('running')`, `s.p1.context.fds`).
 */
export type GlobalState = Readonly<Record<string, Snapshot>>;

/** One declared scope parameter (`--scope processes=3`). */
export interface ParamDecl {
  default: number;
  min?: number;
  max?: number;
  description?: string;
}

export type Scope = Readonly<Record<string, number>>;

/** A named instance of a machine with its input. Actor order (the object's key order) is the state vector order. */
export interface ActorDecl {
  machine: AnyStateMachine;
  input?: unknown;
}

export type ParamValue = string | number | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** One actor taking one event as part of a joint action. */
export interface Participant {
  actor: string;
  event: EventObject;
}

/**
 * A named, parameterised step in which one or several actors each take an event at the same instant
 * (a TLA+ action over several variables, a SPIN rendezvous). One instance per combination of the
 * parameter values. An instance is enabled when every participant can take its event (an XState
 * transition with a target or actions is enabled, guards passing) and `guard` holds on the global state.
 *
 * WARNING: events are a function of the parameters only, never of the state: that is what lets the
 * checker run XState once per distinct (actor snapshot, event). To make an event depend on the state,
 * quantify over the possible values with a parameter and select the right one with `guard`.
 * If one actor appears twice, its events are taken in order.
 */
export interface JointAction<P extends Params = Params> {
  name: string;
  /** Finite domain of each parameter; the action has one instance per combination. */
  params?: { readonly [K in keyof P]: readonly P[K][] };
  /** The participants of an instance (one or several). Called once per instance, at build time. */
  steps: (p: P) => Participant | readonly Participant[];
  /** Enabling condition over the whole global state (the state before the step). */
  guard?: (s: GlobalState, p: P) => boolean;
  /** Human label of an instance, e.g. `A: close(fd10)`. Default: `name(k=v, ...)`. */
  label?: (p: P) => string;
  /** Fairness of this action's instances, for liveness (`weak` or `strong`); default none. */
  fairness?: 'weak' | 'strong';
  /**
   * Fairness is per group: by default each instance is its own group (TLA+ WF on each instance).
   * Return the same key for instances that are fair together (WF on their disjunction).
   */
  fairnessGroup?: (p: P) => string;
}

/** What build(scope) returns: the composed system at one scope. */
export interface SystemModel {
  actors: Readonly<Record<string, ActorDecl>>;
  actions: readonly JointAction<any>[];
  properties?: readonly Property[];
  /** TLC's CONSTRAINT: successors that fail it are discarded (not counted, not checked, not explored). */
  constraint?: (s: GlobalState) => boolean;
  /** Report states with no enabled action as a violation of `deadlock-free` (default true). */
  checkDeadlock?: boolean;
  /** States where stopping is fine (not a deadlock). Default: every actor's machine is in a final state. */
  terminal?: (s: GlobalState) => boolean;
  /**
   * What waits for what at a state, for explaining stuck states (a deadlock, or the state a liveness
   * counterexample stutters in): one edge per wait, e.g.
   * `{ from: 'close(fd10) of A', to: 'the pins of mr0', why: 'the last close blocks while pins exist' }`.
   * The checker draws the wait-for graph and names any cycle. Optional: without it the checker says,
   * per actor, which joint actions are disabled and which participant refuses.
   */
  explainStuck?: (s: GlobalState) => { from: string; to: string; why: string }[];
  /**
   * Interchangeable processes, for symmetry reduction (check option `symmetry`, CLI --symmetry): see
   * SymmetryDecl. Used only when asked for; the checker then explores one state per orbit.
   */
  symmetry?: SymmetryDecl;
}

/**
 * Processes that the system treats alike: permuting them (their actors, and the strings that name
 * them inside every context) maps behaviours to behaviours and leaves every property's truth unchanged.
 *
 * Example (DAX): `{ processes: [['A', 'A.file', 'A.ctx'], ['B', 'B.file', 'B.ctx']] }`. Position j of
 * every process is the same role: actor processes[p][j] runs the same machine for every p.
 *
 * WARNING: the checker trusts the declaration. A property that names one process (e.g. "A never ...")
 * is not symmetric, and a guard that treats A specially breaks the symmetry: verdicts may then be wrong.
 */
export interface SymmetryDecl {
  /** Each process: its actors, in the same roles for every process. */
  processes: readonly (readonly string[])[];
  /**
   * Each process: the strings that name it inside contexts (values and object keys, at any depth),
   * renamed with it. Default: its actor names.
   */
  names?: readonly (readonly string[])[];
}

export interface SystemSpec {
  name: string;
  description?: string;
  /**
   * How a worker thread rebuilds this system (check option `workers`, CLI --workers): it imports
   * `module` (a file URL, e.g. import.meta.url) and takes `export` (default 'default'); with `args`
   * it calls that export with them (structured-cloneable values) and takes the System it returns
   * (or its `.system`). Without an origin the checker explores on one thread.
   */
  origin?: { module: string; export?: string; args?: unknown[] };
  params?: Readonly<Record<string, ParamDecl>>;
  build: (scope: Scope) => SystemModel;
}

const SYSTEM = Symbol.for('leasecheck.system');

export interface System extends SystemSpec {
  readonly [SYSTEM]: true;
  readonly params: Readonly<Record<string, ParamDecl>>;
}

/** Declares a system. The result is what a spec module exports (default export or `system`). */
export function defineSystem(spec: SystemSpec): System {
  return { ...spec, params: spec.params ?? {}, [SYSTEM]: true };
}

export function isSystem(x: unknown): x is System {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[SYSTEM] === true;
}

/** Identity helper that types a joint action's parameters. */
export function joint<P extends Params>(action: JointAction<P>): JointAction<P> {
  return action;
}
