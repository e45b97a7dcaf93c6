import { join } from 'node:path';
import { LeasecheckError } from '../../../src/errors.ts';
import { LIMIT_FLAGS, parseArgs } from '../../../src/cli/args.ts';
import { exitCodeFor, limitsFrom } from '../../../src/cli/limits.ts';
import { interruptSignal } from '../../../src/cli/interrupt.ts';
import { progressLine } from '../../../src/cli/progress.ts';
import { writeReportSet } from '../../../src/cli/reportSet.ts';
import { validateOutputPath } from '../../../src/cli/outputPath.ts';
import { comparisonToJSON, formatComparisonText, type ComparisonRow } from '../../../src/report/comparison.ts';
import { comparisonFiles, comparisonLegacy } from '../../../src/report/reportFiles.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { compareDesigns, type DesignResult } from '../compare.ts';
import { daxReport, designRows } from '../report/build.ts';

/** One comparison row per design (kept for callers of the earlier API; see report/build.ts). */
export function rowsOf(results: readonly DesignResult[]): ComparisonRow[] {
  return designRows(results);
}

/**
 * `leasecheck compare [--designs a,b] [--set k=v] [--scope ...] [--json] [--out DIR]`: every property
 * on every design. Exit 0 when every design was explored completely (violations are findings, not
 * failures: the gate decides what is expected), 3 if any run was incomplete, 2 for bad input.
 *
 * --out DIR writes comparison.md, comparison.html, comparison.json and traces/<design>/<property>.itf.json
 * as one set (writeReportSet: the folder holds the old set or the new one, whole; ITF files of traces
 * that no longer exist go). After Ctrl-C the searches stop and the report is still written, the stopped
 * designs marked incomplete: into DIR/incomplete/ when DIR holds a complete report, which is kept.
 */
export async function runCompare(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...LIMIT_FLAGS, ...DESIGN_FLAGS, out: { type: 'string', doc: 'write reports into this folder' } }, 'compare');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', `compare takes no positional arguments (got "${args.positional[0]}")`);
  const designs = designsFrom(args);
  const options = limitsFrom(args);
  // A bad --out fails now, in a second, not after the searches.
  if (args.flags.out !== undefined) validateOutputPath(String(args.flags.out), 'report-dir', '--out');
  const quiet = !!args.flags.json || !!args.flags.quiet;
  let progress = progressLine(false);
  // The search calls this one function; it forwards to the current design's progress line.
  const onProgress: NonNullable<typeof options.onProgress> = (p) => progress.onProgress?.(p);
  const results = await compareDesigns(designs, { ...options, onProgress, signal: interruptSignal() }, (d, i) => {
    progress.done();
    progress = progressLine(!quiet, `[${i + 1}/${designs.length}] ${d.id}: `);
    if (!quiet && !process.stderr.isTTY) process.stderr.write(`checking ${d.id} (${i + 1}/${designs.length})\n`);
  }).finally(() => progress.done());
  const rows = rowsOf(results);
  const incomplete = results.some((r) => r.result.status === 'incomplete');
  if (args.flags.out) {
    // The whole set is replaced at once; an incomplete one never replaces a complete report (reportSet.ts).
    const w = writeReportSet(String(args.flags.out), comparisonFiles(daxReport(results, designs)), { complete: !incomplete, legacy: comparisonLegacy() });
    if (w.besideComplete) {
      process.stderr.write(`note: the search was incomplete, so the complete report in ${String(args.flags.out)} was kept; the incomplete one is in ${w.dir}\n`);
    }
    if (!quiet) {
      const traces = w.files.filter((f) => f.endsWith('.itf.json')).length;
      const main = w.files.filter((f) => !f.endsWith('.itf.json'));
      process.stderr.write(`wrote ${main.join(', ')} and ${traces} ITF trace files under ${join(w.dir, 'traces')}${w.removed ? ` (removed ${w.removed} stale)` : ''}\n`);
    }
  }
  process.stdout.write(args.flags.json ? JSON.stringify(comparisonToJSON(rows)) + '\n' : formatComparisonText(rows) + '\n');
  return incomplete ? exitCodeFor(['incomplete']) : 0;
}
