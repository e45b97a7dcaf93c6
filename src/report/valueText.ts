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

/**
 * A string that reads as itself without quotes: not empty, no edge spaces, not starting like a
 * number, a keyword, a list or a record, and no comma, quote or colon to split it.
 */
const BARE = /^(?![\s[{])(?!.*\s$)(?!-?\d)(?!(?:null|true|false|undefined)$)[^",:]+$/;

/**
 * A context value as a reviewer reads it: strings without quotes where that is unambiguous (`d[0]`,
 * `A.ctx`; quoted when they could be read as a number, a keyword, a list or a record), lists as
 * `[a, b]`, records as `{10: A.d, 15: A.ctx}`; Sets, Maps and bigints as toPlain gives them.
 */
export function readableText(v: unknown): string {
  return readable(toPlain(v));
}

function readable(v: unknown): string {
  if (typeof v === 'string') return BARE.test(v) ? v : JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(readable).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0] === '#bigint') return `${String(entries[0][1])}n`;
  return `{${entries.map(([k, x]) => `${BARE.test(k) || /^\d+$/.test(k) ? k : JSON.stringify(k)}: ${readable(x)}`).join(', ')}}`;
}
