import { toPlain } from '../util/canonical.ts';

/** A state value or context value as short text: strings as they are, anything else as compact JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  const plain = toPlain(v);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

/** A context value as compact JSON (strings quoted, so `"null"` and null differ). */
export function jsonText(v: unknown): string {
  return JSON.stringify(toPlain(v));
}
