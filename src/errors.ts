/**
 * User-visible errors: a stable code and one sentence. The CLI prints `error LC0xx: message` and exits 2.
 * Anything that is not a LeasecheckError is a bug in leasecheck and is reported as such.
 */
import { capped, oneLineText } from './util/controls.ts';

export const ErrorCodes = {
  /** An unknown command-line flag or command, or a flag without its value. */
  LC001: 'bad command line',
  /** A --scope entry that is not key=integer, or a key the spec does not declare, or out of range. */
  LC002: 'bad scope',
  /** A numeric option (--max-states, --timeout, ...) that is not a positive number, or --workers above the CPUs. */
  LC003: 'bad option value',
  /** The spec file does not exist. */
  LC010: 'spec not found',
  /** Importing the spec module threw. */
  LC011: 'spec failed to load',
  /** The spec module exports no system made by defineSystem(). */
  LC012: 'no system exported',
  /** The system's build(scope) threw or returned something malformed (unknown actor, no actors, ...). */
  LC013: 'malformed system',
  /** A machine could not start (initialTransition threw), or uses children/delays leasecheck cannot model. */
  LC014: 'unsupported machine',
  /** A machine's context holds something that is not plain data (a function, an actor ref, a class instance). */
  LC015: 'context not plain data',
  /** A guard, action or event of a machine threw while taking a step. */
  LC020: 'machine step threw',
  /** A global guard of a joint action threw. */
  LC021: 'joint-action guard threw',
  /** A property predicate threw. */
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
  /** Replay on real XState actors did not reproduce the checker's trace. */
  LC030: 'replay diverged',
  /** A counterexample found under symmetry could not be mapped back to concrete actors: the declared symmetry is not one of the system. */
  LC031: 'symmetry not respected',
  /** Worker threads could not rebuild the system (no `origin`, or it failed to load in a worker). */
  LC032: 'workers unavailable',
  /** A design, knob, knob value, property or scenario name that does not exist. */
  LC040: 'unknown name',
  /** A scenario file that does not parse. */
  LC041: 'malformed scenario',
  /** An expectations file (for the gate) that does not parse. */
  LC042: 'malformed expectations',
  /** Could not write an output file. */
  LC050: 'cannot write output',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** The longest message an error line shows (a huge scenario line or thrown message is cut). */
const MAX_MESSAGE = 1000;

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
  }
  /** The single line the CLI prints. */
  line(): string {
    return `error ${this.code}: ${this.message}`;
  }
}

/** First line of an unknown thrown value's message, for embedding in a one-line error (escaped and cut). */
export function describeThrown(e: unknown): string {
  let msg: string;
  try {
    msg = e instanceof Error ? String(e.message) : String(e);
  } catch {
    msg = '(a value that cannot be shown)';
  }
  const first = msg.split('\n').find((l) => l.trim() !== '') ?? '(no message)';
  return capped(oneLineText(first), 300);
}
