import { exploreAsync } from '../engine/explore.ts';
import { traceOf } from '../engine/trace.ts';
import { sometimes } from '../spec/property.ts';
import { stateJSON, type ActorStateJSON } from '../engine/trace.ts';
import { describeThrown } from '../errors.ts';
import { escapeHtml as h } from '../report/escape.ts';
import { shownFields } from '../report/fields.ts';
import { stepTableHtml } from '../report/htmlTables.ts';
import { resolveLanes } from '../report/lanes.ts';
import { kindWord } from '../report/reportModel.ts';
import { divergenceOf, divergentSteps, type Divergence, type ScenarioComparison } from '../report/scenarioTable.ts';
import { sequenceOf } from '../report/sequence.ts';
import { stepTableOf, stateText, type TraceMark } from '../report/stepTable.ts';
import { sequenceToSvg } from '../report/svgSequence.ts';
import { readableText } from '../report/valueText.ts';
import { SCHEMA_VERSION } from '../report/schema.ts';
import type { Property } from '../spec/property.ts';
import type { GlobalState } from '../spec/system.ts';
import type { StepRef } from './steps.ts';
import type { Design, DesignRun, EnabledStep, Walker } from './walk.ts';

/** A property at the current state of one design. */
export interface PropertyAtState {
  id: string;
  kind: Property['kind'] | 'deadlock';
  description?: string;
  /**
   * `holds` / `violated` for an invariant and for deadlock freedom; `reached` / `not reached` for a
   * witness (sometimes); `n/a` for a liveness property (a property of behaviours, not of one state:
   * `note` says what its predicates say here); `error` when a predicate threw.
   */
  status: 'holds' | 'violated' | 'reached' | 'not reached' | 'n/a' | 'error';
  note?: string;
  /** For a violated invariant: the spec's explanation (Presentation.explain) and the walk step whose state first broke it. */
  explain?: string;
  since?: number;
}

/** One design's column at the end of the walk. */
export interface DesignView {
  id: string;
  title?: string;
  /** The state of every actor (value, context, status), as the JSON traces have it. */
  state: Record<string, ActorStateJSON>;
  /** The state grouped by lanes, fields as the spec presents them (HTML fragment). */
  stateHtml: string;
  properties: PropertyAtState[];
  deadlock: boolean;
  /** States of the walk to point out: where an invariant became false, a deadlock (walk step indices). */
  marks: TraceMark[];
  /** The walk in this design as the report's step table and sequence diagram (HTML and SVG fragments). */
  stepTableHtml: string;
  diagramSvg: string;
  /** How many action instances are enabled here. */
  enabled: number;
}

/** The whole answer to POST /api/walk: see docs/explorer-api.md. */
export interface WalkView {
  schema: 'leasecheck/explorer-walk';
  schemaVersion: number;
  steps: StepRef[];
  designs: DesignView[];
  /** One row per step: its text and per design (in design order) the outcome. */
  rows: { index: number; text: string; op: string; params: StepRef['params']; cells: { design: string; outcome: string; detail: string; changes: string[] }[] }[];
  /** The first step (1-based) where the designs that can run the walk disagree, and those that cannot. */
  divergence: { step?: number; cannotRun: { design: string; step: number; outcome: string }[] };
  /** Every step (1-based) where any design differs. */
  divergent: number[];
  /** The operation instances enabled in some design at the end, grouped by operation, in model order. */
  enabled: { op: string; steps: EnabledStep[] }[];
}

/**
 * Builds the view of a walk: every design's run, outcomes side by side, and the state at its end.
 * `maxStates` bounds each search for a liveness goal from the end of the walk (see hopeless()).
 */
