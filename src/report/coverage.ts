/**
 * Coverage of a model by its explored state space: which joint actions fired and how often (TLC's
 * per-action distinct:generated), which machine states and transitions were never reached, and which
 * properties are vacuous. A property that holds only because its subject never shows up is the classic
 * way a model checker gives false comfort; this is how a team sees it.
 *
 * What is detected, exactly:
 *  - actions: per instance, generated (times it fired) and distinct (times it led to a new state),
 *    straight from the exploration; summed per joint action.
 *  - machine states: every state node of the machine (walking machine.root; history pseudo-states and
 *    the root itself are left out) against the nodes active in some explored global state.
 *  - transitions: every (state node, event descriptor) in a node's own `on` against the XState
 *    transitions actually taken on an explored edge (machine.getTransitionData on the snapshot before
 *    the step). Eventless (`always`) transitions are not tracked.
 *  - properties: leadsTo is vacuous when its premise holds in no explored state; an `always` property
 *    is vacuous when the spec gives it a `subject` hint and no explored state satisfies it. For an
 *    `always` property without a hint nothing is claimed (vacuous: null). eventually/possibly whose goal
 *    is never true, and a leadsTo goal never true, are noted (those are not vacuous: they are violated
 *    or decided by the premise).
 * Everything is over the explored space: for an incomplete run, "never" means "not in what was explored".
 */
import { LeasecheckError, describeThrown } from '../errors.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import { callPredicate } from '../engine/specCalls.ts';
import { terminalText } from '../util/controls.ts';
import type { Exploration } from '../engine/explore.ts';
import type { Predicate } from '../spec/property.ts';
import type { Snapshot } from '../spec/system.ts';
import type { AnyStateMachine, AnyStateNode, EventObject } from 'xstate';

export interface ActionCoverage {
  name: string;
  /** Transitions this action generated (TLC's "generated"), and how many of them led to a new state ("distinct"). */
  generated: number;
  distinct: number;
  instances: { label: string; generated: number; distinct: number }[];
}

export interface MachineCoverage {
  actor: string;
  machine: string;
  states: { total: number; reached: number; unreached: string[] };
  transitions: { total: number; taken: number; untaken: string[] };
}

export interface PropertyCoverage {
  id: string;
  kind: string;
  /** true: vacuous; false: not vacuous; null: this property kind (without a hint) cannot be judged. */
  vacuous: boolean | null;
  /** States (of the explored ones) where the premise, goal, subject or predicate holds. */
  premiseStates?: number;
  goalStates?: number;
  subjectStates?: number;
  predicateStates?: number;
  note: string;
}

export interface Coverage {
  complete: boolean;
  distinctStates: number;
  /** Edges of the explored graph: generated transitions that passed the state constraint. */
  transitions: number;
  actions: ActionCoverage[];
  machines: MachineCoverage[];
  properties: PropertyCoverage[];
}

/**
 * Calls visit(s, vec) for every explored state, in index (BFS) order, with its state vector (valid only
 * during the call). States are rebuilt from the BFS parent and action of each state through the memo
 * tables, one level at a time: the search keeps fingerprints, not states.
 */
export function forEachState(cs: CompiledSystem, ex: Exploration, visit: (s: number, vec: Int32Array) => void): void {
  const k = cs.actorNames.length;
  let prev = new Int32Array(cs.initial);
  let prevStart = 0;
  visit(0, prev);
  const levels = ex.levelStart;
  for (let d = 1; d < levels.length; d++) {
    const start = levels[d];
    const end = d + 1 < levels.length ? levels[d + 1] : ex.distinct;
    const cur = new Int32Array((end - start) * k);
    for (let s = start; s < end; s++) {
      const p = ex.parent.get(s) - prevStart;
      const off = (s - start) * k;
      cur.set(prev.subarray(p * k, p * k + k), off);
      const inst = cs.instances[ex.via.get(s)];
      for (let j = 0; j < inst.actors.length; j++) {
        const a = inst.actors[j];
        const nx = cs.tables[a].next(cur[off + a], inst.events[j]);
        if (nx < 0) throw new Error(`bug: state ${s} cannot be rebuilt from its parent`);
        cur[off + a] = nx;
      }
      visit(s, cur.subarray(off, off + k));
    }
    prev = cur;
    prevStart = start;
  }
}

