import type { ActionInstance } from '../engine/compile.ts';
import { LeasecheckError } from '../errors.ts';
import { candidatesFor } from '../scenario/run.ts';
import type { Scenario } from '../scenario/parse.ts';
import type { ParamValue, Params } from '../spec/system.ts';
import { opOf, type StepRef } from './steps.ts';
import type { Walker } from './walk.ts';

/**
 * A scenario (a named case of the spec, or a file) as a walk: each line becomes a step that carries
 * the line itself, which every design matches on its own as `leasecheck replay` does (lineMatch.ts).
 * Pinning the line to the instance one design takes would carry that design's outcome and hidden
 * parameters (lock's ghost `late`) into designs that take another instance of the same line.
 * `op` and `params` say what the line is about: the operation of its first match and the parameters
 * all its matches in every design agree on. LC002 when the scenario's scope is not the explorer's;
 * LC041 for a line that means no action in any design.
 */
export function scenarioSteps(w: Walker, sc: Scenario): StepRef[] {
  for (const [k, v] of Object.entries(sc.scope)) {
    if (w.scope[k] !== v) throw new LeasecheckError('LC002', `${sc.name} runs at ${k}=${v}; this explorer walks ${k}=${w.scope[k]} (start it with --scope ${k}=${v})`);
  }
  return sc.steps.map((line) => {
    let error: LeasecheckError | undefined;
    const matches = w.designs.flatMap((d) => {
      try {
        return candidatesFor(d.system, d.cs, line);
      } catch (e) {
        // A design without the label (and no scenario language) cannot take the line: impossible there.
        if (!(e instanceof LeasecheckError)) throw e;
        error ??= e;
        return [];
      }
    });
    if (matches.length === 0) {
      throw error ?? new LeasecheckError('LC041', `${sc.name}:${line.line}: ${line.text} means no action in any ${w.designs[0].system.present.variantWord ?? 'variant'}`);
    }
    const op = opOf(matches[0]);
    return { op, params: agreed(matches.filter((m) => opOf(m) === op)), line: line.text };
  });
}

/** The parameters on which every instance that binds them agrees. */
function agreed(list: readonly ActionInstance[]): Params {
  const out: Record<string, ParamValue> = {};
  for (const k of new Set(list.flatMap((m) => Object.keys(m.params)))) {
    const values = new Set(list.filter((m) => k in m.params).map((m) => m.params[k]));
    if (values.size === 1) out[k] = [...values][0];
  }
  return out;
}
