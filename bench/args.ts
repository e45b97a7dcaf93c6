import { parseArgs } from 'node:util';
import { HAND_BFS_MAX_N } from './explorers/handBfs.ts';
import { PETERSON_MAX_N } from './explorers/handBfsPeterson.ts';
import { MODELS, type ModelName } from './explorers/index.ts';

export interface BenchArgs {
  json: boolean;
  models: ModelName[];
  /** Sizes per model: philosophers N, Peterson processes N, DAX processes. */
  sizes: Record<ModelName, number[]>;
  /** Largest size per model for xstate/graph (it is slow: ~1,000 states/s). */
  xstateMax: Record<ModelName, number>;
  xstateTimeout: number;
  spin: boolean;
  workers: boolean;
  /** Runs per leasecheck / hand-bfs measurement (best taken); undefined: 5, 2 or 1 by size (run.ts). */
  runs?: number;
  /** Rounds of the JavaScript explorers, interleaved (best kept); undefined: 3 below 3,000,000 states, else 1. */
  rounds?: number;
}

export const DEFAULT_SIZES: Record<ModelName, number[]> = { philosophers: [10, 12, 14, 16, 18], peterson: [4, 5, 6], dax: [2, 3, 4] };
export const QUICK_SIZES: Record<ModelName, number[]> = { philosophers: [10, 12], peterson: [4, 5], dax: [2] };

export const USAGE = `usage: npm run bench -- [options]
  --models a,b         models to measure (default ${MODELS.join(',')})
  --sizes 10,12,14     dining philosophers N (default ${DEFAULT_SIZES.philosophers.join(',')}; 2..${HAND_BFS_MAX_N})
  --peterson 4,5,6     Peterson filter-lock processes N (default ${DEFAULT_SIZES.peterson.join(',')}; 2..${PETERSON_MAX_N})
  --dax 2,3,4          DAX processes (default ${DEFAULT_SIZES.dax.join(',')}; leasecheck only, capped above 2)
  --quick              philosophers 10,12; Peterson 4,5; DAX 2
  --xstate-max N       largest philosophers N for xstate/graph (default 12); Peterson: --xstate-peterson-max (default 4)
  --xstate-timeout S   cap per xstate/graph measurement, seconds (default 300)
  --no-spin            skip SPIN (skipped with a note anyway when spin or gcc is missing)
  --no-workers         skip leasecheck with two worker threads
  --runs K             runs per leasecheck / hand-bfs measurement, best taken (default 5 below 500,000 states, 2 below 3,000,000, else 1)
  --rounds K           measure leasecheck, its two workers and hand-bfs K times in turn, best kept
                       (default 3 below 3,000,000 states, else 1: the machine's speed drifts)
  --json               print the results as one JSON object instead of the table
Each measurement runs in a fresh child process (bench/one.ts); progress goes to stderr.`;

function int(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new Error(`--${name} ${text}: expected an integer in ${min}..${max}`);
  return Number(text);
}

function list(name: string, text: string | undefined, min: number, max: number): number[] | undefined {
  if (text === undefined) return undefined;
  const xs = text.split(',').map((s) => int(name, s.trim(), min, max)!);
  if (xs.length === 0) throw new Error(`--${name} needs at least one size`);
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Parses the script's arguments; throws Error with a message for the user. Returns null for --help. */
export function parseBenchArgs(argv: string[]): BenchArgs | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      models: { type: 'string' },
      sizes: { type: 'string' },
      peterson: { type: 'string' },
      dax: { type: 'string' },
      'xstate-max': { type: 'string' },
      'xstate-peterson-max': { type: 'string' },
      'xstate-timeout': { type: 'string' },
      'no-spin': { type: 'boolean', default: false },
      'no-workers': { type: 'boolean', default: false },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const base = values.quick ? QUICK_SIZES : DEFAULT_SIZES;
  const models = values.models !== undefined ? values.models.split(',').map((m) => m.trim()) : [...MODELS];
  for (const m of models) if (!(MODELS as readonly string[]).includes(m)) throw new Error(`--models: unknown model ${m} (${MODELS.join(', ')})`);
  return {
    json: values.json,
    models: models as ModelName[],
    sizes: {
      philosophers: list('sizes', values.sizes, 2, HAND_BFS_MAX_N) ?? base.philosophers,
      peterson: list('peterson', values.peterson, 2, PETERSON_MAX_N) ?? base.peterson,
      dax: list('dax', values.dax, 1, 4) ?? base.dax,
    },
    xstateMax: {
      philosophers: int('xstate-max', values['xstate-max'], 0, HAND_BFS_MAX_N) ?? 12,
      peterson: int('xstate-peterson-max', values['xstate-peterson-max'], 0, PETERSON_MAX_N) ?? 4,
      dax: 0,
    },
    xstateTimeout: int('xstate-timeout', values['xstate-timeout'], 1, 86400) ?? 300,
    spin: !values['no-spin'],
    workers: !values['no-workers'],
    runs: int('runs', values.runs, 1, 20),
    rounds: int('rounds', values.rounds, 1, 10),
  };
}
