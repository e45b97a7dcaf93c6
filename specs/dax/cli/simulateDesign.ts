import { parseArgs } from '../../../src/cli/args.ts';
import { LeasecheckError } from '../../../src/errors.ts';
import { SIMULATE_FLAGS, simulateAndReport, simulateOptionsFrom } from '../../../src/cli/commands/simulate.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { daxSystem } from '../system.ts';
import { explanationFor } from '../explanations.ts';

/** `leasecheck simulate --design d [--set knob=value ...] [--scope processes=4] [--runs N] [--depth D] [--seed S]`. */
export async function runSimulateDesign(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...SIMULATE_FLAGS, design: DESIGN_FLAGS.design, set: DESIGN_FLAGS.set }, 'simulate');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', 'simulate takes either a spec file or --design, not both');
  const [design] = designsFrom(args, false);
  const options = simulateOptionsFrom(args);
  return simulateAndReport(daxSystem(design).system, args, options, {
    explain: (id) => explanationFor(design.id, id),
    header: `design: ${design.id}\n`,
    json: { design: design.id, knobs: design.knobs },
  });
}
