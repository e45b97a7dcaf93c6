import type { CompiledSystem } from '../engine/compile.ts';
import type { Trace } from '../engine/trace.ts';
import type { Snapshot } from '../spec/system.ts';
import { changedFields } from './traceText.ts';
import { resolveLanes, type LaneMap } from './lanes.ts';
import { shownFields, type FieldHooks } from './fields.ts';
import { readableText, valueText } from './valueText.ts';

/** One context field that moved: its value before and after, as a reviewer reads them. */
export interface FieldChange {
  /** The field's label (the spec's, else its name). */
  field: string;
  from: string;
  to: string;
}

/** What one actor did in one step: its state before and after (equal if only context moved), and the context fields that moved. */
export interface ActorChange {
  from: string;
  to: string;
  fields: FieldChange[];
}

/** One actor's column: its lane and its initial state. */
export interface StepTableColumn {
  actor: string;
  lane: string;
  /** The actor's state and every shown context field in the initial state. */
  initial: { state: string; fields: { field: string; value: string }[] };
}

/** One step of the trace. */
export interface StepTableRow {
  /** Index in the trace (1 = the first step). */
  index: number;
  action: string;
  /** One per column; null where the actor did not change. */
  changes: (ActorChange | null)[];
}

/**
 * Something a reader must see at one state of a trace: an invariant false there (the state that
 * breaks it), a witness's goal reached, or a state with no enabled action.
 */
export interface TraceMark {
  /** Index in the trace of the state it is about (0 = the initial state). */
  at: number;
  /** `hopeless`: a liveness property's goal can no longer be reached from this state (so it is violated). */
  kind: 'violated' | 'witnessed' | 'deadlock' | 'hopeless';
  property: string;
  description?: string;
}

/** A mark as one line of text: `✗ no-truncate-of-pinned is false here: no block is freed while pinned`. */
export function markText(m: TraceMark): string {
  const why = m.description ? `: ${m.description}` : '';
  if (m.kind === 'witnessed') return `✓ ${m.property} is reached here${why}`;
  if (m.kind === 'hopeless') return `✗ ${m.property} is violated from here on: no state where its goal holds is reachable${why}`;
  if (m.kind === 'deadlock') return `✗ ${m.property}: no action is enabled here${why}`;
  return `✗ ${m.property} is false here${why}`;
}

/**
 * A trace as a table that shows only what moved: one row per step, one column per actor that changes
 * somewhere in the trace (grouped by lane), a cell only where that actor changed at that step.
 */
export interface StepTable {
  columns: StepTableColumn[];
  rows: StepTableRow[];
  /** From Trace.loop: the index the cycle starts at, and whether the end is a stutter (the last state repeats). */
  loop?: { at: number; stutters: boolean };
  /** The states to point out (from the options), in trace order. */
  marks?: TraceMark[];
  /** The spec's description of every field the table shows that has one: `label: description`. */
  legend?: { field: string; description: string }[];
}

/** How a trace is presented: lanes, the spec's field hooks, and the states to mark. */
export interface TraceView {
  lanes?: LaneMap;
  fields?: FieldHooks;
  marks?: readonly TraceMark[];
}

/**
 * Builds the step table of `trace`. Columns follow the lane order, then actor order. Context fields
 * the spec hides (Presentation.fields) are left out and the others shown by their labels; values
 * read as a reviewer reads them (readableText). `view` may also be a LaneMap (the older signature).
 */
export function stepTableOf(cs: CompiledSystem, trace: Trace, view: TraceView | LaneMap = {}): StepTable {
  const v: TraceView = 'laneOf' in view ? { lanes: view } : view;
  const { lanes: laneList, actorLane } = resolveLanes(cs.actorNames, v.lanes);
  const moved = cs.actorNames.map((_, a) => trace.steps.some((st, i) => i > 0 && st.locals[a] !== trace.steps[i - 1].locals[a]));
  const anyMoved = moved.some(Boolean);
  const order = cs.actorNames
    .map((_, a) => a)
    .filter((a) => moved[a] || !anyMoved)
    .sort((x, y) => actorLane[x] - actorLane[y] || x - y);
  const snap = (a: number, i: number): Snapshot => cs.tables[a].snapshots[trace.steps[i].locals[a]];
  const legend = new Map<string, string>();
  const shown = (a: number, names: readonly string[]) => {
    const list = shownFields(v.fields, cs, a, names);
    for (const f of list) if (f.description && !legend.has(f.label)) legend.set(f.label, f.description);
    return list;
  };
  const columns = order.map((a) => {
    const s = snap(a, 0);
    const ctx = contextOf(s);
    const fields = shown(a, Object.keys(ctx).sort()).map((f) => ({ field: f.label, value: readableText(ctx[f.field]) }));
    return { actor: cs.actorNames[a], lane: laneList[actorLane[a]].title, initial: { state: stateText(s), fields } };
  });
  const rows = trace.steps.slice(1).map((st, k) => {
    const i = k + 1;
    const changes = order.map((a) => {
      if (st.locals[a] === trace.steps[i - 1].locals[a]) return null;
      const s0 = snap(a, i - 1);
      const s1 = snap(a, i);
      const c0 = contextOf(s0);
      const c1 = contextOf(s1);
      const fields = shown(a, changedFields(c0, c1)).map((f) => ({ field: f.label, from: readableText(c0[f.field]), to: readableText(c1[f.field]) }));
      return { from: stateText(s0), to: stateText(s1), fields };
    });
    return { index: i, action: st.action!.label, changes };
  });
  const marks = [...(v.marks ?? [])].filter((m) => m.at >= 0 && m.at < trace.steps.length).sort((x, y) => x.at - y.at);
  return {
    columns,
    rows,
    ...(trace.loop !== undefined ? { loop: { at: trace.loop, stutters: trace.loop === trace.steps.length - 1 } } : {}),
    ...(marks.length ? { marks } : {}),
    ...(legend.size ? { legend: [...legend].map(([field, description]) => ({ field, description })) } : {}),
  };
}

/** The marks of a table at trace index i. */
export const marksAt = (t: StepTable, i: number): TraceMark[] => (t.marks ?? []).filter((m) => m.at === i);

/** An XState state value as text, with the snapshot status when it is not `active` (e.g. `done (done)`). */
export function stateText(s: Snapshot): string {
  return `${valueText(s.value)}${s.status !== 'active' ? ` (${s.status})` : ''}`;
}

function contextOf(s: Snapshot): Record<string, unknown> {
  const c = s.context as unknown;
  return c && typeof c === 'object' ? (c as Record<string, unknown>) : {};
}
