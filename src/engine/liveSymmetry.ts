import { LeasecheckError } from '../errors.ts';
import type { CompiledSystem } from './compile.ts';
import { fairnessGroupsOf, restrictGroups } from './liveness/fairness.ts';
import { viaFilter } from './liveness/checkLiveness.ts';
import { Symmetry } from './symmetry.ts';
import { stabilizerOf, type Group } from './symmetryGroups.ts';
import type { Property } from '../spec/property.ts';

/**
 * Symmetry for a run that checks liveness or possibility properties. Such a property may name members
 * (no-unkillable-close is about process A): the reduction is then sound under the permutations that fix
 * what it names, the stabilizer, and the property says what that is (`fixes`). Every property invariant
 * under a group H gives, on the quotient by H, the verdicts of the plain graph: predicates, the
 * enabledness of a fairness group and whether a step belongs to it are the same on all states of an
 * orbit, so fair lassos map to fair lassos both ways (Emerson & Sistla's quotient, for fairness groups
 * that H maps onto themselves). Safety properties are assumed symmetric under every group, as always.
 *
 * Returns undefined, with a note, when some liveness property does not say (`fixes` missing) or nothing
 * is left to exchange. Checks, with LC028, that each swap of the subgroup maps every property's fairness
 * groups and path filter onto themselves; the predicates are spot-checked during the search (explore.ts).
 */
export function liveSymmetry(cs: CompiledSystem, groups: Group[], live: Property[], note: (n: string) => void): Symmetry | undefined {
  const blind = live.filter((p) => !('fixes' in p) || p.fixes === undefined).map((p) => p.name);
  if (blind.length > 0) {
    const many = blind.length > 1;
    note(
      `symmetry turned off: ${blind.join(', ')} ${many ? 'are liveness properties that do' : 'is a liveness property that does'} not say which members ${many ? 'they tell' : 'it tells'} apart (fixes: see docs/reductions.md), and symmetry could change ${many ? 'their verdicts' : 'its verdict'} (add --safety-only to check safety under symmetry)`,
    );
    return undefined;
  }
  const index = new Map(cs.actorNames.map((n, i) => [n, i]));
  const fixed = new Set<number>();
  for (const p of live) {
    const fixes = (p as { fixes?: unknown }).fixes;
    if (!Array.isArray(fixes)) throw new LeasecheckError('LC013', `property ${p.name}: fixes must be a list of actor names`);
    for (const a of fixes) {
      const i = typeof a === 'string' ? index.get(a) : undefined;
      if (i === undefined) throw new LeasecheckError('LC013', `property ${p.name}: fixes names ${JSON.stringify(a)}, which is not an actor of system ${cs.name}`);
      fixed.add(i);
    }
  }
  const sub = stabilizerOf(groups, fixed);
  const fixedNames = [...fixed].sort((a, b) => a - b).map((a) => cs.actorNames[a]).join(', ');
  if (sub.length === 0) {
    note(`symmetry turned off: the liveness properties tell apart ${fixedNames}, and no group has two other members to exchange`);
    return undefined;
  }
  const sym = new Symmetry(cs, sub);
  const exchanged = checkFiltersSymmetric(cs, sym, live);
  if (exchanged) {
    note(`symmetry turned off: ${exchanged}; the reduction needs fairness groups that every swap maps onto themselves: one fairnessGroup key for all of them (a weaker assumption: fairness of the group, not of each), or the members in the property's fixes (docs/reductions.md)`);
    return undefined;
  }
  const left = sub.map((g) => `${g.name} ${g.members.map((m) => cs.actorNames[m[0]]).join(', ')}`).join('; ');
  const naming = live.filter((p) => (p as { fixes?: unknown[] }).fixes!.length > 0).map((p) => p.name);
  const who = fixed.size > 0 ? `${naming.join(', ')} tell${naming.length > 1 ? '' : 's'} apart ${fixedNames}, so only the other members are exchanged (${left})` : `exchanging ${left}`;
  note(`symmetry with liveness: ${who}; the liveness predicates are spot-checked against their swapped images (the first 2,000 states, then one in 64) and every counterexample on concrete states, so a wrong fixes is usually, not always, caught (LC028)`);
  return sym;
}

/**
 * Whether every swap maps each property's fairness groups (and a possibility's path filter) onto
 * themselves. LC028 when a swap maps an instance the property treats one way to one it treats another
 * way (fair to unfair, allowed to not allowed): the property tells members apart. When a swap only
 * exchanges two fair groups (each process's own group, all assumed fair), the quotient cannot carry
 * the fairness (it would need Emerson and Sistla's annotations): returns why, and symmetry is turned off.
 */
function checkFiltersSymmetric(cs: CompiledSystem, sym: Symmetry, live: Property[]): string | null {
  const label = (t: number) => `"${cs.instances[t].label}"`;
  for (const p of live) {
    let classOf: (t: number) => number;
    let what: (c: number) => string;
    let groupLabel: ((c: number) => string) | null = null;
    if (p.kind === 'possibly') {
      const ok = viaFilter(cs, p);
      if (!ok) continue;
      classOf = (t) => (ok(t) ? 1 : 0);
      what = (c) => (c === 1 ? 'allowed on its paths' : 'not allowed on its paths');
    } else if (p.kind === 'leadsTo' || p.kind === 'eventually') {
      const groups = restrictGroups(fairnessGroupsOf(cs), p.fairness, `the fairness filter of ${p.name}`);
      classOf = (t) => groups.groupOf[t];
      groupLabel = (c) => groups.label[c];
      what = (c) => (c < 0 ? 'not assumed fair' : `in fairness group ${groups.label[c]}`);
    } else continue;
    for (const sw of sym.swaps()) {
      for (let t = 0; t < cs.instances.length; t++) {
        const images = sw.images[t];
        const c = classOf(t);
        // Several candidates when parameters do not say which is the image: all must agree.
        const odd = images.find((u) => classOf(u) !== c);
        if (odd === undefined) continue;
        if (groupLabel && c >= 0 && classOf(odd) >= 0) {
          return `swapping ${sw.who} exchanges the fairness groups ${groupLabel(c)} and ${groupLabel(classOf(odd))} that ${p.name} assumes`;
        }
        throw new LeasecheckError(
          'LC028',
          `symmetry: property ${p.name} tells ${sw.who} apart: ${label(t)} is ${what(c)} but its image ${label(odd)} is ${what(classOf(odd))} (list the actors it names in its fixes)`,
        );
      }
    }
  }
  return null;
}