/** Coverage of an exploration that recorded its graph (explore(cs, { recordGraph: true })). */
export function computeCoverage(cs: CompiledSystem, ex: Exploration): Coverage {
  const graph = ex.graph;
  if (!graph) throw new Error('bug: coverage needs an exploration with recordGraph');
  const k = cs.actorNames.length;
  const expandedWithEdges = graph.offsets.length - 1;

  // Local snapshots seen in explored states, and (local, event) steps taken on explored edges, per actor.
  const reached = cs.tables.map((t) => new Uint8Array(t.snapshots.length));
  const stepped = cs.tables.map(() => new Set<number>());
  const props = coverageProbes(cs);
  const counts = props.map((p) => p.probes.map(() => 0));
  const tmp = new Int32Array(k);
  forEachState(cs, ex, (s, vec) => {
    for (let a = 0; a < k; a++) reached[a][vec[a]] = 1;
    if (props.length > 0) {
      const view = cs.view(vec, 0);
      props.forEach((p, i) => p.probes.forEach((pr, j) => (counts[i][j] += callPredicate(pr.predicate, view, `the ${pr.what} of ${p.id}`) ? 1 : 0)));
    }
    if (s >= expandedWithEdges) return;
    for (let e = graph.offsets.data[s]; e < graph.offsets.data[s + 1]; e++) {
      const inst = cs.instances[graph.actions.data[e]];
      tmp.set(vec);
      for (let j = 0; j < inst.actors.length; j++) {
        const a = inst.actors[j];
        const ev = inst.events[j];
        stepped[a].add(tmp[a] * cs.tables[a].events.length + ev);
        tmp[a] = cs.tables[a].next(tmp[a], ev);
      }
    }
  });

  return {
    complete: ex.stopped === null,
    distinctStates: ex.distinct,
    transitions: graph.targets.length,
    actions: actionCoverage(cs, ex),
    machines: cs.actorNames.map((actor, a) => machineCoverage(cs, a, reached[a], stepped[a])),
    properties: props.map((p, i) => p.judge(counts[i])),
  };
}

function actionCoverage(cs: CompiledSystem, ex: Exploration): ActionCoverage[] {
  const byName = new Map<string, ActionCoverage>();
  for (const inst of cs.instances) {
    let row = byName.get(inst.action.name);
    if (!row) {
      row = { name: inst.action.name, generated: 0, distinct: 0, instances: [] };
      byName.set(inst.action.name, row);
    }
    const generated = ex.fired[inst.id];
    const distinct = ex.firedNew[inst.id];
    row.generated += generated;
    row.distinct += distinct;
    row.instances.push({ label: inst.label, generated, distinct });
  }
  return [...byName.values()];
}

function machineCoverage(cs: CompiledSystem, a: number, reached: Uint8Array, stepped: Set<number>): MachineCoverage {
  const table = cs.tables[a];
  const machine = table.machine as AnyStateMachine;
  const nodes = stateNodesOf(machine);
  const active = new Set<string>();
  for (let l = 0; l < reached.length; l++) if (reached[l]) activeNodes(machine.root, table.snapshots[l].value, active);
  const all = new Set<string>();
  for (const n of nodes) for (const eventType of Object.keys(n.on)) all.add(transitionKey(n, eventType));
  const taken = new Set<string>();
  const nEv = table.events.length;
  for (const key of stepped) {
    const snap = table.snapshots[Math.floor(key / nEv)];
    const event = table.events[key % nEv];
    for (const t of transitionsTaken(machine, snap, event)) taken.add(transitionKey(t.source, t.eventType));
  }
  const names = nodes.map(nodeName);
  return {
    actor: cs.actorNames[a],
    machine: machine.id,
    states: { total: names.length, reached: names.filter((n) => active.has(n)).length, unreached: names.filter((n) => !active.has(n)) },
    transitions: {
      total: all.size,
      taken: [...all].filter((t) => taken.has(t)).length,
      untaken: [...all].filter((t) => !taken.has(t)),
    },
  };
}

/** Every state node below the root, depth first in declaration order; history pseudo-states left out. */
function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (n: AnyStateNode) => {
    for (const c of Object.values(n.states) as AnyStateNode[]) {
      if (c.type === 'history') continue;
      out.push(c);
      walk(c);
    }
  };
  walk(machine.root);
  return out;
}

/** The nodes a state value makes active (all ancestors of its leaves), by name. */
function activeNodes(node: AnyStateNode, value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    const c = node.states[value] as AnyStateNode | undefined;
    if (c) {
      out.add(nodeName(c));
      // An atomic child; a compound child given by name alone has no deeper value.
    }
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
      const c = node.states[key] as AnyStateNode | undefined;
      if (!c) continue;
      out.add(nodeName(c));
      activeNodes(c, sub, out);
    }
  }
}

function nodeName(n: AnyStateNode): string {
  return n.path.length === 0 ? '(root)' : n.path.join('.');
}

function transitionKey(source: AnyStateNode, eventType: string): string {
  return `${nodeName(source)} on ${eventType}`;
}

function transitionsTaken(machine: AnyStateMachine, snap: Snapshot, event: EventObject): { source: AnyStateNode; eventType: string }[] {
  try {
    return machine.getTransitionData(snap as never, event) as { source: AnyStateNode; eventType: string }[];
  } catch (e) {
    throw new LeasecheckError('LC020', `machine ${machine.id} in state ${JSON.stringify(snap.value)} threw on event ${event.type}: ${describeThrown(e)}`);
  }
}

