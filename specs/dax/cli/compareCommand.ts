import { existsSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LeasecheckError } from '../../../src/errors.ts';
import { LIMIT_FLAGS, parseArgs } from '../../../src/cli/args.ts';
import { exitCodeFor, limitsFrom } from '../../../src/cli/limits.ts';
import { interruptSignal } from '../../../src/cli/interrupt.ts';
import { progressLine } from '../../../src/cli/progress.ts';
import { writeFilesAtomic } from '../../../src/cli/writeAtomic.ts';
import { comparisonToJSON, formatComparisonText, type ComparisonRow } from '../../../src/report/comparison.ts';
import { comparisonFiles } from '../../../src/report/reportFiles.ts';
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
 * --out DIR writes comparison.md, comparison.html, comparison.json and traces/<design>/<property>.itf.json,
 * all at once (writeFilesAtomic); ITF files of traces that no longer exist are removed. After Ctrl-C the
 * searches stop, and the report is still written, with the stopped designs marked incomplete.
 */
export async function runCompare(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...LIMIT_FLAGS, ...DESIGN_FLAGS, out: { type: 'string', doc: 'write reports into this folder' } }, 'compare');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', `compare takes no positional arguments (got "${args.positional[0]}")`);
  const designs = designsFrom(args);
  const options = limitsFrom(args);
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
  if (args.flags.out) {
    const dir = String(args.flags.out);
    const files = comparisonFiles(daxReport(results, designs));
    const written = writeFilesAtomic(dir, files);
    const pruned = pruneStaleTraces(dir, new Set(Object.keys(files)));
    if (!quiet) {
      const traces = written.filter((w) => w.endsWith('.itf.json')).length;
      const main = written.filter((w) => !w.endsWith('.itf.json'));
      process.stderr.write(`wrote ${main.join(', ')} and ${traces} ITF trace files under ${join(dir, 'traces')}${pruned ? ` (removed ${pruned} stale)` : ''}\n`);
    }
  }
  process.stdout.write(args.flags.json ? JSON.stringify(comparisonToJSON(rows)) + '\n' : formatComparisonText(rows) + '\n');
  const incomplete = results.some((r) => r.result.status === 'incomplete');
  return incomplete ? exitCodeFor(['incomplete']) : 0;
}

/** Removes traces/<design>/<property>.itf.json files not in `keep` (and design folders left empty). */
function pruneStaleTraces(dir: string, keep: ReadonlySet<string>): number {
  const root = join(dir, 'traces');
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const design of readdirSync(root, { withFileTypes: true })) {
    if (!design.isDirectory()) continue;
    const sub = join(root, design.name);
    for (const f of readdirSync(sub)) {
      if (f.endsWith('.itf.json') && !keep.has(`traces/${design.name}/${f}`)) {
        unlinkSync(join(sub, f));
        removed++;
      }
    }
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
  return removed;
}
