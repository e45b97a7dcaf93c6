/**
 * The explored state graph of a small scope as a file a person can open: GEXF (Gephi) through
 * graphology-gexf's writer, GraphML (yEd, Cytoscape, networkx) and DOT (Graphviz) written here
 * (graphology-graphml ships a parser only). One node per distinct state, one edge per generated
 * transition that passed the state constraint (parallel edges and self-loops kept), so the counts are
 * the checker's own: nodes = distinct states, edges = generated transitions (TLC's "generated" minus
 * the initial state, which it counts too).
 */
import { MultiDirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import { toPlain } from '../util/canonical.ts';
import { callPredicate } from '../engine/specCalls.ts';
import { oneLineText, wellFormedText } from '../util/controls.ts';
import { forEachState } from './coverage.ts';
import { escapeXml } from './junit.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import type { Exploration } from '../engine/explore.ts';
import type { AlwaysProperty } from '../spec/property.ts';

export { GRAPH_STATE_LIMIT, graphFormatOf, type GraphFormat } from './graphFormat.ts';
import type { GraphFormat } from './graphFormat.ts';

export interface NodeAttributes {
  /** Each actor's state value, `p1=idle p2=critical lock=held`. */
  label: string;
  /** Each actor's state value and context, as JSON. */
  state: string;
  depth: number;
  initial: boolean;
  /** Whether the search expanded the state (false only for the frontier of an incomplete run). */
  expanded: boolean;
  /** Invariants (always properties) false in this state, comma-separated; '' when none. */
  violates: string;
}

export interface EdgeAttributes {
  /** The action instance's label, `p1: enter`. */
  label: string;
  /** The joint action's name. */
  action: string;
}

/** The explored graph as a graphology multigraph: node s<i> per state (BFS index), edge e<j> per transition. */
export function stateGraphOf(cs: CompiledSystem, ex: Exploration): MultiDirectedGraph<NodeAttributes, EdgeAttributes> {
  const g = ex.graph;
  if (!g) throw new Error('bug: the state graph needs an exploration with recordGraph');
  const graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  graph.setAttribute('name', cs.name);
  const invariants = cs.properties.filter((p): p is AlwaysProperty => p.kind === 'always');
  const expanded = g.offsets.length - 1;
  let depth = 0;
  forEachState(cs, ex, (s, vec) => {
    while (depth + 1 < ex.levelStart.length && ex.levelStart[depth + 1] <= s) depth++;
    const view = cs.view(vec, 0);
    const violates = invariants.filter((p) => !holds(p, view)).map((p) => p.name);
    const parts: string[] = [];
    const full: Record<string, unknown> = {};
    cs.actorNames.forEach((name, a) => {
      const snap = cs.tables[a].snapshots[vec[a]];
      const value = toPlain(snap.value);
      parts.push(`${name}=${typeof value === 'string' ? value : JSON.stringify(value)}${snap.status !== 'active' ? `(${snap.status})` : ''}`);
      full[name] = { value, context: toPlain(snap.context), ...(snap.status !== 'active' ? { status: snap.status } : {}) };
    });
    graph.addNode(`s${s}`, {
      label: parts.join(' '),
      state: JSON.stringify(full),
      depth,
      initial: s === 0,
      expanded: s < expanded,
      violates: violates.join(','),
    });
  });
  for (let s = 0; s < expanded; s++) {
    for (let e = g.offsets.data[s]; e < g.offsets.data[s + 1]; e++) {
      const inst = cs.instances[g.actions.data[e]];
      graph.addDirectedEdgeWithKey(`e${e}`, `s${s}`, `s${g.targets.data[e]}`, { label: inst.label, action: inst.action.name });
    }
  }
  return graph;
}

function holds(p: AlwaysProperty, view: Parameters<AlwaysProperty['predicate']>[0]): boolean {
  return callPredicate(p.predicate, view, `property ${p.name}`);
}

/** The graph in the asked format. */
export function formatStateGraph(graph: MultiDirectedGraph<NodeAttributes, EdgeAttributes>, format: GraphFormat): string {
  if (format === 'gexf') return writeGexf(xmlSafeGraph(graph), { version: '1.3' });
  if (format === 'graphml') return toGraphML(graph);
  return toDot(graph);
}

const NODE_KEYS: [keyof NodeAttributes, 'string' | 'int' | 'boolean'][] = [
  ['label', 'string'],
  ['state', 'string'],
  ['depth', 'int'],
  ['initial', 'boolean'],
  ['expanded', 'boolean'],
  ['violates', 'string'],
];
const EDGE_KEYS: [keyof EdgeAttributes, 'string'][] = [
  ['label', 'string'],
  ['action', 'string'],
];

/**
 * A copy of the graph whose strings XML can hold: graphology-gexf escapes markup but writes control
 * characters and lone surrogates as they are, which makes the file unreadable (a NUL in a label is not
 * XML). They become visible escapes (`\x00`) and U+FFFD.
 */
function xmlSafeGraph(graph: MultiDirectedGraph<NodeAttributes, EdgeAttributes>): MultiDirectedGraph<NodeAttributes, EdgeAttributes> {
  const safe = (s: string) => wellFormedText(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => oneLineText(c)));
  const copy = graph.copy();
  copy.setAttribute('name', safe(String(graph.getAttribute('name') ?? 'G')));
  copy.updateEachNodeAttributes((_n, a) => ({ ...a, label: safe(a.label), state: safe(a.state), violates: safe(a.violates) }));
  copy.updateEachEdgeAttributes((_e, a) => ({ ...a, label: safe(a.label), action: safe(a.action) }));
  return copy;
}

