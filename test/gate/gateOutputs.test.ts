/**
 * What a CI script's slip must not do to the files a run reads, and what the gate prints for a machine
 * to read: an output path (gate --junit, --write-expectations, check --emit-test) that is the spec or
 * the expectations file is one LC050 line and leaves the file as it was; a --junit path ending in a
 * separator is refused (it would become a file named like the folder); under GitHub Actions --json
 * keeps stdout one JSON object (annotations go to stderr); --write-expectations has no JSON to print.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, leasecheck, ROOT, scratchDir } from '../report-ci/cli.ts';

const LOCK = 'examples/lock.model.ts';

/** A scratch copy of the lock expectations with one verdict flipped, so that the gate fails. */
function flippedExpectations(dir: string): string {
  const file = join(dir, 'lock.expectations.json');
  const exp = JSON.parse(readFileSync(join(ROOT, 'examples/lock.expectations.json'), 'utf8'));
  const [property, verdict] = Object.entries(exp.verdicts.redlock as Record<string, string>)[0];
  exp.verdicts.redlock[property] = verdict === 'holds' ? 'violated' : 'holds';
  writeFileSync(file, JSON.stringify(exp, null, 2));
  return file;
}

describe('the gate never writes onto what it reads', () => {
  it('--junit onto the expectations file or the spec: LC050, and both are left as they were', async () => {
    const dir = scratchDir('gate-out');
    const file = flippedExpectations(dir);
    const before = readFileSync(file, 'utf8');
    expectOneErrorLine(await leasecheck(['gate', LOCK, '--designs', 'redlock', '--expectations', file, '--junit', file]), 'LC050');
    expect(readFileSync(file, 'utf8')).toBe(before);
    // A spec of its own in the scratch folder, so that a regression overwrites nothing of the repository's.
    const spec = join(dir, 'mutex.model.ts');
    writeFileSync(spec, readFileSync(join(ROOT, 'examples/mutex.model.ts'), 'utf8').replace("'../src/index.ts'", JSON.stringify(join(ROOT, 'src/index.ts'))));
    const specText = readFileSync(spec, 'utf8');
    const viaJunit = expectOneErrorLine(await leasecheck(['gate', spec, '--expectations', join(dir, 'm.json'), '--junit', spec]), 'LC050');
    expect(viaJunit).toContain('the spec');
    expectOneErrorLine(await leasecheck(['gate', spec, '--expectations', spec, '--write-expectations']), 'LC050');
    // check's --emit-test too (a --graph file must end in .dot or .json).
    expectOneErrorLine(await leasecheck(['check', spec, '--emit-test', spec]), 'LC050');
    expect(readFileSync(spec, 'utf8')).toBe(specText);
  });

  it('a --junit path ending in a separator is LC050, and nothing is created', async () => {
    const dir = scratchDir('gate-out');
    const folder = join(dir, 'newdir');
    expect(expectOneErrorLine(await leasecheck(['gate', LOCK, '--designs', 'redlock', '--junit', `${folder}/`]), 'LC050')).toContain('folder separator');
    expect(existsSync(folder)).toBe(false);
  });
});

describe('the gate for a machine to read', () => {
  it('under GitHub Actions, --json keeps stdout one JSON object and puts the annotations on stderr', async () => {
    const dir = scratchDir('gate-out');
    const file = flippedExpectations(dir);
    const r = await leasecheck(['gate', LOCK, '--designs', 'redlock', '--expectations', file, '--json'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('changed');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
  });

  it('names the expectations file by its path in GITHUB_WORKSPACE, where GitHub attaches the annotation', async () => {
    const dir = scratchDir('gate-out');
    const file = flippedExpectations(dir);
    const r = await leasecheck(['gate', LOCK, '--designs', 'redlock', '--expectations', file, '--quiet'], { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=lock\.expectations\.json,title=/m);
  });

  it('an expectations path that is a folder is one LC042 line saying so', async () => {
    const dir = scratchDir('gate-out');
    expect(expectOneErrorLine(await leasecheck(['gate', LOCK, '--designs', 'redlock', '--expectations', dir]), 'LC042')).toContain('is a folder');
  });

  it('--write-expectations with --json is LC001 (it compares nothing), before any checking', async () => {
    const dir = scratchDir('gate-out');
    const file = join(dir, 'new.json');
    expectOneErrorLine(await leasecheck(['gate', LOCK, '--expectations', file, '--write-expectations', '--json']), 'LC001');
    expect(existsSync(file)).toBe(false);
  });
});