interface Probe {
  what: 'premise' | 'goal' | 'subject' | 'predicate';
  predicate: Predicate;
}

/** Per property, the predicates to count states of, and how to judge the counts. */
function coverageProbes(cs: CompiledSystem): { id: string; probes: Probe[]; judge: (n: number[]) => PropertyCoverage }[] {
  const explored = 'of the explored states';
  return cs.properties.map((p) => {
    const base = { id: p.name, kind: p.kind };
    switch (p.kind) {
      case 'leadsTo':
        return {
          id: p.name,
          probes: [
            { what: 'premise', predicate: p.premise },
            { what: 'goal', predicate: p.goal },
          ],
          judge: ([pre, goal]) => ({
            ...base,
            vacuous: pre === 0,
            premiseStates: pre,
            goalStates: goal,
            note:
              pre === 0
                ? `VACUOUS: the premise holds in none ${explored}, so the property holds trivially`
                : goal === 0
                  ? `the premise holds in ${pre} states, but the goal in none ${explored}`
                  : `premise in ${pre}, goal in ${goal} ${explored}`,
          }),
        };
      case 'eventually':
      case 'possibly':
        return {
          id: p.name,
          probes: [{ what: 'goal', predicate: p.goal }],
          judge: ([goal]) => ({
            ...base,
            vacuous: false,
            goalStates: goal,
            note: goal === 0 ? `the goal holds in none ${explored}` : `goal in ${goal} ${explored}`,
          }),
        };
      case 'always': {
        const subject = p.subject;
        if (!subject) {
          return { id: p.name, probes: [], judge: () => ({ ...base, vacuous: null, note: 'not judged: an invariant needs a `subject` hint for a vacuity check' }) };
        }
        return {
          id: p.name,
          probes: [{ what: 'subject', predicate: subject }],
          judge: ([n]) => ({
            ...base,
            vacuous: n === 0,
            subjectStates: n,
            note: n === 0 ? `VACUOUS: its subject appears in none ${explored}, so nothing was checked` : `subject in ${n} ${explored}`,
          }),
        };
      }
      case 'sometimes':
        return {
          id: p.name,
          probes: [{ what: 'predicate', predicate: p.predicate }],
          judge: ([n]) => ({ ...base, vacuous: false, predicateStates: n, note: `true in ${n} ${explored}` }),
        };
    }
  });
}

/** The human form: per action generated/distinct, never-fired instances, unreached states and transitions, vacuity. */
export function formatCoverageText(c: Coverage): string[] {
  const out: string[] = [];
  out.push(
    `coverage of the explored space (${c.distinctStates} distinct states, ${c.transitions} transitions${c.complete ? '' : '; the run was INCOMPLETE, so "never" means "not in what was explored"'}):`,
  );
  const w = Math.max(12, ...c.actions.map((a) => a.name.length));
  const gw = Math.max(9, ...c.actions.map((a) => String(a.generated).length));
  out.push(`  ${'joint action'.padEnd(w)}  ${'generated'.padStart(gw)}  distinct (TLC's distinct:generated per action)`);
  for (const a of c.actions) {
    // By label: instances a hidden parameter tells apart share one, and it fired if any of them did.
    const fired = new Set(a.instances.filter((i) => i.generated > 0).map((i) => i.label));
    const never = [...new Set(a.instances.map((i) => i.label))].filter((l) => !fired.has(l));
    const tail = never.length === 0 ? '' : fired.size === 0 ? '  NEVER FIRED' : `  never fired: ${never.join('; ')}`;
    out.push(`  ${a.name.padEnd(w)}  ${String(a.generated).padStart(gw)}  ${String(a.distinct).padStart(8)}${tail}`);
  }
  out.push('  machines, per actor: state nodes reached, transitions (state node x event) taken:');
  const aw = Math.max(...c.machines.map((m) => `${m.actor} (${m.machine})`.length));
  for (const m of c.machines) {
    out.push(`    ${`${m.actor} (${m.machine})`.padEnd(aw)}  states ${m.states.reached}/${m.states.total}, transitions ${m.transitions.taken}/${m.transitions.total}`);
    if (m.states.unreached.length) out.push(`      states never reached: ${m.states.unreached.join(', ')}`);
    if (m.transitions.untaken.length) out.push(`      transitions never taken: ${m.transitions.untaken.join(', ')}`);
  }
  if (c.properties.length) {
    out.push('  properties:');
    const pw = Math.max(...c.properties.map((p) => p.id.length));
    for (const p of c.properties) out.push(`    ${p.id.padEnd(pw)}  ${p.note}`);
  }
  return out.map(terminalText);
}
