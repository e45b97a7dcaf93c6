import { interruptSignal } from '../interrupt.ts';
import { parseArgs, type CommandSpec, type ParsedArgs } from '../args.ts';
import { parseScope } from '../../engine/scope.ts';
import { LeasecheckError } from '../../errors.ts';
import { VARIANT_OPTIONS } from '../options.ts';
import { loadTarget, variantFrom, variantWord } from '../target.ts';
import { help } from '../help.ts';
import { hasVariants } from './check.ts';
import { SCHEMA_VERSION } from '../../report/schema.ts';
import { fmt } from '../../util/format.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS, MAX_SEED, randomSeed, simulateSystem, type SimProgress, type SimulateOptions, type SimulationResult } from '../../sim/simulate.ts';
import { formatSimulationText, simulationToJSON, type Explain } from '../../sim/report.ts';
import type { System } from '../../spec/system.ts';

export const SIMULATE_COMMAND: CommandSpec = {
  name: 'simulate',
  usage: '[SPEC] [--variant V] [--set knob=value ...] [--scope k=v,...] [--runs N] [--depth D] [--seed S] [--timeout S] [--json]',
  summary:
    'Random runs of one variant of the spec (fast-check), its safety properties checked at every step; a violation is shrunk (fewer steps, then lower-numbered choices) ' +
    'and reported with its original and shrunk lengths. The seed is always printed: the same seed gives the same result. An approximation: finding nothing proves nothing.',
  options: {
    ...VARIANT_OPTIONS,
    scope: { type: 'string', value: 'k=v,...', doc: 'scope parameters' },
    runs: { type: 'count', doc: `random runs to try (default ${DEFAULT_RUNS})` },
    depth: { type: 'count', doc: `longest run, in steps (default ${DEFAULT_DEPTH})` },
    seed: { type: 'string', value: 'S', doc: `seed, 0..${MAX_SEED} (default: random, always printed)` },
    timeout: { type: 'seconds', doc: 'stop trying new runs after this many seconds' },
    json: { type: 'boolean', doc: 'print one JSON object on stdout' },
    quiet: { type: 'boolean', doc: 'no progress line' },
  },
  maxPositional: 1,
  notes: ['exit status: 0 no violation found (which proves nothing), 1 a property is violated, 2 bad input, 3 incomplete (Ctrl-C stopped it, or --timeout before any run: what it found so far is reported)'],
};

/** `leasecheck simulate [SPEC] [--variant V] [--scope k=v] [--runs N] [--depth D] [--seed S] [--json]`. Returns the exit code. */
export async function runSimulate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SIMULATE_COMMAND);
  if (args.flags.help) return help(SIMULATE_COMMAND);
  const options = simulateOptionsFrom(args);
  const target = await loadTarget('simulate', args.positional[0]);
  const system = variantFrom(target.system, args);
  const named = hasVariants(system);
  return simulateAndReport(system, args, options, {
    explain: (id) => system.present.explain?.({ variant: system.variant.id, knobs: system.variant.knobs, property: id }),
    ...(named ? { header: `${variantWord(system)}: ${system.variant.id}\n` } : {}),
    json: { schema: 'leasecheck/simulate', schemaVersion: SCHEMA_VERSION, spec: target.specPath, variant: { id: system.variant.id, knobs: { ...system.variant.knobs } } },
  });
}

/** The simulation options named by the flags (scope, runs, depth, seed, timeout); LC002/LC003 for bad values. */
export function simulateOptionsFrom(args: ParsedArgs): SimulateOptions & { scope: Record<string, number>; seed: number } {
  const f = args.flags;
  return {
    scope: f.scope !== undefined ? parseScope(String(f.scope)) : {},
    runs: f.runs !== undefined ? (f.runs as number) : DEFAULT_RUNS,
    depth: f.depth !== undefined ? (f.depth as number) : DEFAULT_DEPTH,
    seed: f.seed !== undefined ? parseSeed(String(f.seed)) : randomSeed(),
    ...(f.timeout !== undefined ? { timeoutMs: (f.timeout as number) * 1000 } : {}),
  };
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_SEED) throw new LeasecheckError('LC003', `--seed must be an integer 0..${MAX_SEED}, got "${text}"`);
  return Number(text);
}

/**
 * Runs the simulation and prints it (text, or JSON with --json; a progress line on a TTY unless
 * --json/--quiet). Exit 1 when a property is violated, 3 when no run was made or Ctrl-C stopped it, else 0.
 */
export function simulateAndReport(
  system: System,
  args: ParsedArgs,
  options: SimulateOptions & { scope: Record<string, number> },
  extra: { explain?: Explain; header?: string; json?: Record<string, unknown> } = {},
): number {
  const progress = simProgressLine(!args.flags.json && !args.flags.quiet);
  let r: SimulationResult;
  try {
    // Ctrl-C stops it and reports what it found (a second one exits at once: interrupt.ts).
    interruptSignal();
    r = simulateSystem(system, { ...options, interruptible: true, onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
  if (args.flags.json) {
    process.stdout.write(JSON.stringify({ ...extra.json, ...simulationToJSON(r, extra.explain) }) + '\n');
  } else {
    process.stdout.write(`${extra.header ?? ''}${formatSimulationText(r, extra.explain)}\n`);
  }
  if (r.properties.some((p) => p.verdict === 'violated')) return 1;
  // A simulation that made no run (--timeout too short) checked nothing, and one cut short by Ctrl-C
  // did less than asked: incomplete, not "no violation".
  return r.stats.runs === 0 || r.stats.stoppedBy === 'interrupted' ? 3 : 0;
}

/** A live progress line on stderr (TTY only): runs, steps/s, longest run. */
export function simProgressLine(enabled: boolean): { onProgress?: (p: SimProgress) => void; done: () => void } {
  if (!enabled || !process.stderr.isTTY) return { done: () => {} };
  let shown = false;
  return {
    onProgress: (p) => {
      shown = true;
      const rate = p.seconds > 0 ? p.steps / p.seconds : 0;
      const line = `runs ${fmt(p.runs)}  ${fmt(rate)} steps/s  longest run ${p.longest}${p.shrinking ? '  shrinking a counterexample...' : ''}`;
      process.stderr.write(`\r\x1b[K${line}`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
