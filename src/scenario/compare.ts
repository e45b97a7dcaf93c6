import { replayTrace } from '../engine/replay.ts';
import { traceOf } from '../engine/trace.ts';
import type { ScenarioComparison } from '../report/scenarioTable.ts';
import type { System } from '../spec/system.ts';
import { scenarioFiles } from './files.ts';
import { runScenario } from './run.ts';

/**
 * The spec's named scenarios, each run under every given variant, for the side-by-side tables. Every
 * run is replayed on real XState actors first, as `leasecheck replay` does.
 */
export function scenarioComparisons(variants: readonly System[]): ScenarioComparison[] {
  if (variants.length === 0) return [];
  return scenarioFiles(variants[0]).map(({ name, scenario }) => ({
    name,
    title: scenario.title,
    ...(scenario.source ? { source: scenario.source } : {}),
    steps: scenario.steps.map((s) => s.text),
    columns: variants.map((v) => {
      const run = runScenario(scenario, v);
      replayTrace(run.system, traceOf(run.system, run.path));
      return { variant: v.variant.id, cells: run.steps.map((s) => ({ outcome: s.outcome, detail: s.detail, changes: s.changes })) };
    }),
  }));
}
