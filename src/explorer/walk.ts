import { compileSystem, type ActionInstance, type CompiledSystem } from '../engine/compile.ts';
import { disabledBecause } from '../engine/liveness/stuck.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { diff } from '../report/traceText.ts';
import type { LaneMap } from '../spec/presentation.ts';
import type { GlobalState, Scope, System } from '../spec/system.ts';
import { whyImpossible } from '../scenario/run.ts';
import { operationText } from './label.ts';
import { lineCandidates } from './lineMatch.ts';
import { candidatesOf, compatible, opOf, outcomeOf, paramKey, scenarioLine, stepKey, type StepRef } from './steps.ts';

/** One design of the walk: the system as that variant, compiled at the explorer's scope. */
export interface Design {
  system: System;
  cs: CompiledSystem;
  lanes?: LaneMap;
}

/** What one step did in one design. */
export interface StepOutcome {
  /** `ok`, an errno, `blocks`, ... (the action's outcome), or `impossible`. */
  outcome: string;
  /** The label of the instance taken, or why the step is impossible here. */
  detail: string;
  /** The instance taken (absent when impossible). */
  instance?: number;
  /** The actors that changed, `actor: before -> after`. */
  changes: string[];
}

/** A walk replayed in one design: its state after every step (unchanged by an impossible one). */
export interface DesignRun {
  outcomes: StepOutcome[];
  /** states[i]: the locals after walk step i (states[0]: the initial state). */
  states: Int32Array[];
  /** The instances taken, in order, and the walk step each one is. */
  path: number[];
  walkIndex: number[];
}

/** An enabled operation instance at the end of a walk, with what each design would do. */
export interface EnabledStep {
  op: string;
  params: StepRef['params'];
  /** How the step reads: its operation's outcome-free name (Walker.textOf), each design's outcome in `in`. */
  text: string;
  /** Per design (by id): the outcome and label of the instance it would take, or absent when not enabled there. */
  in: Record<string, { outcome: string; label: string }[]>;
}

/**
 * The explorer's model of a walk: the same steps applied to every design at one scope. A step is an
 * operation instance (op and parameters); each design takes its enabled outcome of it (the first in
 * model order, or the one the step names when several are enabled), or stays where it is when the
 * step is impossible there, with the spec's reason (Presentation.scenarios.whyImpossible) or the
 * engine's. A step of a named case is its scenario line, matched in each design as replay does.
 * Stateless: a walk is given as its list of steps and replayed through the memo tables.
 */
export class Walker {
  readonly designs: Design[];

  constructor(variants: readonly System[], scope: Readonly<Record<string, number>>) {
    if (variants.length === 0) throw new LeasecheckError('LC040', 'the explorer needs at least one variant');
    this.designs = variants.map((system) => {
      const cs = compileSystem(system, scope);
      const lanes = system.present.lanes?.(cs.scope);
      return { system, cs, ...(lanes ? { lanes } : {}) };
    });
  }

  get scope(): Scope {
    return this.designs[0].cs.scope;
  }

  /** The design of id `id`, or LC040 naming the designs there are. */
  design(id: string): Design {
    const d = this.designs.find((x) => x.system.variant.id === id);
    if (!d) {
      const word = this.designs[0].system.present.variantWord ?? 'variant';
      throw new LeasecheckError('LC040', `no ${word} "${id}" in this explorer (${this.designs.map((x) => x.system.variant.id).join(', ')})`);
    }
    return d;
  }

  /** Replays `steps` in design d. */
  run(d: Design, steps: readonly StepRef[]): DesignRun {
    let cur: Int32Array = new Int32Array(d.cs.initial);
    const run: DesignRun = { outcomes: [], states: [cur], path: [], walkIndex: [] };
    steps.forEach((step, i) => {
      const o = this.apply(d, cur, step);
      run.outcomes.push(o);
      if (o.instance !== undefined) {
        cur = next(d.cs, cur, d.cs.instances[o.instance]);
        run.path.push(o.instance);
        run.walkIndex.push(i + 1);
      }
      run.states.push(cur);
    });
    return run;
  }

  /** What `step` does in design d at `cur`. */
  apply(d: Design, cur: Int32Array, step: StepRef): StepOutcome {
    if (step.line !== undefined) return this.applyLine(d, cur, step.line);
    const { cs, system } = d;
    const candidates = candidatesOf(cs, step);
    if (candidates.length === 0) {
      return { outcome: 'impossible', detail: `this ${system.present.variantWord ?? 'variant'} has no such operation`, changes: [] };
    }
    const view = cs.view(cur);
    const reasons = candidates.map((inst) => disabledBecause(cs, cur, view, inst));
    const enabled = candidates.filter((_, i) => reasons[i] === null);
    if (enabled.length === 0) {
      const first = candidates[0];
      const line = scenarioLine(first.label);
      return { outcome: 'impossible', detail: whyImpossible(system, cs, cur, line, first, reasons[0]!), changes: [] };
    }
    // The step's outcome only chooses among the outcomes that bind the same parameters as the first.
    const same = enabled.filter((x) => paramKey(x.params) === paramKey(enabled[0].params));
    const inst = same.find((x) => step.outcome !== undefined && outcomeOf(x) === step.outcome) ?? enabled[0];
    return taken(cs, cur, inst);
  }

