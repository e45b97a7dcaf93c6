import { Script, createContext } from 'node:vm';
import { isStateWrite } from '../engine/freezeSnapshot.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import type { GlobalState } from '../spec/system.ts';

/** How long one evaluation of a typed predicate may run before it is stopped. */
export const PREDICATE_TIMEOUT_MS = 1000;
/** Longest predicate text accepted. */
const MAX_TEXT = 4000;

/**
 * A predicate typed in the explorer's page, compiled in its own node:vm context: `s` is the global
 * state (`s.B.context.fds[15] !== undefined && s.A.value === 'dead'`); an arrow function `(s) => ...`
 * is accepted too. Each evaluation runs under a timeout, so a predicate that loops is stopped, and
 * one that throws throws a LeasecheckError (LC022) naming what it threw: neither takes the server down.
 *
 * The state is read-only: the snapshots are the checker's own, interned and frozen (freezeSnapshot.ts),
 * and the global state is seen through a proxy that refuses writes, so a typo like `s.c1.value = 'x'`
 * is LC022 saying so, and changes nothing.
 *
 * WARNING: node:vm is not a security boundary. The explorer serves the user's own machine on a
 * loopback address; the context keeps a typo from reaching Node's globals, not an attacker out.
 *
 * `example` is a predicate of this spec shown in the hint for an empty one (see examplePredicate).
 */
export function compilePredicate(text: unknown, example?: string): (s: GlobalState) => boolean {
  if (typeof text !== 'string' || text.trim() === '') throw new LeasecheckError('LC043', `type a predicate over the state s${example ? `, e.g. ${example}` : ''}`);
  if (text.length > MAX_TEXT) throw new LeasecheckError('LC043', `the predicate is ${text.length} characters long (at most ${MAX_TEXT})`);
  const context = createContext(Object.create(null) as object);
  try {
    new Script(`"use strict"; var __pred = function (s) { var __v = (\n${text}\n); return typeof __v === 'function' ? __v(s) : __v; };`, { filename: 'predicate' }).runInContext(context, { timeout: PREDICATE_TIMEOUT_MS });
  } catch (e) {
    throw new LeasecheckError('LC043', `the predicate does not compile: ${describeThrown(e)}${example ? ` (a predicate reads like ${example})` : ''}`);
  }
  const call = new Script('__pred(__s)', { filename: 'predicate' });
  const ctx = context as { __s?: unknown };
  return (s) => {
    ctx.__s = new Proxy(s, READ_ONLY);
    try {
      return !!call.runInContext(context, { timeout: PREDICATE_TIMEOUT_MS });
    } catch (e) {
      if (e === WRITE || isStateWrite(e)) throw new LeasecheckError('LC022', `the predicate must not change the state (${e === WRITE ? 'it wrote to s itself' : describeThrown(e)}); nothing was changed (to compare, write ===; = assigns)`);
      const msg = describeThrown(e);
      const timedOut = (e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      throw new LeasecheckError('LC022', timedOut ? `the predicate ran for more than ${PREDICATE_TIMEOUT_MS} ms on one state and was stopped` : `the predicate threw: ${msg}`);
    } finally {
      ctx.__s = undefined;
    }
  };
}

/** Thrown by READ_ONLY's traps: caught above (the actors' snapshots themselves are frozen). */
const WRITE = Symbol('write to the state');
const refuse = (): never => {
  throw WRITE;
};
/** The global state's view as the predicate gets it: reads pass through, writes throw. */
const READ_ONLY: ProxyHandler<GlobalState> = { set: refuse, defineProperty: refuse, deleteProperty: refuse, setPrototypeOf: refuse, preventExtensions: refuse };

/** A predicate of this spec for hints: its first actor in the state it starts in, e.g. `s.c1.value === "idle"`. */
export function examplePredicate(actor: string, value: unknown): string {
  const ref = /^[A-Za-z_$][\w$]*$/.test(actor) ? `s.${actor}` : `s[${JSON.stringify(actor)}]`;
  if (typeof value === 'string') return `${ref}.value === ${JSON.stringify(value)}`;
  // A nested state value ({ alive: 'running' }): matches() takes its top-level state.
  const top = value && typeof value === 'object' ? Object.keys(value)[0] : undefined;
  return top !== undefined ? `${ref}.matches(${JSON.stringify(top)})` : `${ref}.status === "active"`;
}
