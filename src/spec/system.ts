import type { AnyStateMachine, EventFromLogic, EventObject, MachineSnapshot, SnapshotFrom } from 'xstate';
import type { AlwaysProperty, ForAll, Property, PropertyDoc, LiveDoc, PossiblyDoc, SometimesProperty, LeadsToProperty, EventuallyProperty, PossiblyProperty } from './property.ts';
import type { KnobsDecl, KnobValues, ResolvedVariant, VariantDecl } from './variants.ts';
import type { Presentation } from './presentation.ts';

/** Any machine snapshot, as predicates and guards see it (the real XState snapshot, interned: do not mutate). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Snapshot = MachineSnapshot<any, EventObject, any, any, any, any, any, any>;

/**
 * A global state as predicates and guards see it: actor name -> that actor's XState snapshot
 * (`s.p1.matches('running')`, `s.p1.context.fds`). Untyped: a spec written with `actors` and the
 * build kit (see SystemSpec) gets StateOf<its actors> instead, with each snapshot's real types.
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

/** The actors of a system by name. */
export type ActorMap = Readonly<Record<string, ActorDecl>>;

/** The global state of a system with actors A: each actor's snapshot, typed by its machine. */
export type StateOf<A extends ActorMap> = { readonly [K in keyof A]: SnapshotFrom<A[K]['machine']> };

export type ParamValue = string | number | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** One actor taking one event as part of a joint action. */
export interface Participant {
  actor: string;
  event: EventObject;
}

/** A participant of a system with actors A: the actor by name, and an event its machine declares. */
export type ParticipantOf<A extends ActorMap> = {
  [K in keyof A & string]: { actor: K; event: EventFromLogic<A[K]['machine']> };
}[keyof A & string];

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
export interface JointAction<P extends Params = Params, S = GlobalState, Pt = Participant> {
  name: string;
  /** Finite domain of each parameter; the action has one instance per combination. */
  params?: { readonly [K in keyof P]: readonly P[K][] };
  /** The participants of an instance (one or several). Called once per instance, at build time. */
  steps: (p: P) => Pt | readonly Pt[];
  /** Enabling condition over the whole global state (the state before the step). */
  guard?: (s: S, p: P) => boolean;
  /** Human label of an instance, e.g. `A: close(fd10)`. Default: `name(k=v, ...)`. */
  label?: (p: P) => string;
  /**
   * The operation this action is one outcome of, when an operation has several (a syscall that
   * succeeds, fails with an errno, or blocks, each its own action with exclusive guards). Scenarios,
   * reports and the explorer show the operation and the outcome. Default: the action's name.
   */
  op?: string;
  /** What this outcome of the operation is called: `ok` (the default), an errno, `blocks`, ... */
  outcome?: string;
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
  actors: ActorMap;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  actions: readonly JointAction<any>[];
  properties?: readonly Property[];
  /** TLC's CONSTRAINT: successors that fail it are discarded (not counted, not checked, not explored). */
  constraint?: (s: GlobalState) => boolean;
  /** Report states with no enabled action as a violation of `deadlock-free` (default true). */
  checkDeadlock?: boolean;
  /**
   * 'allow': accept a participant's event that no transition of its machine takes (the action then
   * never fires). Default 'error' (LC016): such an event is almost always a misspelt type.
   */
  unhandledEvents?: 'error' | 'allow';
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

/** SystemModel for actors A, as the typed build returns it (without the actors, which `actors()` gave). */
export interface ModelOf<A extends ActorMap> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  actions: readonly JointAction<any, StateOf<A>, ParticipantOf<A>>[];
  properties?: readonly Property<StateOf<A>>[];
  constraint?: (s: StateOf<A>) => boolean;
  checkDeadlock?: boolean;
  unhandledEvents?: 'error' | 'allow';
  terminal?: (s: StateOf<A>) => boolean;
  explainStuck?: (s: StateOf<A>) => { from: string; to: string; why: string }[];
  symmetry?: SymmetryDecl;
}

