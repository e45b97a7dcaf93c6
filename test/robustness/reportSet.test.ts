/**
 * A report folder changes as a whole set (src/cli/reportSet.ts). A child process writing set B over set
 * A is SIGKILLed at every write boundary in turn: after each kill the folder holds the whole set A or
 * the whole set B (with its foreign files), or, killed between the two renames, no folder and the
 * finished set B beside it; the next run recovers and leaves no leftover.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { INCOMPLETE_DIR, MANIFEST, readManifest, recoverReportSet, writeReportSet } from '../../src/cli/reportSet.ts';
import { contents, expected, FOREIGN, key, SETS, withoutManifest } from './reportSets.ts';

const CHILD = fileURLToPath(new URL('./reportSetChild.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the child; resolves to how it ended (exit code, or the signal that killed it) and its stderr. */
function child(dir: string, set: string, complete: boolean, killAt: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, set, complete ? 'complete' : 'incomplete'], {
      cwd: ROOT,
      env: { ...process.env, LEASECHECK_TEST_KILL_AT: String(killAt) },
    });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Scratch folders, removed when the file's tests are done. */
const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A folder holding set A (complete or not) and the foreign files. */
function folderWithA(complete = true): string {
  const parent = mkdtempSync(join(tmpdir(), 'lc-set-'));
  scratch.push(parent);
  const dir = join(parent, 'report');
  mkdirSync(join(dir, 'traces'), { recursive: true });
  for (const [f, c] of Object.entries(FOREIGN)) writeFileSync(join(dir, f), c);
  writeReportSet(dir, SETS.A, { complete });
  expect(withoutManifest(contents(dir))).toEqual(expected('A'));
  return dir;
}

/** Hidden siblings of `dir` a run left (lc-new, lc-old, the lock), and temporary files under it. */
function leftovers(dir: string): string[] {
  const siblings = readdirSync(dirname(dir)).filter((n) => n.startsWith(`.${basename(dir)}.lc-`));
  const inside = existsSync(dir) ? Object.keys(contents(dir)!).filter((f) => /\.lc-|\.tmp$/.test(f)) : [];
  return [...siblings, ...inside];
}

