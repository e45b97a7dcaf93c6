import { initialTransition, type AnyStateMachine } from 'xstate';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { ActorTable } from './actorTable.ts';
import { resolveScope } from './scope.ts';
import { cartesian } from '../spec/params.ts';
import { ForAllInvariant } from './forAllInvariant.ts';
import type { GlobalState, JointAction, Params, ParamValue, Scope, Snapshot, SymmetryDecl, System, SystemModel } from '../spec/system.ts';
import type { Property } from '../spec/property.ts';

/** One instance of a joint action: the action with its parameters bound. */
export interface ActionInstance {
  id: number;
  action: JointAction<Params>;
  params: Params;
  label: string;
  /** Participant actor indices and their event ids, in order. */
  actors: Int32Array;
  events: Int32Array;
}

/** A system built at one scope, ready to explore: actor tables, action instances, initial vector. */
export interface CompiledSystem {
  name: string;
  scope: Scope;
  actorNames: string[];
  tables: ActorTable[];
  /** Each actor's input, as declared (for replay on real actors). */
  inputs: unknown[];
  /** Instances in declaration order (actions in order, parameter combinations in order): ids follow it. */
  instances: ActionInstance[];
  /**
   * Instances grouped by their first participant (actor, event): instance t is in group groupOf[t],
   * whose first participant is actor groupActor[g] taking event groupEvent[g]; groupsOf[a] lists actor
   * a's groups. The search checks each group's first event once per state, not once per instance.
   */
  groups: { groupOf: Int32Array; groupActor: Int32Array; groupEvent: Int32Array; groupsOf: Int32Array[] };
  initial: Int32Array;
  properties: Property[];
  constraint?: (s: GlobalState) => boolean;
  checkDeadlock: boolean;
  terminal: (s: GlobalState) => boolean;
  /** The model's account of what waits for what (SystemModel.explainStuck), for stuck-state explanations. */
  explainStuck?: SystemModel['explainStuck'];
  /** How worker threads rebuild the system (SystemSpec.origin). */
  origin?: System['origin'];
  /** The model's interchangeable processes (SystemModel.symmetry), checked against the actors. */
  symmetry?: SymmetryDecl;
  /** The global state of vec[off .. off + actors) as predicates see it. */
  view(vec: Int32Array, off?: number): GlobalState;
  /** The memoised form of each invariant declared with forAll, by property name (see forAllOf). */
  forAll: Map<string, ForAllInvariant>;
}

/** Builds the system at `scopeOverrides` (defaults for the rest) and validates it. Throws LeasecheckError. */
export function compileSystem(system: System, scopeOverrides: Readonly<Record<string, number>> = {}): CompiledSystem {
  const scope = resolveScope(system, scopeOverrides);
  let model: SystemModel;
  try {
    model = system.build(scope);
  } catch (e) {
    if (e instanceof LeasecheckError) throw e;
    throw new LeasecheckError('LC013', `build() of system ${system.name} threw: ${describeThrown(e)}`);
  }
  if (!model || typeof model !== 'object' || !model.actors || !Array.isArray(model.actions)) {
    throw new LeasecheckError('LC013', `build() of system ${system.name} must return { actors, actions, properties }`);
  }
  const actorNames = Object.keys(model.actors);
  if (actorNames.length === 0) throw new LeasecheckError('LC013', `system ${system.name} has no actors`);
  for (const name of actorNames) {
    const decl = model.actors[name];
    if (!decl || typeof decl !== 'object') throw new LeasecheckError('LC013', `actor ${name} must be declared as { machine, input? }`);
  }
  const tables = actorNames.map((name, i) => {
    const t = new ActorTable(name, checkMachine(name, model.actors[name].machine));
    t.index = i;
    return t;
  });
  const index = new Map(actorNames.map((n, i) => [n, i]));
  const instances = instantiate(model.actions, index, tables);
  const initial = new Int32Array(actorNames.length);
  actorNames.forEach((name, i) => {
    let snap: Snapshot;
    try {
      [snap] = initialTransition(tables[i].machine, model.actors[name].input) as [Snapshot, unknown];
    } catch (e) {
      throw new LeasecheckError('LC014', `actor ${name} could not start: ${describeThrown(e)}`);
    }
    if (snap.status === 'error') throw new LeasecheckError('LC014', `actor ${name} could not start: ${describeThrown(snap.error)}`);
    initial[i] = tables[i].intern(snap);
  });
  if (model.unhandledEvents !== 'allow') checkEventsHandled(instances, tables, actorNames);
  const properties = [...(model.properties ?? [])];
  checkPropertyNames(properties);
  const allDone = (s: GlobalState) => actorNames.every((n) => s[n].status === 'done');
  const cs: CompiledSystem = {
    name: system.name,
    scope,
    actorNames,
    tables,
    inputs: actorNames.map((n) => model.actors[n].input),
    instances,
    groups: groupInstances(instances, actorNames.length),
    initial,
    properties,
    constraint: model.constraint,
    checkDeadlock: model.checkDeadlock ?? true,
    terminal: model.terminal ?? allDone,
    explainStuck: model.explainStuck,
    ...(system.origin ? { origin: system.origin } : {}),
    ...(model.symmetry ? { symmetry: checkSymmetry(model.symmetry, actorNames, tables) } : {}),
    view: viewMaker(actorNames, tables),
    forAll: new Map(),
  };
  // An invariant declared per instance names its actors in reads(): checked now, and its memo kept.
  for (const p of properties) if (p.kind === 'always' && p.forAll) cs.forAll.set(p.name, new ForAllInvariant(cs, p.name, p.forAll));
  return cs;
}

