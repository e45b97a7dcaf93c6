/**
 * The gate's hints to record verdicts repeat the run they are about (its spec, variants and scope), so
 * following one never records package.json's spec into another spec's file; and a --scope that moves
 * the run off the scope the expectations were recorded at is one coded line, not "verdicts differ".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, leasecheck, ROOT, scratchDir } from '../report-ci/cli.ts';
import { GATE_COMMAND } from '../../src/cli/commands/gate.ts';
import { recordCommand, shellWord } from '../../src/cli/gateRerun.ts';
import { scopeChanges, scopedFile } from '../../src/cli/gateScope.ts';
import { parseArgs } from '../../src/cli/args.ts';
import mutex from '../../examples/mutex.model.ts';

/** The command a hint suggests, as argv (its words are bare: the scratch paths need no quoting). */
const hinted = (line: string, after: string) => line.slice(line.indexOf(after) + after.length).replace(/\)$/, '').split(' ');

describe('the gate, recording hints', () => {
  it('the hint for a missing file names the spec given, and following it records that spec, which then passes', async () => {
    const file = relative(ROOT, join(scratchDir('gate'), 'mutex.json'));
    const missing = await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', file]);
    const line = expectOneErrorLine(missing, 'LC042');
    expect(line).toContain(`record the current verdicts with: leasecheck gate examples/mutex.model.ts --expectations ${file} --write-expectations`);

    const cmd = hinted(line, 'record the current verdicts with: ');
    expect(cmd.slice(0, 2)).toEqual(['leasecheck', 'gate']);
    const w = await leasecheck([...cmd.slice(1), '--quiet']);
    expect(w.code).toBe(0);
    const written = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    expect(Object.keys(written.verdicts)).toEqual(['default']);
    expect(written.comment).toContain(`\`leasecheck gate examples/mutex.model.ts --expectations ${file} --write-expectations\``);
    const g = await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', file, '--quiet']);
    expect(g.code).toBe(0);
    expect(g.stdout).toContain('ok: all 3 verdicts match');
  });

  it('a failed gate says how to record an intended change, for the same variants', async () => {
    const file = relative(ROOT, join(scratchDir('gate'), 'mutex.json'));
    writeFileSync(join(ROOT, file), JSON.stringify({ scope: { broken: 1 }, verdicts: { default: { 'mutual-exclusion': 'holds', 'p1-can-enter': 'holds', 'deadlock-free': 'holds' } } }));
    const r = await leasecheck(['gate', 'examples/mutex.model.ts', '--variants', 'default', '--expectations', file, '--junit', join(ROOT, file) + '.xml', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`if the change is intended, record it with: leasecheck gate examples/mutex.model.ts --variants default --expectations ${file} --write-expectations`);
    expect(r.stdout).not.toContain('ok: all');
  });

  it('recordCommand repeats the spec, variants, scope and check options, and drops outputs, --set and what --write-expectations refuses', () => {
    const args = parseArgs(
      ['my spec.model.ts', '--designs', 'a,b', '--scope', 'k=2', '--safety-only', '--no-deadlock', '--max-states', '900', '--junit', 'j.xml', '--json', '--quiet', '--set', 'x=1'],
      GATE_COMMAND,
    );
    expect(recordCommand(GATE_COMMAND, args, 'e.json')).toBe(
      "leasecheck gate 'my spec.model.ts' --variants a,b --scope k=2 --max-states 900 --expectations e.json --write-expectations",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});

describe('the gate at another scope than the expectations', () => {
  it('refuses a --scope off the recorded one before checking: one LC001 line naming both scopes and how to record it', async () => {
    const r = await leasecheck(['gate', '--scope', 'threads=1', '--variants', 'zombie-lease']);
    const line = expectOneErrorLine(r, 'LC001');
    expect(line).toContain('expectations/verdicts.json was recorded at scope threads=0; this run asks for threads=1');
    expect(line).toContain('drop --scope');
    expect(line).toContain('leasecheck gate --variants zombie-lease --scope threads=1 --expectations expectations/verdicts@threads=1.json --write-expectations');
    expect(r.stdout).not.toContain('FAILED');
  });

  it('compares a --scope that agrees with the recorded one, and records another scope in a file of its own', async () => {
    const dir = relative(ROOT, scratchDir('gate'));
    const file = join(dir, 'mutex.json');
    const w = await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', file, '--write-expectations', '--quiet']);
    expect(w.code).toBe(0);
    const same = await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', file, '--scope', 'broken=1', '--quiet']);
    expect(same.code).toBe(0);
    const other = await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', file, '--scope', 'broken=0']);
    const line = expectOneErrorLine(other, 'LC001');
    const cmd = hinted(line, 'in a file of their own: ');
    expect(cmd).toEqual(['leasecheck', 'gate', 'examples/mutex.model.ts', '--scope', 'broken=0', '--expectations', join(dir, 'mutex@broken=0.json'), '--write-expectations']);
    expect((await leasecheck([...cmd.slice(1), '--quiet'])).code).toBe(0);
    expect((await leasecheck(['gate', 'examples/mutex.model.ts', '--expectations', join(dir, 'mutex@broken=0.json'), '--scope', 'broken=0', '--quiet'])).code).toBe(0);
  });

  it('scopeChanges fills both sides with the defaults; scopedFile names the file of another scope', () => {
    expect(scopeChanges(mutex, {}, { broken: 1 })).toEqual({ recorded: '', asked: '' });
    expect(scopeChanges(mutex, { broken: 1 }, { broken: 0 })).toEqual({ recorded: 'broken=1', asked: 'broken=0' });
    expect(scopedFile('e/verdicts.json', 'a=1')).toBe('e/verdicts@a=1.json');
  });
});
