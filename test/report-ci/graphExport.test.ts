/** --graph: GraphML / GEXF / DOT parsed back; nodes = distinct states, edges = generated transitions; refused above the limit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphML } from 'graphology-graphml';
import { parse as parseGexf } from 'graphology-gexf';
import { expectOneErrorLine, leasecheck, scratchDir } from './cli.ts';

describe('state graph export', () => {
  // Mutex, broken=1: 9 distinct states, 19 generated (TLC counts the initial state): 18 transitions.
  it.each(['graphml', 'gexf'])('%s parses back with its graphology package to 9 nodes and 18 edges', async (ext) => {
    const file = join(scratchDir('graph'), `mutex.${ext}`);
    const r = await leasecheck(['check', 'examples/mutex.model.ts', '--graph', file, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.graph).toEqual({ file, nodes: 9, edges: 18, complete: true });
    const xml = readFileSync(file, 'utf8');
    const g = ext === 'graphml' ? parseGraphML(MultiDirectedGraph, xml) : parseGexf(MultiDirectedGraph, xml);
    expect(g.order).toBe(out.stats.distinctStates);
    expect(g.size).toBe(out.stats.statesGenerated - 1);
    expect(g.getNodeAttribute('s0', 'label')).toBe('p1=idle p2=idle lock=free');
    expect(g.getNodeAttribute('s0', 'initial')).toBe(true);
    // The 4-step counterexample's last state is the one state that violates mutual exclusion.
    const bad = g.filterNodes((_n, a) => a.violates === 'mutual-exclusion');
    expect(bad).toHaveLength(1);
    expect(g.getNodeAttribute(bad[0], 'label')).toBe('p1=critical p2=critical lock=free');
    expect(g.getNodeAttribute(bad[0], 'depth')).toBe(4);
    // Every state has one edge per process (its next step), labelled by the action instance.
    g.forEachNode((n) => expect(g.outDegree(n)).toBe(2));
    expect(new Set(g.mapEdges((_e, a) => a.label)).size).toBe(6);
  });

  it('keeps parallel edges and self-loops (a multigraph)', async () => {
    // The lamp: off -switchOn-> on, on -switchOff/powerCut-> off (parallel), on -flicker-> on (self-loop),
    // on -break-> broken: 3 states, 5 edges.
    const file = join(scratchDir('graph'), 'lamp.graphml');
    const r = await leasecheck(['check', 'test/report-ci/fixtures/lamp.model.ts', '--graph', file, '--quiet']);
    expect(r.code).toBe(1);
    const g = parseGraphML(MultiDirectedGraph, readFileSync(file, 'utf8'));
    expect([g.order, g.size]).toEqual([3, 5]);
    expect(g.outEdges('s1', 's0').map((e) => g.getEdgeAttribute(e, 'label')).sort()).toEqual(['powerCut', 'switchOff']);
    expect(g.outEdges('s1', 's1').map((e) => g.getEdgeAttribute(e, 'label'))).toEqual(['flicker']);
    const gexf = join(scratchDir('graph'), 'lamp.gexf');
    await leasecheck(['check', 'test/report-ci/fixtures/lamp.model.ts', '--graph', gexf, '--quiet']);
    const h = parseGexf(MultiDirectedGraph, readFileSync(gexf, 'utf8'));
    expect([h.order, h.size, h.outEdges('s1', 's1').length]).toEqual([3, 5, 1]);
  });

  it('writes DOT by hand: one node line per state, one edge line per transition', async () => {
    const file = join(scratchDir('graph'), 'mutex.dot');
    const r = await leasecheck(['check', 'examples/mutex.model.ts', '--graph', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wrote ${file}: 9 states, 18 transitions\n`);
    const dot = readFileSync(file, 'utf8');
    expect(dot.startsWith('digraph "mutex" {\n')).toBe(true);
    expect(dot.split('\n').filter((l) => / -> /.test(l))).toHaveLength(18);
    expect(dot.split('\n').filter((l) => /^ {2}"s\d+" \[label=/.test(l))).toHaveLength(9);
    expect(dot).toContain('"s0" [label="s0\\np1=idle\\np2=idle\\nlock=free"');
    expect(dot).toMatch(/"s8" \[[^\n]*color=red[^\n]*xlabel="violates mutual-exclusion"\]/);
  });

  it('refuses above 20,000 states with one LC003 line, and exports the first N states with --max-states N', async () => {
    // mainline-2019 has 28,812 states at the default scope.
    const dir = scratchDir('graph');
    const refused = await leasecheck(['check', '--design', 'mainline-2019', '--graph', join(dir, 'm.gexf')]);
    expect(expectOneErrorLine(refused, 'LC003')).toMatch(/more than 20,000 states.*--max-states N/);
    const file = join(dir, 'm.graphml');
    const partial = await leasecheck(['check', '--design', 'mainline-2019', '--graph', file, '--max-states', '50', '--json']);
    expect(partial.code).toBe(3);
    const out = JSON.parse(partial.stdout);
    const g = parseGraphML(MultiDirectedGraph, readFileSync(file, 'utf8'));
    expect(out.graph).toMatchObject({ nodes: g.order, edges: g.size, complete: false });
    expect(g.order).toBe(out.stats.distinctStates);
    // The frontier the run did not expand is marked, and has no out-edges.
    const frontier = g.filterNodes((_n, a) => a.expanded === false);
    expect(frontier.length).toBe(out.stats.distinctStates - out.stats.expanded);
    for (const n of frontier) expect(g.outDegree(n)).toBe(0);
  });

  it('refuses a file name it cannot tell the format of (LC003)', async () => {
    const r = await leasecheck(['check', 'examples/mutex.model.ts', '--graph', 'tmp/graph.png']);
    expect(expectOneErrorLine(r, 'LC003')).toContain('.graphml, .gexf, .dot or .gv');
  });
});
