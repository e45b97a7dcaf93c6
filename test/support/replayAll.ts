/**
 * Every trace the suite produces must be a real behaviour of the machines: this replays each one on
 * real XState actors (createActor + send, through replayTrace) and returns how many it replayed.
 */
import { replayTrace } from '../../src/engine/replay.ts';
import type { CheckResult, CheckSuccess } from '../../src/engine/check.ts';

export function replayAll(result: CheckSuccess): number {
  let n = 0;
  for (const p of result.properties) {
    if (!p.trace) continue;
    replayTrace(result.system, p.trace);
    n++;
  }
  return n;
}

/** Narrows a check() result to a success, failing with the error's line otherwise. */
export function ok(result: CheckResult): CheckSuccess {
  if (result.status === 'error') throw new Error(`expected a successful check, got ${result.error.line()}`);
  return result;
}

/** The property result named `id` (throws when absent, so a typo fails loudly). */
export function prop(result: CheckSuccess, id: string) {
  const p = result.properties.find((x) => x.id === id);
  if (!p) throw new Error(`no property ${id} in ${result.properties.map((x) => x.id).join(', ')}`);
  return p;
}

/** The action labels of a property's trace, in order. */
export function labels(result: CheckSuccess, id: string): string[] {
  const t = prop(result, id).trace;
  if (!t) throw new Error(`property ${id} has no trace`);
  return t.steps.slice(1).map((s) => s.action!.label);
}
