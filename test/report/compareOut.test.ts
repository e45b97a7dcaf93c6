import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateItf } from './itfSchema.ts';
import { interruptWhen } from '../report-ci/cli.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'leasecheck.js');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('leasecheck compare --out', () => {
  it('writes the Markdown, the HTML, the JSON and one valid ITF file per trace, and removes stale traces', () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-report-'));
    mkdirSync(join(out, 'traces', 'gone-design'), { recursive: true });
    writeFileSync(join(out, 'traces', 'gone-design', 'old.itf.json'), '{}');
    writeFileSync(join(out, 'traces', 'README.txt'), 'kept');
    const r = spawnSync(process.execPath, [BIN, 'compare', '--designs', 'mainline-2019,zombie-lease', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = filesUnder(out).map((f) => relative(out, f)).sort();
    expect(files).toEqual([
      '.leasecheck-report.json',
      'comparison.html',
      'comparison.json',
      'comparison.md',
      'traces/README.txt',
      'traces/zombie-lease/no-lease-less-pin-one-holder.itf.json',
      'traces/zombie-lease/no-lease-less-pin-strict.itf.json',
      'traces/zombie-lease/rdma-on-dax-possible.itf.json',
    ]);
    for (const f of files.filter((x) => x.endsWith('.itf.json'))) expect(validateItf(JSON.parse(readFileSync(join(out, f), 'utf8'))), f).toEqual([]);
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toContain('[❌ violated (6 steps)](#zombie-lease--no-lease-less-pin-strict)');
    // Only the lanes of actors that act: process B never does in the witness, so it has no lifeline there
    // (it does in the strict counterexample, which passes it the RDMA context).
    expect(md).toContain('```mermaid\nsequenceDiagram\n  participant L0 as process A\n  participant L1 as filesystem');
    const witness = md.slice(md.indexOf('<a id="zombie-lease--rdma-on-dax-possible"></a>'));
    const witnessDiagram = witness.slice(witness.indexOf('```mermaid'), witness.indexOf('```', witness.indexOf('```mermaid') + 3));
    expect(witnessDiagram).toContain('participant L0 as process A');
    expect(witnessDiagram).not.toContain('process B');
    // The state that breaks the invariant is marked with its description, in the diagram and the step table.
    expect(md).toMatch(/Note over L0,L\d: ✗ no-lease-less-pin-strict is false here: /);
    expect(md).toMatch(/\| 6 \| [^|]+ \*\*✗ no-lease-less-pin-strict is false here: [^*]+\*\* \|/);
    // The witness cell links to the witness's diagram.
    expect(md).toContain('(#zombie-lease--rdma-on-dax-possible) [ITF](traces/zombie-lease/rdma-on-dax-possible.itf.json)');
    expect(md).toContain('<a id="zombie-lease--rdma-on-dax-possible"></a>');
    // Fields as the spec presents them: name and kind hidden, phys labelled and described.
    expect(md).not.toMatch(/\bkind: data\b/);
    expect(md).toContain('phys block: null → **0**');
    expect(md).toMatch(/\*phys block\*: the physical block the pin holds/);
    expect(md).toContain('## The named cases, design by design');
    const html = readFileSync(join(out, 'comparison.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3); // the two counterexamples and the witness
    expect(html).toContain('<tr class="marked">');
    expect(html).toContain('<strong class="mark">✗ no-lease-less-pin-strict is false here: ');
    expect(r.stderr).toMatch(/and 3 ITF trace files under .*traces \(removed 1 stale\)/);
    // The manifest lists the set's own files, and says it is complete.
    expect(JSON.parse(readFileSync(join(out, '.leasecheck-report.json'), 'utf8'))).toEqual({
      tool: 'leasecheck',
      format: 1,
      complete: true,
      files: files.filter((f) => !f.startsWith('.') && f !== 'traces/README.txt'),
    });
  });

  it('after Ctrl-C still writes the whole report, marked INCOMPLETE, and exits 3', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-report-int-'));
    const r = await interruptWhen(['compare', '--designs', 'unprotected,zombie-lease', '--out', out, '--progress', '1'], '[1/2] unprotected: generated');
    expect(r.code, r.stderr).toBe(3);
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toContain('> **INCOMPLETE.**');
    expect(md).toMatch(/unprotected: the search stopped because it was interrupted/);
    // The design after the one Ctrl-C stopped was not searched, and says so (it read "stopped ... after 1 distinct state").
    expect(md).toMatch(/zombie-lease: not searched: Ctrl-C came before its search began/);
    expect(readFileSync(join(out, 'comparison.html'), 'utf8')).toContain('<strong>INCOMPLETE.</strong>');
    const doc = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(doc.variants.map((d: { status: string }) => d.status)).toEqual(['incomplete', 'incomplete']);
    expect(doc.complete).toBe(false);
    expect(filesUnder(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(out, 'comparison.md'))).toBe(true);
  });

  it('Ctrl-C after a complete report: the complete report is kept whole, the incomplete one goes to DIR/incomplete/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-report-keep-'));
    const first = spawnSync(process.execPath, [BIN, 'compare', '--designs', 'mainline-2019', '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(out);
    // Ctrl-C once unprotected's search is running (its first progress line), not as it starts: Node's
    // watchdog leaves a window of microseconds at a search's start where SIGINT ends the process (guarantees.md).
    const r = await interruptWhen(['compare', '--designs', 'mainline-2019,unprotected', '--out', out, '--progress', '1'], '[2/2] unprotected: generated');
    const stderr = r.stderr;
    expect(r.code, stderr).toBe(3);
    // The complete report, byte for byte.
    const after = snapshot(out);
    for (const [f, content] of Object.entries(before)) expect(after[f], f).toBe(content);
    expect(Object.keys(after).filter((f) => !f.startsWith('incomplete/')).sort()).toEqual(Object.keys(before).sort());
    // The interrupted run, beside it, and said where.
    expect(readFileSync(join(out, 'incomplete', 'comparison.md'), 'utf8')).toContain('> **INCOMPLETE.**');
    expect(JSON.parse(readFileSync(join(out, 'incomplete', '.leasecheck-report.json'), 'utf8')).complete).toBe(false);
    expect(stderr).toContain(`the complete report in ${out} was kept; the incomplete one is in ${join(out, 'incomplete')}`);
    expect(filesUnder(out).filter((f) => f.endsWith('.tmp') || f.includes('.lc-'))).toEqual([]);
    // The next complete run replaces both.
    const again = spawnSync(process.execPath, [BIN, 'compare', '--designs', 'mainline-2019', '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(out, 'incomplete'))).toBe(false);
    rmSync(out, { recursive: true, force: true });
  });
});

/** Every file under `dir`, by relative path, with its content. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
}
