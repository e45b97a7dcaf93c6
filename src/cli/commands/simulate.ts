import { parseArgs, type FlagSpec, type ParsedArgs } from '../args.ts';
import { loadSpec } from '../loadSpec.ts';
import { parseScope } from '../../engine/scope.ts';
import { LeasecheckError } from '../../errors.ts';
import { fmt } from '../../util/format.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS, MAX_SEED, randomSeed, simulateSystem, type SimProgress, type SimulateOptions, type SimulationResult } from '../../sim/simulate.ts';
import { formatSimulationText, simulationToJSON, type Explain } from '../../sim/report.ts';
import type { System } from '../../spec/system.ts';

export const SIMULATE_FLAGS: FlagSpec = {
  scope: { type: 'string', doc: 'scope parameters, k=v,k2=v2' },
  runs: { type: 'number', doc: `random runs to try (default ${DEFAULT_RUNS})` },
  depth: { type: 'number', doc: `longest run, in steps (default ${DEFAULT_DEPTH})` },
  seed: { type: 'string', doc: `seed, 0..${MAX_SEED} (default: random, always printed)` },
  timeout: { type: 'number', doc: 'stop trying new runs after this many seconds' },
  json: { type: 'boolean', doc: 'print one JSON object on stdout' },
  quiet: { type: 'boolean', doc: 'no progress line' },
};

/** `leasecheck simulate <spec.ts> [--scope k=v] [--runs N] [--depth D] [--seed S] [--json]`. Returns the exit code. */
export async function runSimulate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SIMULATE_FLAGS, 'simulate');
  if (args.positional.length !== 1) throw new LeasecheckError('LC001', 'simulate takes one spec file: leasecheck simulate <spec.ts> (or --design D)');
  const options = simulateOptionsFrom(args);
  const system = await loadSpec(args.positional[0]);
  return simulateAndReport(system, args, options);
}

/** The simulation options named by the flags (scope, runs, depth, seed, timeout); LC002/LC003 for bad values. */
export function simulateOptionsFrom(args: ParsedArgs): SimulateOptions & { scope: Record<string, number>; seed: number } {
  const f = args.flags;
  return {
    scope: f.scope !== undefined ? parseScope(String(f.scope)) : {},
    runs: f.runs !== undefined ? integer('runs', f.runs as number) : DEFAULT_RUNS,
    depth: f.depth !== undefined ? integer('depth', f.depth as number) : DEFAULT_DEPTH,
    seed: f.seed !== undefined ? parseSeed(String(f.seed)) : randomSeed(),
    ...(f.timeout !== undefined ? { timeoutMs: (f.timeout as number) * 1000 } : {}),
  };
}

function integer(name: string, v: number): number {
  if (!Number.isInteger(v)) throw new LeasecheckError('LC003', `--${name} must be a positive integer, got ${v}`);
  return v;
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_SEED) throw new LeasecheckError('LC003', `--seed must be an integer 0..${MAX_SEED}, got "${text}"`);
  return Number(text);
}

/**
 * Runs the simulation and prints it (text, or JSON with --json; a progress line on a TTY unless
 * --json/--quiet). Exit 1 when a property is violated, else 0. Shared with `simulate --design`.
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
    r = simulateSystem(system, { ...options, onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
  if (args.flags.json) {
    process.stdout.write(JSON.stringify({ ...extra.json, ...simulationToJSON(r, extra.explain) }) + '\n');
  } else {
    process.stdout.write(`${extra.header ?? ''}${formatSimulationText(r, extra.explain)}\n`);
  }
  return r.properties.some((p) => p.verdict === 'violated') ? 1 : 0;
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
