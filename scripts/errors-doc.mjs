#!/usr/bin/env node
// Writes docs/errors.md, the error codes a user of the package can read (src/ is not shipped), from
// src/errors.ts: each code, its short name and its doc comment. `npm run docs:errors` after changing
// a code; test/package/errorsDoc.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ERRORS_TS = join(root, 'src', 'errors.ts');
export const ERRORS_MD = join(root, 'docs', 'errors.md');

/** Every `/** meaning *\/ LCnnn: 'name'` entry of ErrorCodes in errors.ts's source, by code. */
export function errorCodes(source) {
  const body = /export const ErrorCodes = \{([\s\S]*?)\n\} as const;/.exec(source)?.[1];
  if (!body) throw new Error('src/errors.ts: no `export const ErrorCodes = { ... } as const;`');
  const entries = [...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(LC\d{3}): '((?:[^'\\]|\\.)*)'/g)].map((m) => ({
    code: m[2],
    name: m[3].replace(/\\(.)/g, '$1'),
    meaning: m[1].split('\n').map((l) => l.replace(/^\s*\*?\s?/, '').trim()).filter(Boolean).join(' '),
  }));
  return entries.sort((a, b) => a.code.localeCompare(b.code));
}

/** docs/errors.md's text for errors.ts's source. */
export function errorsDoc(source) {
  const cell = (t) => t.replace(/\|/g, '\\|');
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/errors.ts by `npm run docs:errors`; edit the doc comments there. -->',
    '',
    'Bad input is one line on stderr, `error LCnnn: ...`, and exit status 2, never a stack trace. A spec',
    'that fails to load or to build says what it threw and where in the spec.',
    '',
    '| Code | Name | When |',
    '| --- | --- | --- |',
    ...errorCodes(source).map((e) => `| ${e.code} | ${cell(e.name)} | ${cell(e.meaning)} |`),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ERRORS_MD, errorsDoc(readFileSync(ERRORS_TS, 'utf8')));
  console.log('wrote docs/errors.md');
}
