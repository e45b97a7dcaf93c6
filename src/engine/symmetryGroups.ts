import { LeasecheckError } from '../errors.ts';
import { canonicalKey } from '../util/canonical.ts';
import type { ActorTable } from './actorTable.ts';
import type { SymmetryDecl, SymmetryGroup } from '../spec/system.ts';

/** One declared symmetry group, resolved against the actors (see SymmetryGroup). */
export interface Group {
  name: string;
  /** members[i][r]: the actor index of member i's role r. */
  members: number[][];
  /** names[i][q]: the strings that name member i (its actor names by default). */
  names: string[][];
  /** Property -> per member, the numbers that name it. */
  numbers: Map<string, number[][]>;
  /** Array property -> the `numbers` property its positions are. */
  positions: Map<string, string>;
}

/** How one permutation of a group renames plain data: strings, numbers by property, array positions by property. */
export interface Renaming {
  strings: Map<string, string>;
  numbers: Map<string, Map<number, number>>;
  positions: Map<string, Map<number, number>>;
}

/**
 * The declared groups, checked for form (LC013: unknown actors, ragged members, an actor twice in one
 * group, names or numbers not given for every member) and for one machine per role (LC028).
 * `processes` is the group named "processes".
 */
export function resolveGroups(decl: SymmetryDecl, actorNames: readonly string[], tables: readonly ActorTable[]): Group[] {
  const declared: SymmetryGroup[] = [];
  if (decl.processes !== undefined) declared.push({ name: 'processes', members: decl.processes, ...(decl.names ? { names: decl.names } : {}) });
  else if (decl.names !== undefined) throw new LeasecheckError('LC013', 'symmetry.names goes with symmetry.processes (a group gives its own names)');
  if (decl.groups !== undefined) {
    if (!Array.isArray(decl.groups)) throw new LeasecheckError('LC013', 'symmetry.groups must be a list of groups');
    declared.push(...decl.groups);
  }
  if (declared.length === 0) throw new LeasecheckError('LC013', 'symmetry declares no group (give processes or groups)');
  const index = new Map(actorNames.map((n, i) => [n, i]));
  const groupNames = new Set<string>();
  const numberKeys = new Map<string, string>();
  return declared.map((g) => {
    const name = typeof g?.name === 'string' && g.name !== '' ? g.name : '(unnamed)';
    if (groupNames.has(name)) throw new LeasecheckError('LC013', `symmetry declares two groups named ${name}`);
    groupNames.add(name);
    const what = `symmetry group ${name}`;
    if (!Array.isArray(g.members) || g.members.length === 0) throw new LeasecheckError('LC013', `${what} must list its interchangeable members`);
    const width = Array.isArray(g.members[0]) ? g.members[0].length : -1;
    if (width === 0) throw new LeasecheckError('LC013', `${what}: a member must list at least one actor`);
    const seen = new Set<string>();
    const members = g.members.map((m) => {
      if (!Array.isArray(m) || m.length !== width) throw new LeasecheckError('LC013', `${what}: every member must list ${width} actors, in the same roles`);
      return m.map((a, r) => {
        const i = index.get(a);
        if (i === undefined) throw new LeasecheckError('LC013', `${what} names unknown actor ${String(a)}`);
        if (seen.has(a)) throw new LeasecheckError('LC013', `${what} lists actor ${a} twice`);
        seen.add(a);
        const first = g.members[0][r];
        if (tables[i].machine !== tables[index.get(first)!].machine) {
          throw new LeasecheckError('LC028', `${what}: actors ${first} and ${a} play one role but run different machines`);
        }
        return i;
      });
    });
    const names = g.names ? g.names.map((ns) => [...ns]) : g.members.map((m) => [...m]);
    if (names.length !== members.length || names.some((ns) => !Array.isArray(ns) || ns.length !== names[0].length || ns.some((x) => typeof x !== 'string'))) {
      throw new LeasecheckError('LC013', `${what}: names must list, for every member, the same number of strings`);
    }
    const numbers = new Map<string, number[][]>();
    for (const [key, perMember] of Object.entries(g.numbers ?? {})) {
      if (!Array.isArray(perMember) || perMember.length !== members.length || perMember.some((ns) => !Array.isArray(ns) || ns.length !== perMember[0].length || ns.some((x) => typeof x !== 'number'))) {
        throw new LeasecheckError('LC013', `${what}: numbers.${key} must list, for every member, the same count of numbers`);
      }
      const other = numberKeys.get(key);
      if (other !== undefined) throw new LeasecheckError('LC013', `${what}: numbers under ${key} already name the members of group ${other}`);
      numberKeys.set(key, name);
      numbers.set(key, perMember.map((ns) => [...ns]));
    }
    const positions = new Map<string, string>();
    for (const [key, kind] of Object.entries(g.positions ?? {})) {
      if (!numbers.has(kind)) throw new LeasecheckError('LC013', `${what}: positions.${key} names ${String(kind)}, which is not one of its numbers`);
      positions.set(key, kind);
    }
    return { name, members, names, numbers, positions };
  });
}

