import { compileSystem, type ActionInstance, type CompiledSystem } from '../engine/compile.ts';
import { stateJSON, type ActorStateJSON } from '../engine/trace.ts';
import { disabledBecause } from '../engine/liveness/stuck.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { diff } from '../report/traceText.ts';
import type { InstanceInfo, ScenarioStep } from '../spec/presentation.ts';
import type { System } from '../spec/system.ts';
import { quoted, type Scenario } from './parse.ts';

/** What one step of a scenario did under one variant. */
export interface StepResult {
  /** The step as written. */
  op: string;
  /** The action's outcome (`ok`, an errno, `blocks`, ...), or `impossible`. */
  outcome: string;
  /** The label of the action instance taken, or why the step cannot happen here. */
  detail: string;
  /** Actors that changed, as "actor: before -> after" lines. */
  changes: string[];
  /** The state after the step (unchanged when impossible). */
  state: Record<string, ActorStateJSON>;
  /** The invariants (always properties) that fail in the state after the step. */
  violated: string[];
}

export interface ScenarioRun {
  variant: string;
  scenario: string;
  steps: StepResult[];
  /** The instance ids taken, in order (impossible steps take none), for replay on real actors. */
  path: number[];
  system: CompiledSystem;
  /** The invariants the initial state already breaks (a step is marked only for what it breaks anew). */
  initiallyViolated: string[];
}

/** An instance as the scenario hooks see it. */
export function instanceInfo(inst: ActionInstance): InstanceInfo {
  return { action: inst.action.name, op: inst.action.op ?? inst.action.name, outcome: inst.action.outcome ?? 'ok', params: inst.params, label: inst.label };
}

/**
 * The instances a step may mean, in the model's order: those labelled exactly as the step, else those
 * the spec's scenario language selects (Presentation.scenarios.select). LC041 when neither applies.
 */
export function candidatesFor(system: System, cs: CompiledSystem, step: ScenarioStep): ActionInstance[] {
  const text = step.text.replace(/\s+/g, ' ');
  const labelled = cs.instances.filter((inst) => inst.label.replace(/\s+/g, ' ') === text);
  if (labelled.length > 0) return labelled;
  const select = system.present.scenarios?.select;
  let accepts: ((i: InstanceInfo) => boolean) | undefined;
  if (select) {
    try {
      accepts = select(step, cs.scope);
    } catch (e) {
      if (e instanceof LeasecheckError) throw e;
      throw new LeasecheckError('LC041', `line ${step.line} ${quoted(step.text)}: the spec's scenario language threw: ${describeThrown(e)}`);
    }
  }
  if (!accepts) {
    throw new LeasecheckError('LC041', `line ${step.line}: no action of ${system.name} is labelled ${quoted(step.text)} (a step is an action's label as the checker prints it${select ? ", or a line of the spec's scenario language" : ''})`);
  }
  return cs.instances.filter((inst) => accepts!(instanceInfo(inst)));
}

/**
 * Runs a scenario under one variant of a system: each step takes the first enabled instance it may
 * mean, in the model's order; a step that no enabled instance matches is `impossible` here (with the
 * reason; the state is unchanged) and the scenario goes on.
 */
export function runScenario(sc: Scenario, system: System): ScenarioRun {
  const cs = compileSystem(system, sc.scope);
  const invariants = cs.properties.filter((p) => p.kind === 'always');
  const violated = (vec: Int32Array) => {
    const view = cs.view(vec);
    return invariants.filter((p) => !p.predicate(view)).map((p) => p.name);
  };
  let cur = new Int32Array(cs.initial);
  const steps: StepResult[] = [];
  const path: number[] = [];
  for (const step of sc.steps) {
    const candidates = candidatesFor(system, cs, step);
    const view = cs.view(cur);
    if (candidates.length === 0) {
      steps.push({ op: step.text, outcome: 'impossible', detail: `this ${system.present.variantWord ?? 'variant'} has no such operation, or none with these arguments at this scope`, changes: [], state: stateJSON(cs, cur), violated: violated(cur) });
      continue;
    }
    const reasons = candidates.map((inst) => disabledBecause(cs, cur, view, inst));
    const taken = reasons.indexOf(null);
    if (taken < 0) {
      steps.push({ op: step.text, outcome: 'impossible', detail: whyImpossible(system, cs, cur, step, candidates[0], reasons[0]!), changes: [], state: stateJSON(cs, cur), violated: violated(cur) });
      continue;
    }
    const inst = candidates[taken];
    const next = new Int32Array(cur);
    for (let j = 0; j < inst.actors.length; j++) next[inst.actors[j]] = cs.tables[inst.actors[j]].next(next[inst.actors[j]], inst.events[j]);
    const changes = cs.actorNames.flatMap((name, a) => (cur[a] === next[a] ? [] : [`${name}: ${diff(cs, a, cur[a], next[a])}`]));
    steps.push({ op: step.text, outcome: inst.action.outcome ?? 'ok', detail: inst.label, changes, state: stateJSON(cs, next), violated: violated(next) });
    path.push(inst.id);
    cur = next;
  }
  return { variant: system.variant.id, scenario: sc.name, steps, path, system: cs, initiallyViolated: violated(cs.initial) };
}

