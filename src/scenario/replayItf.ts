import { readFileSync } from 'node:fs';
import { compileSystem, type CompiledSystem } from '../engine/compile.ts';
import { disabledBecause } from '../engine/liveness/stuck.ts';
import { replayTrace } from '../engine/replay.ts';
import { traceOf, type Trace } from '../engine/trace.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { ACTION_TAKEN, itfValue, type ItfTrace } from '../report/itf.ts';
import { withKnobs, withVariant } from '../spec/define.ts';
import type { System } from '../spec/system.ts';
import type { KnobValue } from '../spec/variants.ts';
import { quoted } from './parse.ts';

/** An ITF trace read back: what it claims (variant, knobs, scope, property) and its states. */
export interface ItfFile {
  path: string;
  itf: ItfTrace;
  variant?: string;
  knobs?: Record<string, KnobValue>;
  scope: Record<string, number>;
  property?: string;
  /** The spec that wrote it, relative to the trace file (compare --out records it). */
  spec?: string;
}

/** Reads an ITF file leasecheck (or a tool following the format) wrote; LC041 when it is not one. */
export function readItf(path: string): ItfFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeasecheckError('LC041', `${path} is not an ITF trace: ${describeThrown(e)}`);
  }
  return parseItf(text, path);
}

/** An ITF trace from its text (`path` names it in messages); LC041 when it is not one. */
export function parseItf(text: string, path: string): ItfFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LeasecheckError('LC041', `${path} is not an ITF trace: ${describeThrown(e)}`);
  }
  const itf = data as ItfTrace;
  if (!itf || typeof itf !== 'object' || !Array.isArray(itf.vars) || !Array.isArray(itf.states) || itf.states.length === 0) {
    throw new LeasecheckError('LC041', `${path} is not an ITF trace (it needs "vars" and a non-empty "states")`);
  }
  const last = itf.states.length - 1;
  if (itf.loop !== undefined && !(Number.isInteger(itf.loop) && itf.loop >= 0 && itf.loop <= last)) {
    throw new LeasecheckError('LC041', `${path}: "loop" is ${JSON.stringify(itf.loop)}; it must be the index of one of its ${itf.states.length} states (0 to ${last})`);
  }
  const meta = (itf['#meta'] ?? {}) as Record<string, unknown>;
  const scope = isRecord(meta.scope) ? (meta.scope as Record<string, number>) : {};
  return {
    path,
    itf,
    ...(typeof meta.variant === 'string' ? { variant: meta.variant } : {}),
    ...(isRecord(meta.knobs) ? { knobs: meta.knobs as Record<string, KnobValue> } : {}),
    scope,
    ...(typeof meta.property === 'string' ? { property: meta.property } : {}),
    ...(typeof meta.spec === 'string' ? { spec: meta.spec } : {}),
  };
}

/** The system the ITF file was written for: its variant (or `variantId` when given) with its knob values. */
export function itfSystem(system: System, file: ItfFile, variantId?: string): System {
  const id = variantId ?? file.variant?.split('+')[0];
  const base = id !== undefined ? withVariant(system, id) : system;
  return file.knobs && variantId === undefined ? withKnobs(base, file.knobs) : base;
}

/**
 * Maps an ITF trace back onto the model: from the initial state, each next ITF state must be reached
 * by an enabled action instance (the one its label or `mbt::actionTaken` names) whose successor is
 * that state, actor by actor. Then the path is replayed on real XState actors. LC030 names the first
 * state that no enabled action reaches, and which actor differs.
 */
export function replayItf(system: System, file: ItfFile): { cs: CompiledSystem; trace: Trace; path: number[] } {
  const cs = compileSystem(system, file.scope);
  const { itf } = file;
  const missing = cs.actorNames.filter((a) => !itf.vars.includes(a));
  if (missing.length) throw new LeasecheckError('LC030', `${file.path}: the trace has no ${missing.map((m) => quoted(m)).join(', ')}: it is not a trace of ${system.name} at scope ${scopeText(cs)}`);
  const differs = (locals: Int32Array, i: number) => cs.actorNames.find((name, a) => key(itfOf(cs, a, locals[a])) !== key(itf.states[i][name]));
  let cur = new Int32Array(cs.initial);
  const first = differs(cur, 0);
  if (first !== undefined) throw new LeasecheckError('LC030', `${file.path}: state 0 is not the initial state of ${system.name} (${system.variant.id}) at scope ${scopeText(cs)}: ${first} differs`);
  const path: number[] = [];
  for (let i = 1; i < itf.states.length; i++) {
    const st = itf.states[i];
    const label = (st['#meta'] as { label?: unknown } | undefined)?.label;
    const name = st[ACTION_TAKEN];
    const named = cs.instances.filter((inst) => (typeof label === 'string' ? inst.label === label : inst.action.name === name));
    const view = cs.view(cur);
    let taken = -1;
    let why = named.length ? '' : `no action of the model is ${typeof label === 'string' ? `labelled ${quoted(label)}` : `named ${quoted(String(name))}`}`;
    for (const inst of named) {
      const reason = disabledBecause(cs, cur, view, inst);
      if (reason !== null) {
        why ||= `${inst.label}: ${reason}`;
        continue;
      }
      const next = new Int32Array(cur);
      for (let j = 0; j < inst.actors.length; j++) next[inst.actors[j]] = cs.tables[inst.actors[j]].next(next[inst.actors[j]], inst.events[j]);
      const off = differs(next, i);
      if (off === undefined) {
        taken = inst.id;
        cur = next;
        break;
      }
      why ||= `${inst.label} leads elsewhere (${off} differs)`;
    }
    if (taken < 0) throw new LeasecheckError('LC030', `${file.path}: state ${i} cannot be reached under ${system.variant.id}: ${why}`);
    path.push(taken);
  }
  const trace = traceOf(cs, path);
  if (itf.loop !== undefined) {
    // leasecheck's convention (report/itf.ts): the last state is states[loop] again (parseItf checked
    // that loop is a state's index). A lasso that does not close is the file's mistake, not the model's.
    const last = itf.states.length - 1;
    const open = cs.actorNames.find((name) => key(itf.states[last][name]) !== key(itf.states[itf.loop!][name]));
    if (open !== undefined) {
      throw new LeasecheckError('LC041', `${file.path}: "loop" is ${itf.loop}, but the last state (${last}) is not state ${itf.loop} again (${open} differs): a lasso's last state must equal states[loop]`);
    }
    trace.loop = itf.loop;
  }
  replayTrace(cs, trace);
  return { cs, trace, path };
}

function itfOf(cs: CompiledSystem, a: number, local: number): unknown {
  const s = cs.tables[a].snapshots[local];
  return { value: itfValue(s.value), context: s.context === undefined ? {} : itfValue(s.context), status: s.status };
}

/** Key order does not matter in ITF records. */
function key(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

function scopeText(cs: CompiledSystem): string {
  return Object.entries(cs.scope).map(([k, v]) => `${k}=${v}`).join(', ') || '(defaults)';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
