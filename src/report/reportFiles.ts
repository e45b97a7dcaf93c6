import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { comparisonDocument } from './comparison.ts';
import { formatReportHtml } from './htmlReport.ts';
import { formatReportMarkdown } from './markdownReport.ts';
import { traceToItf } from './itf.ts';
import { propertyColumns, type ComparisonReport } from './reportModel.ts';
import { ladderCells } from './ladderModel.ts';

/** Names longer than this (escaped) are cut and end in a hash of the whole name (file names stop at 255 bytes). */
const MAX_NAME = 120;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * A name as one file-name segment, injectively, also on case-insensitive file systems: lower-case
 * letters, digits, `-`, `_` and `.` (but a leading dot) stay; an upper-case letter becomes `^` and the
 * letter; anything else (`/`, a space, `~`, `^`, a control character, non-ASCII) becomes `~` and the
 * hex of its UTF-8 bytes (`~u` and the code unit for a lone surrogate). So `a b`, `a_b`, `a/b` and `A_B` are four files (the sanitiser this replaces
 * wrote them all to `a_b`, and three traces were lost). A name longer than MAX_NAME escaped is cut and
 * ends in `~~` and 16 hex digits of its SHA-256 (`~~` appears in no other name).
 */
export function fileNameFor(name: string): string {
  if (name === '') return '~';
  let out = '';
  for (const ch of name) {
    if (/^[a-z0-9_-]$/.test(ch) || (ch === '.' && out !== '')) out += ch;
    else if (/^[A-Z]$/.test(ch)) out += `^${ch.toLowerCase()}`;
    else if (ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF') out += `~u${ch.charCodeAt(0).toString(16)}`; // a lone surrogate has no UTF-8
    else for (const b of Buffer.from(ch, 'utf8')) out += `~${b.toString(16).padStart(2, '0')}`;
  }
  if (RESERVED.test(out)) out = `~${out.charCodeAt(0).toString(16)}${out.slice(1)}`;
  if (out.length <= MAX_NAME) return out;
  let cut = MAX_NAME - 20;
  // Never cut an escape in two.
  const tilde = out.lastIndexOf('~', cut);
  if (tilde > cut - 3) cut = tilde;
  if (out[cut - 1] === '^') cut--;
  return `${out.slice(0, cut)}~~${createHash('sha256').update(Buffer.from(name, 'utf16le')).digest('hex').slice(0, 16)}`;
}

/** Where a trace's ITF file goes, relative to the report folder: `traces/<variant>/<property>.itf.json` (fileNameFor each). */
export function itfPath(variant: string, property: string): string {
  return `traces/${fileNameFor(variant)}/${fileNameFor(property)}.itf.json`;
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
        ...(report.specPath ? { spec: specFrom(itfPath(row.name, p.id), report.specPath) } : {}),
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
  // The scope ladder's verdict changes, each at its own scope (ladderTracePath never clashes with itfPath).
  if (report.ladder) {
    const knobsOf = (variant: string) => report.rows.find((r) => r.name === variant);
    for (const cell of ladderCells(report.ladder, propertyColumns(report.rows))) {
      for (const ch of cell.changes) {
        if (!ch.file || !ch.change.result.trace) continue;
        const row = knobsOf(cell.variant);
        const itf = traceToItf(ch.change.system, ch.change.result.trace, {
          ...(report.specPath ? { spec: specFrom(ch.file, report.specPath) } : {}),
          variant: cell.variant,
          ...(row?.settings ? { knobs: row.knobValues ?? row.settings } : {}),
          property: cell.property,
          kind: cell.kind,
          verdict: ch.change.to,
          trace: ch.change.to === 'holds' ? 'witness' : 'counterexample',
          ladder: { from: ch.change.from, to: ch.change.to },
        });
        files[ch.file] = JSON.stringify(itf, null, 1) + '\n';
      }
    }
  }
  return files;
}

/**
 * The spec's path as seen from a report file: `specPath` is relative to the report folder and `file`
 * lies inside it, so it is one `..` per folder of `file`, then `specPath`. (posix.relative would resolve
 * both against the working directory, where a `specPath` climbing above the root is clamped, and the
 * spec of a report written outside the working directory was then named wrongly.)
 */
function specFrom(file: string, specPath: string): string {
  const depth = file.split('/').length - 1;
  return posix.normalize(`${'../'.repeat(depth)}${specPath}`);
}

/**
 * How to read a comparison folder written before report manifests (src/cli/reportSet.ts): its files
 * are `<base>.md|.html|.json` and `traces/<variant>/<property>.itf.json`, and it is complete when every row of its JSON is.
 */
export function comparisonLegacy(base = 'comparison'): { isComplete: (dir: string) => boolean; owns: (relPath: string) => boolean } {
  return {
    owns: (rel) => rel === `${base}.md` || rel === `${base}.html` || rel === `${base}.json` || /^traces\/.+\.itf\.json$/.test(rel),
    isComplete: (dir) => {
      try {
        // `variants` since the versioned schema, `designs` before it.
        const json = JSON.parse(readFileSync(join(dir, `${base}.json`), 'utf8')) as { variants?: { status?: string }[]; designs?: { status?: string }[] };
        const rows = json.variants ?? json.designs;
        return Array.isArray(rows) && rows.length > 0 && rows.every((d) => d.status === 'complete');
      } catch {
        return false;
      }
    },
  };
}
