import { LeasecheckError } from '../../../src/errors.ts';
import { LIMIT_FLAGS, parseArgs } from '../../../src/cli/args.ts';
import { exitCodeFor, limitsFrom } from '../../../src/cli/limits.ts';
import { interruptSignal } from '../../../src/cli/interrupt.ts';
import { progressLine } from '../../../src/cli/progress.ts';
import { writeFilesAtomic } from '../../../src/cli/writeAtomic.ts';
import { comparisonToJSON, formatComparisonMarkdown, formatComparisonText, type ComparisonRow } from '../../../src/report/comparison.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { compareDesigns, type DesignResult } from '../compare.ts';
import { explanationFor } from '../explanations.ts';

export function rowsOf(results: readonly DesignResult[]): ComparisonRow[] {
  return results.map(({ design, result }) => ({
    name: design.id,
    title: design.title,
    settings: { ...design.knobs },
    result,
    explain: (id) => explanationFor(design.id, id),
  }));
}

/**
 * `leasecheck compare [--designs a,b] [--set k=v] [--scope ...] [--json] [--out DIR]`: every property
 * on every design. Exit 0 when every design was explored completely (violations are findings, not
 * failures: the gate decides what is expected), 3 if any run was incomplete, 2 for bad input.
 */
export async function runCompare(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...LIMIT_FLAGS, ...DESIGN_FLAGS, out: { type: 'string', doc: 'write reports into this folder' } }, 'compare');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', `compare takes no positional arguments (got "${args.positional[0]}")`);
  const designs = designsFrom(args);
  const options = limitsFrom(args);
  const quiet = !!args.flags.json || !!args.flags.quiet;
  let progress = progressLine(false);
  const results = await compareDesigns(designs, { ...options, signal: interruptSignal() }, (d, i) => {
    progress.done();
    progress = progressLine(!quiet, `[${i + 1}/${designs.length}] ${d.id}: `);
    if (!quiet && !process.stderr.isTTY) process.stderr.write(`checking ${d.id} (${i + 1}/${designs.length})\n`);
    options.onProgress = progress.onProgress;
  }).finally(() => progress.done());
  const rows = rowsOf(results);
  if (args.flags.out) {
    const written = writeFilesAtomic(String(args.flags.out), {
      'comparison.md': formatComparisonMarkdown(rows, 'leasecheck: the layout-lease designs compared'),
      'comparison.json': JSON.stringify(comparisonToJSON(rows), null, 1) + '\n',
    });
    if (!quiet) process.stderr.write(`wrote ${written.join(', ')}\n`);
  }
  process.stdout.write(args.flags.json ? JSON.stringify(comparisonToJSON(rows)) + '\n' : formatComparisonText(rows) + '\n');
  const incomplete = results.some((r) => r.result.status === 'incomplete');
  return incomplete ? exitCodeFor(['incomplete']) : 0;
}

