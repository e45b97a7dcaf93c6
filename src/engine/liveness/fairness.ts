import { LeasecheckError, describeThrown } from '../../errors.ts';
import { IntVec } from '../growable.ts';
import { callFilter } from '../specCalls.ts';
import { SccFinder } from './scc.ts';
import type { CompiledSystem } from '../compile.ts';
import type { LiveGraph } from './graph.ts';

export type FairnessKind = 'weak' | 'strong';

/** The fairness groups of a compiled system: which group each action instance belongs to. */
export interface FairnessGroups {
  /** Group id of each action instance, or -1 when the instance has no fairness assumption. */
  groupOf: Int32Array;
  /** Per group: kind, and a label for explanations (the fairnessGroup key, or the quoted instance label). */
  kind: FairnessKind[];
  label: string[];
  count: number;
}

const groupCache = new WeakMap<CompiledSystem, FairnessGroups>();

/**
 * Fairness groups, from each joint action's `fairness` and `fairnessGroup`. Instances whose
 * fairnessGroup returns the same key form one group (WF/SF of their disjunction), across actions: a
 * spec may say that every kernel step of process A, whatever the action, is one group `kernel(A)`.
 * The key names the group in explanations. Without fairnessGroup, each instance is its own group,
 * named by its label. Actions sharing a key must declare the same fairness (else LC013).
 */
export function fairnessGroupsOf(cs: CompiledSystem): FairnessGroups {
  const hit = groupCache.get(cs);
  if (hit) return hit;
  const groupOf = new Int32Array(cs.instances.length).fill(-1);
  const kind: FairnessKind[] = [];
  const label: string[] = [];
  const byKey = new Map<string, number>();
  const firstAction: string[] = [];
  for (const inst of cs.instances) {
    const f = inst.action.fairness;
    if (f === undefined) continue;
    if (f !== 'weak' && f !== 'strong') {
      throw new LeasecheckError('LC013', `joint action ${inst.action.name}: fairness must be 'weak' or 'strong', not ${JSON.stringify(f)}`);
    }
    let g: number | undefined;
    if (inst.action.fairnessGroup) {
      let k: unknown;
      try {
        k = inst.action.fairnessGroup(inst.params);
      } catch (e) {
        throw new LeasecheckError('LC013', `fairnessGroup() of joint action ${inst.action.name} threw: ${describeThrown(e)}`);
      }
      if (typeof k !== 'string') {
        throw new LeasecheckError('LC013', `fairnessGroup() of joint action ${inst.action.name} must return a string, not ${typeof k}`);
      }
      g = byKey.get(k);
      if (g === undefined) {
        g = kind.length;
        byKey.set(k, g);
        kind.push(f);
        label.push(k);
        firstAction.push(inst.action.name);
      } else if (kind[g] !== f) {
        throw new LeasecheckError(
          'LC013',
          `fairness group ${k} is ${kind[g]} for joint action ${firstAction[g]} but ${f} for ${inst.action.name}; a group has one fairness`,
        );
      }
    } else {
      g = kind.length;
      kind.push(f);
      label.push(`"${inst.label}"`);
      firstAction.push(inst.action.name);
    }
    groupOf[inst.id] = g;
  }
  const fg: FairnessGroups = { groupOf, kind, label, count: kind.length };
  groupCache.set(cs, fg);
  return fg;
}

/**
 * The groups a property assumes: those whose key passes `keep` (the fairnessGroup key, or the instance
 * label for an ungrouped instance), renumbered; instances of the other groups count as unfair.
 */
export function restrictGroups(groups: FairnessGroups, keep: ((key: string) => boolean) | undefined, what = 'the fairness filter'): FairnessGroups {
  if (!keep) return groups;
  const renumber = new Int32Array(groups.count).fill(-1);
  const kind: FairnessKind[] = [];
  const label: string[] = [];
  for (let g = 0; g < groups.count; g++) {
    if (!callFilter(keep, groups.label[g].replace(/^"|"$/g, ''), what, `group ${groups.label[g]}`)) continue;
    renumber[g] = kind.length;
    kind.push(groups.kind[g]);
    label.push(groups.label[g]);
  }
  const groupOf = groups.groupOf.map((g) => (g < 0 ? -1 : renumber[g]));
  return { groupOf, kind, label, count: kind.length };
}

/** Result of the fair-cycle search. */
export interface FairComponents {
  /** fairComp[s] = id of the fair (sub-)SCC holding s, or -1. */
  fairComp: Int32Array;
  /** Number of fair (sub-)SCCs found. */
  count: number;
}

