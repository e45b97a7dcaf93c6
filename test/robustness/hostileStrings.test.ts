/**
 * The hostile-string matrix: every output format x a string with control characters, terminal
 * escapes, quotes, template syntax, markup, lone surrogates or 10,000 characters in an action label,
 * a property name, an actor name, a context value, a state name or a variant name. Each output must stay
 * valid in its format (XML parses, DOT strings close, Markdown rows and Mermaid statements stay whole,
 * the emitted test parses, JSON parses) and nothing printed on a terminal carries a raw control character.
 */
import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphML } from 'graphology-graphml';
import { check, type CheckSuccess } from '../../src/engine/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { LeasecheckError } from '../../src/errors.ts';
import { checkToJSON, formatCheckText } from '../../src/report/checkReport.ts';
import { formatComparisonText } from '../../src/report/comparison.ts';
import { computeCoverage, formatCoverageText } from '../../src/report/coverage.ts';
import { emitRegressionTest } from '../../src/report/emitTest.ts';
import { formatStateGraph, stateGraphOf } from '../../src/report/graphExport.ts';
import { junitXML } from '../../src/report/junit.ts';
import { comparisonFiles, itfPath } from '../../src/report/reportFiles.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { formatSimulationText } from '../../src/sim/report.ts';
import { validateItf } from '../report/itfSchema.ts';
import { assertNested } from '../report/wellFormed.ts';
import { assertDot, assertMarkdown, assertTerminalSafe, assertXml, HOSTILE, hostileSystem, typeScriptSyntaxErrors, type Slot } from './hostile.ts';

const SLOTS: Slot[] = ['label', 'property', 'actor', 'context', 'state'];

function ok(r: ReturnType<typeof check>): CheckSuccess {
  if (r.status === 'error') throw r.error;
  return r;
}

/** Every output of one check, validated in its format. */
function everyFormat(r: CheckSuccess, variant: string, h: string): void {
  const where = `${r.system.name} / ${JSON.stringify(h.slice(0, 30))}`;
  // Terminal text: the check, the comparison, the coverage, a simulation.
  assertTerminalSafe(formatCheckText(r), `${where}: check text`);
  const rows = [{ name: variant, result: r }];
  assertTerminalSafe(formatComparisonText(rows), `${where}: comparison text`);
  const graphed = explore(r.system, { recordGraph: true });
  assertTerminalSafe(formatCoverageText(computeCoverage(r.system, graphed)).join('\n'), `${where}: coverage text`);
  assertTerminalSafe(formatSimulationText(simulate(r.system, { runs: 5, depth: 4, seed: 1 })), `${where}: simulation text`);
  // JSON keeps the exact text.
  expect(() => JSON.parse(JSON.stringify(checkToJSON(r)))).not.toThrow();
  // The report set: Markdown, HTML, JSON, ITF.
  const files = comparisonFiles({ title: `Report ${h}`, intro: [h], rows });
  assertMarkdown(files['comparison.md'], `${where}: comparison.md`);
  assertNested(files['comparison.html']);
  expect(files['comparison.html']).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  expect(() => JSON.parse(files['comparison.json'])).not.toThrow();
  const itfs = Object.keys(files).filter((f) => f.endsWith('.itf.json'));
  expect(itfs.length).toBeGreaterThan(0);
  for (const f of itfs) {
    expect(f.split('/').every((seg) => seg.length > 0 && seg.length < 200 && !/[\u0000-\u001F/\\]/.test(seg) && seg !== '..' && seg !== '.'), f).toBe(true);
    expect(validateItf(JSON.parse(files[f])), f).toEqual([]);
  }
  // State graphs.
  const graph = stateGraphOf(r.system, graphed);
  const gexf = formatStateGraph(graph, 'gexf');
  assertXml(gexf, `${where}: GEXF`);
  expect(parseGexf(MultiDirectedGraph, gexf).order).toBe(graph.order);
  const graphml = formatStateGraph(graph, 'graphml');
  assertXml(graphml, `${where}: GraphML`);
  expect(parseGraphML(MultiDirectedGraph, graphml).order).toBe(graph.order);
  assertDot(formatStateGraph(graph, 'dot'), `${where}: DOT`);
  // The emitted regression test parses, whatever the labels and names hold.
  const emitted = emitRegressionTest('/tmp/x/hostile.test.ts', r, { imports: [], define: ['const system = null as never;'], command: `leasecheck check ${h}` });
  expect(emitted).not.toBeNull();
  expect(typeScriptSyntaxErrors(emitted!), `${where}: emitted test`).toEqual([]);
  // JUnit.
  assertXml(junitXML(h, [{ name: variant, properties: { [h]: h }, cases: [{ classname: variant, name: h, failure: { message: h, details: h } }, { classname: h, name: 'x', skipped: h }] }]), `${where}: JUnit`);
}

describe('hostile strings in every output format', () => {
  for (const slot of SLOTS) {
    it(`in the ${slot}`, () => {
      for (const [key, h] of Object.entries(HOSTILE)) {
        const r = ok(check(hostileSystem(slot, h)));
        expect(r.properties.map((p) => p.verdict), key).toEqual(['violated', 'holds', 'holds']);
        everyFormat(r, 'plain', h);
      }
    });
  }

  it('in the variant (design) name', () => {
    const r = ok(check(hostileSystem('label', 'go')));
    for (const h of Object.values(HOSTILE)) everyFormat(r, h, h);
  });

  it('names that differ only in characters a file name cannot hold get distinct trace files', () => {
    const names = ['a b', 'a_b', 'a/b', 'a\\b', 'a:b', 'A_B', 'a~b', 'a%20b', '.a', '..', 'con', 'a\u0000b', 'x'.repeat(300), `${'x'.repeat(300)}y`];
    const paths = new Set<string>();
    for (const v of names) for (const p of names) paths.add(itfPath(v, p).toLowerCase());
    expect(paths.size).toBe(names.length * names.length);
  });
});

describe('error lines', () => {
  it('cap a huge message and escape control characters: one short line', () => {
    const huge = `scenario.txt:1: got "${'\u001b[2J'.repeat(10)}${'x'.repeat(20 * 2 ** 20)}"`;
    const line = new LeasecheckError('LC041', huge).line();
    expect(line.length).toBeLessThan(2600);
    expect(line).not.toContain('\n');
    assertTerminalSafe(line, 'error line');
    expect(line).toMatch(/characters in all\)$/);
    const nl = new LeasecheckError('LC041', 'line one\nline two\r\u0000').line();
    expect(nl).toBe('error LC041: line one\\nline two\\r\\x00');
  });
});
