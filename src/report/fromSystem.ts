import type { CheckSuccess } from '../engine/check.ts';
import { scenarioComparisons } from '../scenario/compare.ts';
import type { System } from '../spec/system.ts';
import type { ComparisonRow } from './comparison.ts';
import type { ComparisonReport } from './reportModel.ts';

/** One compared variant: the system as that variant, and its check. */
export interface VariantResult {
  system: System;
  result: CheckSuccess;
}

/** One matrix row per variant, with its knobs and the spec's explanation of each violation. */
export function variantRows(results: readonly VariantResult[]): ComparisonRow[] {
  return results.map(({ system, result }) => ({
    name: system.variant.id,
    ...(system.variant.title ? { title: system.variant.title } : {}),
    settings: Object.fromEntries(Object.entries(system.variant.knobs).map(([k, v]) => [k, String(v)])),
    knobValues: { ...system.variant.knobs },
    result,
    explain: (property) => system.present.explain?.({ variant: system.variant.id, knobs: system.variant.knobs, property }),
  }));
}

/**
 * The comparison report of a spec's variants, presented as the spec asks (Presentation): its title,
 * intro, lanes, and its named scenarios run under every compared variant.
 */
export function comparisonReport(results: readonly VariantResult[], options: { timings?: boolean } = {}): ComparisonReport {
  const first = results[0]?.system;
  const present = first?.present ?? {};
  const rows = variantRows(results);
  return {
    title: present.title ?? `leasecheck: ${first?.name ?? 'system'}, ${present.variantWord ?? 'variant'}s compared`,
    rows,
    ...(present.lanes && rows[0] ? { lanes: present.lanes(rows[0].result.system.scope) } : {}),
    ...(present.fields ? { fields: present.fields } : {}),
    scenarios: scenarioComparisons(results.map((r) => r.system)),
    variantWord: present.variantWord ?? 'variant',
    intro: [
      ...(present.intro ?? first?.description ? [...(present.intro ?? [first!.description!])] : []),
      'Every trace below is a shortest one, and was replayed on real XState actors before it was reported.',
    ],
    timings: !!options.timings,
  };
}
