import { Script, createContext } from 'node:vm';
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
 * WARNING: node:vm is not a security boundary. The explorer serves the user's own machine on a
 * loopback address; the context keeps a typo from reaching Node's globals, not an attacker out. The
 * predicate must not change the state it reads (the snapshots are the checker's own).
 */
export function compilePredicate(text: unknown): (s: GlobalState) => boolean {
  if (typeof text !== 'string' || text.trim() === '') throw new LeasecheckError('LC043', 'type a predicate over the state s, e.g. s.A.value === "dead"');
  if (text.length > MAX_TEXT) throw new LeasecheckError('LC043', `the predicate is ${text.length} characters long (at most ${MAX_TEXT})`);
  const context = createContext(Object.create(null) as object);
  try {
    new Script(`"use strict"; var __pred = function (s) { var __v = (\n${text}\n); return typeof __v === 'function' ? __v(s) : __v; };`, { filename: 'predicate' }).runInContext(context, { timeout: PREDICATE_TIMEOUT_MS });
  } catch (e) {
    throw new LeasecheckError('LC043', `the predicate does not compile: ${describeThrown(e)}`);
  }
  const call = new Script('__pred(__s)', { filename: 'predicate' });
  const ctx = context as { __s?: unknown };
  return (s) => {
    ctx.__s = s;
    try {
      return !!call.runInContext(context, { timeout: PREDICATE_TIMEOUT_MS });
    } catch (e) {
      const msg = describeThrown(e);
      throw new LeasecheckError('LC022', /timed out/i.test(msg) ? `the predicate ran for more than ${PREDICATE_TIMEOUT_MS} ms on one state and was stopped` : `the predicate threw: ${msg}`);
    } finally {
      ctx.__s = undefined;
    }
  };
}