/**
 * What the system treats alike: groups of interchangeable members (processes, files, memory-region
 * slots, ...). Permuting the members of any group (their actors, and the strings and numbers that
 * name them inside every context, input and event) maps behaviours to behaviours and leaves every
 * property's truth unchanged. The reduction permutes every group at once.
 *
 * Example (DAX): `{ processes: [['A', 'A.file', 'A.ctx'], ['B', 'B.file', 'B.ctx']] }`, the shorthand
 * for one group named `processes`; or `{ groups: [{ name: 'processes', members: [...] }, { name:
 * 'files', members: [...] }] }`. Position j of every member is the same role: its actors run the same
 * machine, with inputs that are the same once renamed.
 *
 * The checker validates what it can when symmetry is asked for: each role runs one machine, every
 * actor's input maps to its image's input under every swap of two members, and every joint-action
 * instance maps to an instance (LC028 otherwise). It cannot look inside guards and predicates.
 * WARNING: a property that names one member (e.g. "A never ...") is not symmetric, and a guard that
 * treats A specially breaks the symmetry: verdicts may then be wrong.
 */
export interface SymmetryDecl {
  /** Shorthand for one group named `processes`: each process, its actors in the same roles. */
  processes?: readonly (readonly string[])[];
  /** With `processes`: each process's naming strings (see SymmetryGroup.names). */
  names?: readonly (readonly string[])[];
  /** The interchangeable kinds (in addition to `processes`, if given). */
  groups?: readonly SymmetryGroup[];
}

/** One kind of interchangeable members (see SymmetryDecl). */
export interface SymmetryGroup {
  /** What the members are, for messages: `processes`, `files`, ... */
  name: string;
  /** Each member: its actors, in the same roles for every member. */
  members: readonly (readonly string[])[];
  /**
   * Each member: the strings that name it inside contexts, inputs and events (values and object keys,
   * at any depth), renamed with it, position by position. Default: its actor names.
   */
  names?: readonly (readonly string[])[];
  /**
   * Numbers that name members, by the property that holds them: `{ fd: [[10, 11], [12, 13]] }` says
   * that a number under a property `fd` (or in an array under it) equal to 10 names member 0's first
   * fd, and becomes 12 when members 0 and 1 swap. Numbers under other properties are never renamed.
   */
  numbers?: Readonly<Record<string, readonly (readonly number[])[]>>;
  /**
   * Arrays whose positions are such numbers: `{ owner: 'phys' }` says that the array under `owner`
   * is indexed by the `phys` numbers, so its entries move with them.
   */
  positions?: Readonly<Record<string, string>>;
}

/**
 * The typed helpers a typed build receives: the same functions as the package's `joint`, `always`,
 * ..., with the global state and the participants typed by the system's actors, so `s.p1.context.x`
 * and `{ actor: 'p1', event: { type: 'GO' } }` are checked by the compiler.
 */
export interface BuildKit<A extends ActorMap> {
  joint<P extends Params>(action: JointAction<P, StateOf<A>, ParticipantOf<A>>): JointAction<P, StateOf<A>, ParticipantOf<A>>;
  always(name: string, predicate: ((s: StateOf<A>) => boolean) | ForAll<Params, StateOf<A>>, doc?: PropertyDoc<StateOf<A>>): AlwaysProperty<StateOf<A>>;
  sometimes(name: string, predicate: (s: StateOf<A>) => boolean, doc?: PropertyDoc<StateOf<A>>): SometimesProperty<StateOf<A>>;
  leadsTo(name: string, premise: (s: StateOf<A>) => boolean, goal: (s: StateOf<A>) => boolean, doc?: LiveDoc): LeadsToProperty<StateOf<A>>;
  eventually(name: string, goal: (s: StateOf<A>) => boolean, doc?: LiveDoc): EventuallyProperty<StateOf<A>>;
  possibly(name: string, goal: (s: StateOf<A>) => boolean, doc?: PossiblyDoc): PossiblyProperty<StateOf<A>>;
  forAll<P extends Params>(params: { readonly [K in keyof P]: readonly P[K][] }, reads: (p: P) => readonly (keyof A & string)[], holds: (s: StateOf<A>, p: P) => boolean): ForAll<P, StateOf<A>>;
}

/** What a spec's build functions are given: the scope and the knob values of the variant being built. */
/** The scope parameters' declarations. */
export type ParamsDecl = Readonly<Record<string, ParamDecl>>;

/** The scope as build sees it: every declared parameter has a value (typed by the declaration). */
export type ScopeOf<P extends ParamsDecl> = { readonly [N in keyof P]: number };

