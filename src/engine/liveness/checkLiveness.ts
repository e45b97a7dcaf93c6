/**
 * Liveness and possibility checking on the explored state graph.
 *
 * Semantics (TLA+-style). A behaviour is an infinite sequence of states from the initial state, each
 * step either an edge of the explored graph or a stutter: the system may stutter at any state (an
 * implicit self-loop that belongs to no action), so a finite run that stops is the behaviour that
 * stutters forever at its last state. Only fairness forbids stopping.
 *
 * Fairness is declared per joint action (`fairness: 'weak' | 'strong'`) and applies per group: each
 * instance is its own group, or `fairnessGroup(params)` merges the instances returning the same key,
 * across actions (fairness of their disjunction; the key names the group in explanations). A group is enabled at a state iff the state has an
 * explored out-edge of one of its instances (a step the state constraint discards does not count).
 *  - WF(g): if g is enabled continuously from some point on, g is taken infinitely often.
 *  - SF(g): if g is enabled infinitely often, g is taken infinitely often.
 * A fair behaviour satisfies every declared WF and SF.
 *
 * Properties:
 *  - `leadsTo(P, Q)`, P ~> Q: every fair behaviour that reaches a P-state reaches a Q-state then or later.
 *    It is violated iff some reachable state s with P(s) and not Q(s) can reach, through not-Q states
 *    only, a fair cycle (possibly the stutter loop) made of not-Q states.
 *  - `eventually(Q)`: P ~> Q with P = the initial state.
 *  - `possibly(Q)`, AG EF Q: from every reachable state some path reaches a Q-state (no fairness).
 *
 * Algorithm for P ~> Q: strongly connected components (iterative Tarjan on typed arrays) of the graph
 * restricted to the not-Q states reachable from a P-and-not-Q state through not-Q states (the others
 * cannot matter), every state being on a cycle through its stutter loop. A component C is
 * fair for WF(g) iff C has a g-edge with both ends in C or g is disabled at some state of C; for SF(g)
 * iff C has a g-edge inside or g is enabled nowhere in C. When only strong groups fail, the states where
 * they are enabled are removed and the rest is split again (Emerson–Lei refinement). A backward search
 * (reverse CSR) from the fair components, through not-Q states, finds every state from which a violation
 * continues; the lowest-index (shallowest) P-state among them starts the counterexample.
 *
 * Counterexample: a lasso (Trace.loop) made of the shortest path to that P-state, a shortest path through
 * not-Q states to a fair component, and a cycle in it taking one edge of every group that has one inside
 * and visiting a state where each other enabled weak group is disabled; or, when every fair group is
 * disabled at the component's entry, the stutter there (loop = last index). The explanation says, per
 * group, how the cycle respects it, and for a stuttering end what the stuck state waits for.
 *
 * Incomplete searches: states the search did not expand have unknown successors, so they never take part
 * in a cycle (for leads-to) and count as "may still reach the goal" (for possibly). A counterexample found
 * among expanded states is real; otherwise the verdict is `incomplete`.
 */
import { LeasecheckError } from '../../errors.ts';
import { callFilter, callPredicate } from '../specCalls.ts';
import { pathTo, traceOf, type Trace } from '../trace.ts';
import { liveGraphOf, type LiveGraph } from './graph.ts';
import { fairComponents, fairnessGroupsOf, restrictGroups, type FairnessGroups } from './fairness.ts';
import { backwardClosure, buildLasso, forwardClosure, judgeCycle, type Lasso } from './lasso.ts';
import { concreteLasso, concreteTrace, successorOf } from '../concreteTrace.ts';
import type { Symmetry } from '../symmetry.ts';
import { explainStuckState } from './stuck.ts';
import type { CompiledSystem } from '../compile.ts';
import type { Exploration } from '../explore.ts';
import type { PropertyResult } from '../check.ts';
import type { EventuallyProperty, LeadsToProperty, PossiblyProperty, Predicate, Property } from '../../spec/property.ts';

export { explainStuckState } from './stuck.ts';

