/**
 * The file --emit-test writes type-checks in a strict user project (strict, NodeNext,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes, noUnusedLocals) for every kind of case, given
 * the allowImportingTsExtensions its header asks for when it imports a .ts module; only the emitted
 * file's own diagnostics count (leasecheck's sources are not written for those options).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckSuccess, type PropertyResult } from '../../src/engine/check.ts';
import { emitRegressionTest, type SystemSource } from '../../src/report/emitTest.ts';
import { ROOT, run, scratchDir } from '../report-ci/cli.ts';
import lamp from '../report-ci/fixtures/lamp.model.ts';

const LAMP = join(ROOT, 'test', 'report-ci', 'fixtures', 'lamp.model.ts');
const source: SystemSource = {
  imports: [{ what: '* as spec', from: LAMP }],
  define: ['const system = [spec.default].find(isSystem)!;'],
  command: 'leasecheck check lamp.model.ts --emit-test lamp.test.ts',
};

/** lamp's counterexamples (always, leadsTo, deadlock), and copies standing in for eventually, possibly and an other kind. */
function lampResult(): CheckSuccess {
  const r = check(lamp);
  if (r.status === 'error') throw new Error(r.error.message);
  const by = (kind: string) => r.properties.find((p) => p.kind === kind && p.verdict === 'violated' && p.trace)!;
  const copy = (p: PropertyResult, kind: PropertyResult['kind']): PropertyResult => ({ ...p, id: `${p.id}-as-${kind}`, kind });
  return { ...r, properties: [...r.properties, copy(by('leadsTo'), 'eventually'), copy(by('always'), 'possibly'), copy(by('always'), 'sometimes')] };
}

describe('the emitted regression test under a strict user tsconfig', () => {
  it('header: says it needs vitest, and allowImportingTsExtensions for the .ts imports', () => {
    const code = emitRegressionTest('/somewhere/lamp.test.ts', lampResult(), source)!;
    expect(code).toContain('// Needs: vitest (npm i -D vitest)');
    expect(code).toMatch(/^\/\/ It imports .*lamp\.model\.ts by the \.ts name, which vitest loads as is; for tsc,$/m);
    expect(code).toContain('"allowImportingTsExtensions": true');
    const noTs = emitRegressionTest('/somewhere/lamp.test.ts', lampResult(), { ...source, imports: [{ what: '* as spec', from: '/somewhere/lamp.model.mjs' }] })!;
    expect(noTs).not.toMatch(/lamp\.model\.mjs by the \.ts name/);
  });

  it('no diagnostics in the emitted file under noUncheckedIndexedAccess and friends', async () => {
    const dir = scratchDir('emit-strict');
    const file = join(dir, 'lamp.test.ts');
    const code = emitRegressionTest(file, lampResult(), source)!;
    expect(code.match(/^ {2}it\('/gm)).toHaveLength(6);
    writeFileSync(file, code);
    const tsc = await run(join(ROOT, 'node_modules', '.bin', 'tsc'), [
      '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
      '--noUncheckedIndexedAccess', '--exactOptionalPropertyTypes', '--noUnusedLocals', '--noUnusedParameters',
      '--allowImportingTsExtensions', '--skipLibCheck', '--types', 'node', file,
    ], { timeoutMs: 120_000 });
    const own = (tsc.stdout + tsc.stderr).split('\n').filter((l) => /(^|\/)lamp\.test\.ts\(/.test(l));
    expect(own).toEqual([]);
    // tsc did run: it reports leasecheck's own sources under these options, so the filter above is not vacuous.
    expect(tsc.stdout).toMatch(/error TS/);
  }, 180_000);
});