export interface BuildContext<K extends KnobsDecl = KnobsDecl, P extends ParamsDecl = ParamsDecl> {
  scope: ScopeOf<P>;
  knobs: KnobValues<K>;
}

/** Fields every spec form shares. */
interface SpecCommon<K extends KnobsDecl, P extends ParamsDecl> {
  name: string;
  description?: string;
  /**
   * How a worker thread rebuilds this system (check option `workers`, CLI --workers): it imports
   * `module` (a file URL, e.g. import.meta.url) and takes `export` (default 'default'); with `args`
   * it calls that export with them (structured-cloneable values) and takes the System it returns
   * (or its `.system`). The CLI fills it in for a spec file it loads. Without an origin the checker
   * explores on one thread.
   */
  origin?: SystemOrigin;
  /** The scope parameters (`--scope processes=3`): sizes of the model, each with a default. */
  params?: P;
  /**
   * The rules under debate, each a named option with named values (`--set knob=value`). A variant
   * is a setting of every knob; build receives the values of the variant being checked.
   */
  knobs?: K;
  /**
   * Named presets of the knobs, the designs compared side by side (`leasecheck compare`). A knob a
   * variant does not set takes its default. Without variants, the system has one, `default`.
   */
  variants?: readonly VariantDecl<K>[];
}

/** A spec whose build returns the whole model (actors included); predicates see the untyped GlobalState. */
export interface UntypedSpec<K extends KnobsDecl = KnobsDecl, P extends ParamsDecl = ParamsDecl> extends SpecCommon<K, P> {
  build: (scope: ScopeOf<P>, knobs: KnobValues<K>) => SystemModel;
  actors?: undefined;
  /** How reports, scenarios and the explorer present this system (optional hooks). */
  present?: Presentation;
}

/**
 * A typed spec: `actors` returns the actors (their machines give each snapshot its type), then
 * `build` receives typed helpers and returns the actions and properties.
 */
export interface TypedSpec<A extends ActorMap, K extends KnobsDecl = KnobsDecl, P extends ParamsDecl = ParamsDecl> extends SpecCommon<K, P> {
  actors: (c: BuildContext<K, P>) => A;
  build: (c: BuildContext<K, P> & BuildKit<A> & { actors: A }) => ModelOf<A>;
  /** How reports, scenarios and the explorer present this system; its state-reading hooks see StateOf<A>. */
  present?: Presentation<StateOf<A>>;
}

export type SystemSpec<K extends KnobsDecl = KnobsDecl> = UntypedSpec<K>;

/** Where a worker thread finds a system: a module, its export, the arguments to call it with, and the knob values. */
export interface SystemOrigin {
  module: string;
  export?: string;
  args?: unknown[];
  /** The variant's knob values, applied to the loaded system (see withKnobs). */
  knobs?: Readonly<Record<string, ParamValue>>;
}

const SYSTEM = Symbol.for('leasecheck.system');

/**
 * A system at one setting of its knobs: what `check()` explores. `variants` lists the spec's named
 * settings; `variant` says which this one is (see define.ts: withVariant, withKnobs).
 */
export interface System<K extends KnobsDecl = KnobsDecl, P extends ParamsDecl = ParamsDecl> {
  readonly [SYSTEM]: true;
  readonly name: string;
  readonly description?: string;
  readonly origin?: SystemOrigin;
  /** The scope parameters as declared: their names type check()'s `scope` option. */
  readonly params: P;
  /** The knobs as declared: their names and values type check()'s `set` option. */
  readonly knobs: K;
  readonly variants: readonly VariantDecl<KnobsDecl>[];
  /**
   * The variant this system is: its id (a declared one, `default` for a system without variants, or
   * `<id>+knob=value` after overrides), title, source, and the value of every knob.
   */
  readonly variant: ResolvedVariant;
  readonly present: Presentation;
  /** The model at a scope, built with this system's knob values. */
  build(scope: Scope): SystemModel;
  /** The spec as declared, for building other variants. */
  readonly spec: UntypedSpec | TypedSpec<ActorMap>;
}

export { SYSTEM as SYSTEM_BRAND };

export function isSystem(x: unknown): x is System {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[SYSTEM] === true;
}

/** Identity helper that types a joint action's parameters (untyped state; a typed build's kit has a typed one). */
export function joint<P extends Params>(action: JointAction<P>): JointAction<P> {
  return action;
}
