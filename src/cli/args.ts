import { parseArgs as nodeParseArgs } from 'node:util';
import { LeasecheckError } from '../errors.ts';
import { slackFor } from '../engine/memoryGuard.ts';

/**
 * How an option's value is read: `string` and `path` as given (a path must not be empty),
 * `count` a positive integer, `seconds` / `mib` a positive number, `boolean` a flag without value.
 */
export type OptionType = 'boolean' | 'string' | 'path' | 'count' | 'seconds' | 'mib';

export interface OptionSpec {
  type: OptionType;
  /** One line for --help. */
  doc: string;
  /** The value's name in --help (`N`, `DIR`, `k=v,...`). */
  value?: string;
  /** May be given several times (values collected in order). */
  repeat?: boolean;
  /** The option this one is another name for (`--design` for `--variant`). */
  aliasOf?: string;
  /** Largest value accepted (count, seconds, mib). */
  max?: number;
  /** Allow 0 (count): e.g. `--progress 0` turns the progress lines off. */
  zero?: boolean;
  /** A one-letter name (`-h` for `--help`). */
  short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OptionValue = string | number | boolean | string[];

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, OptionValue | undefined>;
}

/** A command as the CLI knows it: its name, what it does, its positionals and options. */
export interface CommandSpec {
  name: string;
  /** `[SPEC] [--variant V] ...` after the command name. */
  usage: string;
  /** One or two sentences for --help. */
  summary: string;
  options: OptionSpecs;
  /** Most positional arguments accepted. */
  maxPositional: number;
  /** Lines after the options in --help (examples, exit codes). */
  notes?: readonly string[];
}

/** What every command accepts. */
export const HELP_OPTION: OptionSpecs = { help: { type: 'boolean', short: 'h', doc: 'print this help and exit' } };

/**
 * Parses argv against a command's declared options with node:util parseArgs (`--flag value`,
 * `--flag=value`, boolean `--flag`), then checks each value's type. Anything wrong is one LC001 or
 * LC003 line naming the command; `--help` is returned as a flag for the caller to honour.
 */
export function parseArgs(argv: readonly string[], command: CommandSpec): ParsedArgs {
  const specs: OptionSpecs = { ...command.options, ...HELP_OPTION };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [name, { type: s.type === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: !!s.repeat, ...(s.short ? { short: s.short } : {}) }]),
  );
  let parsed: ReturnType<typeof nodeParseArgs> & { tokens: { kind: string; name?: string }[] };
  try {
    parsed = nodeParseArgs({ args: negativesJoined(argv, specs), options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new LeasecheckError('LC001', argumentError(e, command, specs));
  }
  // node:util keeps the last of an option given twice; a second --scope or --variant is more likely a
  // slip than an override, so it is refused rather than half-used. A flag said twice (a wrapper script
  // adding --quiet to a command that has it) means what it says once.
  const given = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || !token.name) continue;
    const spec = specs[token.name];
    const key = spec.aliasOf ?? token.name;
    if (given.has(key) && !spec.repeat && spec.type !== 'boolean') {
      const also = spec.aliasOf ? ` (--${token.name} is another name for it)` : '';
      const hint = key === 'scope' ? ': combine the values, as in --scope processes=3,files=2' : '';
      throw new LeasecheckError('LC001', `${command.name}: give --${key} once${also}${hint}`);
    }
    given.add(key);
  }
  const flags: ParsedArgs['flags'] = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = specs[name];
    const key = spec.aliasOf ?? name;
    const value = Array.isArray(raw) ? raw.map((v) => checked(command.name, name, spec, v)) : checked(command.name, name, spec, raw as string | boolean);
    flags[key] = Array.isArray(value) && Array.isArray(flags[key]) ? [...(flags[key] as string[]), ...(value as string[])] : (value as OptionValue);
  }
  const positional = parsed.positionals;
  if (!flags.help && positional.length > command.maxPositional) {
    const extra = positional[command.maxPositional];
    throw new LeasecheckError(
      'LC001',
      command.maxPositional === 0
        ? `${command.name} takes no positional arguments (got ${JSON.stringify(extra)}); see leasecheck ${command.name} --help`
        : `${command.name} takes at most ${command.maxPositional} positional argument${command.maxPositional > 1 ? 's' : ''} (${command.usage}); unexpected ${JSON.stringify(extra)}`,
    );
  }
  return { positional, flags };
}