export async function walkView(w: Walker, steps: readonly StepRef[], maxStates = 100_000): Promise<WalkView> {
  const runs = w.designs.map((d) => w.run(d, steps));
  // Each design's own outcome is in its cell; the text names the step without asserting one.
  const texts = steps.map((s, i) => w.textOf(s, runs.flatMap((r, k) => (r.outcomes[i].instance !== undefined ? [w.designs[k].cs.instances[r.outcomes[i].instance!].label] : []))));
  const rows = steps.map((s, i) => ({
    index: i + 1,
    text: texts[i],
    op: s.op,
    params: s.params,
    cells: w.designs.map((d, k) => {
      const o = runs[k].outcomes[i];
      return { design: d.system.variant.id, outcome: o.outcome, detail: o.detail, changes: o.changes };
    }),
  }));
  const sc: ScenarioComparison = {
    name: 'walk',
    title: 'walk',
    steps: texts,
    columns: w.designs.map((d, k) => ({ variant: d.system.variant.id, cells: runs[k].outcomes.map((o) => ({ outcome: o.outcome })) })),
  };
  const div: Divergence = divergenceOf(sc);
  const groups = new Map<string, EnabledStep[]>();
  for (const e of w.enabledSteps(runs)) {
    const g = groups.get(e.op);
    if (g) g.push(e);
    else groups.set(e.op, [e]);
  }
  return {
    schema: 'leasecheck/explorer-walk',
    schemaVersion: SCHEMA_VERSION,
    steps: [...steps],
    designs: await Promise.all(w.designs.map((d, k) => designView(w, d, runs[k], maxStates))),
    rows,
    divergence: { ...(div.step !== undefined ? { step: div.step + 1 } : {}), cannotRun: div.cannotRun.map((c) => ({ design: c.variant, step: c.step + 1, outcome: c.outcome })) },
    divergent: divergentSteps(sc).map((i) => i + 1),
    enabled: [...groups].map(([op, list]) => ({ op, steps: list })),
  };
}

async function designView(w: Walker, d: Design, run: DesignRun, maxStates: number): Promise<DesignView> {
  const { cs, system } = d;
  const last = run.states[run.states.length - 1];
  const view = cs.view(last);
  const deadlock = w.deadlocked(d, last);
  const marks = walkMarks(d, run, deadlock);
  const properties: PropertyAtState[] = cs.properties.map((p) => propertyAt(d, p, view, marks));
  for (const [i, p] of cs.properties.entries()) {
    if (p.kind !== 'leadsTo' && p.kind !== 'eventually' && p.kind !== 'possibly') continue;
    const judged = await livenessAt(d, run, p, maxStates);
    if (judged) {
      properties[i] = { ...properties[i], ...judged.view };
      if (judged.mark) marks.push(judged.mark);
    }
  }
  marks.sort((a, b) => a.at - b.at);
  if (cs.checkDeadlock) {
    properties.push({ id: 'deadlock-free', kind: 'deadlock', description: 'every reachable state that is not terminal has an enabled action', status: deadlock ? 'violated' : 'holds', ...(deadlock ? { note: 'no action is enabled here and the state is not terminal', since: run.states.length - 1 } : {}) });
  }
  // The report's step table and diagram of the instances taken, numbered as the walk's steps.
  const trace = traceOf(cs, run.path);
  const toTrace = new Map<number, number>([[0, 0], ...run.walkIndex.map((wi, ti) => [wi, ti + 1] as [number, number])]);
  const traceMarks = marks.flatMap((m) => (toTrace.has(m.at) ? [{ ...m, at: toTrace.get(m.at)! }] : []));
  const tv = { ...(d.lanes ? { lanes: d.lanes } : {}), ...(system.present.fields ? { fields: system.present.fields } : {}), marks: traceMarks };
  const table = stepTableOf(cs, trace, tv);
  const walkOf = (ti: number) => (ti === 0 ? 0 : run.walkIndex[ti - 1]);
  table.rows = table.rows.map((r) => ({ ...r, index: walkOf(r.index) }));
  // Impossible steps get a row of their own: the design stayed where it was.
  run.outcomes.forEach((o, i) => {
    if (o.instance === undefined) table.rows.push({ index: i + 1, action: `impossible here: ${o.detail}`, changes: table.columns.map(() => null) });
  });
  table.rows.sort((a, b) => a.index - b.index);
  if (table.marks) table.marks = table.marks.map((m) => ({ ...m, at: walkOf(m.at) }));
  if (table.loop) delete table.loop;
  const seq = sequenceOf(cs, trace, tv);
  seq.steps = seq.steps.map((s) => ({ ...s, index: walkOf(s.index) }));
  if (seq.marks) seq.marks = seq.marks.map((m) => ({ ...m, at: walkOf(m.at) }));
  return {
    id: system.variant.id,
    ...(system.variant.title ? { title: system.variant.title } : {}),
    state: stateJSON(cs, last),
    stateHtml: stateHtml(d, last),
    properties,
    deadlock,
    marks,
    stepTableHtml: stepTableHtml(table),
    diagramSvg: run.path.length > 0 ? sequenceToSvg(seq, `${system.variant.id}: the walk`, `walk-${system.variant.id}`) : '',
    enabled: w.enabledIn(d, last).length,
  };
}

