import { existsSync } from 'node:fs';
import { replayTrace } from '../../engine/replay.ts';
import { stateJSON, traceOf } from '../../engine/trace.ts';
import { LeasecheckError } from '../../errors.ts';
import { formatTraceText } from '../../report/traceText.ts';
import { SCHEMA_VERSION } from '../../report/schema.ts';
import { loadScenario } from '../../scenario/files.ts';
import { itfSystem, readItf, replayItf } from '../../scenario/replayItf.ts';
import { expectationAppliesTo, runScenario, unmetExpectations } from '../../scenario/run.ts';
import type { Scenario } from '../../scenario/parse.ts';
import { variantsOf } from '../../spec/define.ts';
import type { System } from '../../spec/system.ts';
import { parseArgs, type CommandSpec, type ParsedArgs } from '../args.ts';
import { help } from '../help.ts';
import { VARIANTS_OPTIONS } from '../options.ts';
import { loadTarget, variantsFrom, variantWord } from '../target.ts';
import { traceTarget } from '../traceSpec.ts';
import { callPredicate } from '../../engine/specCalls.ts';
import { terminalText } from '../../util/controls.ts';
import { counted } from '../../util/plural.ts';

export const REPLAY_COMMAND: CommandSpec = {
  name: 'replay',
  usage: '[SPEC] <SCENARIO | TRACE.itf.json> [--variant V | --variants a,b] [--set knob=value ...] [--json]',
  summary:
    "Runs a scenario (a named one the spec ships, or a .scenario file) step by step under each variant (default: all) and prints every step's outcome " +
    '(ok, an errno, blocks, impossible, with the reason) and what changed, checking its expect lines; or maps an ITF trace (from compare --out, or the explorer) ' +
    'back onto the model under the variant it names and replays it on real XState actors. With one positional, SPEC is, for a trace, the spec it records ' +
    '(relative to the trace file) or, when that file is not there, the one package.json names; for a scenario, the one package.json names.',
  options: {
    variant: { type: 'string', value: 'V', doc: 'run under this variant only' },
    design: { type: 'string', value: 'V', doc: '', aliasOf: 'variant' },
    ...VARIANTS_OPTIONS,
    json: { type: 'boolean', doc: 'print JSON' },
  },
  maxPositional: 2,
  notes: ['exit status: 0 replayed (and every expect line met), 1 an expect line was not met, 2 bad input or a trace that does not replay'],
};

/** A module a spec is written in (what loadSpec imports), never a scenario or a trace. */
const SPEC_MODULE = /\.(c|m)?[jt]sx?$/i;

/** `leasecheck replay [SPEC] <scenario | trace.itf.json> [--variant V] [--json]`. */
export async function runReplay(argv: string[]): Promise<number> {
  const args = parseArgs(argv, REPLAY_COMMAND);
  if (args.flags.help) return help(REPLAY_COMMAND);
  if (args.positional.length === 0) throw new LeasecheckError('LC001', `replay needs a scenario or an ITF trace: leasecheck replay ${REPLAY_COMMAND.usage}`);
  const [specArg, ref] = args.positional.length === 2 ? args.positional : [undefined, args.positional[0]];
  if (args.flags.variant !== undefined && args.flags.variants !== undefined) throw new LeasecheckError('LC001', 'give --variant or --variants, not both');
  // A spec where the trace or scenario belongs would otherwise be parsed as a scenario, line by line.
  if (SPEC_MODULE.test(ref)) {
    throw new LeasecheckError(
      'LC001',
      specArg === undefined
        ? `replay: ${ref} is a spec; replay needs a trace (.itf.json) or a scenario file to replay on it: leasecheck replay ${ref} TRACE.itf.json (or SCENARIO)`
        : `replay: ${ref} is a spec, not a trace (.itf.json) or a scenario file: leasecheck replay SPEC TRACE.itf.json (or SCENARIO)`,
    );
  }
  const itf = ref.endsWith('.itf.json') || (ref.endsWith('.json') && existsSync(ref));
  // A trace names its spec (relative to itself) when compare --out wrote it: replay that one by default (traceSpec.ts).
  const target = specArg === undefined && itf && existsSync(ref) ? await traceTarget(ref) : await loadTarget('replay', specArg);
  if (itf) return replayItfFile(target.system, ref, args);
  return replayScenario(target.system, ref, args);
}

/** A scenario's LC041 from running it (a step no action matches, the spec's language refusing a line) names the file. */
function inScenario<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof LeasecheckError) || e.code !== 'LC041') throw e;
    throw new LeasecheckError('LC041', `scenario ${where}${/^line \d/.test(e.message) ? ', ' : ': '}${e.message}`);
  }
}

function chosen(system: System, args: ParsedArgs): System[] {
  const one = args.flags.variant as string | undefined;
  return variantsFrom(system, one !== undefined ? { ...args, flags: { ...args.flags, variants: one } } : args);
}

