/**
 * Every --json document, and the comparison.json a report folder holds, validates against the JSON
 * Schema shipped in schema/ (the versioned contract a consumer reads), run as real processes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA = join(ROOT, 'schema');

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
for (const f of readdirSync(SCHEMA)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA, f), 'utf8')));
const validator = (name: string) => ajv.getSchema(`https://leasecheck.dev/schema/${name}.schema.json`)!;

function json(...args: string[]): Promise<{ code: number | null; doc: unknown }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/leasecheck.js', ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? null) : 0;
      let doc: unknown;
      try {
        doc = JSON.parse(stdout);
      } catch {
        doc = { notJson: stdout, stderr };
      }
      resolve({ code, doc });
    });
  });
}

function expectValid(name: string, doc: unknown) {
  const validate = validator(name);
  const ok = validate(doc);
  expect(ok ? [] : validate.errors, `${name}.schema.json`).toEqual([]);
  expect((doc as { schema: string }).schema).toBe(`leasecheck/${name}`);
  expect((doc as { schemaVersion: number }).schemaVersion).toBe(1);
}

describe.concurrent('the JSON schemas', () => {
  it('check --json (a violation, a witness, deadlock freedom; and a what-if variant of the DAX model)', async () => {
    const mutex = await json('check', 'examples/mutex.model.ts', '--json');
    expect(mutex.code).toBe(1);
    expectValid('check', mutex.doc);
    const dax = await json('check', '--design', 'blocking-close', '--set', 'blockingCloseWait=killable', '--scope', 'mrs=1', '--json', '--coverage');
    expectValid('check', dax.doc);
    expect((dax.doc as { variant: { id: string } }).variant.id).toBe('blocking-close+blockingCloseWait=killable');
  });

  it('check --json of an incomplete search', async () => {
    const r = await json('check', '--design', 'mainline-2019', '--max-states', '500', '--json');
    expect(r.code).toBe(3);
    expectValid('check', r.doc);
  });

  it('compare --json, and comparison.json from compare --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-schema-'));
    const r = await json('compare', '--designs', 'mainline-2019,zombie-lease', '--scope', 'mrs=1', '--json', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expectValid('comparison', r.doc);
    expectValid('comparison', JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')));
  });

  it('the committed reports/comparison.json', () => {
    expectValid('comparison', JSON.parse(readFileSync(join(ROOT, 'reports', 'comparison.json'), 'utf8')));
  });

  it('gate --json, list --json, simulate --json, replay --json (a scenario and an ITF trace)', async () => {
    const [gate, list, sim, replay, itf] = await Promise.all([
      json('gate', '--designs', 'mainline-2019', '--json', '--quiet'),
      json('list', '--json'),
      json('simulate', 'examples/mutex.model.ts', '--seed', '5', '--json'),
      json('replay', '03', '--design', 'blocking-close', '--json'),
      json('replay', 'reports/traces/blocking-close/no-unkillable-close.itf.json', '--json'),
    ]);
    expectValid('gate', gate.doc);
    expectValid('list', list.doc);
    expectValid('simulate', sim.doc);
    expectValid('replay', replay.doc);
    expectValid('replay', itf.doc);
    expect(itf.code).toBe(0);
  });
});
