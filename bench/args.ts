import { parseArgs } from 'node:util';
import { HAND_BFS_MAX_N } from './explorers/handBfs.ts';

export interface BenchArgs {
  json: boolean;
  sizes: number[];
  xstateMax: number;
  xstateTimeout: number;
  /** Runs per leasecheck / hand-bfs measurement (best taken); undefined: 2 for N <= 14, else 1. */
  runs?: number;
}

export const DEFAULT_SIZES = [10, 12, 14, 16, 18];
export const QUICK_SIZES = [10, 12];

export const USAGE = `usage: npm run bench -- [options]
  --sizes 10,12,14     philosopher counts N to measure (default ${DEFAULT_SIZES.join(',')}; 2..${HAND_BFS_MAX_N})
  --quick              same as --sizes ${QUICK_SIZES.join(',')}
  --xstate-max N       largest N for xstate/graph (default 12; it is slow: ~1,000 states/s)
  --xstate-timeout S   cap per xstate/graph measurement, seconds (default 300)
  --runs K             runs per leasecheck / hand-bfs measurement, best taken (default 2 for N <= 14, else 1)
  --json               print the results as one JSON object instead of the table
Each measurement runs in a fresh child process (bench/one.ts); progress goes to stderr.`;

function int(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new Error(`--${name} ${text}: expected an integer in ${min}..${max}`);
  return Number(text);
}

/** Parses the script's arguments; throws Error with a message for the user. Returns null for --help. */
export function parseBenchArgs(argv: string[]): BenchArgs | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'xstate-max': { type: 'string' },
      'xstate-timeout': { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  if (values.quick && values.sizes !== undefined) throw new Error('give --quick or --sizes, not both');
  const sizes = values.sizes !== undefined
    ? values.sizes.split(',').map((s) => int('sizes', s.trim(), 2, HAND_BFS_MAX_N)!)
    : values.quick ? QUICK_SIZES : DEFAULT_SIZES;
  if (sizes.length === 0) throw new Error('--sizes needs at least one N');
  return {
    json: values.json,
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    xstateMax: int('xstate-max', values['xstate-max'], 0, HAND_BFS_MAX_N) ?? 12,
    xstateTimeout: int('xstate-timeout', values['xstate-timeout'], 1, 86400) ?? 300,
    runs: int('runs', values.runs, 1, 20),
  };
}
