import { canonicalKey } from '../util/canonical.ts';
import { replayKey, type Trace } from '../engine/trace.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import type { ParamValue } from '../spec/system.ts';

/**
 * The Informal Trace Format (ITF) of Apalache and Quint, ADR-015
 * (https://apalache-mc.org/docs/adr/015adr-trace.html): a trace is `{ "#meta", "vars", "states", "loop" }`,
 * each state maps every variable to an expression. Pure functions; the CLI writes the files.
 */
export interface ItfTrace {
  '#meta'?: Record<string, unknown>;
  params?: string[];
  vars: string[];
  states: ItfState[];
  loop?: number;
}

/** One state: a value for every variable, and the tool's metadata. */
export type ItfState = { '#meta'?: Record<string, unknown> } & { [name: string]: ItfValue };

/** An ITF expression (ADR-015), plus Quint's variants `{ tag, value }`, which are records to the ADR. */
export type ItfValue =
  | boolean
  | string
  | number
  | ItfValue[]
  | { '#bigint': string }
  | { '#tup': ItfValue[] }
  | { '#set': ItfValue[] }
  | { '#map': [ItfValue, ItfValue][] }
  | { '#unserializable': string }
  | { [field: string]: ItfValue };

/** The variables Quint adds for model-based testing: the action of each step and its parameter values. */
export const ACTION_TAKEN = 'mbt::actionTaken';
/** See ACTION_TAKEN. */
export const NONDET_PICKS = 'mbt::nondetPicks';

/** Quint's Option values, as it writes them in `mbt::nondetPicks`. */
const NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };
const some = (v: ItfValue): ItfValue => ({ tag: 'Some', value: v });

/**
 * One JS value as an ITF expression: safe integers as JSON numbers and others (bigint, or integers
 * beyond 2^53 - 1) as `{"#bigint": "..."}`; arrays as lists; Set as `#set` and Map as `#map` (entries
 * in canonical order, so equal values give equal text); plain objects as records, unless a key starts
 * with `#` (it would read as an ITF form), then as a `#map` with string keys; Date as its ISO string.
 *
 * WARNING: ITF has no null. null and undefined become Quint's `None` variant
 * (`{"tag": "None", "value": {"#tup": []}}`) while other values are not wrapped in `Some`: XState
 * contexts are untyped, so a reader must accept either shape in a field that may be empty.
 * Non-integer numbers, NaN and infinities become `{"#unserializable": "1.5"}`.
 */
export function itfValue(v: unknown): ItfValue {
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return { '#bigint': v.toString() };
    case 'number':
      if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
      if (Number.isInteger(v)) return { '#bigint': BigInt(v).toString() };
      return { '#unserializable': String(v) };
    case 'undefined':
      return NONE;
    case 'function':
    case 'symbol':
      return { '#unserializable': String(v) };
  }
  if (v === null) return NONE;
  if (Array.isArray(v)) return v.map(itfValue);
  if (v instanceof Set) return { '#set': sortByKey([...v]).map(itfValue) };
  if (v instanceof Map) return { '#map': sortByKey([...v.entries()], (e) => e[0]).map(([k, x]) => [itfValue(k), itfValue(x)]) };
  if (v instanceof Date) return v.toISOString();
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.some((k) => k.startsWith('#'))) return { '#map': keys.map((k) => [k, itfValue(o[k])]) };
  const rec: Record<string, ItfValue> = {};
  for (const k of keys) rec[k] = itfValue(o[k]);
  return rec;
}

function sortByKey<T>(xs: T[], key: (x: T) => unknown = (x) => x): T[] {
  return xs.map((x) => [canonicalKey(key(x)), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
}

/**
 * A trace as ITF. The variables are the actors, each a record `{ value, context, status }` (XState's
 * snapshot fields), plus Quint's `mbt::actionTaken` (the action's name; `init` for the initial state)
 * and `mbt::nondetPicks` (every parameter name of the system, `Some(value)` where the step's action
 * bound it, else `None`). Each state's `#meta` has its index and the action's label.
 *
 * A lasso keeps leasecheck's convention: `loop` is the index the cycle starts at and the last state
 * equals `states[loop]` (the step into it closes the cycle); `loop` = the last index means the last
 * state repeats forever (stuttering). `#meta.loopConvention` says so in the file.
 */
export function traceToItf(cs: CompiledSystem, trace: Trace, meta: Record<string, unknown> = {}): ItfTrace {
  const picks = [...new Set(cs.instances.flatMap((inst) => Object.keys(inst.params)))].sort();
  const states = trace.steps.map((step, index): ItfState => {
    const state: ItfState = { '#meta': { index, ...(step.action ? { label: step.action.label } : {}) } };
    cs.actorNames.forEach((name, a) => {
      const s = cs.tables[a].snapshots[step.locals[a]];
      state[name] = { value: itfValue(s.value), context: s.context === undefined ? {} : itfValue(s.context), status: s.status };
    });
    state[ACTION_TAKEN] = step.action ? step.action.name : 'init';
    const params: Record<string, ParamValue> = step.action ? { ...step.action.params } : {};
    state[NONDET_PICKS] = Object.fromEntries(picks.map((p) => [p, p in params ? some(itfValue(params[p])) : NONE]));
    return state;
  });
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: cs.name,
      description: `generated by leasecheck; replay key ${replayKey(trace) || '(initial state)'}`,
      scope: { ...cs.scope },
      replayKey: replayKey(trace),
      ...(trace.loop !== undefined
        ? {
            loopConvention:
              trace.loop === trace.steps.length - 1
                ? 'stuttering: the last state repeats forever'
                : 'the last state equals states[loop]; the steps after loop repeat forever',
          }
        : {}),
      ...meta,
    },
    vars: [...cs.actorNames, ACTION_TAKEN, NONDET_PICKS],
    states,
    ...(trace.loop !== undefined ? { loop: trace.loop } : {}),
  };
}
