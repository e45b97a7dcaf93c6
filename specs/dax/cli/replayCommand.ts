import { parseArgs } from '../../../src/cli/args.ts';
import { LeasecheckError } from '../../../src/errors.ts';
import { terminalText } from '../../../src/util/controls.ts';
import { replayTrace, traceOf } from '../../../src/index.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { loadScenario } from '../scenario/files.ts';
import { runScenario } from '../scenario/run.ts';

/**
 * `leasecheck replay <scenario> --design <d> [--json]`: runs a named case (or a scenario file) and
 * prints every step's outcome and what changed. The steps taken are replayed on real XState actors.
 */
export async function runReplay(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { ...DESIGN_FLAGS, json: { type: 'boolean', doc: 'print JSON' } }, 'replay');
  if (args.positional.length !== 1) throw new LeasecheckError('LC001', 'replay takes one scenario: leasecheck replay <scenario> --design <d>');
  const scenario = loadScenario(args.positional[0]);
  const designs = designsFrom(args, false);
  const runs = designs.map((d) => runScenario(scenario, d));
  for (const r of runs) replayTrace(r.system, traceOf(r.system, r.path));
  if (args.flags.json) {
    const json = runs.map((r) => ({ design: r.design, scenario: r.scenario, steps: r.steps.map(({ op, outcome, detail, state }) => ({ op, outcome, detail, state })) }));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json) + '\n');
    return 0;
  }
  const out: string[] = [];
  for (const r of runs) {
    out.push(`${scenario.title}`, `design: ${r.design}${scenario.source ? `\nsource: ${scenario.source}` : ''}`, '');
    r.steps.forEach((s, i) => {
      out.push(`${String(i + 1).padStart(3)}. ${s.op.padEnd(36)} ${s.outcome === 'impossible' ? 'IMPOSSIBLE' : s.outcome}`);
      out.push(`       ${s.detail}`);
      for (const c of s.changes) out.push(`         ${c}`);
    });
    out.push('');
  }
  // The title and steps come from the scenario file: no raw control character reaches the terminal.
  process.stdout.write(terminalText(out.join('\n')));
  return 0;
}
