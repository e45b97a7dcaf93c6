import { LeasecheckError } from '../errors.ts';
import { disabledBecause } from '../engine/liveness/stuck.ts';
import { lineCandidates } from './lineMatch.ts';
import { candidatesOf, type StepRef } from './steps.ts';
import type { Design, Walker } from './walk.ts';

/**
 * The walk in design `id` as a scenario file (README, "Scenarios"): one step a line, with the scope,
 * and an `expect` line per step pinning the outcome it had, so the file replays (`leasecheck replay
 * FILE --variant ID`) with every expectation met and can be kept as a regression test. Each line is
 * one replay matches to what the design did there (lineFor): the label of the instance taken, or the
 * step's own scenario line; a step impossible here, a line replay finds impossible again. An impossible
 * step no line can name here (an operation this design does not have) is kept as a comment; a step
 * taken that no line names as replay would take it is LC030 (export ITF instead).
 */
export function walkScenario(w: Walker, id: string, steps: readonly StepRef[]): string {
  const d = w.design(id);
  const run = w.run(d, steps);
  const base = id.split('+')[0];
  const scope = Object.entries(d.cs.scope).map(([k, v]) => `${k}=${v}`).join(', ');
  const lines = [`# Walked in leasecheck explore under ${id}`, `source: leasecheck explore, ${d.system.name}`];
  if (scope) lines.push(`scope: ${scope}`);
  const expects: string[] = [];
  let n = 0;
  run.outcomes.forEach((o, i) => {
    const line = lineFor(d, run.states[i], steps[i], o.instance);
    // A step that changed the state but has no line replay would take the same way (two actions of one
    // label, both enabled): leaving it out would replay every later line from another state.
    if (line === undefined && o.instance !== undefined) {
      throw new LeasecheckError('LC030', `step ${i + 1} of the walk (${w.textOf(steps[i])}) has no scenario line that replay would take the same way in ${id} (another action with its label comes first): export the walk as ITF, which names each step exactly`);
    }
    if (line === undefined) {
      lines.push(`# step ${i + 1} of the walk (${w.textOf(steps[i])}) is left out: ${o.detail}`);
      return;
    }
    lines.push(line);
    n++;
    expects.push(`expect ${base}: ${n} ${o.outcome}`);
  });
  return [...lines, ...expects, ''].join('\n');
}

/**
 * A line replay (src/scenario/run.ts) matches, at state `cur` of design d, to what the step did
 * there: `taken` (an instance id), or nothing (impossible). Replay takes the first enabled instance a
 * line means, so a label is used only when that is the instance taken (or, for an impossible step,
 * when none it means is enabled); else the step's own scenario line, which the design matched as
 * replay does (Walker.applyLine), and which an impossible step prefers. Undefined when no line will do.
 */
function lineFor(d: Design, cur: Int32Array, step: StepRef, taken: number | undefined): string | undefined {
  const view = d.cs.view(cur);
  // What replay takes for a line here: the first enabled instance it means (none: impossible), or
  // null when replay would stop at the line (it means nothing in this design, LC041).
  const replayTakes = (text: string) => {
    const { list, error } = lineCandidates(d.system, d.cs, text);
    return error !== undefined ? null : list.find((inst) => disabledBecause(d.cs, cur, view, inst) === null)?.id;
  };
  // An impossible step reads best as what was asked: its own line, if it has one.
  if (taken === undefined && step.line !== undefined && replayTakes(step.line) === undefined) return step.line;
  const label = taken !== undefined ? d.cs.instances[taken].label : candidatesOf(d.cs, step)[0]?.label;
  if (label !== undefined && replayTakes(label) === taken) return label;
  if (step.line !== undefined && replayTakes(step.line) === taken) return step.line;
  return undefined;
}