  /**
   * A scenario line in design d at `cur`, as runScenario takes it: the first enabled instance the line
   * means in this design, in model order, else impossible with the same reason replay gives.
   */
  applyLine(d: Design, cur: Int32Array, text: string): StepOutcome {
    const { cs, system } = d;
    const { list, error } = lineCandidates(system, cs, text);
    if (list.length === 0) return { outcome: 'impossible', detail: error ?? `this ${system.present.variantWord ?? 'variant'} has no such operation`, changes: [] };
    const view = cs.view(cur);
    const reasons = list.map((inst) => disabledBecause(cs, cur, view, inst));
    const k = reasons.indexOf(null);
    if (k < 0) return { outcome: 'impossible', detail: whyImpossible(system, cs, cur, scenarioLine(text), list[0], reasons[0]!), changes: [] };
    return taken(cs, cur, list[k]);
  }

  /** The instances of design d enabled at `locals`, in model order. */
  enabledIn(d: Design, locals: Int32Array): ActionInstance[] {
    const view = d.cs.view(locals);
    return d.cs.instances.filter((inst) => disabledBecause(d.cs, locals, view, inst) === null);
  }

  /**
   * The operation instances enabled in at least one design at the end of each design's run, in the
   * model order of the first design that has them; per design what it would take.
   */
  enabledSteps(runs: readonly DesignRun[]): EnabledStep[] {
    const out = new Map<string, EnabledStep>();
    this.designs.forEach((d, k) => {
      const id = d.system.variant.id;
      for (const inst of this.enabledIn(d, runs[k].states[runs[k].states.length - 1])) {
        const step = { op: opOf(inst), params: inst.params };
        const key = stepKey(step);
        let e = out.get(key);
        if (!e) {
          e = { op: step.op, params: { ...inst.params }, text: '', in: {} };
          out.set(key, e);
        }
        (e.in[id] ??= []).push({ outcome: outcomeOf(inst), label: inst.label });
      }
    });
    // A step that binds fewer parameters than another of its operation, compatibly (a design that
    // refuses the operation outright binds only who asks), is shown on the more specific ones.
    const all = [...out.values()];
    const specific = (g: EnabledStep, f: EnabledStep) =>
      f !== g && f.op === g.op && Object.keys(g.params).every((k) => k in f.params) && Object.keys(f.params).length > Object.keys(g.params).length && compatible(g.params, f.params);
    const merged = all.filter((g) => {
      const into = all.filter((f) => specific(g, f));
      for (const f of into) for (const [id, list] of Object.entries(g.in)) f.in[id] ??= list;
      return into.length === 0;
    });
    for (const e of merged) e.text = this.textOf(e, Object.values(e.in).map((list) => list[0].label));
    return merged;
  }

  /**
   * How a step reads, the same in every design and asserting no design's outcome (each cell shows
   * its own): a scenario step reads as its line; an operation instance as the outcome-free name of
   * its outcomes' labels in every design (label.ts; all its compatible instances, else those binding
   * exactly its parameters), else as the label most designs take (`taken`: one label per design).
   */
  textOf(step: Pick<StepRef, 'op' | 'params' | 'line'>, taken: readonly string[] = []): string {
    if (step.line !== undefined) return step.line;
    const key = paramKey(step.params);
    const all = this.designs.flatMap((d) => candidatesOf(d.cs, step));
    if (all.length > 0) {
      const exact = all.filter((inst) => paramKey(inst.params) === key);
      return operationText([all.map((i) => i.label), exact.map((i) => i.label)], taken)!;
    }
    const ps = Object.entries(step.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return ps ? `${step.op}(${ps})` : step.op;
  }

  /** Whether design d is stuck at `locals`: no enabled instance and not a terminal state. */
  deadlocked(d: Design, locals: Int32Array): boolean {
    if (!d.cs.checkDeadlock || this.enabledIn(d, locals).length > 0) return false;
    return !safeCall(d.cs.terminal, d.cs.view(locals));
  }
}

/** What taking the enabled instance `inst` at `cur` does. */
function taken(cs: CompiledSystem, cur: Int32Array, inst: ActionInstance): StepOutcome {
  const after = next(cs, cur, inst);
  const changes = cs.actorNames.flatMap((name, a) => (cur[a] === after[a] ? [] : [`${name}: ${diff(cs, a, cur[a], after[a])}`]));
  return { outcome: outcomeOf(inst), detail: inst.label, instance: inst.id, changes };
}

/** The state after instance `inst` fires at `cur` (it must be enabled). */
function next(cs: CompiledSystem, cur: Int32Array, inst: ActionInstance): Int32Array {
  const n = new Int32Array(cur);
  for (let j = 0; j < inst.actors.length; j++) n[inst.actors[j]] = cs.tables[inst.actors[j]].next(n[inst.actors[j]], inst.events[j]);
  return n;
}

function safeCall(f: (s: GlobalState) => boolean, s: GlobalState): boolean {
  try {
    return !!f(s);
  } catch (e) {
    throw new LeasecheckError('LC022', `the terminal-state predicate threw: ${describeThrown(e)}`);
  }
}