/** The state predicates the search must evaluate for the liveness properties (one byte a state each). */
export interface LivenessMarks {
  predicates: Predicate[];
  /** What each predicate is, for error messages: `the goal of p` (its first property's). */
  names: string[];
  /** Property name -> index in `predicates` of its premise (-1: the initial state only) and of its goal. */
  slots: Map<string, { premise: number; goal: number }>;
  /** The graph view (with its reverse CSR) shared by the properties of one check; dropped with the marks. */
  graph?: { ex: Exploration; g: LiveGraph };
}

/** The marks the search must record for these properties; the same predicate function is recorded once. */
export function livenessMarks(props: Property[]): LivenessMarks {
  const predicates: Predicate[] = [];
  const names: string[] = [];
  const slots = new Map<string, { premise: number; goal: number }>();
  const slotOf = (p: Predicate, what: string): number => {
    if (typeof p !== 'function') throw new LeasecheckError('LC013', `${what} is not a function`);
    let i = predicates.indexOf(p);
    if (i < 0) {
      i = predicates.length;
      predicates.push(p);
      names.push(what);
    }
    return i;
  };
  for (const p of props) {
    if (p.kind === 'leadsTo') {
      slots.set(p.name, { premise: slotOf(p.premise, `the premise of ${p.name}`), goal: slotOf(p.goal, `the goal of ${p.name}`) });
    } else if (p.kind === 'eventually' || p.kind === 'possibly') {
      slots.set(p.name, { premise: -1, goal: slotOf(p.goal, `the goal of ${p.name}`) });
    }
  }
  return { predicates, names, slots };
}

/** Verdict, counterexample and explanation of one leadsTo / eventually / possibly property. */
export function checkLiveness(cs: CompiledSystem, ex: Exploration, p: Property, m: LivenessMarks, sym?: Symmetry): PropertyResult {
  if (p.kind !== 'leadsTo' && p.kind !== 'eventually' && p.kind !== 'possibly') {
    throw new Error(`bug: checkLiveness called on ${p.kind} property ${p.name}`);
  }
  const slot = m.slots.get(p.name);
  if (!slot || !ex.marks) throw new Error(`bug: no liveness marks were recorded for ${p.name}`);
  const base = { id: p.name, kind: p.kind, ...(p.description !== undefined ? { description: p.description } : {}) };
  if (m.graph?.ex !== ex) m.graph = { ex, g: liveGraphOf(ex) };
  const g = m.graph.g;
  const goal = ex.marks[slot.goal];
  const complete = ex.stopped === null;
  const incomplete = (): PropertyResult => ({
    ...base,
    verdict: 'incomplete',
    explanation: [`the search stopped early (${ex.stopped}): no counterexample among the ${g.expanded} expanded states, but the others were not explored`],
  });

  if (p.kind === 'possibly') {
    // States that reach the goal, or may (an unexpanded state's future is unknown).
    const reaches = backwardClosure(g, (s) => goal[s] === 1 || s >= g.expanded, () => true, viaFilter(cs, p));
    let bad = -1;
    for (let s = 0; s < g.n; s++) {
      if (reaches[s] === 0) {
        bad = s;
        break;
      }
    }
    if (bad < 0) return complete ? { ...base, verdict: 'holds' } : incomplete();
    const trace = sym ? concreteTrace(cs, sym, pathTo(ex, bad)) : traceOf(cs, pathTo(ex, bad));
    // Under symmetry the goal was judged on the canonical state: it must not hold at the concrete one.
    if (sym && callPredicate(p.goal, cs.view(trace.steps[trace.steps.length - 1].locals), `the goal of ${p.name}`)) {
      throw new LeasecheckError('LC028', `symmetry: the state found violating ${p.name} on canonical states satisfies its goal on concrete ones: the property tells apart members its fixes does not name`);
    }
    return {
      ...base,
      verdict: 'violated',
      trace,
      explanation: [`from this state no path${p.via ? ' made of the allowed actions' : ''} reaches ${p.name}'s goal`],
    };
  }

  // leadsTo / eventually: the not-Q states whose successors are all known.
  const n = g.n;
  const inside = new Uint8Array(n);
  for (let s = 0; s < g.expanded; s++) inside[s] = goal[s] === 1 ? 0 : 1;
  const premise = slot.premise >= 0 ? ex.marks[slot.premise] : null;
  const isStart = (s: number) => inside[s] === 1 && (premise ? premise[s] === 1 : s === 0);
  // Only the not-Q states reachable from a start through not-Q states matter.
  const relevant = forwardClosure(g, isStart, (s) => inside[s] === 1);
  let anyStart = false;
  for (let s = 0; s < n && !anyStart; s++) anyStart = relevant[s] === 1;
  if (!anyStart) return complete ? { ...base, verdict: 'holds' } : incomplete();

  const groups = restrictGroups(fairnessGroupsOf(cs), p.fairness, `the fairness filter of ${p.name}`);
  const { fairComp, count } = fairComponents(g, relevant, groups);
  let s0 = -1;
  if (count > 0) {
    const doomed = backwardClosure(g, (s) => fairComp[s] >= 0, (s) => relevant[s] === 1);
    for (let s = 0; s < n; s++) {
      if (doomed[s] === 1 && isStart(s)) {
        s0 = s;
        break;
      }
    }
  }
  if (s0 < 0) return complete ? { ...base, verdict: 'holds' } : incomplete();

  const found = buildLasso(g, ex, groups, inside, fairComp, s0);
  const { lasso, trace } = sym ? liftLasso(cs, sym, groups, found) : { lasso: found, trace: { ...traceOf(cs, found.instances), loop: found.loop } };
  const last = trace.steps.length - 1;
  const a = trace.steps[last].locals;
  const b = trace.steps[trace.loop!].locals;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error('bug: the lasso does not come back to its loop state');
  if (sym) confirmOnConcrete(cs, p, trace, lasso.start);
  return { ...base, verdict: 'violated', trace, explanation: explainLasso(cs, g, groups, lasso, trace, p.kind, !!sym) };
}

