import { LeasecheckError } from '../errors.ts';
import { isSystem } from '../spec/system.ts';
import type { CheckOptions } from './check.ts';

/** The numeric limits of CheckOptions, each with what it must be (the CLI's options say the same: LC003). */
const LIMITS: readonly [keyof CheckOptions, string, (n: number) => boolean][] = [
  ['maxStates', 'a positive whole number', (n) => Number.isInteger(n) && n > 0],
  ['maxDepth', 'a whole number (0 or more)', (n) => Number.isInteger(n) && n >= 0],
  ['timeoutMs', 'a positive number of milliseconds', (n) => n > 0],
  ['maxMemoryBytes', 'a positive number of bytes', (n) => n > 0],
  ['workers', 'a positive whole number', (n) => Number.isInteger(n) && n > 0],
];

/**
 * check()'s arguments as the API user gave them, refused with a stable code rather than failing deep
 * in the search (a plain TypeError) or running with a limit the CLI would refuse: LC013 for what is not
 * a system, LC003 for a limit out of range.
 */
export function checkArguments(system: unknown, options: unknown): void {
  if (!isSystem(system)) throw new LeasecheckError('LC013', 'check() takes a system made by defineSystem (the default export of a spec module)');
  if (options === null || typeof options !== 'object') throw new LeasecheckError('LC003', `check() options must be an object, got ${options === null ? 'null' : typeof options}`);
  const o = options as Record<string, unknown>;
  for (const [name, what, ok] of LIMITS) {
    const v = o[name];
    if (v === undefined || v === Infinity) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new LeasecheckError('LC003', `check() option ${name} must be ${what}, got ${JSON.stringify(v) ?? String(v)}`);
  }
}
