import type { CompiledSystem } from '../engine/compile.ts';
import type { Trace } from '../engine/trace.ts';
import { resolveLanes, type Lane, type LaneMap } from './lanes.ts';
import { stepTableOf, type TraceMark, type TraceView } from './stepTable.ts';

/** What changed in one lane at one step, one line per actor: `A.file: open → unused, fds=0`. */
export interface SequenceNote {
  lane: number;
  lines: string[];
}

/**
 * One step as a message: from the lane of the action's first participant (who acts) to the lanes of
 * the other participants and of the actors that changed (`to` empty: a step inside one lane).
 */
export interface SequenceStep {
  /** Index in the trace (1 = the first step). */
  index: number;
  from: number;
  to: number[];
  /** The action's label, without the acting actor's `name: ` prefix (the arrow's tail shows who). */
  label: string;
  notes: SequenceNote[];
}

/** A trace as a sequence diagram, independent of how it is drawn (Mermaid text or SVG). */
export interface SequenceDiagram {
  lanes: Lane[];
  steps: SequenceStep[];
  /** Steps after `at` repeat forever; `stutters`: the last state repeats (no step is in the cycle). */
  loop?: { at: number; stutters: boolean };
  /** States to point out (an invariant false there, a witness reached), drawn after step `at`. */
  marks?: TraceMark[];
}

/**
 * Builds the diagram of `trace`, grouping actors into lanes by `view.lanes` (default: one lane per
 * actor). Only lanes with an actor that takes part in a step or changes are drawn (a process that
 * never acts gets no lifeline); notes show fields as the spec presents them (view.fields).
 */
export function sequenceOf(cs: CompiledSystem, trace: Trace, view: TraceView | LaneMap = {}): SequenceDiagram {
  const v: TraceView = 'laneOf' in view ? { lanes: view } : view;
  const { lanes: allLanes, actorLane: allActorLane } = resolveLanes(cs.actorNames, v.lanes);
  const table = stepTableOf(cs, trace, v);
  // The lanes drawn: those of a participant of some step, or of an actor that changes (the table's columns).
  const used = new Set<number>();
  for (const st of trace.steps.slice(1)) for (const a of cs.instances[st.action!.instance].actors) used.add(allActorLane[a]);
  if (trace.steps.length > 1) for (const c of table.columns) used.add(allActorLane[cs.actorNames.indexOf(c.actor)]);
  if (used.size === 0) allLanes.forEach((_, i) => used.add(i));
  const keep = allLanes.map((_, i) => i).filter((i) => used.has(i));
  const laneList = keep.map((i) => allLanes[i]);
  const actorLane = allActorLane.map((l) => keep.indexOf(l));
  const colLane = table.columns.map((c) => actorLane[cs.actorNames.indexOf(c.actor)]);
  const steps = table.rows.map((row): SequenceStep => {
    const action = trace.steps[row.index].action!;
    const inst = cs.instances[action.instance];
    const actor = inst.actors[0];
    const from = actorLane[actor];
    const to: number[] = [];
    const add = (lane: number) => {
      if (lane !== from && !to.includes(lane)) to.push(lane);
    };
    for (const a of inst.actors) add(actorLane[a]);
    const notes: SequenceNote[] = [];
    row.changes.forEach((c, k) => {
      if (!c) return;
      const lane = colLane[k];
      add(lane);
      const fields = c.fields.map((f) => `${f.field}=${f.to}`);
      const line = `${table.columns[k].actor}: ${c.from === c.to ? c.to : `${c.from} → ${c.to}`}${fields.length ? `, ${fields.join(', ')}` : ''}`;
      const note = notes.find((n) => n.lane === lane);
      if (note) note.lines.push(line);
      else notes.push({ lane, lines: [line] });
    });
    notes.sort((x, y) => x.lane - y.lane);
    const prefix = `${cs.actorNames[actor]}: `;
    const label = action.label.startsWith(prefix) ? action.label.slice(prefix.length) : action.label;
    return { index: row.index, from, to, label, notes };
  });
  return { lanes: laneList, steps, ...(table.loop ? { loop: table.loop } : {}), ...(table.marks ? { marks: table.marks } : {}) };
}