/**
 * The subgroup that fixes the given actors (a liveness property's `fixes`): each group without the
 * members holding one of them, the rest permuted as before (their names and numbers only; a fixed
 * member's names are then plain strings). Groups left with fewer than two members are dropped.
 */
export function stabilizerOf(groups: readonly Group[], fixed: ReadonlySet<number>): Group[] {
  const out: Group[] = [];
  for (const g of groups) {
    const keep = g.members.map((m, i) => (m.some((a) => fixed.has(a)) ? -1 : i)).filter((i) => i >= 0);
    if (keep.length < 2) continue;
    if (keep.length === g.members.length) {
      out.push(g);
      continue;
    }
    const numbers = new Map<string, number[][]>();
    for (const [key, perMember] of g.numbers) numbers.set(key, keep.map((i) => perMember[i]));
    out.push({ name: g.name, members: keep.map((i) => g.members[i]), names: keep.map((i) => g.names[i]), numbers, positions: g.positions });
  }
  return out;
}

/** The renaming of plain data when member i of `g` becomes member sigma[i]. */
export function renamingOf(g: Group, sigma: readonly number[]): Renaming {
  const strings = new Map<string, string>();
  g.names.forEach((ns, i) => ns.forEach((s, q) => strings.set(s, g.names[sigma[i]][q])));
  const numbers = new Map<string, Map<number, number>>();
  for (const [key, perMember] of g.numbers) {
    const m = new Map<number, number>();
    perMember.forEach((ns, i) => ns.forEach((x, q) => m.set(x, perMember[sigma[i]][q])));
    numbers.set(key, m);
  }
  const positions = new Map<string, Map<number, number>>();
  for (const [key, kind] of g.positions) positions.set(key, numbers.get(kind)!);
  return { strings, numbers, positions };
}

/**
 * A copy of plain data renamed: every string (values and object keys, at any depth) through
 * `r.strings`; a number under a property named in `r.numbers` (or in an array under it) through that
 * map; an array under a property named in `r.positions` with its entries moved to their renamed
 * positions. `key` is the property the value is found under.
 */
export function renameData(v: unknown, r: Renaming, key?: string): unknown {
  if (typeof v === 'string') return r.strings.get(v) ?? v;
  if (typeof v === 'number') {
    if (key === undefined) return v;
    return r.numbers.get(key)?.get(v) ?? v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => renameData(x, r, key));
    const moves = key === undefined ? undefined : r.positions.get(key);
    if (!moves) return items;
    const out = items.slice();
    items.forEach((x, i) => (out[moves.get(i) ?? i] = x));
    return out;
  }
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [renameData(k, r), renameData(x, r, typeof k === 'string' ? k : undefined)]));
  if (v instanceof Set) return new Set([...v].map((x) => renameData(x, r, key)));
  if (v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[r.strings.get(k) ?? k] = renameData(x, r, k);
  return out;
}

/** A copy of plain data with every string (values and object keys, at any depth) renamed through `map`. */
export function renameDeep(v: unknown, map: ReadonlyMap<string, string>): unknown {
  return renameData(v, { strings: map as Map<string, string>, numbers: new Map(), positions: new Map() });
}

/**
 * Where each naming string and number of every group sits: group, member, and its class (positions
 * that other groups' permutations exchange within a member share a class). Abstracting data through
 * it (abstractData) gives what a member's state looks like without saying which member is which.
 */
export interface NameIndex {
  /** string -> [group, member, class] of every group that names it. */
  strings: Map<string, [number, number, number][]>;
  /** property -> number -> [group, member, class]. */
  numbers: Map<string, Map<number, [number, number, number]>>;
  /** array property -> the group whose numbers index it. */
  positions: Map<string, { group: number; kind: string }>;
}

export function nameIndexOf(groups: readonly Group[], nameClass: readonly number[][]): NameIndex {
  const strings = new Map<string, [number, number, number][]>();
  const numbers = new Map<string, Map<number, [number, number, number]>>();
  const positions = new Map<string, { group: number; kind: string }>();
  groups.forEach((g, gi) => {
    g.names.forEach((ns, i) =>
      ns.forEach((s, q) => {
        let l = strings.get(s);
        if (!l) strings.set(s, (l = []));
        l.push([gi, i, nameClass[gi][q]]);
      }),
    );
    for (const [key, perMember] of g.numbers) {
      const m = new Map<number, [number, number, number]>();
      perMember.forEach((ns, i) => ns.forEach((x, q) => m.set(x, [gi, i, q])));
      numbers.set(key, m);
    }
    for (const [key, kind] of g.positions) positions.set(key, { group: gi, kind });
  });
  return { strings, numbers, positions };
}

