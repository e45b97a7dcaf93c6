/** Helpers for the liveness tests: checks that every trace replays on real XState actors. */
import { check, checkCompiled, type CheckOptions, type CheckResult, type CheckSuccess, type PropertyResult } from '../../../src/engine/check.ts';
import { compileSystem, type CompiledSystem } from '../../../src/engine/compile.ts';
import { replayTrace } from '../../../src/engine/replay.ts';
import { replayKey } from '../../../src/engine/trace.ts';
import type { StuckExplainer } from '../../../src/engine/liveness/stuck.ts';
import type { System } from '../../../src/spec/system.ts';

export function ok(r: CheckResult): CheckSuccess {
  if (r.status === 'error') throw new Error(`expected a successful check, got ${r.error.line()}`);
  return r;
}

/** Checks `system` and replays every trace (lassos: prefix, then the cycle twice) on real actors. */
export function run(system: System, options: CheckOptions = {}): CheckSuccess {
  const r = ok(check(system, options));
  replayEvery(r);
  return r;
}

export function replayEvery(r: CheckSuccess): void {
  for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
}

/**
 * As run(), with the spec's explainStuck on the compiled system. compile.ts does not copy
 * SystemModel.explainStuck onto CompiledSystem yet; once it does, the `??=` below does nothing.
 */
export function runExplained(system: System, explainer: StuckExplainer): CheckSuccess {
  const cs = compileSystem(system) as CompiledSystem & { explainStuck?: StuckExplainer };
  cs.explainStuck ??= explainer;
  const r = checkCompiled(cs);
  replayEvery(r);
  return r;
}

export function prop(r: CheckSuccess, id: string): PropertyResult {
  const p = r.properties.find((x) => x.id === id);
  if (!p) throw new Error(`no property ${id} in ${r.properties.map((x) => x.id).join(', ')}`);
  return p;
}

/** Action labels of a property's trace. */
export function labels(p: PropertyResult): string[] {
  if (!p.trace) throw new Error(`property ${p.id} has no trace`);
  return p.trace.steps.slice(1).map((s) => s.action!.label);
}

/**
 * Length (steps), loop index and action labels of a property's trace, for exact comparisons. Labels,
 * not the replay key: instance ids are the engine's numbering and may change with its optimisations.
 */
export function shape(p: PropertyResult): { steps: number; loop: number | undefined; labels: string[] } {
  if (!p.trace) throw new Error(`property ${p.id} has no trace`);
  return { steps: p.trace.steps.length - 1, loop: p.trace.loop, labels: labels(p) };
}

/** The replay key (instance ids), for comparing two runs of the same build. */
export function key(p: PropertyResult): string {
  if (!p.trace) throw new Error(`property ${p.id} has no trace`);
  return replayKey(p.trace);
}
