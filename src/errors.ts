/**
 * User-visible errors: a stable code and one sentence. The CLI prints `error LC0xx: message` and exits 2.
 * Anything that is not a LeasecheckError is a bug in leasecheck and is reported as such.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { capped, oneLineText } from './util/controls.ts';

export const ErrorCodes = {
  /** An unknown command-line flag or command, or a flag without its value. */
  LC001: 'bad command line',
  /** A --scope entry that is not key=integer, or a key the spec does not declare, or out of range. */
  LC002: 'bad scope',
  /** A numeric option (--max-states, --timeout, ...) that is not a positive number, or --workers above the CPUs (at least 4). */
  LC003: 'bad option value',
  /** The spec file does not exist. */
  LC010: 'spec not found',
  /** Importing the spec module threw. */
  LC011: 'spec failed to load',
  /** The spec module exports no system made by defineSystem(). */
  LC012: 'no system exported',
  /** The system's build() or actors() threw (the error says where in the spec), or the declaration is malformed: a scope parameter without an integer default in its range, a knob or variant that does not fit, build returning an unknown actor or no actors, a symmetry group of unknown actors or empty members, ... */
  LC013: 'malformed system',
  /** A machine could not start (initialTransition threw), or uses children/delays leasecheck cannot model. */
  LC014: 'unsupported machine',
  /** A machine's context holds something that is not plain data: a function, a symbol, an actor ref, a cycle, or an instance of a class other than Map, Set and Date (those are data, compared by content). */
  LC015: 'context not plain data',
  /** A joint action gives an actor an event that no state of its machine handles (a misspelt event type). */
  LC016: 'event never handled',
  /** A guard, action or event of a machine threw while taking a step. */
  LC020: 'machine step threw',
  /** A global guard of a joint action threw. */
  LC021: 'joint-action guard threw',
  /** A property predicate threw (a write to the state included: the state predicates read is frozen). */
  LC022: 'property threw',
  /** The state constraint threw. */
  LC023: 'constraint threw',
  /** Building a permuted snapshot for symmetry reduction threw (resolveState refused the renamed context). */
  LC024: 'symmetry image failed',
  /**
   * A guard, predicate, constraint, terminal, forAll instance or filter returned something that is not
   * a boolean (a Promise, a string, undefined, a number...): it is never coerced into a verdict.
   */
  LC026: 'non-boolean answer',
  /** A spec function (guard, predicate, machine step) had not returned when --timeout or Ctrl-C ended a run that cannot report part of its work (simulate). */
  LC027: 'spec function did not return',
  /** An instance of a forAll invariant read an actor its reads() does not list (its memo would be wrong). */
  LC025: 'property read an undeclared actor',
  /** A symmetry group whose members differ: different machines, inputs that are not renamings of each other, or an action with no counterpart. */
  LC028: 'symmetry group members differ',
  /** Partial-order reduction (--por) or --prove, which check safety properties only, asked for a system with none. */
  LC029: 'no safety property to check',
  /** Replay on real XState actors did not reproduce the checker's trace. */
  LC030: 'replay diverged',
  /** A counterexample found under symmetry could not be mapped back to concrete actors: the declared symmetry is not one of the system. */
  LC031: 'symmetry not respected',
  /** Worker threads could not rebuild the system (no `origin`, or it failed to load in a worker). */
  LC032: 'workers unavailable',
  /** The disk directory for spilled search data (--disk) does not exist, is not a directory, or is not writable. */
  LC033: 'disk directory unusable',
  /** A design, knob, knob value, property or scenario name that does not exist. */
  LC040: 'unknown name',
  /** A scenario file that does not parse. */
  LC041: 'malformed scenario',
  /** An expectations file (for the gate) that does not parse. */
  LC042: 'malformed expectations',
  /** A request to the explorer's JSON API that is malformed (a walk's steps, a predicate, an ITF upload). */
  LC043: 'malformed explorer request',
  /** Could not write an output file. */
  LC050: 'cannot write output',
  /** The explorer could not listen (the port is in use, or the host is not a loopback address). */
  LC051: 'cannot serve',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** The longest message an error line shows (a huge scenario line or thrown message is cut). */
