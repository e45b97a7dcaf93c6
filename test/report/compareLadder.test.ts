/**
 * compare --ladder --out: the ladder section of comparison.md, .html and .json (valid against the
 * schema), a verdict that changes with scope flagged with its trace, an undecided scope shown, and the
 * change's ITF file replayable. Undecided comes from --max-states, never from the clock.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { validateItf } from './itfSchema.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'leasecheck.js');
const SCHEMA = join(ROOT, 'schema');

describe('leasecheck compare --ladder', () => {
  const out = mkdtempSync(join(tmpdir(), 'lc-ladder-'));
  // One client cannot write late (no one else takes the lock), two can: no-late-write changes with scope.
  // At clients=3 the search stops at --max-states: undecided there.
  const args = ['compare', 'examples/lock.model.ts', '--variants', 'redlock,fencing-tokens', '--ladder', 'clients=1..3', '--max-states', '5000', '--out', out];
  const r = spawnSync(process.execPath, [BIN, ...args, '--json'], { cwd: ROOT, encoding: 'utf8' });

  it('exits 0 (the comparison at --scope is complete), no progress under --json', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ladder');
  });

  it('comparison.json and --json carry the ladder, valid against the schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    for (const f of readdirSync(SCHEMA)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA, f), 'utf8')));
    const validate = ajv.getSchema('https://leasecheck.dev/schema/comparison.schema.json')!;
    const file = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    for (const doc of [JSON.parse(r.stdout), file]) expect(validate(doc) ? [] : validate.errors).toEqual([]);
    const redlock = file.ladder.variants.find((v: { id: string }) => v.id === 'redlock');
    const p = (id: string) => redlock.properties.find((x: { id: string }) => x.id === id);
    expect(p('no-late-write')).toMatchObject({ verdict: 'holds', establishedUpTo: [{ clients: 1 }] });
    expect(p('no-late-write').changes[0]).toMatchObject({ scope: { clients: 2 }, from: 'holds', to: 'violated', traceFile: 'traces/redlock/no-late-write@clients=2.itf.json' });
    expect(p('no-late-write').changes[0].trace.length).toBe(6);
    expect(p('deadlock-free')).toMatchObject({ verdict: 'holds', establishedUpTo: [{ clients: 2 }], undecidedFrom: [{ scope: { clients: 3 }, why: 'reached --max-states' }] });
    // Liveness: not checked by the ladder, never "holds".
    expect(p('lease-ends')).toMatchObject({ verdict: 'not-checked', establishedUpTo: [], changes: [] });
    expect(file.ladder.check).toEqual({ safetyOnly: true, symmetry: true, prove: false });
    expect(file.ladder.variants[0].runs[0]).not.toHaveProperty('seconds');
  });

  it('comparison.md: the change flagged loudly with its trace, established and undecided scopes per cell', () => {
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toMatch(/^> ⚠️ \*\*6 VERDICTS CHANGE WITH SCOPE\*\*: see the \[scope ladder\]\(#ladder\)\.$/m);
    expect(md).toContain('> - **redlock / no-late-write: CHANGES at clients=2: holds -&gt; violated \\(6 steps\\)** ([trace](#ladder-redlock--no-late-write-at-2)); the same at clients=3');
    expect(md).toContain('| redlock | ✅ holds: clients&lt;=1<br>⚠️ **CHANGES at clients=2: holds -&gt; violated \\(6 steps\\)**');
    expect(md).toContain('✅ holds: clients&lt;=2<br>undecided from clients=3 \\(reached --max-states\\)');
    expect(md).toContain('➖ not checked \\(the ladder checks safety properties only; --ladder-liveness checks these too\\)');
    const section = md.slice(md.indexOf('<a id="ladder-redlock--no-late-write-at-2"></a>'));
    expect(section).toMatch(/^<a id="ladder-redlock--no-late-write-at-2"><\/a>\n\n### redlock \/ no-late-write at clients=2: holds → violated\n/);
    expect(section).toContain('```mermaid\nsequenceDiagram');
    expect(section).toContain('As ITF: [traces/redlock/no-late-write@clients=2.itf.json](traces/redlock/no-late-write%40clients%3D2.itf.json)');
  });

  it('comparison.html: the same section, the change in a banner and its trace as a diagram', () => {
    const html = readFileSync(join(out, 'comparison.html'), 'utf8');
    expect(html).toContain('<strong>6 VERDICTS CHANGE WITH SCOPE</strong>');
    expect(html).toContain('<h2 id="ladder">Scope ladder</h2>');
    expect(html).toContain('<strong>redlock / no-late-write: CHANGES at clients=2: holds -&gt; violated (6 steps)</strong>');
    expect(html).toContain('undecided from clients=3 (reached --max-states)');
    const section = html.slice(html.indexOf('<section class="finding change" id="ladder-redlock--no-late-write-at-2">'));
    expect(section).toMatch(/^<section[^>]*>\n<h3>redlock \/ no-late-write at clients=2: holds → violated<\/h3>/);
    expect(section.slice(0, section.indexOf('</section>'))).toContain('<svg ');
  });

  it('each change is a valid ITF file at its scope, beside the default-scope traces, and replays', () => {
    const dir = join(out, 'traces', 'redlock');
    const files = readdirSync(dir).sort();
    expect(files).toContain('no-late-write.itf.json');
    expect(files).toContain('no-late-write@clients=2.itf.json');
    expect(files).toContain('no-late-write@clients=3.itf.json');
    const itf = JSON.parse(readFileSync(join(dir, 'no-late-write@clients=2.itf.json'), 'utf8'));
    expect(validateItf(itf)).toEqual([]);
    expect(itf['#meta']).toMatchObject({ scope: { clients: 2, rounds: 1 }, variant: 'redlock', property: 'no-late-write', ladder: { from: 'holds', to: 'violated' } });
    const replay = spawnSync(process.execPath, [BIN, 'replay', join(dir, 'no-late-write@clients=2.itf.json')], { cwd: tmpdir(), encoding: 'utf8' });
    expect(replay.status, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('the last state violates no-late-write');
  });

  it('the terminal text lists the ladder after the matrix, the change with its trace; progress per scope on stderr', () => {
    const text = spawnSync(process.execPath, [BIN, ...args.slice(0, -2)], { cwd: ROOT, encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toContain('ladder [1/2] redlock clients=1: complete, 28 states');
    expect(text.stderr).toMatch(/ladder \[2\/2\] fencing-tokens clients=3: incomplete \(reached --max-states\)/);
    expect(text.stdout).toContain('scope ladder: clients=1..3; safety properties only (liveness: not checked), the spec\'s symmetry; budget 600 s for all designs');
    expect(text.stdout).toMatch(/ {2}no-late-write +holds: clients<=1\n +!!! CHANGES at clients=2: holds -> violated \(6 steps\)\n +!!! the same change at clients=3/);
    expect(text.stdout).toContain('redlock / no-late-write at clients=2: holds -> violated\n  0. initial state');
  });
});
