import type { ActionInstance, CompiledSystem } from '../engine/compile.ts';
import { LeasecheckError } from '../errors.ts';
import type { ScenarioStep } from '../spec/presentation.ts';
import type { ParamValue, Params } from '../spec/system.ts';

/**
 * One step of a walk, the same in every design: an operation (JointAction.op, default the action's
 * name) with its parameters. Each design takes the outcome its rules give; `outcome` only chooses
 * among several enabled outcomes of one design (a nondeterministic choice), where it exists.
 * A step of a named case carries its scenario `line`: then each design matches the line itself, as
 * `leasecheck replay` does (lineMatch.ts), and `op`/`params` only say what it is about.
 */
export interface StepRef {
  op: string;
  params: Params;
  outcome?: string;
  line?: string;
}

/** Longest scenario line a step may carry (the parser has no limit; a request must). */
const LINE_MAX = 2000;

/** A scenario line as the scenario parser reads it (src/scenario/parse.ts): `WHO: words`, or words. */
export function scenarioLine(text: string, line = 0): ScenarioStep {
  const t = text.trim();
  const m = /^([A-Za-z][\w.-]*):\s*(.+)$/.exec(t);
  return m ? { line, text: t, who: m[1], words: m[2].trim().split(/\s+/) } : { line, text: t, who: '', words: t.split(/\s+/) };
}

/** The operation an instance is an outcome of. */
export const opOf = (inst: ActionInstance): string => inst.action.op ?? inst.action.name;
/** Which outcome of its operation an instance is. */
export const outcomeOf = (inst: ActionInstance): string => inst.action.outcome ?? 'ok';

/** A canonical key for parameters: the same values give the same key whatever the key order. */
export function paramKey(p: Params): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

/** The key of an operation instance: op and parameters. */
export const stepKey = (s: { op: string; params: Params }): string => `${s.op}\u0000${paramKey(s.params)}`;

/** The step an instance takes. */
export function stepOf(inst: ActionInstance): StepRef {
  return { op: opOf(inst), params: { ...inst.params }, outcome: outcomeOf(inst) };
}

/**
 * Whether an instance's parameters agree with a step's on every parameter both have, and one binds a
 * subset of the other's. Designs may give one operation different parameters (a design that refuses
 * ibv_reg_mr outright binds only who asks), so a step matches an outcome that binds fewer or more of
 * them, as a scenario line does; a close of fd10 never matches a close of an RDMA context (`ctx`).
 */
export function compatible(a: Params, b: Params): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (!ka.every((k) => k in b) && !kb.every((k) => k in a)) return false;
  return ka.every((k) => !(k in b) || a[k] === b[k]);
}

/**
 * The instances of one design that are outcomes of a step, in model order, those that bind exactly its
 * parameters first, then the compatible ones (see compatible).
 */
export function candidatesOf(cs: CompiledSystem, step: Pick<StepRef, 'op' | 'params'>): ActionInstance[] {
  let index = byOp.get(cs);
  if (!index) {
    index = new Map();
    for (const inst of cs.instances) {
      const list = index.get(opOf(inst));
      if (list) list.push(inst);
      else index.set(opOf(inst), [inst]);
    }
    byOp.set(cs, index);
  }
  const all = index.get(step.op) ?? [];
  const key = paramKey(step.params);
  const exact = all.filter((inst) => paramKey(inst.params) === key);
  return [...exact, ...all.filter((inst) => paramKey(inst.params) !== key && compatible(inst.params, step.params))];
}

const byOp = new WeakMap<CompiledSystem, Map<string, ActionInstance[]>>();

/**
 * Checks a list of steps as the JSON API receives it (LC043 names the first bad one): each an object
 * with a string `op`, a `params` record of strings, numbers and booleans, an optional string `outcome`
 * and an optional scenario `line`.
 */
export function parseSteps(raw: unknown): StepRef[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new LeasecheckError('LC043', '"steps" must be an array of { op, params, outcome? }');
  if (raw.length > 10_000) throw new LeasecheckError('LC043', `a walk of ${raw.length} steps is too long (at most 10000)`);
  return raw.map((s: unknown, i) => {
    const bad = (why: string) => new LeasecheckError('LC043', `step ${i + 1}: ${why}`);
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw bad('must be an object { op, params, outcome? }');
    const { op, params, outcome, line } = s as Record<string, unknown>;
    if (typeof op !== 'string' || op === '') throw bad('"op" must be a non-empty string');
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) throw bad('"params" must be an object');
    const ps: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries((params ?? {}) as Record<string, unknown>)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) throw bad(`parameter ${k} must be a string, number or boolean`);
      ps[k] = v as ParamValue;
    }
    if (outcome !== undefined && typeof outcome !== 'string') throw bad('"outcome" must be a string');
    if (line !== undefined) {
      if (typeof line !== 'string' || line.trim() === '' || line.length > LINE_MAX) throw bad(`"line" must be a scenario line (a non-empty string of at most ${LINE_MAX} characters)`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(line)) throw bad('"line" holds a control character');
    }
    return { op, params: ps, ...(outcome !== undefined ? { outcome } : {}), ...(line !== undefined ? { line: (line as string).trim() } : {}) };
  });
}
