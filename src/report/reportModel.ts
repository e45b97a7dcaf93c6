import type { PropertyResult, Verdict } from '../engine/check.ts';
import type { PropertyKind } from '../spec/property.ts';
import { anchor, type ComparisonRow } from './comparison.ts';
import { allShortest, lengthCaveat, STOP_WORDS } from './checkReport.ts';
import type { LaneMap } from './lanes.ts';
import type { FieldHooks } from './fields.ts';
import type { TraceMark, TraceView } from './stepTable.ts';
import type { ScenarioComparison } from './scenarioTable.ts';
import { ladderInterrupted, type LadderSection } from './ladderModel.ts';
import { counted } from '../util/plural.ts';
import { fmt } from '../util/format.ts';

/**
 * Everything a comparison report shows, for every output format (Markdown, HTML). The engine's
 * report code knows nothing of the model: the spec supplies the rows (one checked variant each), the
 * lanes of its sequence diagrams, its scripted scenarios, and where the trace files go.
 */
export interface ComparisonReport {
  title: string;
  rows: readonly ComparisonRow[];
  /** Lane grouping for sequence diagrams (default: one lane per actor). */
  lanes?: LaneMap;
  /** How context fields are named, described or hidden (the spec's Presentation.fields). */
  fields?: FieldHooks;
  /** Scenarios run under every variant, shown side by side. */
  scenarios?: readonly ScenarioComparison[];
  /** Path, relative to the report, of the machine-readable file of a trace (e.g. its ITF), if any. */
  traceFile?: (variant: string, property: string) => string | undefined;
  /** Links to the same report in other formats, shown under the title. */
  siblings?: readonly { label: string; href: string }[];
  /** Plain-text paragraphs under the title. */
  intro?: readonly string[];
  /** What a row is called ("design"). */
  variantWord?: string;
  /** The spec file, relative to the report folder (with '/'): trace files name it relative to themselves, so replay finds it. */
  specPath?: string;
  /** Show how long each search took (off by default, so a report regenerated from the same code is the same file). */
  timings?: boolean;
  /** The scope ladder (`compare --ladder`): every variant at growing scopes. */
  ladder?: LadderSection;
}

/** One violated cell of the matrix. */
export interface Finding {
  row: ComparisonRow;
  property: PropertyResult;
  /** The id of its section, for links from the matrix and the list. */
  anchor: string;
  /** One sentence: the spec's explanation in the domain's terms, else the engine's first line. */
  oneLine: string;
}

/** The property ids in matrix column order (the first row's order, then any others). */
export function propertyIds(rows: readonly ComparisonRow[]): string[] {
  const ids: string[] = [];
  for (const r of rows) for (const p of r.result.properties) if (!ids.includes(p.id)) ids.push(p.id);
  return ids;
}

/** Every violated cell, row by row in column order. */
export function findings(report: ComparisonReport): Finding[] {
  const ids = propertyIds(report.rows);
  const out: Finding[] = [];
  for (const row of report.rows) {
    for (const id of ids) {
      const p = row.result.properties.find((x) => x.id === id);
      if (p?.verdict !== 'violated') continue;
      out.push({ row, property: p, anchor: anchor(row.name, p.id), oneLine: oneLineOf(row, p) });
    }
  }
  return out;
}

function oneLineOf(row: ComparisonRow, p: PropertyResult): string {
  const spec = row.explain?.(p.id);
  if (spec) return spec;
  const engine = p.explanation?.find((l) => /cycle|waits for/.test(l)) ?? p.explanation?.[0];
  return engine ?? p.description ?? `${p.id} is violated`;
}

/**
 * A `sometimes` property no reachable state satisfies: violated with no trace. The engine decides it
 * only when the search is complete, so it is a witness that does not exist, not a counterexample.
 */
export const neverReached = (p: PropertyResult): boolean => p.kind === 'sometimes' && p.verdict === 'violated' && !p.trace;

/** How the report words a neverReached cell's section, the same in every format. */
export const NEVER_REACHED_TEXT = 'No reachable state: never reached (checked completely).';

