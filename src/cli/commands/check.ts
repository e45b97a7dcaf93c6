import { LIMIT_FLAGS, parseArgs } from '../args.ts';
import { limitsFrom, exitCodeFor } from '../limits.ts';
import { loadSpec } from '../loadSpec.ts';
import { progressLine } from '../progress.ts';
import { interruptSignal } from '../interrupt.ts';
import { checkAsync } from '../../engine/check.ts';
import { replayTrace } from '../../engine/replay.ts';
import { LeasecheckError } from '../../errors.ts';
import { checkToJSON, formatCheckText } from '../../report/checkReport.ts';

export const CHECK_FLAGS = { ...LIMIT_FLAGS };

/** `leasecheck check <spec.ts> [--scope k=v] [--json] [limits]`. Returns the exit code. */
export async function runCheck(argv: string[]): Promise<number> {
  const args = parseArgs(argv, CHECK_FLAGS, 'check');
  if (args.positional.length !== 1) throw new LeasecheckError('LC001', 'check takes one spec file: leasecheck check <spec.ts>');
  const options = limitsFrom(args);
  const system = await loadSpec(args.positional[0]);
  const progress = progressLine(!args.flags.json && !args.flags.quiet);
  const result = await checkAsync(system, { ...options, onProgress: progress.onProgress, signal: interruptSignal() });
  progress.done();
  if (result.status === 'error') throw result.error;
  // Every trace we print must be a real behaviour of the machines.
  for (const p of result.properties) if (p.trace) replayTrace(result.system, p.trace);
  process.stdout.write(args.flags.json ? JSON.stringify(checkToJSON(result)) + '\n' : formatCheckText(result) + '\n');
  return exitCodeFor(result.properties.map((p) => p.verdict));
}