/** Where each invariant became false along the run (walk step indices), and a deadlock at the end. */
function walkMarks(d: Design, run: DesignRun, deadlock: boolean): TraceMark[] {
  const marks: TraceMark[] = [];
  for (const p of d.cs.properties) {
    if (p.kind !== 'always') continue;
    let was = true;
    run.states.forEach((locals, i) => {
      let holds: boolean | null;
      try {
        holds = tryPredicate(p.predicate, d.cs.view(locals));
      } catch {
        holds = null; // propertyAt reports what it threw
      }
      if (holds === false && was) marks.push({ at: i, kind: 'violated', property: p.name, ...(p.description ? { description: p.description } : {}) });
      was = holds !== false;
    });
  }
  if (deadlock) marks.push({ at: run.states.length - 1, kind: 'deadlock', property: 'deadlock-free' });
  return marks.sort((a, b) => a.at - b.at);
}

function propertyAt(d: Design, p: Property, s: GlobalState, marks: TraceMark[]): PropertyAtState {
  const base = { id: p.name, kind: p.kind, ...(p.description ? { description: p.description } : {}) };
  const value = (f: (s: GlobalState) => boolean) => tryPredicate(f, s);
  const err = (e: unknown) => ({ ...base, status: 'error' as const, note: describeThrown(e) });
  try {
    switch (p.kind) {
      case 'always': {
        if (value(p.predicate)) return { ...base, status: 'holds' };
        const since = [...marks].reverse().find((m) => m.property === p.name)?.at;
        const explain = d.system.present.explain?.({ variant: d.system.variant.id, knobs: d.system.variant.knobs, property: p.name });
        return { ...base, status: 'violated', ...(explain ? { explain } : {}), ...(since !== undefined ? { since } : {}) };
      }
      case 'sometimes':
        return { ...base, status: value(p.predicate) ? 'reached' : 'not reached' };
      case 'leadsTo':
        return { ...base, status: 'n/a', note: `${kindWord(p.kind)}, a property of behaviours: here its premise ${yes(value(p.premise))} and its goal ${yes(value(p.goal))}` };
      default:
        return { ...base, status: 'n/a', note: `${kindWord(p.kind)}, a property of behaviours: here its goal ${yes(value(p.goal))}` };
    }
  } catch (e) {
    return err(e);
  }
}

const yes = (b: boolean) => (b ? 'holds' : 'does not hold');

type Live = Extract<Property, { kind: 'leadsTo' | 'eventually' | 'possibly' }>;

/**
 * A liveness property judged on the walk: when its goal is owed at the end (for P ~> Q, P held on the
 * walk and Q has not since; for eventually Q, Q never held; for AG EF Q, Q does not hold now) and no
 * state where Q holds is reachable from there, every behaviour through that state violates it,
 * whatever the fairness: the state is marked (the first state of the walk from which Q was out of
 * reach). When Q is reachable, the property is not decided by one walk (n/a). The searches are the
 * engine's BFS from the state, capped at maxStates (past it: undecided, said so).
 */
