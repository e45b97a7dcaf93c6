import type { CommandSpec, ParsedArgs } from './args.ts';

/**
 * Options a hint to record expectations leaves out: outputs that record nothing, --set and the options
 * that leave properties out (which --write-expectations refuses), and the flags the hint sets itself.
 */
const NOT_RECORDED = new Set(['junit', 'json', 'quiet', 'progress', 'set', 'expectations', 'write-expectations', 'help', 'safety-only', 'prove', 'no-deadlock']);

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that records the verdicts of the run `args` asked for into `file`: the same spec (when
 * one was given: without it, the hint would record package.json's spec into another spec's file),
 * variants, scope and check options, with `--expectations file --write-expectations`.
 */
export function recordCommand(command: CommandSpec, args: ParsedArgs, file: string): string {
  const words = ['leasecheck', command.name, ...args.positional];
  for (const [name, spec] of Object.entries(command.options)) {
    const value = args.flags[name];
    if (spec.aliasOf !== undefined || NOT_RECORDED.has(name) || value === undefined || value === false) continue;
    if (value === true) words.push(`--${name}`);
    else for (const v of Array.isArray(value) ? value : [value]) words.push(`--${name}`, String(v));
  }
  words.push('--expectations', file, '--write-expectations');
  return words.map(shellWord).join(' ');
}