function checked(command: string, name: string, spec: OptionSpec, raw: string | boolean): OptionValue {
  if (spec.type === 'boolean') return raw as boolean;
  const text = String(raw);
  const bad = (what: string) => new LeasecheckError('LC003', `${command}: --${name} must be ${what}, got ${JSON.stringify(text)}`);
  switch (spec.type) {
    case 'string':
      return text;
    case 'path':
      if (text.trim() === '') throw new LeasecheckError('LC003', `${command}: --${name} needs a path, got an empty one`);
      return text;
    case 'count': {
      if (!/^\d+$/.test(text.trim())) throw bad(spec.zero ? 'a whole number (0 or more)' : 'a positive whole number');
      const n = Number(text);
      if (n === 0 && !spec.zero) throw bad('a positive whole number');
      if (spec.max !== undefined && n > spec.max) throw bad(`at most ${spec.max}`);
      return n;
    }
    case 'seconds':
    case 'mib': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw bad(`a positive number${spec.type === 'seconds' ? ' of seconds' : ' of MiB'}`);
      if (spec.max !== undefined && n > spec.max) throw bad(`at most ${spec.max}`);
      // A memory limit below what the process holds already, plus the guard's least slack, could only
      // stop every run at its first state (the spec, loaded later, takes more still).
      if (spec.type === 'mib') {
        const rss = Math.ceil(process.memoryUsage().rss / 2 ** 20);
        const least = rss + slackFor(0) / 2 ** 20;
        if (n < least) throw bad(`at least ${least} (leasecheck holds ${rss} MiB before it loads the spec, and keeps ${slackFor(0) / 2 ** 20} MiB of the limit in reserve)`);
      }
      return n;
    }
  }
}

/**
 * `--timeout -1` as `--timeout=-1`: node:util would take `-1` for an option and say the value is
 * missing; joined, the value reaches the range check and its LC003 line.
 */
function negativesJoined(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)$/.exec(argv[i]);
    const spec = m ? specs[m[1]] : undefined;
    const next = argv[i + 1];
    if (spec && spec.type !== 'boolean' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** node:util's parse error as one line, naming the command and what it takes. */
function argumentError(e: unknown, command: CommandSpec, specs: OptionSpecs): string {
  const err = e as { code?: string; message?: string };
  const first = String(err.message ?? e).split('\n')[0];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(specs).map((k) => `--${k}`).join(', ');
    const name = /'([^']*)'/.exec(first)?.[1] ?? 'an option';
    return `${command.name}: unknown option ${name} (it takes ${known}; see leasecheck ${command.name} --help)`;
  }
  if (/ambiguous|argument missing/.test(first)) {
    const m = /'(--[\w-]+)/.exec(first);
    return `${command.name}: ${m ? m[1] : 'an option'} needs a value (write --name=value for a value starting with -)`;
  }
  return `${command.name}: ${first}`;
}

/** The --help text of a command, from its declaration. */
export function commandHelp(command: CommandSpec): string {
  const specs: OptionSpecs = { ...command.options, ...HELP_OPTION };
  const rows = Object.entries(specs).map(([name, s]) => {
    const head = `${s.short ? `-${s.short}, ` : ''}--${name}${s.type === 'boolean' ? '' : ` ${s.value ?? valueName(s.type)}`}`;
    return [head, s.aliasOf ? `another name for --${s.aliasOf}` : `${s.doc}${s.repeat ? ' (repeatable)' : ''}`];
  });
  const width = Math.min(28, Math.max(...rows.map(([h]) => h.length)));
  const lines = [`usage: leasecheck ${command.name} ${command.usage}`, '', ...wrap(command.summary, 100), '', 'options:'];
  for (const [h, d] of rows) {
    const pad = h.length > width ? `\n${' '.repeat(width + 4)}` : ' '.repeat(width - h.length + 2);
    lines.push(`  ${h}${pad}${d}`);
  }
  if (command.notes?.length) lines.push('', ...command.notes);
  return lines.join('\n') + '\n';
}

function valueName(t: OptionType): string {
  return { boolean: '', string: 'TEXT', path: 'PATH', count: 'N', seconds: 'SECONDS', mib: 'MIB' }[t];
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
