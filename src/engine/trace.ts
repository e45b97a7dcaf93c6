import { LeasecheckError } from '../errors.ts';
import { toPlain } from '../util/canonical.ts';
import type { CompiledSystem } from './compile.ts';
import type { Exploration } from './explore.ts';
import type { Params } from '../spec/system.ts';

export interface TraceAction {
  name: string;
  label: string;
  params: Params;
  /** Index of the action instance: the replay key's element. */
  instance: number;
}

export interface TraceStep {
  /** null for the initial state. */
  action: TraceAction | null;
  /** Local snapshot id of every actor after the step. */
  locals: Int32Array;
}

/**
 * A behaviour: steps[0] is the initial state. For a lasso, the steps after `loop` repeat forever:
 * the last step's state equals steps[loop]'s (or, for a stuttering end, `loop` is the last index).
 */
export interface Trace {
  steps: TraceStep[];
  loop?: number;
}

/** The action instance ids on the BFS parent path from the initial state to `state`. */
export function pathTo(ex: Exploration, state: number): number[] {
  const path: number[] = [];
  for (let s = state; ex.parent.get(s) >= 0; s = ex.parent.get(s)) path.push(ex.via.get(s));
  return path.reverse();
}

/**
 * Rebuilds the states along an action path by replaying it forward from the initial state through the
 * memo tables (TLC's way: the seen set keeps fingerprints, not states).
 */
export function traceOf(cs: CompiledSystem, path: readonly number[]): Trace {
  let cur = new Int32Array(cs.initial);
  const steps: TraceStep[] = [{ action: null, locals: cur }];
  for (const id of path) {
    const inst = cs.instances[id];
    const next = new Int32Array(cur);
    for (let j = 0; j < inst.actors.length; j++) {
      const a = inst.actors[j];
      const nx = cs.tables[a].next(next[a], inst.events[j]);
      if (nx < 0) throw new LeasecheckError('LC030', `trace step ${steps.length} (${inst.label}) is not enabled on replay`);
      next[a] = nx;
    }
    steps.push({ action: { name: inst.action.name, label: inst.label, params: inst.params, instance: id }, locals: next });
    cur = next;
  }
  return { steps };
}

/** Stateright-style replay key: the action instance indices joined by '/'. */
export function replayKey(trace: Trace): string {
  return trace.steps.slice(1).map((s) => s.action!.instance).join('/');
}

export interface ActorStateJSON {
  value: unknown;
  context: unknown;
  status?: string;
}

export interface TraceStepJSON {
  action: string | null;
  actionName?: string;
  params?: Params;
  state: Record<string, ActorStateJSON>;
}

export interface TraceJSON {
  length: number;
  replayKey: string;
  loop?: number;
  steps: TraceStepJSON[];
}

/** JSON-safe form of a trace: every actor's state value and context at every step. */
export function traceToJSON(cs: CompiledSystem, trace: Trace): TraceJSON {
  traceFits(cs, trace);
  return {
    length: trace.steps.length - 1,
    replayKey: replayKey(trace),
    ...(trace.loop !== undefined ? { loop: trace.loop } : {}),
    steps: trace.steps.map((st) => ({
      action: st.action ? st.action.label : null,
      ...(st.action ? { actionName: st.action.name, params: st.action.params } : {}),
      state: stateJSON(cs, st.locals),
    })),
  };
}

export function stateJSON(cs: CompiledSystem, locals: Int32Array): Record<string, ActorStateJSON> {
  const out: Record<string, ActorStateJSON> = {};
  cs.actorNames.forEach((name, a) => {
    const snap = cs.tables[a].snapshots[locals[a]];
    out[name] = { value: toPlain(snap.value), context: toPlain(snap.context), ...(snap.status !== 'active' ? { status: snap.status } : {}) };
  });
  return out;
}

/**
 * A trace's states are numbered by the compiled system that found it (each actor's snapshots in the
 * order it met them): another compilation of the same spec numbers them differently. LC030 when the
 * trace cannot be one of `cs`'s, rather than a TypeError deep in the replay.
 */
export function traceFits(cs: CompiledSystem, trace: Trace): void {
  const k = cs.actorNames.length;
  const fits = trace.steps.every(
    (st) =>
      st.locals.length === k &&
      st.locals.every((l, a) => Number.isInteger(l) && l >= 0 && l < cs.tables[a].snapshots.length) &&
      (st.action === null || (st.action.instance >= 0 && st.action.instance < cs.instances.length)),
  );
  if (!fits) {
    throw new LeasecheckError('LC030', "replay: this trace does not belong to this compiled system: a trace's states are numbered by the one that found it; use the check result's own `system` (CheckSuccess.system)");
  }
}