/** The Witnesses section's opening, the same in every format. */
export function witnessIntro(report: ComparisonReport, listed: readonly Finding[]): string {
  const shortest = allShortest(report.rows.map((r) => r.result)) ? 'shortest ' : '';
  const none = listed.some((f) => neverReached(f.property)) ? ' Where no reachable state satisfies the property there is none: the search was complete, so the possibility is not there.' : '';
  return `A witness is a ${shortest}trace to a state the property asks for: it shows the possibility is real.${none}`;
}

/** The matrix legend's words for a neverReached cell, if the matrix has one. */
/** The legend's words for the cells left out by --safety-only or --prove, when there are any. */
export function notCheckedLegend(report: ComparisonReport, mark: string): string {
  const any = report.rows.some((r) => r.result.properties.some((p) => p.notChecked));
  return any ? ` · ${mark} not checked (a liveness property left out by --safety-only or --prove)` : '';
}

export function neverReachedLegend(report: ComparisonReport): string {
  const any = report.rows.some((r) => r.result.properties.some(neverReached));
  return any ? ' · never reached: no reachable state satisfies the witness property (checked completely; under Witnesses)' : '';
}

/** The violated cells that have a counterexample to show (every finding but the witnesses never reached). */
export function counterexamples(report: ComparisonReport): Finding[] {
  return findings(report).filter((f) => !neverReached(f.property));
}

/**
 * Every `sometimes` cell, row by row in column order: those that hold with a trace (the witness), and
 * those no reachable state satisfies (no witness exists; listed here, not among the counterexamples).
 */
export function witnesses(report: ComparisonReport): Finding[] {
  const ids = propertyIds(report.rows);
  return report.rows.flatMap((row) =>
    ids.flatMap((id) => {
      const p = row.result.properties.find((x) => x.id === id);
      if (!p) return [];
      const base = { row, property: p, anchor: anchor(row.name, p.id) };
      if (neverReached(p)) return [{ ...base, oneLine: oneLineOf(row, p) }];
      return p.verdict === 'holds' && p.trace ? [{ ...base, oneLine: p.description ?? `${p.id} is reached` }] : [];
    }),
  );
}

/**
 * The state of a trace a reader must see: the last state of an invariant's counterexample (it breaks
 * the invariant) or of a deadlock, and the state a witness reaches. A liveness lasso has none (its
 * cycle is the finding).
 */
export function marksOf(p: PropertyResult): TraceMark[] {
  if (!p.trace) return [];
  const at = p.trace.steps.length - 1;
  const base = { at, property: p.id, ...(p.description ? { description: p.description } : {}) };
  if (p.kind === 'always' && p.verdict === 'violated') return [{ ...base, kind: 'violated' }];
  if (p.kind === 'deadlock' && p.verdict === 'violated') return [{ at, property: p.id, kind: 'deadlock' }];
  if (p.kind === 'sometimes' && p.verdict === 'holds') return [{ ...base, kind: 'witnessed' }];
  return [];
}

/** How the report draws a property's trace: its lanes, the spec's fields, and the property's marks. */
export function traceViewOf(report: ComparisonReport, p: PropertyResult): TraceView {
  return { ...(report.lanes ? { lanes: report.lanes } : {}), ...(report.fields ? { fields: report.fields } : {}), marks: marksOf(p) };
}

/** The number of steps of a trace (its length), or undefined. */
export const stepsOf = (p: PropertyResult): number | undefined => (p.trace ? p.trace.steps.length - 1 : undefined);

/** How a matrix cell reads, format-neutral. */
export interface CellView {
  verdict: Verdict;
  /** `holds`, `violated`, `incomplete`; `witness` for a sometimes-property that holds with a trace. */
  word: string;
  /** e.g. `5 steps`, `lasso, 8 steps`, `never reached`. */
  detail?: string;
  /** Left out by request (--safety-only, --prove): no verdict, and no limit stopped anything. */
  notChecked?: true;
}