/** The spec's reason (Presentation.scenarios.whyImpossible), else the engine's for the first candidate. */
export function whyImpossible(system: System, cs: CompiledSystem, cur: Int32Array, step: ScenarioStep, first: ActionInstance, reason: string): string {
  const hook = system.present.scenarios?.whyImpossible;
  if (hook) {
    let said: string | undefined;
    try {
      said = hook(cs.view(cur), step);
    } catch (e) {
      throw new LeasecheckError('LC041', `line ${step.line}: the spec's whyImpossible threw: ${describeThrown(e)}`);
    }
    if (typeof said === 'string' && said !== '') return said;
  }
  return `not possible in this state: ${first.label}: ${reason}`;
}

/** An expectation a run did not meet, as one sentence. */
export interface Unmet {
  line: number;
  variant: string;
  message: string;
}

/** Whether an expect line is about a run under `variant` (an id, with any `+knob=value` overrides). */
export function expectationAppliesTo(e: Scenario['expectations'][number], variant: string): boolean {
  return e.variants === '*' || e.variants.includes(variant.split('+')[0]);
}

/**
 * The scenario's `expect` lines checked against runs under several variants: each unmet one named.
 * An expect line naming a variant the system does not have, or (`violates P` / `satisfies P`) a property
 * that is not one of its invariants, is LC040 (a typo would silently check nothing).
 */
export function unmetExpectations(sc: Scenario, runs: readonly ScenarioRun[], known: readonly string[]): Unmet[] {
  for (const e of sc.expectations) {
    if (e.property && runs.length > 0 && !runs[0].system.properties.some((p) => p.kind === 'always' && p.name === e.property!.id)) {
      const names = runs[0].system.properties.filter((p) => p.kind === 'always').map((p) => p.name);
      throw new LeasecheckError('LC040', `${sc.name}:${e.line}: expect names ${quoted(e.property.id)}, which is no invariant (${names.join(', ')})`);
    }
    if (e.variants === '*') continue;
    for (const v of e.variants) {
      if (!known.includes(v)) throw new LeasecheckError('LC040', `${sc.name}:${e.line}: expect names ${quoted(v)}, which is no variant (${known.join(', ')})`);
    }
  }
  const out: Unmet[] = [];
  for (const run of runs) {
    for (const e of sc.expectations) {
      if (!expectationAppliesTo(e, run.variant)) continue;
      const step = run.steps[e.step - 1];
      if (e.property) {
        if (step.violated.includes(e.property.id) === e.property.holds) {
          const said = e.property.holds ? 'satisfy' : 'violate';
          out.push({ line: e.line, variant: run.variant, message: `${sc.name}:${e.line}: under ${run.variant}, the state after step ${e.step} (${step.op}) was expected to ${said} ${e.property.id}, and does not` });
        }
        continue;
      }
      const got = step.outcome;
      // Case aside: replay prints an impossible step as IMPOSSIBLE, and an expect line may copy that.
      if (!got.toLowerCase().startsWith(e.outcome.toLowerCase())) {
        out.push({ line: e.line, variant: run.variant, message: `${sc.name}:${e.line}: under ${run.variant}, step ${e.step} (${run.steps[e.step - 1].op}) was expected to be ${e.outcome}, got ${got}` });
      }
    }
  }
  return out;
}
