import { replayTrace, traceOf } from '../../../src/index.ts';
import type { ScenarioComparison } from '../../../src/report/scenarioTable.ts';
import type { Design } from '../../designs/designs.ts';
import { scenarioFiles } from '../scenario/files.ts';
import { runScenario, type ScenarioRun } from '../scenario/run.ts';

/**
 * The nine named cases (specs/scenarios), each run under every design, for the side-by-side tables.
 * Every run is replayed on real XState actors first, as `leasecheck replay` does.
 */
export function scenarioComparisons(designs: readonly Design[]): ScenarioComparison[] {
  return scenarioFiles().map(({ name, scenario }) => ({
    name,
    title: scenario.title,
    ...(scenario.source ? { source: scenario.source } : {}),
    steps: scenario.steps.map((s) => s.text),
    columns: designs.map((d) => ({
      variant: d.id,
      cells: replayed(runScenario(scenario, d)).steps.map((s) => ({ outcome: s.outcome, detail: s.detail, changes: s.changes })),
    })),
  }));
}

function replayed(run: ScenarioRun): ScenarioRun {
  replayTrace(run.system, traceOf(run.system, run.path));
  return run;
}
