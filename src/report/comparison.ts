import { traceToJSON, type TraceJSON } from '../engine/trace.ts';
import { formatTraceText } from './traceText.ts';
import { fmt } from '../util/format.ts';
import { terminalText } from '../util/controls.ts';
import type { CheckSuccess, Verdict } from '../engine/check.ts';

/** One variant of a system (a design) and its result, for side-by-side reports. */
export interface ComparisonRow {
  name: string;
  title?: string;
  /** Anything that identifies the variant's settings (knob values). */
  settings?: Record<string, string>;
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
    stats: { distinctStates: number; statesGenerated: number; depth: number; seconds: number };
  }[];
}

export function comparisonToJSON(rows: readonly ComparisonRow[]): ComparisonJSON {
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
        ...(p.explanation ? { explanation: p.explanation } : {}),
      })),
      stats: {
        distinctStates: r.result.stats.distinctStates,
        statesGenerated: r.result.stats.statesGenerated,
        depth: r.result.stats.depth,
        seconds: r.result.stats.seconds,
      },
    })),
  };
}

/** The verdict matrix as plain text (terminal). */
export function formatComparisonText(rows: readonly ComparisonRow[]): string {
  if (rows.length === 0) return '';
  const props = rows[0].result.properties.map((p) => p.id);
  const nameW = Math.max(6, ...rows.map((r) => r.name.length));
  const colW = props.map((p) => Math.max(p.length, 12));
  const lines = [
    `${'design'.padEnd(nameW)}  ${props.map((p, i) => p.padEnd(colW[i])).join('  ')}  states`,
    ...rows.map((r) => {
      const cells = r.result.properties.map((p, i) => {
        const t = p.verdict === 'violated' ? `VIOLATED${p.trace ? `(${p.trace.steps.length - 1})` : ''}` : p.verdict === 'holds' ? 'holds' : 'unknown';
        return t.padEnd(colW[i]);
      });
      return `${r.name.padEnd(nameW)}  ${cells.join('  ')}  ${fmt(r.result.stats.distinctStates)} in ${r.result.stats.seconds.toFixed(1)} s`;
    }),
  ];
  return terminalText(lines.join('\n'));
}

export function anchor(design: string, property: string): string {
  return `${design}--${property}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