describe('a report set is replaced as a whole', () => {
  it('SIGKILL at every write boundary: the old set or the new one, whole; the next run recovers and cleans up', async () => {
    const seen = new Set<string>();
    let k = 1;
    for (; k < 60; k++) {
      const dir = folderWithA();
      const r = await child(dir, 'B', true, k);
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.stderr).toBe(0);
        expect(withoutManifest(contents(dir))).toEqual(expected('B'));
        expect(leftovers(dir)).toEqual([]);
        break;
      }
      const after = withoutManifest(contents(dir));
      const state = after === null ? 'missing' : key(after) === key(expected('A')) ? 'old' : key(after) === key(expected('B')) ? 'new' : 'MIXED';
      expect(state, `killed at boundary ${k} (${r.stderr.trim()}): ${JSON.stringify(after)}`).not.toBe('MIXED');
      if (state === 'missing') {
        // Killed between the two renames: the finished new set waits beside it.
        const ready = readdirSync(dirname(dir)).filter((n) => n.startsWith(`.${basename(dir)}.lc-new-`));
        expect(ready).toHaveLength(1);
        expect(readManifest(join(dirname(dir), ready[0]))?.files).toEqual(Object.keys(SETS.B).sort());
      }
      seen.add(state);
      // The next run: it first recovers (the folder is whole again, old or new), then writes its own set.
      recoverReportSet(dir);
      const recovered = withoutManifest(contents(dir));
      expect([key(expected('A')), key(expected('B'))]).toContain(key(recovered));
      expect(leftovers(dir)).toEqual([]);
      writeReportSet(dir, SETS.C, { complete: true });
      expect(withoutManifest(contents(dir))).toEqual(expected('C'));
      expect(leftovers(dir)).toEqual([]);
    }
    // Every kind of boundary was met: before the swap, between the renames, after it.
    expect([...seen].sort()).toEqual(['missing', 'new', 'old']);
    expect(k).toBeGreaterThan(8);
  });

  it('an incomplete set killed at boundaries (every other one) never touches the complete one; it goes to DIR/incomplete/', async () => {
    // The writer is the same as above (every boundary tested there); here every other one, to keep the suite short.
    for (let k = 1; k < 60; k += 2) {
      const dir = folderWithA(true);
      const r = await child(dir, 'B', false, k);
      const top = withoutManifest(contents(dir))!;
      const nested = Object.fromEntries(Object.entries(top).filter(([f]) => f.startsWith(`${INCOMPLETE_DIR}/`)));
      const outer = Object.fromEntries(Object.entries(top).filter(([f]) => !f.startsWith(`${INCOMPLETE_DIR}/`) && !f.includes('.lc-')));
      expect(outer, `killed at boundary ${k}`).toEqual(expected('A'));
      const inner = Object.keys(nested).length === 0 ? null : withoutManifest(Object.fromEntries(Object.entries(nested).map(([f, c]) => [f.slice(INCOMPLETE_DIR.length + 1), c])));
      if (inner !== null) expect(inner).toEqual(SETS.B);
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.stderr).toBe(0);
        expect(inner).toEqual(SETS.B);
        expect(readManifest(join(dir, INCOMPLETE_DIR))?.complete).toBe(false);
        expect(readManifest(dir)?.complete).toBe(true);
        // The next complete set replaces both.
        writeReportSet(dir, SETS.C, { complete: true });
        expect(withoutManifest(contents(dir))).toEqual(expected('C'));
        expect(leftovers(dir)).toEqual([]);
        return;
      }
      recoverReportSet(join(dir, INCOMPLETE_DIR));
      expect(Object.keys(contents(dir)!).filter((f) => f.includes('.lc-'))).toEqual([]);
    }
    throw new Error('the child never finished');
  });

  it('eight runs into one folder at once: one whole set wins, nothing is left over', async () => {
    const dir = folderWithA();
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => child(dir, i % 2 ? 'B' : 'C', true, 0)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect([key(expected('B')), key(expected('C'))]).toContain(key(withoutManifest(contents(dir))));
    expect(leftovers(dir)).toEqual([]);
  });

  it('an incomplete set goes straight in when the folder has no complete report; stale temporary files of old runs go', () => {
    const dir = folderWithA(false);
    writeFileSync(join(dir, 'comparison.md.4242.tmp'), 'half');
    writeFileSync(join(dir, 'traces', 'd1', 'p1.itf.json.99999.tmp'), 'half');
    mkdirSync(join(dirname(dir), `.${basename(dir)}.lc-new-999999-abcd`));
    const w = writeReportSet(dir, SETS.B, { complete: false });
    expect(w.besideComplete).toBe(false);
    expect(w.dir).toBe(dir);
    expect(withoutManifest(contents(dir))).toEqual(expected('B'));
    expect(leftovers(dir)).toEqual([]);
    expect(w.removed).toBeGreaterThanOrEqual(3);
  });

  it('a folder written before manifests: the legacy rule says which files are the report', () => {
    const parent = mkdtempSync(join(tmpdir(), 'lc-set-'));
    scratch.push(parent);
    const dir = join(parent, 'report');
    mkdirSync(join(dir, 'traces', 'gone'), { recursive: true });
    writeFileSync(join(dir, 'comparison.md'), 'old');
    writeFileSync(join(dir, 'traces', 'gone', 'x.itf.json'), 'old');
    writeFileSync(join(dir, 'notes.md'), 'mine');
    const legacy = { isComplete: () => true, owns: (f: string) => f.startsWith('comparison.') || f.endsWith('.itf.json') };
    const w = writeReportSet(dir, SETS.C, { complete: false, legacy });
    expect(w.besideComplete).toBe(true);
    expect(readFileSync(join(dir, 'comparison.md'), 'utf8')).toBe('old');
    writeReportSet(dir, SETS.C, { complete: true, legacy });
    expect(withoutManifest(contents(dir))).toEqual({ ...SETS.C, 'notes.md': 'mine' });
    expect(existsSync(join(dir, MANIFEST))).toBe(true);
  });

  it('a folder reached through a symlink is replaced where it is; the link stays', () => {
    const real = folderWithA();
    const link = join(dirname(real), 'link');
    symlinkSync(real, link);
    writeReportSet(link, SETS.B, { complete: true });
    expect(withoutManifest(contents(link))).toEqual(expected('B'));
    expect(withoutManifest(contents(real))).toEqual(expected('B'));
    rmSync(dirname(real), { recursive: true, force: true });
  });
});

describe('single files (--graph, --emit-test, --junit)', () => {
  it('a temporary file a killed run left beside the file is removed by the next write; a live run\'s is kept', async () => {
    const { writeFilesAtomic } = await import('../../src/cli/writeAtomic.ts');
    const dir = mkdtempSync(join(tmpdir(), 'lc-atomic-'));
    writeFileSync(join(dir, 'g.dot.999999999.tmp'), 'half of an old graph');
    writeFileSync(join(dir, `g.dot.${process.ppid}.tmp`), 'a live run');
    writeFilesAtomic(dir, { 'g.dot': 'digraph {}\n' });
    expect(readdirSync(dir).sort()).toEqual(['g.dot', `g.dot.${process.ppid}.tmp`]);
    rmSync(dir, { recursive: true, force: true });
  });
});
