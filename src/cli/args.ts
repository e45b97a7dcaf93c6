import { LeasecheckError } from '../errors.ts';

export type FlagType = 'string' | 'number' | 'boolean';
export type FlagSpec = Readonly<Record<string, { type: FlagType; doc: string; repeat?: boolean }>>;

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | number | boolean | string[]>;
}

/**
 * Parses `--flag value`, `--flag=value` and boolean `--flag` against a command's declared flags.
 * Anything undeclared is LC001, with the command's flags listed.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const decl = spec[name];
    if (!decl) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new LeasecheckError('LC001', `unknown flag --${name} for "${command}" (it takes ${known || 'no flags'})`);
    }
    let value: string | boolean;
    if (decl.type === 'boolean') {
      if (eq >= 0) throw new LeasecheckError('LC001', `flag --${name} takes no value`);
      value = true;
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new LeasecheckError('LC001', `flag --${name} needs a value`);
      value = argv[++i];
    }
    if (decl.type === 'number') {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n <= 0) throw new LeasecheckError('LC003', `--${name} must be a positive number, got "${value}"`);
      out.flags[name] = n;
    } else if (decl.repeat) {
      const prev = (out.flags[name] as string[] | undefined) ?? [];
      out.flags[name] = [...prev, value as string];
    } else {
      out.flags[name] = value;
    }
  }
  return out;
}

/** The flags every exploring command shares. */
export const LIMIT_FLAGS: FlagSpec = {
  scope: { type: 'string', doc: 'scope parameters, k=v,k2=v2' },
  json: { type: 'boolean', doc: 'print one JSON object on stdout' },
  quiet: { type: 'boolean', doc: 'no progress line' },
  'max-states': { type: 'number', doc: 'stop (incomplete) after this many distinct states' },
  'max-depth': { type: 'number', doc: 'do not explore deeper than this' },
  timeout: { type: 'number', doc: 'stop (incomplete) after this many seconds' },
  'max-memory': { type: 'number', doc: 'stop (incomplete) when resident memory passes this many MiB' },
  symmetry: { type: 'boolean', doc: "symmetry reduction over the spec's interchangeable processes (safety only: off when liveness is checked)" },
  'safety-only': { type: 'boolean', doc: 'check safety properties and deadlock only; liveness properties come back incomplete' },
  workers: { type: 'number', doc: 'worker threads sharing the search (default 1: none)' },
  por: { type: 'boolean', doc: 'partial-order reduction (safety only: off, with a note, when liveness is checked); traces may then not be shortest' },
  prove: { type: 'boolean', doc: 'does it hold at this scope? safety properties under --por and --symmetry, spilling to --disk (default the temp dir), traces confirmed shortest' },
  disk: { type: 'string', doc: 'spill the search to this directory once its levels would pass a quarter of --max-memory' },
};
