/**
 * Calls into a spec's own functions (guards, predicates, the state constraint, `terminal`, path and
 * fairness filters) with the checks every caller needs: a throw becomes a coded error naming the
 * function, and an answer that is not `true` or `false` is LC026, never coerced. Coercion gave wrong
 * verdicts: `always('p', async (s) => false)` "held" (a Promise is truthy), a predicate returning the
 * string 'false' held, a guard returning 'no' was enabled.
 *
 * The check costs one comparison where an answer is first computed; memoised answers (readSetMemo.ts,
 * forAllInvariant.ts) are checked once, when they are remembered, not on every hit.
 */
import { LeasecheckError, describeThrown } from '../errors.ts';
import type { GlobalState } from '../spec/system.ts';
import { isStateWrite } from './freezeSnapshot.ts';

/** Appended to the message of a spec function that wrote to the (frozen) state. */
const READ_ONLY = ' (the state is read-only: guards and predicates must not change it)';

/**
 * The spec function running now, for the watchdog's report when one never returns (sliceGuard.ts):
 * set before each call, cleared after it (two stores, on memo misses only).
 */
export const running: { what: string | null } = { what: null };

/** A value that is not a boolean, in words: `a Promise (an async function?)`, `the string "false"`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined (a missing return?)';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': {
      const shown = v.length > 40 ? `${v.slice(0, 37)}...` : v;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
    case 'bigint':
      return `the number ${String(v)}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function (a predicate returning a predicate? call it)';
    case 'object':
      if (typeof (v as { then?: unknown }).then === 'function') return 'a Promise (an async function? it must answer synchronously)';
      if (Array.isArray(v)) return 'an array';
      return 'an object';
    default:
      return `a ${typeof v}`;
  }
}

/** LC026: `what` returned `value`, which is not a boolean. */
export function nonBoolean(what: string, value: unknown): LeasecheckError {
  return new LeasecheckError('LC026', `${what} returned ${describeValue(value)}, not a boolean: guards, predicates and filters must return true or false`);
}

/** `value` if it is a boolean; else LC026 naming `what`. */
export function asBoolean(value: unknown, what: string): boolean {
  if (value === true || value === false) return value;
  throw nonBoolean(what, value);
}

/** A joint action's guard on the state before its step: LC021 if it throws, LC026 if it answers a non-boolean. */
export function callGuard(g: (s: GlobalState, p: any) => unknown, s: GlobalState, params: unknown, label: string): boolean {
  let v: unknown;
  running.what = `the guard of joint action ${label}`;
  try {
    v = g(s, params);
  } catch (e) {
    throw new LeasecheckError('LC021', `guard of joint action ${label} threw: ${describeThrown(e)}${isStateWrite(e) ? READ_ONLY : ''}`);
  }
  running.what = null;
  return asBoolean(v, `the guard of joint action ${label}`);
}

/**
 * A state predicate (an invariant, a witness, a liveness premise or goal, a coverage probe), named by
 * `what` (`property p`, `the goal of p`): LC022 if it throws, LC026 if it answers a non-boolean.
 */
export function callPredicate(p: (s: GlobalState) => unknown, s: GlobalState, what: string): boolean {
  let v: unknown;
  running.what = what;
  try {
    v = p(s);
  } catch (e) {
    if (e instanceof LeasecheckError) throw e;
    throw new LeasecheckError('LC022', `${what} threw: ${describeThrown(e)}${isStateWrite(e) ? READ_ONLY : ''}`);
  }
  running.what = null;
  return asBoolean(v, what);
}

/** The state constraint on a successor: LC023 if it throws, LC026 if it answers a non-boolean. */
export function callConstraint(c: (s: GlobalState) => unknown, s: GlobalState): boolean {
  let v: unknown;
  running.what = 'the state constraint';
  try {
    v = c(s);
  } catch (e) {
    throw new LeasecheckError('LC023', `the state constraint threw: ${describeThrown(e)}`);
  }
  running.what = null;
  return asBoolean(v, 'the state constraint');
}

/** The model's `terminal` on a state with no enabled action: LC022 if it throws, LC026 if it answers a non-boolean. */
export function callTerminal(t: (s: GlobalState) => unknown, s: GlobalState): boolean {
  return callPredicate(t, s, 'the terminal predicate (SystemModel.terminal)');
}

/** A filter over names or actions (a `via` path filter, a fairness filter): LC022 if it throws, LC026 for a non-boolean. */
export function callFilter<A>(f: (a: A) => unknown, arg: A, what: string, on: string): boolean {
  let v: unknown;
  running.what = `${what} (on ${on})`;
  try {
    v = f(arg);
    running.what = null;
  } catch (e) {
    throw new LeasecheckError('LC022', `${what} threw on ${on}: ${describeThrown(e)}`);
  }
  return asBoolean(v, `${what} (on ${on})`);
}
