import type { CompiledSystem } from '../engine/compile.ts';
import type { Trace } from '../engine/trace.ts';
import type { Snapshot } from '../spec/system.ts';
import { changedFields } from './traceText.ts';
import { resolveLanes, type LaneMap } from './lanes.ts';
import { jsonText, valueText } from './valueText.ts';

/** One context field that moved: its JSON before and after. */
export interface FieldChange {
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
  /** The actor's state and every context field in the initial state. */
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
 * A trace as a table that shows only what moved: one row per step, one column per actor that changes
 * somewhere in the trace (grouped by lane), a cell only where that actor changed at that step.
 */
export interface StepTable {
  columns: StepTableColumn[];
  rows: StepTableRow[];
  /** From Trace.loop: the index the cycle starts at, and whether the end is a stutter (the last state repeats). */
  loop?: { at: number; stutters: boolean };
}

/** Builds the step table of `trace`. Columns follow the lane order of `lanes`, then actor order. */
export function stepTableOf(cs: CompiledSystem, trace: Trace, lanes?: LaneMap): StepTable {
  const { lanes: laneList, actorLane } = resolveLanes(cs.actorNames, lanes);
  const moved = cs.actorNames.map((_, a) => trace.steps.some((st, i) => i > 0 && st.locals[a] !== trace.steps[i - 1].locals[a]));
  const anyMoved = moved.some(Boolean);
  const order = cs.actorNames
    .map((_, a) => a)
    .filter((a) => moved[a] || !anyMoved)
    .sort((x, y) => actorLane[x] - actorLane[y] || x - y);
  const snap = (a: number, i: number): Snapshot => cs.tables[a].snapshots[trace.steps[i].locals[a]];
  const columns = order.map((a) => {
    const s = snap(a, 0);
    const ctx = (s.context ?? {}) as Record<string, unknown>;
    const fields = typeof ctx === 'object' ? Object.keys(ctx).sort().map((field) => ({ field, value: jsonText(ctx[field]) })) : [];
    return { actor: cs.actorNames[a], lane: laneList[actorLane[a]].title, initial: { state: stateText(s), fields } };
  });
  const rows = trace.steps.slice(1).map((st, k) => {
    const i = k + 1;
    const changes = order.map((a) => (st.locals[a] === trace.steps[i - 1].locals[a] ? null : changeOf(snap(a, i - 1), snap(a, i))));
    return { index: i, action: st.action!.label, changes };
  });
  return {
    columns,
    rows,
    ...(trace.loop !== undefined ? { loop: { at: trace.loop, stutters: trace.loop === trace.steps.length - 1 } } : {}),
  };
}

/** An XState state value as text, with the snapshot status when it is not `active` (e.g. `done (done)`). */
export function stateText(s: Snapshot): string {
  return `${valueText(s.value)}${s.status !== 'active' ? ` (${s.status})` : ''}`;
}

function changeOf(s0: Snapshot, s1: Snapshot): ActorChange {
  const c0 = (s0.context ?? {}) as Record<string, unknown>;
  const c1 = (s1.context ?? {}) as Record<string, unknown>;
  return {
    from: stateText(s0),
    to: stateText(s1),
    fields: changedFields(c0, c1).map((field) => ({ field, from: jsonText(c0[field]), to: jsonText(c1[field]) })),
  };
}
