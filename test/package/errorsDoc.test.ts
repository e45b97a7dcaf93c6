/**
 * docs/errors.md, the list of error codes the package ships (README links it; src/ is not shipped),
 * is what scripts/errors-doc.mjs makes of src/errors.ts: regenerate it with `npm run docs:errors`.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERRORS_MD, ERRORS_TS, errorCodes, errorsDoc } from '../../scripts/errors-doc.mjs';
import { ErrorCodes } from '../../src/errors.ts';

it('docs/errors.md lists every code of src/errors.ts with its name and meaning, as generated', () => {
  const source = readFileSync(ERRORS_TS, 'utf8');
  // The generator reads the source text: it must find exactly the codes the module exports.
  expect(Object.fromEntries(errorCodes(source).map((e) => [e.code, e.name]))).toEqual(ErrorCodes);
  expect(readFileSync(ERRORS_MD, 'utf8'), 'docs/errors.md is stale: run `npm run docs:errors`').toBe(errorsDoc(source));
});
