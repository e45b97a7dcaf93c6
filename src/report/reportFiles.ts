import { posix } from 'node:path';
import { comparisonDocument } from './comparison.ts';
import { formatReportHtml } from './htmlReport.ts';
import { formatReportMarkdown } from './markdownReport.ts';
import { traceToItf } from './itf.ts';
import type { ComparisonReport } from './reportModel.ts';

/** Where a trace's ITF file goes, relative to the report folder: `traces/<variant>/<property>.itf.json`. */
export function itfPath(variant: string, property: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return `traces/${safe(variant)}/${safe(property)}.itf.json`;
}

/**
 * Every file of a comparison report, by path relative to the report folder: `<base>.md`,
 * `<base>.html`, `<base>.json`, and one ITF file per trace (counterexample or witness). Pure: the CLI
 * writes them (atomically). `report.traceFile` and `report.siblings` are filled in to match.
 */
export function comparisonFiles(report: ComparisonReport, base = 'comparison'): Record<string, string> {
  const linked: ComparisonReport = {
    ...report,
    traceFile: (variant, property) => itfPath(variant, property),
    siblings: [
      { label: 'Markdown', href: `${base}.md` },
      { label: 'standalone HTML', href: `${base}.html` },
      { label: 'JSON', href: `${base}.json` },
      { label: 'ITF traces', href: 'traces/' },
    ],
  };
  const files: Record<string, string> = {
    [`${base}.md`]: formatReportMarkdown(linked),
    [`${base}.html`]: formatReportHtml(linked),
    [`${base}.json`]: JSON.stringify(comparisonDocument(report), null, 1) + '\n',
  };
  for (const row of report.rows) {
    for (const p of row.result.properties) {
      if (!p.trace) continue;
      const itf = traceToItf(row.result.system, p.trace, {
        ...(report.specPath ? { spec: posix.relative(posix.dirname(itfPath(row.name, p.id)), report.specPath) } : {}),
        variant: row.name,
        ...(row.settings ? { knobs: row.knobValues ?? row.settings } : {}),
        property: p.id,
        kind: p.kind,
        verdict: p.verdict,
        trace: p.verdict === 'holds' ? 'witness' : 'counterexample',
        ...(row.result.status === 'incomplete' ? { searchIncomplete: true } : {}),
      });
      files[itfPath(row.name, p.id)] = JSON.stringify(itf, null, 1) + '\n';
    }
  }
  return files;
}
