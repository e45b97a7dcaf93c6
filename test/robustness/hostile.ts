/**
 * Hostile strings and the systems that carry them into every output format, and one validator per
 * format (the robustness suite's matrix: hostileStrings.test.ts).
 */
import { DOMParser } from '@xmldom/xmldom';
import ts from 'typescript';
import { setup, assign } from 'xstate';
import { always, defineSystem, joint, sometimes } from '../../src/index.ts';
import type { System } from '../../src/spec/system.ts';

/** Strings a model, a scenario or a command line may carry (a 10,000-character one too). */
export const HOSTILE: Record<string, string> = {
  cr: 'cr\rend',
  lf: 'lf\nend',
  crlf: 'crlf\r\nend',
  nul: 'nul\u0000end',
  ansi: 'esc\u001b[31mred\u001b[0m\u001b[2J',
  bell: 'bell\u0007\u0008',
  c1: 'c1\u0085\u009b31m',
  separators: 'ls\u2028ps\u2029',
  backtick: 'tick`x`',
  template: 'tmpl${process.exit(1)}',
  quotes: `dq"sq'`,
  backslash: 'bs\\n\\',
  html: '<script>alert(1)</script>&amp;',
  pipe: 'pipe|cell',
  markdown: '*bold* [link](x) # h',
  mermaid: 'a;b#c->>d:e',
  lone: 'lone\ud800x',
  slash: 'a/b',
  dots: '../..',
  long: 'L'.repeat(10_000),
};

/** Where a hostile string goes in a system. */
export type Slot = 'label' | 'property' | 'actor' | 'context' | 'state';

const plainState = 'bad';

/**
 * A tiny system (3 states) with the string `h` in one slot: the machine moves idle -> bad (a deadlock,
 * and a violation of the invariant), its context note set to the string, the action labelled with it,
 * the actor or the properties named with it.
 */
export function hostileSystem(slot: Slot, h: string): System {
  const state = slot === 'state' ? h : plainState;
  const m = setup({ types: { context: {} as { note: string }, events: {} as { type: 'GO' } | { type: 'POKE' } } }).createMachine({
    id: 'm',
    context: { note: 'calm' },
    initial: 'idle',
    states: {
      idle: { on: { GO: { target: '#bad-state', actions: assign({ note: slot === 'context' ? h : 'moved' }) }, POKE: 'idle' } },
      [state]: { id: 'bad-state' },
    },
  });
  const actor = slot === 'actor' ? h : 'w';
  const name = (base: string) => (slot === 'property' ? `${h} ${base}` : base);
  return defineSystem({
    name: `hostile-${slot}`,
    build: () => ({
      actors: { [actor]: { machine: m }, other: { machine: m } },
      actions: [
        joint({ name: 'go', steps: () => ({ actor, event: { type: 'GO' } }), ...(slot === 'label' ? { label: () => h } : {}) }),
        joint({ name: 'poke', steps: () => ({ actor: 'other', event: { type: 'POKE' } }) }),
      ],
      properties: [
        always(name('never-bad'), (s) => !s[actor].matches(state)),
        sometimes(name('moves'), (s) => s[actor].context.note !== 'calm'),
      ],
    }),
  });
}

/** Characters a terminal may act on: C0 controls but tab and newline, DEL, C1 controls. */
export const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Throws unless `text` is safe to print on a terminal. */
export function assertTerminalSafe(text: string, what: string): void {
  const m = TERMINAL_UNSAFE.exec(text);
  if (m) throw new Error(`${what}: raw control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + 20))}`);
}

/** Characters XML 1.0 cannot hold (outside its Char production). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws unless `xml` is well-formed XML (every character allowed, and a strict parse). */
export function assertXml(xml: string, what: string): Document {
  const bad = XML_INVALID.exec(xml);
  if (bad) throw new Error(`${what}: a character XML cannot hold, U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  const errors: string[] = [];
  const push = (msg: string) => errors.push(msg);
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: push, fatalError: push } }).parseFromString(xml, 'text/xml');
  if (errors.length) throw new Error(`${what}: ${errors[0]}`);
  return doc as unknown as Document;
}

/**
 * Throws unless `dot` is well-formed DOT as far as strings go: no control character but newline,
 * every string closed on its line, and outside strings only DOT's own punctuation and words.
 */
export function assertDot(dot: string, what: string): void {
  const bad = /[\u0000-\u0009\u000B-\u001F\u007F]/.exec(dot);
  if (bad) throw new Error(`${what}: raw control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const [n, line] of dot.split('\n').entries()) {
    let outside = '';
    let i = 0;
    while (i < line.length) {
      if (line[i] === '"') {
        i++;
        while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
        if (i >= line.length) throw new Error(`${what}: line ${n + 1}: unterminated string`);
        i++;
        outside += 'S';
      } else outside += line[i++];
    }
    if (!/^[\sA-Za-z0-9_=,;{}\[\]S>-]*$/.test(outside)) throw new Error(`${what}: line ${n + 1}: unexpected text outside strings: ${JSON.stringify(outside.slice(0, 80))}`);
  }
}

/** Throws unless `md` keeps every table row whole and no raw control character (a bare \r breaks rows and Mermaid). */
export function assertMarkdown(md: string, what: string): void {
  if (md.includes('\r')) throw new Error(`${what}: a bare carriage return`);
  assertTerminalSafe(md, what);
  const lines = md.split('\n');
  let inFence = false;
  let columns = -1;
  for (const [n, line] of lines.entries()) {
    if (line.startsWith('```')) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      // A Mermaid sequence diagram: every line is a statement.
      if (!/^(sequenceDiagram|\s+(participant L\d+ as |Note over L\d+(,L\d+)?: |L\d+->>L\d+: |loop |end$))/.test(line)) throw new Error(`${what}: line ${n + 1} is not a Mermaid statement: ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    if (line.startsWith('|')) {
      // Cells: split on pipes that no backslash escapes.
      const cells = line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length;
      if (columns < 0) columns = cells;
      else if (cells !== columns) throw new Error(`${what}: line ${n + 1} has ${cells - 2} cells, its table ${columns - 2}`);
    } else columns = -1;
  }
}

/** Syntax errors of a TypeScript source. */
export function typeScriptSyntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
