import { LeasecheckError } from '../errors.ts';
import { candidatesFor, runScenario } from '../scenario/run.ts';
import type { Scenario } from '../scenario/parse.ts';
import { stepOf, type StepRef } from './steps.ts';
import type { Walker } from './walk.ts';

/**
 * A scenario (a named case of the spec, or a file) as a walk: each line becomes the operation
 * instance it means in the first design that can take it there (runScenario's choice), else the first
 * instance it may mean in any design. LC002 when the scenario's scope is not the explorer's.
 */
export function scenarioSteps(w: Walker, sc: Scenario): StepRef[] {
  for (const [k, v] of Object.entries(sc.scope)) {
    if (w.scope[k] !== v) throw new LeasecheckError('LC002', `${sc.name} runs at ${k}=${v}; this explorer walks ${k}=${w.scope[k]} (start it with --scope ${k}=${v})`);
  }
  const runs = w.designs.map((d) => runScenario(sc, d.system));
  return sc.steps.map((line, i) => {
    // The most specific instance any design takes (designs may bind different parameters of one operation).
    let best: StepRef | undefined;
    for (const r of runs) {
      if (r.steps[i].outcome === 'impossible') continue;
      const k = r.steps.slice(0, i + 1).filter((s) => s.outcome !== 'impossible').length;
      const step = stepOf(r.system.instances[r.path[k - 1]]);
      if (!best || Object.keys(step.params).length > Object.keys(best.params).length) best = step;
    }
    if (best) return best;
    for (const d of w.designs) {
      const first = candidatesFor(d.system, d.cs, line)[0];
      if (first) return stepOf(first);
    }
    throw new LeasecheckError('LC041', `${sc.name}:${line.line}: ${line.text} means no action in any ${w.designs[0].system.present.variantWord ?? 'variant'}`);
  });
}