/**
 * Under symmetry the predicates were judged on canonical states: on the concrete lasso the premise must
 * hold at its start and the goal nowhere from there on. Otherwise the property tells apart members its
 * `fixes` does not name (the spot check of explore.ts missed it): LC028, not a wrong counterexample.
 */
function confirmOnConcrete(cs: CompiledSystem, p: LeadsToProperty | EventuallyProperty, trace: Trace, start: number): void {
  const at = (i: number) => cs.view(trace.steps[i].locals);
  const goalAt = trace.steps.findIndex((_, i) => i >= start && callPredicate(p.goal, at(i), `the goal of ${p.name}`));
  const wrong =
    p.kind === 'leadsTo' && !callPredicate(p.premise, at(start), `the premise of ${p.name}`) ? `its premise does not hold at step ${start}`
    : goalAt >= 0 ? `its goal holds at step ${goalAt}`
    : null;
  if (wrong) {
    throw new LeasecheckError('LC028', `symmetry: the counterexample to ${p.name} found on canonical states is not one on concrete states (${wrong}): the property tells apart members its fixes does not name`);
  }
}

/**
 * Under symmetry the lasso runs through canonical states: its concrete behaviour may have to go round
 * the cycle several times before it comes back to the same concrete state (concreteLasso). Returns that
 * trace and the lasso in graph terms with the cycle repeated as often, so that step numbers agree.
 */
function liftLasso(cs: CompiledSystem, sym: Symmetry, groups: FairnessGroups, l: Lasso): { lasso: Lasso; trace: Trace } {
  const { groupOf } = groups;
  const lifted = concreteLasso(cs, sym, l.instances, l.loop, (q, t) => groupOf[q] === groupOf[t]);
  if (l.stutter) return { lasso: l, trace: lifted.trace };
  const cycleStates = l.states.slice(l.loop + 1);
  const cycleInstances = l.instances.slice(l.loop);
  const states = l.states.slice(0, l.loop + 1);
  const instances = l.instances.slice(0, l.loop);
  for (let i = 0; i < lifted.passesBefore + lifted.passes; i++) {
    states.push(...cycleStates);
    instances.push(...cycleInstances);
  }
  return { lasso: { ...l, states, instances, loop: l.loop + lifted.passesBefore * cycleInstances.length }, trace: lifted.trace };
}

