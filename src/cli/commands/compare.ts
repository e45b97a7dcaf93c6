import { join, relative, resolve, sep } from 'node:path';
import { checkAsync, type CheckOptions } from '../../engine/check.ts';
import { replayTrace } from '../../engine/replay.ts';
import { comparisonDocument, formatComparisonText } from '../../report/comparison.ts';
import { comparisonFiles, comparisonLegacy } from '../../report/reportFiles.ts';
import { comparisonReport, variantRows, type VariantResult } from '../../report/fromSystem.ts';
import type { System } from '../../spec/system.ts';
import { parseArgs, type CommandSpec, type ParsedArgs } from '../args.ts';
import { help } from '../help.ts';
import { interruptSignal } from '../interrupt.ts';
import { exitCodeFor, limitsFrom } from '../limits.ts';
import { LIMIT_OPTIONS, VARIANTS_OPTIONS } from '../options.ts';
import { DEFAULT_LADDER_BUDGET_S, LADDER_OPTIONS, parseLadder } from '../ladderOption.ts';
import { runLadders } from '../ladderRun.ts';
import { formatLadderText } from '../../report/ladderText.ts';
import { propertyColumns, reportComplete } from '../../report/reportModel.ts';
import { resolveScope } from '../../engine/scope.ts';
import { LeasecheckError } from '../../errors.ts';
import { progressLine, type ProgressLine } from '../progress.ts';
import { loadTarget, variantsFrom, variantWord } from '../target.ts';
import { writeReportSet } from '../reportSet.ts';
import { validateOutputPath } from '../outputPath.ts';

export const COMPARE_COMMAND: CommandSpec = {
  name: 'compare',
  usage: '[SPEC] [--variants a,b] [--set knob=value ...] [--scope k=v,...] [--ladder k=a..b,... [--budget SECONDS]] [limits] [--json] [--out DIR]',
  summary:
    'Checks every property on every variant of the spec (its designs), side by side, and replays every trace on real XState actors. ' +
    '--out DIR writes the report: DIR/comparison.md (renders on GitHub), comparison.html (standalone), comparison.json, and every trace as ITF JSON under DIR/traces/. ' +
    '--ladder then checks every variant again at growing scopes within --budget and adds a scope ladder to the report: per cell the largest scopes its verdict was established at, where it is undecided, and any verdict that changes with scope, loudly, with its trace (replayed, and written as traces/<variant>/<property>@<scope>.itf.json).',
  options: {
    ...VARIANTS_OPTIONS,
    ...LIMIT_OPTIONS,
    ...LADDER_OPTIONS,
    out: { type: 'path', value: 'DIR', doc: 'write the report files into this folder' },
    timings: { type: 'boolean', doc: 'put search times in the report files too (off: a report regenerated from the same code is identical)' },
  },
  maxPositional: 1,
  notes: [
    'example: leasecheck compare examples/lock.model.ts --ladder clients=1..3 --budget 120 --out report/',
    'exit status: 0 every variant was explored completely at --scope (violations are findings: `leasecheck gate` judges them), 2 bad input (also a scope of the ladder the checker refused, e.g. a symmetry that fails there: its cells say so, the report is written), 3 a search was incomplete or Ctrl-C stopped the ladder (scopes the ladder left undecided within its budget are in its report, not in the exit status)',
  ],
};

/**
 * Checks each variant in turn and replays every trace on real actors before anything is reported.
 * The progress line names the variant being checked.
 */
export async function checkVariants(variants: readonly System[], args: ParsedArgs, options: CheckOptions): Promise<VariantResult[]> {
  const out: VariantResult[] = [];
  let progress: ProgressLine = { done: () => {} };
  const signal = interruptSignal();
  try {
    for (const [i, system] of variants.entries()) {
      const label = `[${i + 1}/${variants.length}] ${system.variant.id}: `;
      progress = progressLine(args, label);
      // Said once the check has accepted its options: a refusal (--prove without safety properties, an
      // unusable --disk) is then the only line.
      const onStart = () => {
        if (!args.flags.json && !args.flags.quiet && !process.stderr.isTTY) process.stderr.write(`checking ${system.variant.id} (${i + 1}/${variants.length})\n`);
      };
      const r = await checkAsync(system, { ...options, onProgress: progress.onProgress, signal, onStart });
      progress.done();
      if (r.status === 'error') throw r.error;
      for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
      out.push({ system, result: r });
    }
  } finally {
    progress.done();
  }
  return out;
}

