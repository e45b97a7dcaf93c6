import { fileURLToPath } from 'node:url';
import { LIMIT_FLAGS, parseArgs } from '../../../src/cli/args.ts';
import { exitCodeFor } from '../../../src/cli/limits.ts';
import { interruptSignal } from '../../../src/cli/interrupt.ts';
import { progressLine } from '../../../src/cli/progress.ts';
import { checkAsync, replayTrace } from '../../../src/index.ts';
import { checkToJSON, formatCheckText } from '../../../src/report/checkReport.ts';
import { LeasecheckError } from '../../../src/errors.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { daxSystem } from '../system.ts';
import { explanationFor } from '../explanations.ts';
import { REPORT_FLAGS, applyReportFlags, checkLimits } from '../../../src/cli/commands/check.ts';
import type { SystemSource } from '../../../src/report/emitTest.ts';

/** `leasecheck check --design d [--set knob=value ...]`: the DAX model under one design. */
export async function runCheckDesign(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...LIMIT_FLAGS, ...REPORT_FLAGS, design: DESIGN_FLAGS.design, set: DESIGN_FLAGS.set }, 'check');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', 'check takes either a spec file or --design, not both');
  const [design] = designsFrom(args, false);
  const progress = progressLine(!args.flags.json && !args.flags.quiet);
  const r = await checkAsync(daxSystem(design).system, { ...checkLimits(args), onProgress: progress.onProgress, signal: interruptSignal() });
  progress.done();
  if (r.status === 'error') throw r.error;
  for (const p of r.properties) {
    if (p.trace) replayTrace(r.system, p.trace);
    const why = p.verdict === 'violated' ? explanationFor(design.id, p.id) : undefined;
    if (why) p.explanation = [why, ...(p.explanation ?? [])];
  }
  const extra = applyReportFlags(args, r, () => designSource(String(args.flags.design), (args.flags.set as string[] | undefined) ?? [], argv));
  process.stdout.write(
    args.flags.json
      ? JSON.stringify({ design: design.id, knobs: design.knobs, ...checkToJSON(r), ...extra.json }) + '\n'
      : [`design: ${design.id}`, formatCheckText(r), ...extra.text].join('\n') + '\n',
  );
  return exitCodeFor(r.properties.map((p) => p.verdict));
}

/** How an emitted regression test rebuilds the DAX system of a design with the same --set overrides. */
function designSource(id: string, sets: readonly string[], argv: readonly string[]): SystemSource {
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  return {
    imports: [
      { what: '{ daxSystem }', from: here('../system.ts') },
      { what: '{ designById, withOverrides }', from: here('../resolveDesign.ts') },
    ],
    define: [`const system = daxSystem(withOverrides(designById(${JSON.stringify(id)}), ${JSON.stringify(sets)})).system;`],
    command: `leasecheck check ${argv.join(' ')}`,
  };
}
