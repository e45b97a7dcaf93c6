import { candidatesOf, type StepRef } from './steps.ts';
import type { Walker } from './walk.ts';

/**
 * The walk in design `id` as a scenario file (README, "Scenarios"): one step a line, each the label of
 * the action instance the design took (what src/scenario/run.ts matches first), with the scope, and an
 * `expect` line per step pinning the outcome it had, so the file replays (`leasecheck replay FILE
 * --variant ID`) and can be kept as a regression test. A step impossible in this design is written as
 * the label of one of its instances here, which the replay finds disabled again; a step whose
 * operation this design does not have at all is kept as a comment, since no line could name it.
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
    const label = o.instance !== undefined ? d.cs.instances[o.instance].label : candidatesOf(d.cs, steps[i])[0]?.label;
    if (label === undefined) {
      lines.push(`# step ${i + 1} of the walk (${w.textOf(steps[i])}) is left out: ${o.detail}`);
      return;
    }
    lines.push(label);
    n++;
    expects.push(`expect ${base}: ${n} ${o.outcome}`);
  });
  return [...lines, ...expects, ''].join('\n');
}