const MAX_MESSAGE = 2500;

const BRAND = Symbol.for('leasecheck.error');

export class LeasecheckError extends Error {
  readonly code: ErrorCode;
  /**
   * `message` is made safe for a terminal here, whatever built it: on one line (control characters,
   * newlines included, as visible escapes) and at most MAX_MESSAGE characters.
   */
  constructor(code: ErrorCode, message: string) {
    super(capped(oneLineText(String(message)), MAX_MESSAGE));
    this.code = code;
    this.name = 'LeasecheckError';
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }
  /**
   * `instanceof` by brand, not by class: a spec may load its own copy of leasecheck (a CommonJS spec,
   * or a project with another version installed), and its errors are still the checker's errors.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }
  /** The single line the CLI prints. */
  line(): string {
    return `error ${this.code}: ${this.message}`;
  }
}

/** Longest cause embedded in an error line. */
const MAX_CAUSE = 2000;

/**
 * A thrown value's whole message on one line (its lines joined with " | ", control characters
 * escaped, at most MAX_CAUSE characters), and, when `file` is given, where in that file it was thrown:
 * what a load error needs to be fixed without a stack trace.
 */
export function describeCause(e: unknown, file?: string): string {
  // A spec can throw anything, even a value whose message or String() throws.
  const read = (f: () => unknown, fallback: string) => {
    try {
      return String(f());
    } catch {
      return fallback;
    }
  };
  const msg = read(() => (e instanceof Error ? e.message : e), '(a value that cannot be shown)');
  let text = joinedLines(msg) || '(no message)';
  const stack = read(() => (e instanceof Error ? (e.stack ?? '') : ''), '');
  // `file` is a path or a file URL: an ES module's frames name its URL, a CommonJS one's its path.
  const forms = file ? fileForms(file) : [];
  const at = stack.split('\n').find((l) => forms.some((f) => l.includes(f)));
  const where = at ? /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(at)?.[1] : undefined;
  const shown = where && shownLocation(where);
  if (shown && !text.includes(shown)) text += ` (at ${shown})`;
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > MAX_CAUSE ? `${text.slice(0, MAX_CAUSE)}... (${text.length} characters)` : text;
}

/** A spec file as its stack frames may name it: as given, and as a path or a file URL. */
function fileForms(file: string): string[] {
  try {
    if (file.startsWith('file:')) return [file.replace(/[?#].*$/, ''), fileURLToPath(file)];
    if (isAbsolute(file)) return [file, pathToFileURL(file).href];
  } catch {
    // Not a file URL after all: match it as given.
  }
  return [file];
}

/** `file:///a%20b/x.mjs?q=1:3:7` as the user's path `/a b/x.mjs:3:7` (a frame's URL may carry the loader's query). */
function shownLocation(where: string): string {
  const m = /^(file:\/\/[^?#]*)(?:[?#][^:]*)?(:\d+:\d+)$/.exec(where);
  if (!m) return where;
  try {
    return fileURLToPath(m[1]) + m[2];
  } catch {
    return where.replace(/^file:\/\//, '');
  }
}

/** A message's non-empty lines as one: after a line ending in ':' with a space, else with ' | '. */
function joinedLines(msg: string): string {
  return msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reduce((acc, l) => (acc === '' ? l : `${acc}${acc.endsWith(':') ? ' ' : ' | '}${l}`), '');
}

/** An unknown thrown value's message, every line, for embedding in a one-line error (escaped and cut). */
export function describeThrown(e: unknown): string {
  let msg: string;
  try {
    msg = e instanceof Error ? String(e.message) : String(e);
  } catch {
    msg = '(a value that cannot be shown)';
  }
  // Every line: XState puts what a guard or action threw after its own "...:\n" line.
  return capped(oneLineText(joinedLines(msg) || '(no message)'), 300);
}
