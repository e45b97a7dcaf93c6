/**
 * Escaping for every place report text goes. Report text comes from the model (state names, context
 * values, action labels), so none of it is trusted: each output format escapes at the point of output.
 */

import { CONTROLS, controlEscape } from '../util/controls.ts';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML element content or a quoted attribute value (also inside inline SVG).
 *
 * WARNING: not for unquoted attributes, URLs (use {@link escapeHref}), or the inside of <script>/<style>.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]).replace(CONTROLS, (c) => (c === '\r' ? c : controlEscape(c)));
}

/** A relative link target: percent-encodes each path segment, keeps `/` and a leading `#`, then HTML-escapes. */
export function escapeHref(href: string): string {
  if (href.startsWith('#')) return `#${escapeHtml(encodeURIComponent(href.slice(1)))}`;
  return escapeHtml(href.split('/').map(encodeURIComponent).join('/'));
}

/**
 * Text for inline Markdown (a paragraph, a list item, a table cell): HTML-significant characters as
 * entities (GitHub would strip a `<script>` silently; the reader must see it), Markdown punctuation
 * backslash-escaped, `|` escaped for tables, line breaks (`\n`, `\r\n`, a bare `\r`) as `<br>`, any
 * other control character as a visible escape (a bare `\r` would end a table row or a Mermaid line).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML[c])
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1')
    .replace(/\r\n?|\n/g, '<br>')
    .replace(CONTROLS, controlEscape);
}

/**
 * Text for a Mermaid sequenceDiagram message, note or participant alias. Mermaid reads `;` as a line
 * break and `#` as the start of an entity code, and passes `<`, `>`, `&` to its HTML sanitizer; a
 * backtick could close the Markdown fence around the diagram. Those become Mermaid entity codes
 * (`#59;`), which it renders as the character. Line breaks (a bare `\r` too) become spaces, any other
 * control character a visible escape.
 */
export function escapeMermaid(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[#;<>&`]/g, (c) => `#${c.charCodeAt(0)};`).replace(CONTROLS, controlEscape);
}
