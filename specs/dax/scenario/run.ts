import { compileSystem, type CompiledSystem } from '../../../src/index.ts';
import { callGuard } from '../../../src/engine/specCalls.ts';
import { stateJSON, type ActorStateJSON } from '../../../src/engine/trace.ts';
import { diff } from '../../../src/report/traceText.ts';
import type { Design } from '../../designs/designs.ts';
import { daxSystem } from '../system.ts';
import { namesFor } from '../names.ts';
import type { Scenario } from './parse.ts';
import { selectorFor } from './select.ts';

export interface StepResult {
  op: string;
  /** ok, an errno (ETXTBSY, EBUSY, ...), "blocks", "returns", or "impossible". */
  outcome: string;
  /** The model's action label, or why the step cannot happen. */
  detail: string;
  /** Actors that changed, as "actor: before -> after" lines. */
  changes: string[];
  state: Record<string, ActorStateJSON>;
}

export interface ScenarioRun {
  design: string;
  scenario: string;
  steps: StepResult[];
  /** Local snapshot ids after each step (index 0: the initial state), for replay on real actors. */
  path: number[];
  system: CompiledSystem;
}

/**
 * Runs a scenario under a design: each line picks the first enabled joint action it can mean, in the
 * model's own order; a line that no enabled action matches is "impossible" here (reported, the state
 * unchanged) and the scenario goes on.
 */
export function runScenario(sc: Scenario, design: Design): ScenarioRun {
  const { system, variants } = daxSystem(design);
  const cs = compileSystem(system, sc.scope);
  const procs = namesFor(cs.scope).procs;
  let cur = new Int32Array(cs.initial);
  const steps: StepResult[] = [];
  const path: number[] = [];
  for (const step of sc.steps) {
    const sel = selectorFor(step, procs);
    const candidates = cs.instances.filter((inst) => {
      const v = variants.info.get(inst.action.name);
      return v !== undefined && sel.ops.includes(v.op) && (!sel.names || sel.names.includes(inst.action.name)) && sel.accepts(inst.params);
    });
    if (candidates.length === 0) {
      steps.push({ op: step.text, outcome: 'impossible', detail: 'this design has no such operation', changes: [], state: stateJSON(cs, cur) });
      continue;
    }
    const view = cs.view(cur);
    let taken = -1;
    let next = cur;
    for (const inst of candidates) {
      const after = new Int32Array(cur);
      let ok = true;
      for (let j = 0; j < inst.actors.length && ok; j++) {
        const nx = cs.tables[inst.actors[j]].next(after[inst.actors[j]], inst.events[j]);
        if (nx < 0) ok = false;
        else after[inst.actors[j]] = nx;
      }
      if (ok && inst.action.guard) ok = callGuard(inst.action.guard, view, inst.params, inst.label);
      if (ok) {
        taken = inst.id;
        next = after;
        break;
      }
    }
    if (taken < 0) {
      steps.push({ op: step.text, outcome: 'impossible', detail: whyImpossible(cs, cur, step.who), changes: [], state: stateJSON(cs, cur) });
      continue;
    }
    const inst = cs.instances[taken];
    const changes = cs.actorNames.flatMap((name, a) => (cur[a] === next[a] ? [] : [`${name}: ${diff(cs, a, cur[a], next[a])}`]));
    steps.push({ op: step.text, outcome: variants.info.get(inst.action.name)!.outcome, detail: inst.label, changes, state: stateJSON(cs, next) });
    path.push(taken);
    cur = next;
  }
  return { design: design.id, scenario: sc.name, steps, path, system: cs };
}

/** A short reason a process cannot do what the line asks. */
function whyImpossible(cs: CompiledSystem, cur: Int32Array, who: string): string {
  const a = cs.actorNames.indexOf(who);
  if (a < 0) return 'not possible in this state';
  const snap = cs.tables[a].snapshots[cur[a]];
  const ctx = snap.context as { killed?: boolean };
  const where = String(snap.value);
  if (where === 'closeWait' || where === 'exitCloseWait') return `${who} is blocked in close()`;
  if (where === 'dead') return `${who} is dead`;
  if (ctx?.killed && where === 'running') return `${who} has a fatal signal pending; it runs no more syscalls`;
  return `not possible in this state (${who} is ${where})`;
}
