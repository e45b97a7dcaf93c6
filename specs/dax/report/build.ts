import type { ComparisonRow } from '../../../src/report/comparison.ts';
import type { ComparisonReport } from '../../../src/report/reportModel.ts';
import type { Design } from '../../designs/designs.ts';
import type { DesignResult } from '../compare.ts';
import { explanationFor } from '../explanations.ts';
import { daxLanes } from './lanes.ts';
import { scenarioComparisons } from './scenarios.ts';

/** One matrix row per design, with its knobs and the thread's explanation of each violation. */
export function designRows(results: readonly DesignResult[]): ComparisonRow[] {
  return results.map(({ design, result }) => ({
    name: design.id,
    title: design.title,
    settings: { ...design.knobs },
    result,
    explain: (id) => explanationFor(design.id, id),
  }));
}

/**
 * The DAX comparison report: the designs' verdicts, counterexamples drawn with process, filesystem and
 * RDMA lanes, and the nine named cases run under every compared design.
 */
export function daxReport(results: readonly DesignResult[], designs: readonly Design[]): ComparisonReport {
  const rows = designRows(results);
  return {
    title: 'leasecheck: the layout-lease designs compared',
    rows,
    lanes: daxLanes(rows[0]?.result.system.scope ?? {}),
    scenarios: scenarioComparisons(designs),
    variantWord: 'design',
    intro: [
      'Seven answers from the 2019 "RDMA/FS DAX truncate" thread to one question: how can an RDMA NIC keep long-term pins on FS-DAX file blocks without a truncate freeing a block it is still writing to? Each design is a preset of the model\'s knobs; each column is a property checked over every reachable state at this scope.',
      'Every trace below is a shortest one, and was replayed on real XState actors before it was reported.',
    ],
  };
}