/**
 * The fair strongly connected components of the subgraph of states with `inside[s] === 1`, every state
 * carrying an implicit stutter self-loop (so every state is on a cycle, and a singleton is a component).
 *
 * A component C admits a fair infinite behaviour that stays in C and visits all of it iff, for every
 * group g: WF(g): C has a g-edge with both ends in C, or g is disabled at some state of C (enabled =
 * the state has an out-edge of the group, to anywhere); SF(g): C has a g-edge inside, or g is enabled at
 * no state of C. A WF failure rules out every sub-cycle of C too (g stays enabled everywhere, no g-edge).
 * An SF failure does not: the states where g is enabled are removed and the rest is split again into
 * SCCs (Emerson–Lei / Streett refinement), until each piece is fair or empty. Each refinement level
 * removes every state where some group is enabled, so the depth is at most the number of strong groups.
 */
export function fairComponents(g: LiveGraph, inside: Uint8Array, groups: FairnessGroups): FairComponents {
  const n = g.n;
  const { off, tgt, act } = g;
  const { groupOf, kind } = groups;
  const G = groups.count;
  const fairComp = new Int32Array(n).fill(-1);
  // region[s]: the current region (or finished component) s belongs to; -1 = outside the search.
  const region = new Int32Array(n).fill(-1);
  const roots = new IntVec(1024);
  for (let s = 0; s < n; s++) {
    if (inside[s] === 1) {
      region[s] = 0;
      roots.push(s);
    }
  }
  let regions = 1; // region ids handed out so far (0 = the whole search)
  // Per-group scratch, stamped with the serial of the component being judged.
  const stamp = new Int32Array(G).fill(-1);
  const enabledAt = new Int32Array(G);
  const lastState = new Int32Array(G);
  const internal = new Uint8Array(G);
  const bad = new Int32Array(G).fill(-1);
  const touched = new Int32Array(G);
  let serial = 0;
  let fairCount = 0;
  // Refinement work list: segments of `pending` (states of a sub-region), with their region ids.
  const pending = new IntVec(1024);
  const pendingSeg = new IntVec(64); // triples: region id, start, length

  const judge = (stack: Int32Array, from: number, to: number) => {
    const rid = regions++;
    for (let i = from; i < to; i++) region[stack[i]] = rid;
    const size = to - from;
    const cur = serial++;
    let nTouched = 0;
    for (let i = from; i < to; i++) {
      const u = stack[i];
      for (let e = off[u], end = off[u + 1]; e < end; e++) {
        const gr = groupOf[act[e]];
        if (gr < 0) continue;
        if (stamp[gr] !== cur) {
          stamp[gr] = cur;
          enabledAt[gr] = 0;
          lastState[gr] = -1;
          internal[gr] = 0;
          touched[nTouched++] = gr;
        }
        if (lastState[gr] !== u) {
          lastState[gr] = u;
          enabledAt[gr]++;
        }
        if (region[tgt[e]] === rid) internal[gr] = 1;
      }
    }
    let refine = false;
    for (let i = 0; i < nTouched; i++) {
      const gr = touched[i];
      if (internal[gr] === 1) continue;
      if (kind[gr] === 'weak') {
        if (enabledAt[gr] === size) return; // enabled everywhere in C, never taken inside: no fair cycle here
      } else {
        refine = true;
        bad[gr] = cur;
      }
    }
    if (!refine) {
      const id = fairCount++;
      for (let i = from; i < to; i++) fairComp[stack[i]] = id;
      return;
    }
    // Drop the states where a violated strong group is enabled; what is left is searched again.
    const nextRid = regions++;
    const start = pending.length;
    for (let i = from; i < to; i++) {
      const u = stack[i];
      let drop = false;
      for (let e = off[u], end = off[u + 1]; e < end && !drop; e++) {
        const gr = groupOf[act[e]];
        if (gr >= 0 && bad[gr] === cur) drop = true;
      }
      if (drop) region[u] = -1;
      else {
        region[u] = nextRid;
        pending.push(u);
      }
    }
    if (pending.length > start) {
      pendingSeg.push(nextRid);
      pendingSeg.push(start);
      pendingSeg.push(pending.length - start);
    }
  };

  const finder = new SccFinder(g);
  finder.run(roots.data, roots.length, region, 0, judge);
  while (pendingSeg.length > 0) {
    const len = pendingSeg.data[--pendingSeg.length];
    const start = pendingSeg.data[--pendingSeg.length];
    const rid = pendingSeg.data[--pendingSeg.length];
    const sub = pending.data.slice(start, start + len);
    pending.length = start;
    finder.run(sub, len, region, rid, judge);
  }
  return { fairComp, count: fairCount };
}