/** GraphML 1.0, keys declared for every attribute (node keys n_*, edge keys e_*), parallel edges kept. */
export function toGraphML(graph: MultiDirectedGraph<NodeAttributes, EdgeAttributes>): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [k, t] of NODE_KEYS) out.push(`  <key id="n_${k}" for="node" attr.name="${k}" attr.type="${t}"/>`);
  for (const [k, t] of EDGE_KEYS) out.push(`  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${t}"/>`);
  out.push(`  <graph id="${escapeXml(String(graph.getAttribute('name') ?? 'G'))}" edgedefault="directed" parse.nodes="${graph.order}" parse.edges="${graph.size}">`);
  graph.forEachNode((node, attrs) => {
    out.push(`    <node id="${escapeXml(node)}">`);
    for (const [k] of NODE_KEYS) out.push(`      <data key="n_${k}">${escapeXml(String(attrs[k]), false)}</data>`);
    out.push('    </node>');
  });
  graph.forEachEdge((edge, attrs, source, target) => {
    out.push(`    <edge id="${escapeXml(edge)}" source="${escapeXml(source)}" target="${escapeXml(target)}">`);
    for (const [k] of EDGE_KEYS) out.push(`      <data key="e_${k}">${escapeXml(String(attrs[k]), false)}</data>`);
    out.push('    </edge>');
  });
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}

/** Graphviz DOT: the initial state double-bordered, states violating an invariant in red, the frontier dashed. */
export function toDot(graph: MultiDirectedGraph<NodeAttributes, EdgeAttributes>): string {
  // A DOT string: line breaks as \n, backslashes and quotes escaped, any other control character (a NUL
  // ends Graphviz's C strings) as visible text.
  const q = (s: string) => `"${s.split(/\r\n?|\n/).map((part) => oneLineText(part).replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
  const out: string[] = [`digraph ${q(String(graph.getAttribute('name') ?? 'G'))} {`, '  node [shape=box, fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=9];'];
  graph.forEachNode((node, a) => {
    const style: string[] = [`label=${q(`${node}\n${a.label.split(' ').join('\n')}`)}`, `tooltip=${q(a.state)}`];
    if (a.initial) style.push('peripheries=2');
    if (a.violates) style.push('color=red', 'fontcolor=red', `xlabel=${q(`violates ${a.violates}`)}`);
    if (!a.expanded) style.push('style=dashed');
    out.push(`  ${q(node)} [${style.join(', ')}];`);
  });
  graph.forEachEdge((_edge, a, source, target) => out.push(`  ${q(source)} -> ${q(target)} [label=${q(a.label)}];`));
  out.push('}');
  return out.join('\n') + '\n';
}
