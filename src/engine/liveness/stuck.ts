import { MultiDirectedGraph } from 'graphology';
import { describeThrown } from '../../errors.ts';
import { toPlain } from '../../util/canonical.ts';
import { callConstraint, callGuard } from '../specCalls.ts';
import type { ActionInstance, CompiledSystem } from '../compile.ts';
import type { GlobalState, SystemModel } from '../../spec/system.ts';

/** A spec's account of what waits for what at a state (SystemModel.explainStuck). */
export type StuckExplainer = NonNullable<SystemModel['explainStuck']>;

/** The compiled system may carry the model's explainStuck (compile.ts copies it when it knows the field). */
type MaybeExplained = CompiledSystem & { explainStuck?: StuckExplainer };

/** At most this many action instances are named per actor and per list in the generic explanation. */
const MAX_ITEMS = 8;

/**
 * Words for a state where the system is stuck: a deadlock, or the state a liveness lasso stutters in.
 *
 * With the spec's `explainStuck`: its wait-for edges become a graphology graph; the lines list every
 * edge (`X waits for Y: why`) and then either a wait-for cycle (`wait-for cycle: X -> Y -> X`), which
 * is why nobody can move, or where the waits end. Without it (or when it says nothing or throws): for
 * each actor, the joint action instances it takes part in that are disabled here although it accepts
 * its own events, and why (which other participant refuses its event, or the guard is false, or the
 * step would leave the state constraint); how many others need it in another state; and the enabled
 * ones that carry no fairness assumption (so the system may ignore them forever).
 *
 * `explainer` defaults to the one the compiled system carries.
 */
export function explainStuckState(
  cs: CompiledSystem,
  locals: Int32Array,
  explainer: StuckExplainer | undefined = (cs as MaybeExplained).explainStuck,
): string[] {
  const view = cs.view(locals);
  const lines: string[] = [];
  if (explainer) {
    let edges: unknown;
    try {
      edges = explainer(view);
    } catch (e) {
      lines.push(`explainStuck threw (${describeThrown(e)}); the generic explanation follows`);
      return lines.concat(genericLines(cs, locals, view));
    }
    const bad = malformed(edges);
    if (bad) {
      lines.push(`explainStuck returned ${bad}; the generic explanation follows`);
      return lines.concat(genericLines(cs, locals, view));
    }
    const list = edges as { from: string; to: string; why: string }[];
    if (list.length > 0) return waitForLines(list);
    lines.push('explainStuck reports nothing waiting here; the generic explanation follows');
  }
  return lines.concat(genericLines(cs, locals, view));
}

function malformed(edges: unknown): string | null {
  if (!Array.isArray(edges)) return `${edges === null ? 'null' : typeof edges} instead of an array of { from, to, why }`;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as { from?: unknown; to?: unknown; why?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.from !== 'string' || typeof e.to !== 'string' || typeof e.why !== 'string') {
      return `an entry ${i} that is not { from: string, to: string, why: string }`;
    }
  }
  return null;
}

/** The wait-for graph's edges, then its first cycle (in the order the spec listed the edges), or its sinks. */
function waitForLines(edges: { from: string; to: string; why: string }[]): string[] {
  const g = new MultiDirectedGraph<Record<string, never>, { why: string }>();
  for (const e of edges) {
    g.mergeNode(e.from);
    g.mergeNode(e.to);
    g.addEdge(e.from, e.to, { why: e.why });
  }
  const lines = ['what waits for what here:'];
  g.forEachEdge((_edge, attrs, from, to) => lines.push(`  ${from} waits for ${to}: ${attrs.why}`));
  const cycle = findCycle(g);
  if (cycle) {
    lines.push(`wait-for cycle: ${[...cycle, cycle[0]].join(' -> ')}; none of them can ever proceed`);
  } else {
    const ends = g.filterNodes((n) => g.outDegree(n) === 0);
    lines.push(`no wait-for cycle; the waits end at ${ends.join(', ')}, which nothing in the model releases from here`);
  }
  return lines;
}

/** A directed cycle (its nodes in order), by iterative depth-first search; null when the graph is acyclic. */
export function findCycle(g: MultiDirectedGraph): string[] | null {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Map<string, number>();
  const nodes = g.nodes();
  for (const n of nodes) colour.set(n, WHITE);
  for (const root of nodes) {
    if (colour.get(root) !== WHITE) continue;
    const path: string[] = [root];
    const next: string[][] = [g.outNeighbors(root)];
    const pos: number[] = [0];
    colour.set(root, GREY);
    while (path.length > 0) {
      const top = path.length - 1;
      if (pos[top] < next[top].length) {
        const w = next[top][pos[top]++];
        const c = colour.get(w);
        if (c === GREY) return path.slice(path.indexOf(w));
        if (c === WHITE) {
          colour.set(w, GREY);
          path.push(w);
          next.push(g.outNeighbors(w));
          pos.push(0);
        }
      } else {
        colour.set(path[top], BLACK);
        path.pop();
        next.pop();
        pos.pop();
      }
    }
  }
  return null;
}

