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

/** A failed outcome: the step did not happen (`impossible`) or returned an error (`EINVAL`, `ETXTBSY: ...`). */
export function isFailure(outcome: string): boolean {
  return outcome === 'impossible' || /^E[A-Z0-9]{2,}\b/.test(outcome);
}

/** A column left out of the divergence: it fails a step every other column passes alike. */
export interface CannotRun {
  variant: string;
  /** The step (0-based) it fails, and how. */
  step: number;
  outcome: string;
}

/** Where the columns that can run a case first disagree, and the columns that cannot run it. */
export interface Divergence {
  /** The first step (0-based) whose outcome differs among the columns that can run the case; undefined if none. */
  step?: number;
  cannotRun: CannotRun[];
}

/**
 * The first divergence among the variants that can run the case. A variant cannot run it when it
 * fails a step (an error, or impossible) where all the others pass with one and the same outcome and
 * outnumber it: a control design without the feature the case exercises (mainline's EINVAL for a
 * layout lease) differs at its setup, which says nothing about the case. Such columns are set aside
 * one divergence at a time; a step where the failing columns are not a minority, or the others do
 * not agree, is a real divergence (e.g. five designs refuse a truncate that one allows).
 */
export function divergenceOf(sc: ScenarioComparison): Divergence {
  let cols = sc.columns;
  const cannotRun: CannotRun[] = [];
  for (;;) {
    if (cols.length < 2) return { cannotRun };
    const step = sc.steps.findIndex((_, i) => cols.some((c) => c.cells[i]?.outcome !== cols[0].cells[i]?.outcome));
    if (step < 0) return { cannotRun };
    const outcome = (c: (typeof cols)[number]) => c.cells[step]?.outcome ?? '';
    const failing = cols.filter((c) => isFailure(outcome(c)));
    const others = cols.filter((c) => !isFailure(outcome(c)));
    const agree = others.every((c) => outcome(c) === outcome(others[0]));
    if (failing.length === 0 || others.length <= failing.length || !agree) return { step, cannotRun };
    for (const c of failing) cannotRun.push({ variant: c.variant, step, outcome: outcome(c) });
    cols = others;
  }
}

/**
 * The index (0-based) of the first step whose outcome differs among the variants that can run the
 * case (see divergenceOf), or undefined if they all agree (or there is only one variant). Only
 * outcomes count: two variants that both say `ok` through different actions agree here, as a reader
 * of the outcome column sees it.
 */
export function firstDivergence(sc: ScenarioComparison): number | undefined {
  return divergenceOf(sc).step;
}

/** One sentence: where the columns that can run the case first disagree, and which cannot run it. */
export function divergenceText(sc: ScenarioComparison, word = 'column'): string {
  const d = divergenceOf(sc);
  const out =
    d.cannotRun.length > 0
      ? `${d.cannotRun.map((c) => `${c.variant} cannot run this case (step ${c.step + 1}: ${c.outcome})`).join('; ')}. `
      : '';
  if (d.step === undefined) return `${out}${d.cannotRun.length ? `The other ${word}s` : `Every ${word}`} give the same outcome at every step.`;
  return `${out}${d.cannotRun.length ? `Among the ${word}s that can run it, the` : `The ${word}s`} first disagree at step ${d.step + 1}.`;
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
