/**
 * Control characters in text that came from a spec, a scenario file or a command line. Printed raw, an
 * ESC sequence recolours or clears a terminal, a `\r` overwrites the line before it, a NUL ends a C
 * string in another tool; each output escapes them where it writes them.
 */

/** C0 controls but tab and newline, DEL, and C1 controls (U+0080-U+009F; U+009B acts as ESC [ on some terminals). */
export const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** The same, newline and tab included. */
const ALL_CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;

/** One control character as a visible escape: `\n`, `\r`, `\t`, `\x1b`, `\u0085`. */
export function controlEscape(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const n = c.charCodeAt(0);
  return n < 0x80 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Text for a terminal: every control character but newline and tab as a visible escape (`\x1b[2J`
 * prints as those characters and does not clear the screen; a `\r` cannot overwrite a line).
 */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, controlEscape);
}

/** Text for one line: every control character, newline and tab included, as a visible escape. */
export function oneLineText(text: string): string {
  return text.replace(ALL_CONTROLS, controlEscape);
}

/**
 * `text` cut to at most `max` characters (UTF-16 units, never half a surrogate pair), saying how long
 * it was: a 20 MB scenario line in an error message is shown by its start.
 */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}... (${text.length.toLocaleString('en-US')} characters in all)`;
}

/** Lone surrogates (half of a UTF-16 pair, which no encoding can hold) as U+FFFD. */
export function wellFormedText(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
