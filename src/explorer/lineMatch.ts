import type { ActionInstance, CompiledSystem } from '../engine/compile.ts';
import { LeasecheckError } from '../errors.ts';
import { candidatesFor } from '../scenario/run.ts';
import type { System } from '../spec/system.ts';
import { scenarioLine } from './steps.ts';

/**
 * The instances a scenario line may mean in one design, in model order: exactly what `leasecheck
 * replay` matches (src/scenario/run.ts candidatesFor: the instances labelled so, else those the
 * spec's scenario language selects), so a named case walked in the explorer takes, in every design,
 * the instance replay and the report take. Each design matches the line on its own: a design may take
 * an outcome, or hidden parameters (lock's `late`), no other design has.
 * `error` says why the line means nothing here (no instance labelled so and no scenario language, or
 * a line the language refuses): the step is then impossible in this design, with that reason.
 */
export function lineCandidates(system: System, cs: CompiledSystem, text: string): { list: ActionInstance[]; error?: string } {
  let memo = byLine.get(cs);
  if (!memo) byLine.set(cs, (memo = new Map()));
  let got = memo.get(text);
  if (!got) {
    try {
      got = { list: candidatesFor(system, cs, scenarioLine(text)) };
    } catch (e) {
      if (!(e instanceof LeasecheckError)) throw e;
      got = { list: [], error: e.message.replace(/^line 0:?\s*/, '') };
    }
    // Lines come from requests: keep the memo bounded.
    if (memo.size >= 10_000) memo.clear();
    memo.set(text, got);
  }
  return got;
}

const byLine = new WeakMap<CompiledSystem, Map<string, { list: ActionInstance[]; error?: string }>>();
