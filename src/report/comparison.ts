import { searchWords } from './searchWords.ts';
import { createHash } from 'node:crypto';
import { traceToJSON, type TraceJSON } from '../engine/trace.ts';
import { formatTraceText } from './traceText.ts';
import { fmt } from '../util/format.ts';
import { terminalText } from '../util/controls.ts';
import type { CheckSuccess, Verdict } from '../engine/check.ts';
import type { ComparisonReport } from './reportModel.ts';
import { propertyIds, reportComplete } from './reportModel.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { ladderJSON } from './ladderModel.ts';

/** One variant of a system (a design) and its result, for side-by-side reports. */
export interface ComparisonRow {
  name: string;
  title?: string;
  /** Anything that identifies the variant's settings (knob values, as text). */
  settings?: Record<string, string>;
  /** The knob values themselves (numbers and flags kept), for machine-readable files. */
  knobValues?: Record<string, string | number | boolean>;
  result: CheckSuccess;
  /** A sentence explaining a violated property of this row, if the spec has one. */
  explain?: (propertyId: string) => string | undefined;
}

export interface ComparisonJSON {
  scope: Record<string, number>;
  designs: {
    design: string;
    settings?: Record<string, string>;
    status: 'complete' | 'incomplete';
    properties: { id: string; kind: string; verdict: Verdict; trace?: TraceJSON; explanation?: string[] }[];
    /** seconds only with timings (a report regenerated from the same code is then the same file). */
    stats: { distinctStates: number; statesGenerated: number; depth: number; seconds?: number };
  }[];
}

export function comparisonToJSON(rows: readonly ComparisonRow[], options: { timings?: boolean } = { timings: true }): ComparisonJSON {
  return {
    scope: rows.length ? { ...rows[0].result.system.scope } : {},
    designs: rows.map((r) => ({
      design: r.name,
      ...(r.settings ? { settings: r.settings } : {}),
      status: r.result.status,
      properties: r.result.properties.map((p) => ({
        id: p.id,
        kind: p.kind,
        verdict: p.verdict,
        ...(p.trace ? { trace: traceToJSON(r.result.system, p.trace) } : {}),
        // The schema's rule: a trace is a shortest one unless this says false (found under --por, not confirmed).
        ...(p.trace && p.shortest === false ? { shortest: false } : {}),
        ...(p.explanation ? { explanation: p.explanation } : {}),
      })),
      stats: {
        distinctStates: r.result.stats.distinctStates,
        statesGenerated: r.result.stats.statesGenerated,
        depth: r.result.stats.depth,
        ...(options.timings ? { seconds: r.result.stats.seconds } : {}),
      },
    })),
  };
}

/**
 * The versioned JSON of a comparison (schema/comparison.schema.json): the properties (columns), then
 * per variant its knobs, status, verdicts with their traces, and the search's size.
 */
export function comparisonDocument(report: ComparisonReport) {
  const base = comparisonToJSON(report.rows, { timings: !!report.timings });
  const properties = propertyIds(report.rows).map((id) => {
    const p = report.rows.flatMap((r) => r.result.properties).find((x) => x.id === id)!;
    return { id, kind: p.kind, ...(p.description ? { description: p.description } : {}) };
  });
  return {
    schema: 'leasecheck/comparison' as const,
    schemaVersion: SCHEMA_VERSION,
    system: report.rows[0]?.result.system.name ?? '',
    title: report.title,
    variantWord: report.variantWord ?? 'variant',
    // False when a limit or Ctrl-C stopped a variant's search, or Ctrl-C the ladder (the Markdown's INCOMPLETE banner; reportComplete).
    complete: reportComplete(report),
    scope: base.scope,
    properties,
    variants: base.designs.map(({ design, ...rest }, i) => {
      const row = report.rows[i];
      return {
        id: design,
        ...(row.title ? { title: row.title } : {}),
        ...rest,
        ...(row.result.stoppedBy ? { stoppedBy: row.result.stoppedBy } : {}),
        properties: rest.properties.map((p) => {
          const explained = row.explain?.(p.id);
          return p.verdict === 'violated' && explained ? { ...p, explanation: [explained, ...(p.explanation ?? [])] } : p;
        }),
      };
    }),
    ...(report.ladder ? { ladder: ladderJSON(report.ladder, properties, !!report.timings) } : {}),
  };
}

/** The verdict matrix as plain text (terminal). */
export function formatComparisonText(rows: readonly ComparisonRow[], word = 'design'): string {
  if (rows.length === 0) return '';
  const props = rows[0].result.properties.map((p) => p.id);
  const nameW = Math.max(6, ...rows.map((r) => r.name.length));
  const texts = rows.map((r) =>
    r.result.properties.map((p) => {
      const n = p.trace ? `(${p.trace.steps.length - 1}${p.shortest === false ? '*' : ''})` : '';
      return p.verdict === 'violated' ? `VIOLATED${n}` : p.verdict === 'holds' ? 'holds' : p.notChecked ? '-' : 'unknown';
    }),
  );
  // Each column as wide as its name or its widest cell (VIOLATED(12*) is wider than a short name).
  const colW = props.map((p, i) => Math.max(p.length, 12, ...texts.map((t) => (t[i] ?? '').length)));
  const lines = [
    `${word.padEnd(nameW)}  ${props.map((p, i) => p.padEnd(colW[i])).join('  ')}  states`,
    ...rows.map((r, j) => `${r.name.padEnd(nameW)}  ${texts[j].map((t, i) => t.padEnd(colW[i])).join('  ')}  ${fmt(r.result.stats.distinctStates)} in ${r.result.stats.seconds.toFixed(1)} s`),
  ];
  const how = searchWords(rows.map((r) => r.result));
  if (how.length) lines.push(`searched with ${how.join('; ')}`);
  if (rows.some((r) => r.result.properties.some((p) => p.verdict === 'violated' && p.trace && p.shortest === false))) {
    lines.push('(N*): a counterexample of N steps found under partial-order reduction, not known to be shortest');
  }
  return terminalText(lines.join('\n'));
}

/**
 * The id of a variant x property section in a report. Names made of lowercase letters, digits and
 * single hyphens keep a readable slug; any other name gets a hash of the exact pair too, so two names
 * that slug alike (`a b`, `a-b`, `A-B`) never share a link.
 */
export function anchor(design: string, property: string): string {
  const raw = `${design}--${property}`;
  const slug = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const plain = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(design) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(property);
  return plain ? slug : `${slug}-${createHash('sha256').update(`${design}\u0000${property}`).digest('hex').slice(0, 10)}`;
}