/**
 * Builds global-state views with a generated constructor: every view has the same hidden class, so
 * making one per state and reading `s.p1` in predicates stay cheap (a plain object filled key by key is
 * several times slower for systems of many actors).
 */
function viewMaker(actorNames: string[], tables: ActorTable[]): CompiledSystem['view'] {
  // Each actor's snapshot list is bound as its own variable (s0, s1, ...): a field costs two loads, not four.
  // The lists only grow in place (ActorTable.snapshots is never replaced), so binding them once is safe.
  const lists = actorNames.map((_, i) => `s${i}`);
  const body = actorNames.map((n, i) => `this[${JSON.stringify(n)}] = s${i}[v[o + ${i}]];`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const View = new Function(...lists, `return function GlobalStateView(v, o) {\n${body}\n};`)(
    ...tables.map((t) => t.snapshots),
  ) as new (v: Int32Array, o: number) => GlobalState;
  return (vec: Int32Array, off = 0) => new View(vec, off);
}

/** Rejects machines whose behaviour depends on time or on child actors: the checker cannot explore those. */
function checkMachine(name: string, machine: AnyStateMachine): AnyStateMachine {
  if (!machine || typeof machine !== 'object' || !('root' in machine)) {
    throw new LeasecheckError('LC013', `actor ${name}: machine is not an XState v5 machine (use setup(...).createMachine(...))`);
  }
  const stack = [machine.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.after.length > 0) {
      throw new LeasecheckError('LC014', `actor ${name}: state ${node.id} uses a delayed transition (after); model the timeout as an event`);
    }
    if (node.invoke.length > 0) {
      throw new LeasecheckError('LC014', `actor ${name}: state ${node.id} invokes an actor; compose actors with joint actions instead`);
    }
    stack.push(...Object.values(node.states));
  }
  return machine;
}

function instantiate(actions: readonly JointAction<any>[], index: Map<string, number>, tables: ActorTable[]): ActionInstance[] {
  const out: ActionInstance[] = [];
  const names = new Set<string>();
  for (const action of actions) {
    if (!action || typeof action.name !== 'string' || typeof action.steps !== 'function') {
      throw new LeasecheckError('LC013', `a joint action needs a name and a steps(params) function`);
    }
    if (names.has(action.name)) throw new LeasecheckError('LC013', `two joint actions are named ${action.name}`);
    names.add(action.name);
    for (const params of cartesian(action.params ?? {})) {
      let parts;
      try {
        parts = action.steps(params);
      } catch (e) {
        throw new LeasecheckError('LC013', `steps() of joint action ${action.name} threw: ${describeThrown(e)}`);
      }
      const list = Array.isArray(parts) ? parts : [parts];
      if (list.length === 0) throw new LeasecheckError('LC013', `joint action ${action.name} has no participants`);
      const actors = new Int32Array(list.length);
      const events = new Int32Array(list.length);
      list.forEach((p: { actor: string; event: { type: string } }, j: number) => {
        const a = index.get(p?.actor);
        if (a === undefined) throw new LeasecheckError('LC013', `joint action ${action.name} names unknown actor ${String(p?.actor)}`);
        if (!p.event || typeof p.event.type !== 'string') {
          throw new LeasecheckError('LC013', `joint action ${action.name} gives actor ${p.actor} an event without a type`);
        }
        actors[j] = a;
        events[j] = tables[a].eventId(p.event);
      });
      out.push({ id: out.length, action, params, label: labelOf(action, params), actors, events });
    }
  }
  return out;
}