/** `leasecheck compare [SPEC] [--variants a,b] [--set k=v] [--scope ...] [--ladder k=a..b,... --budget S] [--json] [--out DIR]`. */
export async function runCompare(argv: string[]): Promise<number> {
  const args = parseArgs(argv, COMPARE_COMMAND);
  if (args.flags.help) return help(COMPARE_COMMAND);
  const options = limitsFrom(args);
  // A bad --out fails now, in a second, not after the searches (outputPath.ts).
  if (args.flags.out !== undefined) validateOutputPath(String(args.flags.out), 'report-dir', '--out');
  if (args.flags.budget !== undefined && args.flags.ladder === undefined) throw new LeasecheckError('LC001', 'compare: --budget is the time of the scope ladder: give --ladder too');
  if (args.flags['ladder-liveness'] && args.flags.ladder === undefined) throw new LeasecheckError('LC001', 'compare: --ladder-liveness is an option of the scope ladder: give --ladder too');
  if (args.flags['ladder-liveness'] && options.prove) throw new LeasecheckError('LC001', 'compare: --ladder-liveness and --prove do not go together (--prove checks safety properties only)');
  const target = await loadTarget('compare', args.positional[0]);
  const variants = variantsFrom(target.system, args);
  // A bad --ladder fails now, before any search.
  const axes = args.flags.ladder !== undefined ? parseLadder(String(args.flags.ladder), target.system, options.scope ?? {}) : undefined;
  if (options.scope) resolveScope(target.system, options.scope);
  const quiet = !!args.flags.json || !!args.flags.quiet;
  const results = await checkVariants(variants, args, options);
  const ladder = axes
    ? await runLadders(variants, { axes, fixed: options.scope ?? {}, budgetSeconds: (args.flags.budget as number | undefined) ?? DEFAULT_LADDER_BUDGET_S, liveness: !!args.flags['ladder-liveness'], options }, args)
    : undefined;
  // The report (with the spec's scenarios run under every variant) only when it is written or printed.
  const report = () => ({ ...comparisonReport(results, { timings: !!args.flags.timings }), ...(ladder ? { ladder } : {}) });
  const rows = variantRows(results);
  const incomplete = !reportComplete({ rows, ...(ladder ? { ladder } : {}) });
  if (args.flags.out !== undefined) {
    const dir = String(args.flags.out);
    // The whole set is replaced at once; an incomplete one never replaces a complete report: it goes to
    // DIR/incomplete/ (reportSet.ts). The traces name the spec relative to where they end up.
    const files = (to: string) => comparisonFiles({ ...report(), specPath: relative(to, resolve(target.specPath)).split(sep).join('/') });
    const w = writeReportSet(dir, files, { complete: !incomplete, legacy: comparisonLegacy() });
    if (w.besideComplete) process.stderr.write(`note: the search was incomplete, so the complete report in ${dir} was kept; the incomplete one is in ${w.dir}\n`);
    if (!quiet) {
      const traces = w.files.filter((f) => f.endsWith('.itf.json')).length;
      const main = w.files.filter((f) => !f.endsWith('.itf.json'));
      process.stderr.write(`wrote ${main.join(', ')} and ${traces} ITF trace files under ${join(w.dir, 'traces')}${w.removed ? ` (removed ${w.removed} stale)` : ''}\n`);
    }
  }
  const ladderText = ladder ? formatLadderText(ladder, propertyColumns(rows), variantWord(target.system)) : '';
  process.stdout.write(args.flags.json ? JSON.stringify(comparisonDocument({ ...report(), timings: true })) + '\n' : formatComparisonText(rows, variantWord(target.system)) + ladderText + '\n');
  // A scope the checker refused (bad input there, e.g. a symmetry that does not hold at a larger scope):
  // the report shows it in its cells; the exit status and the one coded line say so too.
  // (Not a limit: running out of memory at a larger scope, LC003, is how a ladder ends, undecided.)
  const refused = ladder?.variants.flatMap((v) => v.result.runs).find((r) => r.status === 'error' && r.error && !['LC003', 'LC032', 'LC033'].includes(r.error.code));
  if (refused) {
    process.stderr.write(`${new LeasecheckError(refused.error!.code, `compare --ladder: at ${Object.entries(refused.scope).map(([k, v]) => `${k}=${v}`).join(',')}: ${refused.error!.message}`).line()}\n`);
    return 2;
  }
  return incomplete ? exitCodeFor(['incomplete']) : 0;
}