function replayScenario(system: System, ref: string, args: ParsedArgs): number {
  const scenario = loadScenario(system, ref);
  const where = existsSync(ref) ? ref : scenario.name;
  const variants = chosen(system, args);
  const runs = variants.map((v) => inScenario(where, () => runScenario(scenario, v)));
  for (const r of runs) replayTrace(r.system, traceOf(r.system, r.path));
  const unmet = inScenario(where, () => unmetExpectations(scenario, runs, variantsOf(system).map((v) => v.id)));
  if (args.flags.json) {
    const json = runs.map((r) => ({ variant: r.variant, scenario: r.scenario, steps: r.steps.map(({ op, outcome, detail, state, violated }) => ({ op, outcome, detail, state, violated })) }));
    process.stdout.write(JSON.stringify({ schema: 'leasecheck/replay', schemaVersion: SCHEMA_VERSION, title: scenario.title, runs: json, unmet }) + '\n');
    return unmet.length ? 1 : 0;
  }
  const out: string[] = [];
  for (const r of runs) {
    out.push(scenario.title || scenario.name, `${variantWord(system)}: ${r.variant}${scenario.source ? `\nsource: ${scenario.source}` : ''}`, '');
    r.steps.forEach((s, i) => {
      out.push(`${String(i + 1).padStart(3)}. ${s.op.padEnd(36)} ${s.outcome === 'impossible' ? 'IMPOSSIBLE' : s.outcome}`);
      out.push(`       ${s.detail}`);
      for (const c of s.changes) out.push(`         ${c}`);
      // The step whose state breaks an invariant is marked where it happens, once (it stays broken after).
      const before = i > 0 ? r.steps[i - 1].violated : r.initiallyViolated;
      const now = s.violated.filter((p) => !before.includes(p));
      if (now.length) out.push(`       => the state now VIOLATES ${now.join(', ')}`);
    });
    out.push('');
  }
  for (const u of unmet) out.push(`UNMET: ${u.message}`);
  if (scenario.expectations.length) out.push(expectationsLine(scenario.expectations, runs, unmet.length), '');
  // The title and the steps come from the scenario file: no raw control character reaches the terminal.
  process.stdout.write(terminalText(out.join('\n')));
  return unmet.length ? 1 : 0;
}

/**
 * The verdict on the scenario's expect lines: how many were not met, or that all were, and how many name
 * only variants that were not run here (--variant), which were not checked: "every expectation met"
 * must not cover them.
 */
function expectationsLine(expectations: Scenario['expectations'], runs: readonly { variant: string }[], unmet: number): string {
  const skipped = expectations.filter((e) => !runs.some((r) => expectationAppliesTo(e, r.variant))).length;
  const checked = expectations.length - skipped;
  if (skipped === 0) return unmet > 0 ? `${counted(unmet, 'expectation')} not met` : 'every expectation met';
  const others = `name only variants not run here (drop --variant to check them)`;
  if (checked === 0) return `no expectation checked: all ${expectations.length} ${others}`;
  const head = unmet > 0 ? `${counted(unmet, 'expectation')} not met (${checked} of ${expectations.length} checked)` : `${checked} of ${expectations.length} expectations checked, all met`;
  return `${head}; the other ${skipped} ${others}`;
}

function replayItfFile(system: System, path: string, args: ParsedArgs): number {
  if (args.flags.variants !== undefined) throw new LeasecheckError('LC001', 'an ITF trace is replayed under one variant: the one it names, or --variant V');
  // The trace records the knob values it was found under; --set would be silently ignored.
  if (args.flags.set !== undefined) throw new LeasecheckError('LC001', 'an ITF trace is replayed under the variant and knobs it records: --set applies to scenarios; drop it');
  const file = readItf(path);
  const sys = itfSystem(system, file, args.flags.variant as string | undefined);
  const { cs, trace } = replayItf(sys, file);
  const prop = file.property ? cs.properties.find((p) => p.name === file.property) : undefined;
  const last = cs.view(trace.steps[trace.steps.length - 1].locals);
  const invariantFails = prop && prop.kind === 'always' ? !callPredicate(prop.predicate, last, `property ${prop.name}`) : undefined;
  if (args.flags.json) {
    process.stdout.write(
      JSON.stringify({
        schema: 'leasecheck/replay',
        schemaVersion: SCHEMA_VERSION,
        trace: path,
        variant: sys.variant.id,
        steps: trace.steps.map((s) => ({ action: s.action?.label ?? null, state: stateJSON(cs, s.locals) })),
        ...(invariantFails !== undefined ? { property: file.property, violatedAtEnd: invariantFails } : {}),
      }) + '\n',
    );
    return 0;
  }
  const out = [`${path}: ${counted(trace.steps.length - 1, 'step')} of ${system.name} under ${sys.variant.id}, replayed on real XState actors`, ...formatTraceText(cs, trace)];
  if (invariantFails !== undefined) out.push(`the last state ${invariantFails ? 'violates' : 'satisfies'} ${file.property}`);
  process.stdout.write(terminalText(out.join('\n')) + '\n');
  return 0;
}