/** The words of one cell. */
export function cellView(p: PropertyResult | undefined): CellView {
  if (!p) return { verdict: 'incomplete', word: 'n/a' };
  const n = stepsOf(p);
  const lasso = p.trace?.loop !== undefined ? 'lasso, ' : '';
  // A trace found under partial-order reduction, not confirmed shortest (PropertyResult.shortest): its length is only an upper bound.
  const steps = n !== undefined ? `${counted(n, 'step')}${lengthCaveat(p)}` : '';
  if (p.verdict === 'holds') return p.trace ? { verdict: 'holds', word: 'holds', detail: `witness, ${steps}` } : { verdict: 'holds', word: 'holds' };
  if (p.notChecked) return { verdict: 'incomplete', word: 'not checked', notChecked: true };
  if (p.verdict === 'incomplete') return { verdict: 'incomplete', word: 'incomplete' };
  return { verdict: 'violated', word: 'violated', detail: n !== undefined ? `${lasso}${steps}` : p.kind === 'sometimes' ? 'never reached' : undefined };
}

/** Each matrix column's property: its id, kind and description (from the first row that has it). */
export function propertyColumns(rows: readonly ComparisonRow[]): { id: string; kind: PropertyKind; description?: string }[] {
  return propertyIds(rows).map((id) => {
    const p = rows.flatMap((r) => r.result.properties).find((x) => x.id === id)!;
    return { id, kind: p.kind, ...(p.description ? { description: p.description } : {}) };
  });
}

/** The rows whose search stopped early, with why, as sentences. */
export function incompleteNotes(report: Pick<ComparisonReport, 'rows' | 'ladder'>): string[] {
  const rows = report.rows
    .filter((r) => r.result.status === 'incomplete')
    .map((r) => {
      const s = r.result.stats;
      // Ctrl-C before this variant's search began: its initial state was all that was checked.
      if (r.result.stoppedBy === 'interrupted' && s.expanded === 0) return `${r.name}: not searched: Ctrl-C came before its search began (only its initial state was checked).`;
      const why = r.result.stoppedBy ? STOP_WORDS[r.result.stoppedBy] ?? r.result.stoppedBy : 'it stopped early';
      return `${r.name}: the search stopped because ${why}, after ${counted(s.distinctStates, 'distinct state', fmt(s.distinctStates))} (${fmt(s.distinctStates - s.expanded)} left unexplored).`;
    });
  const ladder = report.ladder && ladderInterrupted(report.ladder) ? ['the scope ladder: Ctrl-C stopped it; the scopes it had not finished are undecided (see the scope ladder).'] : [];
  return [...rows, ...ladder];
}

/**
 * Whether the report is complete: no limit or Ctrl-C stopped a variant's search at the compared scope,
 * and Ctrl-C did not stop the scope ladder (a ladder scope cut by its time is undecided in its cell).
 */
export function reportComplete(report: Pick<ComparisonReport, 'rows' | 'ladder'>): boolean {
  // One test for the banner, the JSON and the exit status: a report is complete when it has nothing to say under INCOMPLETE.
  return incompleteNotes(report).length === 0;
}

/** The words for a property kind in a report. */
export function kindWord(k: PropertyKind): string {
  return { always: 'invariant', sometimes: 'witness', deadlock: 'deadlock freedom', leadsTo: 'liveness', eventually: 'liveness', possibly: 'possibility' }[k];
}

/** `processes=2, blocks=1`. */
export function scopeText(report: ComparisonReport): string {
  const scope = report.rows[0]?.result.system.scope ?? {};
  return Object.entries(scope).map(([k, v]) => `${k}=${v}`).join(', ') || '(defaults)';
}

/** Explanation lines grouped for a nested list: a line indented with spaces belongs to the line before. */
export function explanationItems(lines: readonly string[]): { text: string; sub: string[] }[] {
  const items: { text: string; sub: string[] }[] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && items.length > 0) items[items.length - 1].sub.push(line.trim());
    else items.push({ text: line.trim(), sub: [] });
  }
  return items;
}