/**
 * Plain data as member `self` of group `g` sees it, with no member named: a name of `self` becomes a
 * "self" token, a name of another member of g a token for "another member of g", a name of a member of
 * another group a token for that group; each with its class. Objects, Maps, Sets and renamed-position
 * arrays become sorted lists, so that two orbit-equivalent values give the same JSON text. The result is
 * invariant under every permutation of every group (the canonical form's signatures rest on it).
 */
export function abstractData(v: unknown, ix: NameIndex, g: number, self: number, key?: string): unknown {
  if (typeof v === 'string') return tokenOf(ix.strings.get(v), g, self) ?? v;
  if (typeof v === 'number') {
    if (key === undefined) return v;
    const at = ix.numbers.get(key)?.get(v);
    return at ? tokenOf([at], g, self)! : v;
  }
  if (v === null || typeof v !== 'object') return v;
  const sorted = (xs: unknown[]) => xs.map((x) => JSON.stringify(x) ?? 'U').sort();
  if (Array.isArray(v)) {
    const pos = key === undefined ? undefined : ix.positions.get(key);
    if (!pos) return v.map((x) => abstractData(x, ix, g, self, key));
    const at = ix.numbers.get(pos.kind)!;
    return { '\u0000positions': sorted(v.map((x, i) => [at.has(i) ? tokenOf([at.get(i)!], g, self) : i, abstractData(x, ix, g, self, key)])) };
  }
  if (v instanceof Map) return { '\u0000map': sorted([...v].map(([k, x]) => [abstractData(k, ix, g, self), abstractData(x, ix, g, self, typeof k === 'string' ? k : undefined)])) };
  if (v instanceof Set) return { '\u0000set': sorted([...v].map((x) => abstractData(x, ix, g, self, key))) };
  if (v instanceof Date) return v.toISOString();
  return { '\u0000object': sorted(Object.entries(v).map(([k, x]) => [abstractData(k, ix, g, self), abstractData(x, ix, g, self, k)])) };
}

function tokenOf(at: [number, number, number][] | undefined, g: number, self: number): string | undefined {
  if (!at) return undefined;
  // A name of several groups (A's struct file of d) is seen by g as g's: which member of g it names.
  const mine = at.find((x) => x[0] === g);
  if (mine) return mine[1] === self ? `\u0000self:${mine[2]}` : `\u0000other:${mine[2]}`;
  return `\u0000group${at[0][0]}:${at[0][2]}`;
}

/**
 * Which members of each group plain data names (strings, numbers under numbered properties, arrays
 * indexed by member numbers), as one bitmask a group in `out` (OR-ed in; members past 31 all count).
 */
export function mentions(v: unknown, ix: NameIndex, out: Int32Array, key?: string): void {
  if (typeof v === 'string') {
    const at = ix.strings.get(v);
    if (at) for (const [g, i] of at) out[g] |= bit(i);
    return;
  }
  if (typeof v === 'number') {
    if (key === undefined) return;
    const at = ix.numbers.get(key)?.get(v);
    if (at) out[at[0]] |= bit(at[1]);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    const pos = key === undefined ? undefined : ix.positions.get(key);
    if (pos) {
      const at = ix.numbers.get(pos.kind)!;
      v.forEach((_, i) => {
        const m = at.get(i);
        if (m) out[m[0]] |= bit(m[1]);
      });
    }
    for (const x of v) mentions(x, ix, out, key);
    return;
  }
  if (v instanceof Map) {
    for (const [k, x] of v) {
      mentions(k, ix, out);
      mentions(x, ix, out, typeof k === 'string' ? k : undefined);
    }
    return;
  }
  if (v instanceof Set) {
    for (const x of v) mentions(x, ix, out, key);
    return;
  }
  if (v instanceof Date) return;
  for (const [k, x] of Object.entries(v)) {
    mentions(k, ix, out);
    mentions(x, ix, out, k);
  }
}

const bit = (i: number) => (i < 31 ? 1 << i : -1);

/** One line naming what differs, for LC028. */
export function differs(what: string): LeasecheckError {
  return new LeasecheckError('LC028', what);
}

/** canonicalKey that never throws (inputs and events were checked when the system was compiled). */
export function keyOf(v: unknown): string {
  return canonicalKey(v, 'value');
}
