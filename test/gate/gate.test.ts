/**
 * `leasecheck gate`, run as a real process: a knob flipped through --set fails the gate with each changed
 * verdict named and a JUnit file holding exactly the failing cases; a clean run passes; a bad
 * expectations file is one LC042 line; an incomplete run is exit 3; GitHub annotations; writing
 * expectations. The full seven-design gate runs in .ci/run, not here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, leasecheck, scratchDir } from '../report-ci/cli.ts';
import { compileSystem, variantsOf, withVariant } from '../../src/index.ts';
import { annotation, readExpectations } from '../../src/cli/commands/gate.ts';
import dax from '../../specs/dax.model.ts';

const DESIGNS = variantsOf(dax);
import { escapeXml, junitXML } from '../../src/report/junit.ts';

/** The JUnit file, read minimally: test cases (classname, name) and failure messages. */
function junitOf(xml: string) {
  const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} / ${m[2]}`);
  const failures = [...xml.matchAll(/<failure message="([^"]*)"/g)].map((m) => m[1]);
  const skipped = [...xml.matchAll(/<skipped /g)].length;
  const totals = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/.exec(xml);
  return { cases, failures, skipped, totals: totals ? totals.slice(1).map(Number) : null };
}

const changeLines = (stdout: string) => stdout.split('\n').filter((l) => /^[a-z0-9-]+ \/ [a-z0-9-]+: expected /.test(l));

describe('the gate', () => {
  it('fails when --set flips a knob: exit 1, each changed verdict on its own line, JUnit with exactly those failures', async () => {
    const dir = scratchDir('gate');
    const junit = join(dir, 'reports', 'junit.xml');
    const r = await leasecheck(['gate', '--designs', 'blocking-close-killable', '--set', 'blockingCloseWait=uninterruptible', '--junit', junit, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const changes = [
      'blocking-close-killable / no-lease-less-pin-weak: expected violated, got holds',
      'blocking-close-killable / no-lease-less-pin-at-rest: expected violated, got holds',
      'blocking-close-killable / no-unkillable-close: expected holds, got violated',
      'blocking-close-killable / admin-can-recover: expected holds, got violated',
    ];
    expect(changeLines(r.stdout)).toEqual(changes);
    expect(r.stdout).toContain('with --set blockingCloseWait=uninterruptible on every design');
    expect(r.stdout).toContain('FAILED: 4 of 8 verdicts differ from expectations/verdicts.json');
    // A what-if change is not one to record, and a failed gate never also says ok.
    expect(r.stdout).not.toContain('if the change is intended');
    expect(r.stdout).not.toContain('ok: all');
    expect(r.stdout).not.toContain('::error');

    const xml = readFileSync(junit, 'utf8');
    const j = junitOf(xml);
    expect(j.totals).toEqual([8, 4, 0]);
    expect(j.cases).toHaveLength(8);
    expect(j.cases.every((c) => c.startsWith('blocking-close-killable / '))).toBe(true);
    expect(j.failures).toEqual(changes);
    // A new violation carries its counterexample; markup in it is escaped.
    expect(xml).toContain('shortest counterexample, 8 steps');
    expect(xml).toContain('A: close(fd10) -&gt; the pins of mr0');
    expect(xml).toContain('<property name="what-if" value="blockingCloseWait=uninterruptible"/>');
  });

  it('passes a clean run: exit 0, JUnit with no failure', async () => {
    const dir = scratchDir('gate');
    const junit = join(dir, 'junit.xml');
    // mainline-2019 is the smallest design (and has a violated verdict too: rdma-on-dax-possible).
    const r = await leasecheck(['gate', '--designs', 'mainline-2019', '--junit', junit, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(changeLines(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('ok: all 8 verdicts match expectations/verdicts.json');
    const j = junitOf(readFileSync(junit, 'utf8'));
    expect(j.totals).toEqual([8, 0, 0]);
    expect(j.cases).toContain('mainline-2019 / rdma-on-dax-possible');
  });

  it('exits 3 when a run is incomplete, and marks the undecided cases skipped', async () => {
    const dir = scratchDir('gate');
    const junit = join(dir, 'junit.xml');
    const r = await leasecheck(['gate', '--designs', 'mainline-2019', '--max-states', '100', '--junit', junit, '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE:');
    expect(r.stdout).toContain('mainline-2019 / no-truncate-of-pinned: expected holds, got unknown (the run was incomplete)');
    const j = junitOf(readFileSync(junit, 'utf8'));
    expect(j.failures).toEqual([]);
    expect(j.skipped).toBeGreaterThan(0);
  });

  it('--safety-only: the liveness properties are not checked, counted apart and skipped in JUnit; exit 0; it cannot record expectations', async () => {
    const dir = scratchDir('gate');
    const junit = join(dir, 'junit.xml');
    const r = await leasecheck(['gate', '--designs', 'mainline-2019', '--safety-only', '--junit', junit, '--quiet']);
    expect(r.code).toBe(0);
    expect(changeLines(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('ok: all 6 verdicts match expectations/verdicts.json; 2 not checked (--safety-only leaves the liveness properties out)');
    const j = junitOf(readFileSync(junit, 'utf8'));
    expect(j.failures).toEqual([]);
    expect(j.skipped).toBe(2);
    expect(readFileSync(junit, 'utf8')).toContain('not checked (the run checked safety properties only)');
    expectOneErrorLine(await leasecheck(['gate', '--write-expectations', '--expectations', join(dir, 'x.json'), '--safety-only']), 'LC001');
  });

  it('--no-deadlock: the deadlock verdict is not checked, not changed; exit 0; recording refuses it', async () => {
    const r = await leasecheck(['gate', 'examples/lock.model.ts', '--designs', 'redlock', '--no-deadlock', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok: all 6 verdicts match examples/lock.expectations.json; 1 not checked (--no-deadlock leaves the deadlock check out)');
    const dir = scratchDir('gate');
    expectOneErrorLine(await leasecheck(['gate', 'examples/lock.model.ts', '--no-deadlock', '--write-expectations', '--expectations', join(dir, 'x.json')]), 'LC001');
  });

  it('prints GitHub Actions annotations when GITHUB_ACTIONS=true', async () => {
    const dir = scratchDir('gate');
    const file = join(dir, 'verdicts.json');
    const exp = JSON.parse(readFileSync('expectations/verdicts.json', 'utf8'));
    exp.verdicts = { 'mainline-2019': { ...exp.verdicts['mainline-2019'], 'rdma-on-dax-possible': 'holds' } };
    writeFileSync(file, JSON.stringify(exp));
    const r = await leasecheck(['gate', '--designs', 'mainline-2019', '--expectations', file, '--quiet'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    expect(changeLines(r.stdout)).toEqual(['mainline-2019 / rdma-on-dax-possible: expected holds, got violated']);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([
      `::error file=${file},title=leasecheck gate%3A mainline-2019 / rdma-on-dax-possible::mainline-2019 / rdma-on-dax-possible: expected holds, got violated`,
    ]);
  });

  const bad: [string, string | null, RegExp][] = [
    ['a missing file', null, /does not exist/],
    ['a file that is not JSON', '{ "verdicts": ', /is not valid JSON/],
    ['a verdict that is neither holds nor violated', JSON.stringify({ scope: {}, verdicts: { 'mainline-2019': { 'no-truncate-of-pinned': 'maybe' } } }), /must be "holds" or "violated"/],
    ['an unknown design', JSON.stringify({ scope: {}, verdicts: { 'no-such-design': {} } }), /names design "no-such-design".*; if it was renamed or removed, record the current verdicts with: leasecheck gate /],
    ['no verdicts object', JSON.stringify({ scope: {} }), /"verdicts" must be an object/],
    ['a bad scope', JSON.stringify({ scope: { processes: 'two' }, verdicts: {} }), /"scope".processes must be an integer/],
    ['a scope out of its range', JSON.stringify({ scope: { processes: 9 }, verdicts: {} }), /"scope".processes is 9, outside processes's range 1..4/],
  ];
  it.each(bad)('exits 2 with one LC042 line for %s', async (_what, content, message) => {
    const dir = scratchDir('gate');
    const file = join(dir, 'verdicts.json');
    if (content !== null) writeFileSync(file, content);
    const r = await leasecheck(['gate', '--expectations', file, '--designs', 'mainline-2019']);
    expect(expectOneErrorLine(r, 'LC042')).toMatch(message);
  });

  it('a design gone from the spec: the hint rewrites the file whole, also when merging one design into it (that reads the file first)', async () => {
    const file = join(scratchDir('gate'), 'verdicts.json');
    writeFileSync(file, JSON.stringify({ scope: {}, verdicts: { 'no-such-design': {} } }));
    const line = expectOneErrorLine(await leasecheck(['gate', '--expectations', file, '--designs', 'mainline-2019', '--write-expectations']), 'LC042');
    expect(line).toMatch(new RegExp(`record the current verdicts with: leasecheck gate --expectations ${file} --write-expectations$`));
  });

  it('--write-expectations records the current verdicts (the committed file is what it writes), and refuses --set', async () => {
    const dir = scratchDir('gate');
    const file = join(dir, 'verdicts.json');
    const w = await leasecheck(['gate', '--write-expectations', '--expectations', file, '--designs', 'mainline-2019', '--quiet']);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe(`recorded 8 verdicts of 1 design in ${file}\n`);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    const committed = JSON.parse(readFileSync('expectations/verdicts.json', 'utf8'));
    expect(written.scope).toEqual(committed.scope);
    expect(written.verdicts).toEqual({ 'mainline-2019': committed.verdicts['mainline-2019'] });
    const g = await leasecheck(['gate', '--expectations', file, '--designs', 'mainline-2019', '--quiet']);
    expect(g.code).toBe(0);
    const s = await leasecheck(['gate', '--write-expectations', '--set', 'blockingCloseWait=killable']);
    expectOneErrorLine(s, 'LC001');
  });

  it('the committed expectations name every design and every property of the model, and nothing else', () => {
    const exp = readExpectations('expectations/verdicts.json', dax);
    expect(Object.keys(exp.verdicts)).toEqual(DESIGNS.map((d) => d.id));
    for (const d of DESIGNS) {
      const ids = compileSystem(withVariant(dax, d.id), exp.scope).properties.map((p) => p.name);
      expect(Object.keys(exp.verdicts[d.id]).sort()).toEqual(ids.sort());
    }
  });
});

describe('JUnit and annotation escaping', () => {
  it('escapes markup, quotes and characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c"'d'\n\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#10;\uFFFD');
    expect(escapeXml('x < y\nz', false)).toBe('x &lt; y\nz');
    const xml = junitXML('s<1>', [{ name: 'd&d', cases: [{ classname: 'd&d', name: 'p"1', failure: { message: 'm<' } }, { classname: 'd&d', name: 'ok' }] }]);
    expect(xml).toContain('<testsuites name="s&lt;1&gt;" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<testcase classname="d&amp;d" name="p&quot;1" time="0.000">');
    expect(xml).toContain('<failure message="m&lt;">m&lt;</failure>');
    expect(xml).toContain('<testcase classname="d&amp;d" name="ok" time="0.000"/>');
  });

  it('escapes GitHub workflow command data and properties', () => {
    expect(annotation('error', 'a,b:c.json', 'x: y, z', '50%\nnext')).toBe('::error file=a%2Cb%3Ac.json,title=x%3A y%2C z::50%25%0Anext');
  });
});