async function livenessAt(d: Design, run: DesignRun, p: Live, maxStates: number): Promise<{ view: Partial<PropertyAtState>; mark?: TraceMark } | undefined> {
  const holds = (f: (s: GlobalState) => boolean, i: number) => !!f(d.cs.view(run.states[i]));
  const n = run.states.length - 1;
  let owedFrom: number | undefined;
  try {
    if (p.kind === 'possibly') owedFrom = holds(p.goal, n) ? undefined : n;
    else if (p.kind === 'eventually') owedFrom = run.states.some((_, i) => holds(p.goal, i)) ? undefined : 0;
    else {
      for (let i = 0; i <= n; i++) {
        if (owedFrom === undefined && holds(p.premise, i) && !holds(p.goal, i)) owedFrom = i;
        else if (owedFrom !== undefined && holds(p.goal, i)) owedFrom = undefined;
      }
    }
  } catch (e) {
    return { view: { status: 'error', note: describeThrown(e) } };
  }
  if (owedFrom === undefined) return undefined;
  const reach = await goalReachable(d, run.states[n], p.goal, maxStates);
  if (reach === 'unknown') return { view: { note: `${kindWord(p.kind)}: its goal is owed here, and no state where it holds was found within ${maxStates.toLocaleString('en-US')} states from here (undecided; raise --max-states)` } };
  if (reach === 'reachable') return undefined;
  // Out of reach from the end; find the first state of the walk (from owedFrom) from which it already was.
  let first = n;
  for (let i = n - 1; i >= owedFrom; i--) {
    if (run.states[i].every((x, a) => x === run.states[first][a])) {
      first = i;
      continue;
    }
    if ((await goalReachable(d, run.states[i], p.goal, maxStates)) !== 'unreachable') break;
    first = i;
  }
  const explain = d.system.present.explain?.({ variant: d.system.variant.id, knobs: d.system.variant.knobs, property: p.name });
  return {
    view: { status: 'violated', note: `from step ${first} on, no state where its goal holds is reachable: every behaviour through this state violates it`, since: first, ...(explain ? { explain } : {}) },
    mark: { at: first, kind: 'hopeless', property: p.name, ...(p.description ? { description: p.description } : {}) },
  };
}

/** Whether some state where `goal` holds is reachable from `locals` (the engine's BFS, capped). */
async function goalReachable(d: Design, locals: Int32Array, goal: (s: GlobalState) => boolean, maxStates: number): Promise<'reachable' | 'unreachable' | 'unknown'> {
  const cs = { ...d.cs, initial: new Int32Array(locals), properties: [sometimes('explorer:goal', goal)], checkDeadlock: false, forAll: new Map() };
  const ex = await exploreAsync(cs, { maxStates });
  if (ex.found.has('explorer:goal')) return 'reachable';
  return ex.stopped === null ? 'unreachable' : 'unknown';
}

/** A predicate's value, rethrowing what it threw as itself (propertyAt reports it per property). */
function tryPredicate(f: (s: GlobalState) => boolean, s: GlobalState): boolean {
  return !!f(s);
}

/** The current state as lanes: one column per lane, each actor's state and its shown fields. */
function stateHtml(d: Design, locals: Int32Array): string {
  const { cs, system } = d;
  const { lanes, actorLane } = resolveLanes(cs.actorNames, d.lanes);
  const cols = lanes.map((lane, l) => {
    const actors = cs.actorNames.flatMap((name, a) => {
      if (actorLane[a] !== l) return [];
      const snap = cs.tables[a].snapshots[locals[a]];
      const ctx = (snap.context && typeof snap.context === 'object' ? snap.context : {}) as Record<string, unknown>;
      const fields = shownFields(system.present.fields, cs, a, Object.keys(ctx).sort()).map(
        (f) => `<div class="field"${f.description ? ` title="${h(f.description)}"` : ''}>${h(f.label)}: ${h(readableText(ctx[f.field]))}</div>`,
      );
      return [`<div class="actor"><div class="actor-h"><span class="name">${h(name)}</span> <span class="st">${h(stateText(snap))}</span></div>${fields.join('')}</div>`];
    });
    return `<div class="lane"><div class="lane-h">${h(lane.title)}</div>${actors.join('')}</div>`;
  });
  return `<div class="lanes">${cols.join('')}</div>`;
}