const byActorCache = new WeakMap<CompiledSystem, ActionInstance[][]>();

/**
 * For each actor: the joint actions it is ready for (it accepts its own events) that are disabled by
 * someone else (which participant refuses, or the guard), the number of those that need it in another
 * state, and the enabled ones that carry no fairness assumption.
 */
function genericLines(cs: CompiledSystem, locals: Int32Array, view: GlobalState): string[] {
  let byActor = byActorCache.get(cs);
  if (!byActor) {
    byActor = cs.actorNames.map(() => []);
    for (const inst of cs.instances) {
      const seen = new Set<number>();
      for (const a of inst.actors) {
        if (seen.has(a)) continue;
        seen.add(a);
        byActor[a].push(inst);
      }
    }
    // Listed by label, so the words do not depend on how the engine numbers instances.
    for (const list of byActor) list.sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : x.id - y.id));
    byActorCache.set(cs, byActor);
  }
  const status = new Map<number, string | null>();
  const why = (inst: ActionInstance): string | null => {
    if (!status.has(inst.id)) status.set(inst.id, disabledBecause(cs, locals, view, inst));
    return status.get(inst.id)!;
  };
  const lines: string[] = [];
  cs.actorNames.forEach((name, a) => {
    const snap = cs.tables[a].snapshots[locals[a]];
    const where = `${name} is in ${stateText(snap.value)}${snap.status !== 'active' ? ` (${snap.status})` : ''}`;
    if (byActor[a].length === 0) {
      lines.push(`${where}; it takes part in no joint action`);
      return;
    }
    const heldBack = new Set<string>();
    const unfair = new Set<string>();
    const fair = new Set<string>();
    let notReady = 0;
    for (const inst of byActor[a]) {
      const reason = why(inst);
      if (reason === null) (inst.action.fairness === undefined ? unfair : fair).add(`"${inst.label}"`);
      else if (acceptsOwnEvents(cs, locals, inst, a)) heldBack.add(`"${inst.label}" (${reason})`);
      else notReady++;
    }
    const parts: string[] = [];
    if (heldBack.size) parts.push(`ready for, but held back: ${capped([...heldBack])}`);
    if (unfair.size) parts.push(`enabled but without a fairness assumption: ${capped([...unfair])}`);
    if (fair.size) parts.push(`enabled: ${capped([...fair])}`);
    if (notReady) parts.push(`${notReady} other joint action${notReady === 1 ? ' needs' : 's need'} ${name} in another state`);
    lines.push(`${where}; ${parts.join('; ')}`);
  });
  return lines;
}

/** Does actor `a` accept its own events of `inst` (in order, when it takes several) at `locals`? */
function acceptsOwnEvents(cs: CompiledSystem, locals: Int32Array, inst: ActionInstance, a: number): boolean {
  let local = locals[a];
  for (let j = 0; j < inst.actors.length; j++) {
    if (inst.actors[j] !== a) continue;
    local = cs.tables[a].next(local, inst.events[j]);
    if (local < 0) return false;
  }
  return true;
}

function capped(items: string[]): string {
  if (items.length <= MAX_ITEMS) return items.join(', ');
  return `${items.slice(0, MAX_ITEMS).join(', ')} and ${items.length - MAX_ITEMS} more`;
}

/** Why an instance cannot fire at `locals`, in explore's order (participants, guard, constraint); null if it can. */
export function disabledBecause(cs: CompiledSystem, locals: Int32Array, view: GlobalState, inst: ActionInstance): string | null {
  const succ = new Int32Array(locals);
  for (let j = 0; j < inst.actors.length; j++) {
    const a = inst.actors[j];
    const nx = cs.tables[a].next(succ[a], inst.events[j]);
    if (nx < 0) return `${cs.actorNames[a]} refuses ${cs.tables[a].events[inst.events[j]].type}`;
    succ[a] = nx;
  }
  if (inst.action.guard && !callGuard(inst.action.guard, view, inst.params, inst.label)) return 'its guard is false';
  if (cs.constraint && !callConstraint(cs.constraint, cs.view(succ))) return 'its step would leave the state constraint';
  return null;
}

function stateText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(toPlain(v));
}