/**
 * Every participant's event is one some transition of its machine takes: an event no state handles is
 * almost always a misspelt type, and would silently disable the action (LC016 names it).
 */
function checkEventsHandled(instances: readonly ActionInstance[], tables: readonly ActorTable[], actorNames: readonly string[]): void {
  for (const inst of instances) {
    inst.actors.forEach((a, j) => {
      const type = tables[a].events[inst.events[j]].type;
      if (handled(tables[a].machine, type)) return;
      const m = tables[a].machine;
      throw new LeasecheckError(
        'LC016',
        `joint action ${inst.action.name} gives actor ${actorNames[a]} the event ${JSON.stringify(type)}, which no transition of its machine${m.id ? ` ${m.id}` : ''} takes (it takes ${[...eventsOf(m)].join(', ') || 'no events'}; a transition needs a target or actions)`,
      );
    });
  }
}

const EVENTS = new WeakMap<AnyStateMachine, Set<string>>();

/** The event types some state of the machine has a transition for (one with a target or actions: others never fire). */
function eventsOf(machine: AnyStateMachine): Set<string> {
  let set = EVENTS.get(machine);
  if (!set) EVENTS.set(machine, (set = new Set((machine.root.events as unknown[]).map(String))));
  return set;
}

/** Does some state of the machine take events of this type (wildcards `*` and `prefix.*` included)? */
function handled(machine: AnyStateMachine, type: string): boolean {
  const events = eventsOf(machine);
  if (events.has(type) || events.has('*')) return true;
  for (const e of events) if (e.endsWith('.*') && type.startsWith(e.slice(0, -1))) return true;
  return false;
}

function labelOf(action: JointAction<any>, params: Params): string {
  if (action.label) return action.label(params);
  const keys = Object.keys(params);
  return keys.length === 0 ? action.name : `${action.name}(${keys.map((k) => `${k}=${params[k]}`).join(', ')})`;
}

function groupInstances(instances: ActionInstance[], actors: number): CompiledSystem['groups'] {
  const key = new Map<string, number>();
  const actor: number[] = [];
  const event: number[] = [];
  const groupOf = new Int32Array(instances.length);
  instances.forEach((inst, t) => {
    const k = `${inst.actors[0]}:${inst.events[0]}`;
    let g = key.get(k);
    if (g === undefined) {
      g = actor.length;
      key.set(k, g);
      actor.push(inst.actors[0]);
      event.push(inst.events[0]);
    }
    groupOf[t] = g;
  });
  const groupsOf = Array.from({ length: actors }, (_, a) => Int32Array.from(actor.flatMap((x, g) => (x === a ? [g] : []))));
  return { groupOf, groupActor: Int32Array.from(actor), groupEvent: Int32Array.from(event), groupsOf };
}

/** Every process names known actors, all processes have the same roles, and a role runs one machine. */
function checkSymmetry(decl: SymmetryDecl, actorNames: string[], tables: ActorTable[]): SymmetryDecl {
  const procs = decl.processes;
  if (!Array.isArray(procs) || procs.length === 0) throw new LeasecheckError('LC013', 'symmetry.processes must list the interchangeable processes');
  const width = procs[0].length;
  const seen = new Set<string>();
  for (const p of procs) {
    if (!Array.isArray(p) || p.length !== width) throw new LeasecheckError('LC013', `symmetry: every process must list ${width} actors, in the same roles`);
    p.forEach((a, j) => {
      const i = actorNames.indexOf(a);
      if (i < 0) throw new LeasecheckError('LC013', `symmetry names unknown actor ${String(a)}`);
      if (seen.has(a)) throw new LeasecheckError('LC013', `symmetry lists actor ${a} twice`);
      seen.add(a);
      if (tables[i].machine !== tables[actorNames.indexOf(procs[0][j])].machine) {
        throw new LeasecheckError('LC013', `symmetry: actors ${procs[0][j]} and ${a} play one role but run different machines`);
      }
    });
  }
  if (decl.names && decl.names.length !== procs.length) throw new LeasecheckError('LC013', 'symmetry.names must list names for every process');
  return decl;
}

function checkPropertyNames(props: Property[]): void {
  const seen = new Set<string>();
  for (const p of props) {
    if (!p || typeof p.name !== 'string') throw new LeasecheckError('LC013', 'a property has no name');
    if (seen.has(p.name)) throw new LeasecheckError('LC013', `two properties are named ${p.name}`);
    seen.add(p.name);
  }
}