/** For possibly(..., { via }): which action instances a path may use (evaluated once per instance). */
export function viaFilter(cs: CompiledSystem, p: PossiblyProperty): ((t: number) => boolean) | undefined {
  const via = p.via;
  if (!via) return undefined;
  const ok = cs.instances.map((inst) => callFilter(via, { name: inst.action.name, params: inst.params }, `the path filter of ${p.name}`, inst.label));
  return (t) => ok[t];
}

function explainLasso(
  cs: CompiledSystem,
  g: LiveGraph,
  groups: ReturnType<typeof fairnessGroupsOf>,
  lasso: Lasso,
  trace: Trace,
  kind: 'leadsTo' | 'eventually',
  concrete: boolean,
): string[] {
  const lines: string[] = [];
  lines.push(
    kind === 'leadsTo'
      ? `the premise holds at step ${lasso.start} and the goal never holds from then on, in a behaviour that respects every fairness assumption:`
      : 'the goal never holds in this behaviour, which respects every fairness assumption:',
  );
  // One line per group, ordered by label (not by instance id, which is the engine's business).
  const verdicts = judgeCycle(g, groups, lasso);
  const key = (gr: number) => groups.label[gr].replace(/^"|"$/g, '');
  const order = verdicts.map((_, gr) => gr).sort((x, y) => byText(key(x), key(y)) || x - y);
  for (const gr of order) {
    const v = verdicts[gr];
    const what = `${groups.kind[gr]} fairness of ${groups.label[gr]}`;
    if (v.how === 'taken') lines.push(`${what}: taken on the cycle (step ${v.step})`);
    else if (v.how === 'never-enabled') lines.push(`${what}: never enabled on this cycle`);
    else lines.push(`${what}: disabled at step ${v.step}`);
  }
  const ignored = unfairEnabled(cs, g, groups, lasso, concrete ? trace : undefined);
  if (ignored.length > 0) lines.push(`enabled on the cycle but without a fairness assumption, so this behaviour may ignore them: ${ignored.join(', ')}`);
  if (lasso.stutter) {
    lines.push(
      groups.count === 0
        ? `from step ${lasso.loop} on, the system may stop here forever: no action has a fairness assumption`
        : `from step ${lasso.loop} nothing with a fairness assumption is enabled, so the system may stop here forever`,
    );
    lines.push(...explainStuckState(cs, trace.steps[lasso.loop].locals));
  } else {
    lines.push(`steps ${lasso.loop + 1}-${trace.steps.length - 1} repeat forever and come back to the state of step ${lasso.loop}`);
  }
  return lines;
}

/**
 * Action instances with no fairness, not taken on the cycle, enabled at one of its states (with the first
 * such step). From the graph; with `concrete` (under symmetry, where the graph's states are canonical
 * forms and its instances act on those) from the concrete trace's own states and steps.
 */
function unfairEnabled(
  cs: CompiledSystem,
  g: LiveGraph,
  groups: ReturnType<typeof fairnessGroupsOf>,
  lasso: Lasso,
  concrete?: Trace,
): string[] {
  const first = new Map<number, number>();
  const taken = new Set(concrete ? concrete.steps.slice(lasso.loop + 1).map((s) => s.action!.instance) : lasso.instances.slice(lasso.loop));
  const end = lasso.stutter ? lasso.loop : lasso.states.length - 2;
  const note = (t: number, i: number) => {
    if (groups.groupOf[t] < 0 && !taken.has(t) && !first.has(t)) first.set(t, i);
  };
  for (let i = lasso.loop; i <= end; i++) {
    if (concrete) {
      const at = concrete.steps[i].locals;
      for (let t = 0; t < cs.instances.length; t++) if (successorOf(cs, at, t)) note(t, i);
    } else {
      const u = lasso.states[i];
      for (let e = g.off[u]; e < g.off[u + 1]; e++) note(g.act[e], i);
    }
  }
  const items = [...first]
    .sort((a, b) => a[1] - b[1] || byText(cs.instances[a[0]].label, cs.instances[b[0]].label) || a[0] - b[0])
    .map(([t, i]) => `"${cs.instances[t].label}" (step ${i})`);
  return items.length <= 8 ? items : [...items.slice(0, 8), `and ${items.length - 8} more`];
}

/** Locale-independent string order, for explanation lines that must not depend on the machine. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
