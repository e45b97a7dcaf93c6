/**
 * One scripted scenario run under several variants of a system (designs), for a side-by-side table:
 * rows are the scenario's steps, columns the variants, cells the outcome of that step under that
 * variant. The spec runs the scenarios; this module holds the format-neutral data and compares columns.
 */
export interface ScenarioCell {
  /** Short outcome: `ok`, an errno, `blocks`, `impossible`, ... */
  outcome: string;
  /** The model's action label, or why the step could not happen. */
  detail?: string;
  /** What changed, one line per actor. */
  changes?: string[];
}

/** A scenario's steps and, per variant, the outcome of each step. */
export interface ScenarioComparison {
  /** Stable id (file name), used for anchors. */
  name: string;
  title: string;
  /** Where the case comes from ("Author, date: quote"). */
  source?: string;
  /** The steps as written in the scenario. */
  steps: string[];
  columns: { variant: string; cells: ScenarioCell[] }[];
}

/**
 * The index (0-based) of the first step whose outcome is not the same under every variant, or
 * undefined if they all agree (or there is only one variant). Only outcomes count: two variants that
 * both say `ok` but through different actions agree here, as a reader of the outcome column sees it.
 */
export function firstDivergence(sc: ScenarioComparison): number | undefined {
  return divergentSteps(sc)[0];
}

/** Every step (0-based) whose outcome is not the same under every variant. */
export function divergentSteps(sc: ScenarioComparison): number[] {
  if (sc.columns.length < 2) return [];
  return sc.steps.flatMap((_, i) => {
    const first = sc.columns[0].cells[i]?.outcome;
    return sc.columns.some((c) => c.cells[i]?.outcome !== first) ? [i] : [];
  });
}

/**
 * The most common outcome of step i across the variants, or undefined when no outcome is more common
 * than every other (a tie): a cell that differs from it is where a variant departs from the others;
 * in a tie every cell departs.
 */
export function commonOutcome(sc: ScenarioComparison, i: number): string | undefined {
  const counts = new Map<string, number>();
  for (const c of sc.columns) {
    const o = c.cells[i]?.outcome;
    if (o !== undefined) counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  const top = [...counts].filter(([, n]) => n === most);
  return top.length === 1 ? top[0][0] : undefined;
}
