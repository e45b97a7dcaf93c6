import { LeasecheckError, describeThrown } from '../errors.ts';
import type { CompiledSystem } from './compile.ts';
import { adoptedSoFar } from './actorTable.ts';
import type { Snapshot } from '../spec/system.ts';
import { abstractData, differs, keyOf, mentions, nameIndexOf, renameData, renamingOf, type Group, type NameIndex, type Renaming } from './symmetryGroups.ts';

export { renameDeep } from './symmetryGroups.ts';

/** The most new locals interchangeable() scans at once for which actors name a group's members (scanNewLocals). */
const SCAN_MAX = 4096;

/** Numbers strings alike in every thread, one name space per group (workers/sharedInterner.ts). */
export interface SharedNames {
  internName(space: number, key: string): number;
  publishNames(space: number, keys: Iterable<string>): void;
}

/** A permutation of every group at once (see Symmetry.composite). */
interface Composite {
  from: Int32Array;
  pick: Perm[];
  at: Int32Array[];
}

/** One permutation of one group: member i becomes member sigma[i]. */
interface Perm {
  sigma: number[];
  /** sigma as a base-n number. */
  code: number;
  identity: boolean;
  /** Actor a goes to actorTo[a]. */
  actorTo: Int32Array;
  renaming: Renaming;
  /** localTo[a][local]: the local of the image of (a, local), in actor actorTo[a]; -1 unknown. */
  localTo: Int32Array[];
}

/**
 * Symmetry reduction (Ip & Dill's scalarsets, TLC's SYMMETRY) over every declared group at once
 * (processes, files, ...): the search keeps one state per orbit of the product of the groups'
 * permutation groups, a canonical member of it.
 *
 * A permutation of a group moves each member's actors to the other member's, in the same roles, and
 * renames inside every context the strings and numbers that name members (symmetryGroups.ts). The
 * renamed snapshot is built with machine.resolveState({ value, context }) and interned in the target
 * actor's table, so a permuted state is again a vector of local ids; (permutation, actor, local) ->
 * local is cached, so XState runs once per distinct renamed snapshot. A permutation of several groups
 * is applied group by group (the groups' permutations commute: checked).
 *
 * The canonical form, without trying all n! permutations of a group: each member gets a signature,
 * its actors' snapshots as the member itself sees them with no member named (abstractData: "self",
 * "another process", "some file"), which every permutation of every group leaves unchanged. Members
 * are put in the order of their signatures; only members with equal signatures can still be
 * exchanged, and the canonical form is the least image (as an integer vector) over the permutations
 * that keep signatures sorted (all orders of each run of equal signatures, in every group). Since the
 * signatures are invariant, that set of images is the same for every state of an orbit: the form is
 * exact (one state per orbit), and most states need one image, not n!.
 *
 * WARNING: sound for properties that do not tell the groups' members apart (safety properties here; a
 * liveness property that names members gets the groups without them: liveSymmetry.ts). Local ids are
 * interned in discovery order,
 * so which member of an orbit is canonical depends on the run; counts and verdicts do not.
 */
export class Symmetry {
  readonly groups: Group[];
  /** The product group's size (for messages); the reduction never enumerates it. */
  readonly count: number;
  private readonly k: number;
  /** Per group: its permutations met so far, by code (sigma as a base-n number). */
  private readonly perms: Map<number, Perm>[];
  /** The same by code in an array, for groups of up to 5 members (5^5 codes): the per-state lookup. */
  private readonly smallPerms: ((Perm | undefined)[] | null)[];
  private readonly identities: Perm[];
  /** Per group: its role classes (roles that other groups' permutations exchange), each a list of roles. */
  private readonly roleClasses: number[][][];
  /** Per group: the members' actors, member by member, each member's in role-class order (for candidates). */
  private readonly inClassOrder: Int32Array[];
  /** Per group: where each role class ends within a member's run of inClassOrder; null when every class has one role. */
  private readonly classEnds: (Int32Array | null)[];
  /** Per group and actor: the member it belongs to, or -1. */
  private readonly memberOf: Int32Array[];
  private readonly ix: NameIndex;
  /** Per group and actor: by local, the id of its abstracted snapshot (see abstractData), or -1. */
  private absIds: Int32Array[][];
  private readonly absIntern: Map<string, number>[];
  /** Scratch: per group, members' signatures (n * width) and their order. */
  private readonly sig: Int32Array[];
  private readonly order: Int32Array[];
  /** Composite permutations, by the choice's codes in mixed radix. */
  private readonly composites = new Map<number, Composite>();
  private readonly radix: number[];
  /** Scratch for canon(): per group its candidates and their count, the choice, the odometer, a permutation. */
  private readonly choices: Perm[][];
  private readonly counts: Int32Array;
  private readonly pick: Perm[];
  private readonly odometer: Int32Array;
  private readonly sigma: number[][];
  /** Scratch: per group and member, the positions of its run of equal signatures. */
  private readonly runStart: Int32Array[];
  private readonly runEnd: Int32Array[];
  /** Per actor, by local: which members of each group its snapshot names (see mentions). */
  private readonly mentionCache: (Int32Array | undefined)[][];
  /** How many locals' mentions were worked out (each once): for tests. */
  mentionsWorkedOut = 0;
  private readonly scanned: Int32Array;
  /** adoptedSoFar() at the last scanNewLocals: no table has grown while it is unchanged. */
  private scannedAt = -1;
  private readonly mentioners: number[][];
  private readonly mentionerMark: Uint8Array[];

  constructor(
    private readonly cs: CompiledSystem,
    groups: Group[],
    /** Try every permutation of every group instead (the reference the tests compare with). */
    private readonly exhaustive = false,
  ) {
    this.groups = groups;
    this.k = cs.actorNames.length;
    this.perms = groups.map(() => new Map());
    this.smallPerms = groups.map((g) => (g.members.length <= 5 ? new Array<Perm | undefined>(g.members.length ** g.members.length).fill(undefined) : null));
    this.identities = groups.map((g, gi) => this.perm(gi, g.members.map((_, i) => i)));
    this.count = groups.reduce((n, g) => n * factorial(g.members.length), 1);
    this.memberOf = groups.map((g) => {
      const m = new Int32Array(this.k).fill(-1);
      g.members.forEach((actors, i) => actors.forEach((a) => (m[a] = i)));
      return m;
    });
    const { roleClasses, nameClass } = this.classes();
    this.roleClasses = roleClasses;
    this.inClassOrder = groups.map((g, gi) => Int32Array.from(g.members.flatMap((actors) => roleClasses[gi].flatMap((cls) => cls.map((r) => actors[r])))));
    this.classEnds = roleClasses.map((classes) => {
      if (classes.every((cls) => cls.length === 1)) return null;
      let end = 0;
      return Int32Array.from(classes, (cls) => (end += cls.length));
    });
    this.ix = nameIndexOf(groups, nameClass);
    this.absIds = groups.map(() => Array.from({ length: this.k }, () => new Int32Array(0)));
    this.absIntern = groups.map(() => new Map());
    this.sig = groups.map((g) => new Int32Array(g.members.length * g.members[0].length));
    this.order = groups.map((g) => new Int32Array(g.members.length));
    this.radix = groups.map((g) => g.members.length ** g.members.length);
    if (this.radix.reduce((x, y) => x * y, 1) > 2 ** 52) throw new LeasecheckError('LC013', 'symmetry: too many members in all (the groups\' permutations are numbered in 52 bits)');
    this.choices = groups.map(() => []);
    this.counts = new Int32Array(groups.length);
    this.pick = groups.map((_, g) => this.identities[g]);
    this.odometer = new Int32Array(groups.length);
    this.sigma = groups.map((g) => g.members.map((_, i) => i));
    this.runStart = groups.map((g) => new Int32Array(g.members.length));
    this.runEnd = groups.map((g) => new Int32Array(g.members.length));
    this.mentionCache = Array.from({ length: this.k }, () => []);
    this.scanned = new Int32Array(this.k);
    this.mentioners = groups.map(() => []);
    this.mentionerMark = groups.map(() => new Uint8Array(this.k));
    this.validate();
  }

  private sharedNames?: SharedNames;

  /**
   * Numbers abstracted snapshots through `names` from now on (worker threads: see workers/parallel.ts).
   * Members are ordered by those numbers, so every thread must number them alike for the threads to
   * pick the same canonical form of a state (one state per orbit across threads). Numbers given so far
   * are published first, keeping their values.
   */
  shareNames(names: SharedNames): void {
    this.absIntern.forEach((intern, g) => names.publishNames(g, intern.keys()));
    this.sharedNames = names;
  }

  /**
   * Writes the canonical form of vec[off .. off + k) to out[o .. o + k) (see the class comment). When
   * several permutations keep the signatures sorted, each image is built position by position and
   * compared with the best so far as it goes, abandoned at its first worse position. Returns true when
   * the state is known to be its own canonical form (out is a copy of it), false when it may not be.
   */
  canon(vec: Int32Array, off: number, out: Int32Array, o = 0): boolean {
    if (this.exhaustive) {
      this.canonExhaustive(vec, off, out, o);
      return false;
    }
    const { k, pick, choices } = this;
    let combos = 1;
    for (let g = 0; g < this.groups.length; g++) {
      const n = this.candidates(g, vec, off);
      combos *= n;
      pick[g] = choices[g][0];
    }
    if (combos === 1) {
      // Most successors of a canonical state are canonical already: their only image is themselves.
      let identity = true;
      for (let g = 0; g < pick.length && identity; g++) identity = pick[g].identity;
      if (identity) {
        for (let b = 0; b < k; b++) out[o + b] = vec[off + b];
        return true;
      }
    }
    let c = this.composite(pick);
    for (let b = 0; b < k; b++) out[o + b] = this.at(c, b, vec[off + c.from[b]]);
    if (combos === 1) return false;
    // Signatures tie: every other choice (an odometer over the groups' candidates), least image kept.
    const at = this.odometer;
    at.fill(0);
    for (let n = 1; n < combos; n++) {
      for (let g = 0; ; g++) {
        if (++at[g] < this.counts[g]) {
          pick[g] = choices[g][at[g]];
          break;
        }
        at[g] = 0;
        pick[g] = choices[g][0];
      }
      c = this.composite(pick);
      let b = 0;
      let x = 0;
      for (; b < k; b++) {
        x = this.at(c, b, vec[off + c.from[b]]);
        if (x !== out[o + b]) break;
      }
      if (b === k || x > out[o + b]) continue;
      out[o + b] = x;
      for (b++; b < k; b++) out[o + b] = this.at(c, b, vec[off + c.from[b]]);
    }
    return false;
  }

  private allPerms?: Perm[][];

  /** The least image over the whole product group (n! per group): what canon() must equal. */
  private canonExhaustive(vec: Int32Array, off: number, out: Int32Array, o: number): void {
    const all = (this.allPerms ??= this.groups.map((g, gi) => permutationsOf(g.members.map((_, i) => i)).map((sigma) => this.perm(gi, sigma))));
    const pick = this.groups.map((_, g) => this.identities[g]);
    for (let a = 0; a < this.k; a++) out[o + a] = vec[off + a];
    const at = new Array<number>(all.length).fill(0);
    for (;;) {
      all.forEach((ps, g) => (pick[g] = ps[at[g]]));
      const c = this.composite(pick);
      const img = Array.from({ length: this.k }, (_, b) => this.at(c, b, vec[off + c.from[b]]));
      let b = 0;
      while (b < this.k && img[b] === out[o + b]) b++;
      if (b < this.k && img[b] < out[o + b]) for (let x = 0; x < this.k; x++) out[o + x] = img[x];
      let g = 0;
      while (g < all.length && ++at[g] === all[g].length) at[g++] = 0;
      if (g === all.length) return;
    }
  }

  /**
   * Puts in choices[g] the permutations of group g that put its members in signature order and returns
   * how many: one, unless signatures tie, then every order of each run of equal signatures.
   */
  private candidates(g: number, vec: Int32Array, off: number): number {
    const group = this.groups[g];
    const n = group.members.length;
    if (n === 1) {
      this.choices[g][0] = this.identities[g];
      return (this.counts[g] = 1);
    }
    const w = group.members[0].length;
    const sig = this.sig[g];
    const order = this.order[g];
    const inClassOrder = this.inClassOrder[g];
    const classEnds = this.classEnds[g];
    const absIds = this.absIds[g];
    for (let at = 0; at < n * w; at++) {
      const a = inClassOrder[at];
      const local = vec[off + a];
      const ids = absIds[a];
      const id = local < ids.length ? ids[local] : -1;
      sig[at] = id >= 0 ? id : this.absId(g, a, local);
    }
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (classEnds === null) continue;
      for (let c = 0, from = i * w; c < classEnds.length; c++) {
        const to = i * w + classEnds[c];
        if (to - from > 1) sortRange(sig, from, to);
        from = to;
      }
    }
    // Insertion sort of the members by signature (n is a handful); note whether any two tie.
    let ties = false;
    for (let i = 1; i < n; i++) {
      const m = order[i];
      let j = i - 1;
      let d = 0;
      while (j >= 0 && (d = compareSig(sig, order[j], m, w)) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      if (j >= 0 && d === 0) ties = true;
      order[j + 1] = m;
    }
    const sigma = this.sigma[g];
    if (!ties) {
      for (let j = 0; j < n; j++) sigma[order[j]] = j;
      this.choices[g][0] = this.perm(g, sigma);
      return (this.counts[g] = 1);
    }
    // Runs of equal signatures: every permutation that sends each member into its run's positions;
    // a run whose members nothing tells apart (see interchangeable) keeps its sorted order only.
    const runEnd = this.runEnd[g];
    const runStart = this.runStart[g];
    let free = true;
    for (let j = 0; j < n; ) {
      let e = j + 1;
      while (e < n && compareSig(sig, order[j], order[e], w) === 0) e++;
      const fixed = e - j > 1 && this.interchangeable(g, order, j, e, vec, off);
      if (e - j > 1 && !fixed) free = false;
      for (let x = j; x < e; x++) {
        runStart[order[x]] = fixed ? x : j;
        runEnd[order[x]] = fixed ? x + 1 : e;
      }
      j = e;
    }
    if (free) {
      for (let j = 0; j < n; j++) sigma[order[j]] = j;
      this.choices[g][0] = this.perm(g, sigma);
      return (this.counts[g] = 1);
    }
    const all = (this.allPerms ??= this.groups.map((_, gi) => permutationsOf(this.groups[gi].members.map((_, i) => i)).map((sg) => this.perm(gi, sg))))[g];
    const out = this.choices[g];
    out.length = 0;
    for (let q = 0; q < all.length; q++) {
      const sg = all[q].sigma;
      let fits = true;
      for (let i = 0; i < n && fits; i++) fits = sg[i] >= runStart[i] && sg[i] < runEnd[i];
      if (fits) out.push(all[q]);
    }
    return (this.counts[g] = out.length);
  }

  /**
   * Whether the members order[from .. to) of group g (equal signatures) can be exchanged without
   * changing the state: their actors name nothing but themselves (no other member of g, no member of
   * another group that has several), they are alike role by role, and no other actor names them. Then
   * every order of them gives the same image, and one suffices.
   */
  private interchangeable(g: number, order: Int32Array, from: number, to: number, vec: Int32Array, off: number): boolean {
    const group = this.groups[g];
    const w = group.members[0].length;
    let run = 0;
    for (let x = from; x < to; x++) run |= order[x] < 31 ? 1 << order[x] : -1;
    if (run === -1) return false;
    const first = group.members[order[from]];
    const absIds = this.absIds[g];
    const cache = this.mentionCache;
    for (let x = from; x < to; x++) {
      const m = order[x];
      const actors = group.members[m];
      for (let r = 0; r < w; r++) {
        const a = actors[r];
        const local = vec[off + a];
        // The roles' signature ids are known already: candidates() computed them for this state.
        if (absIds[a][local] !== absIds[first[r]][vec[off + first[r]]]) return false;
        const mm = cache[a][local] ?? this.mentionsOf(a, local);
        for (let h = 0; h < mm.length; h++) {
          if (h === g) {
            if ((mm[h] & ~(1 << m)) !== 0) return false;
          } else if (mm[h] !== 0 && this.groups[h].members.length > 1) return false;
        }
      }
    }
    const memberOf = this.memberOf[g];
    // The actors that ever named a member of g, when the locals interned since the last look are few;
    // else every actor (after a long search with few ties, as when a trace is lifted, the scan cost
    // tens of seconds past --timeout).
    const scanned = this.scanNewLocals();
    const who = this.mentioners[g];
    const n = scanned ? who.length : this.k;
    for (let i = 0; i < n; i++) {
      const a = scanned ? who[i] : i;
      const m = memberOf[a];
      if (m >= 0 && (run & (1 << m)) !== 0) continue;
      const local = vec[off + a];
      if (((cache[a][local] ?? this.mentionsOf(a, local))[g] & run) !== 0) return false;
    }
    return true;
  }

  /**
   * Notes, for every local interned since the last call, which groups its snapshot names members of
   * (mentioners[g]: the actors some local of which names a member of g), so that interchangeable()
   * looks at those actors only. False, scanning nothing, when more than SCAN_MAX locals are new: the
   * caller then looks at every actor (each local's mentions are worked out when first met, not all).
   */
  private scanNewLocals(): boolean {
    const now = adoptedSoFar();
    if (now === this.scannedAt) return true;
    const { tables } = this.cs;
    let pending = 0;
    for (let a = 0; a < this.k; a++) pending += tables[a].snapshots.length - this.scanned[a];
    if (pending > SCAN_MAX) return false;
    this.scannedAt = now;
    for (let a = 0; a < this.k; a++) {
      const n = tables[a].snapshots.length;
      for (let x = this.scanned[a]; x < n; x++) {
        const mm = this.mentionsOf(a, x);
        for (let g = 0; g < mm.length; g++) if (mm[g] !== 0 && this.mentionerMark[g][a] === 0) {
          this.mentionerMark[g][a] = 1;
          this.mentioners[g].push(a);
        }
      }
      this.scanned[a] = n;
    }
    return true;
  }

  /** Which members of each group actor a's local names (see mentions), cached. */
  private mentionsOf(a: number, local: number): Int32Array {
    let list = this.mentionCache[a];
    if (local < list.length && list[local] !== undefined) return list[local]!;
    if (local >= list.length) this.mentionCache[a] = list = list.concat(new Array(Math.max(16, local + 1 - list.length)).fill(undefined));
    const out = new Int32Array(this.groups.length);
    this.mentionsWorkedOut++;
    mentions(this.cs.tables[a].snapshots[local].context, this.ix, out);
    list[local] = out;
    return out;
  }

  /** The abstracted snapshot id of actor a's local (a member actor of group g). */
  private absId(g: number, a: number, local: number): number {
    const ids = slots(this.absIds[g], a, local);
    if (ids[local] >= 0) return ids[local];
    const snap = this.cs.tables[a].snapshots[local];
    const key = `${snap.status}|${keyOf(snap.value)}|${JSON.stringify(abstractData(snap.context, this.ix, g, this.memberOf[g][a]))}`;
    let id: number;
    if (this.sharedNames) id = this.sharedNames.internName(g, key);
    else {
      const intern = this.absIntern[g];
      const known = intern.get(key);
      if (known === undefined) intern.set(key, (id = intern.size));
      else id = known;
    }
    ids[local] = id;
    return id;
  }

  /**
   * The permutation made of one permutation per group (a choice): position b of an image comes from
   * actor from[b], and at[b][local] caches the image's local there for that actor's `local` (-1 unknown).
   */
  private composite(pick: Perm[]): Composite {
    let key = 0;
    for (let g = 0; g < pick.length; g++) key = key * this.radix[g] + pick[g].code;
    let c = this.composites.get(key);
    if (c === undefined) {
      const from = new Int32Array(this.k);
      for (let a = 0; a < this.k; a++) {
        let b = a;
        for (const p of pick) b = p.actorTo[b];
        from[b] = a;
      }
      c = { from, pick: [...pick], at: Array.from({ length: this.k }, () => new Int32Array(0)) };
      this.composites.set(key, c);
    }
    return c;
  }

  /** The local at position b of the image, under composite c, of the state whose actor c.from[b] has `local`. */
  private at(c: Composite, b: number, local: number): number {
    const map = slots(c.at, b, local);
    if (map[local] >= 0) return map[local];
    const m = this.imageOf(c.pick, c.from[b], local);
    map[local] = m;
    return m;
  }

  /** The local of the image of actor a's `local` under the choice, group by group. */
  private imageOf(pick: Perm[], a: number, local: number): number {
    for (let g = 0; g < pick.length; g++) {
      const p = pick[g];
      if (p.identity) continue;
      local = this.image(p, a, local);
      a = p.actorTo[a];
    }
    return local;
  }

  /** The local of actor p.actorTo[a] that is the image of actor a's `local` under permutation p. */
  private image(p: Perm, a: number, local: number): number {
    const map = slots(p.localTo, a, local);
    if (map[local] >= 0) return map[local];
    const b = p.actorTo[a];
    const snap = this.cs.tables[a].snapshots[local];
    const renamed = renameData(snap.context, p.renaming);
    let image: Snapshot;
    try {
      image = this.cs.tables[b].machine.resolveState({
        value: snap.value,
        context: renamed,
        status: snap.status,
        ...((snap as { historyValue?: unknown }).historyValue ? { historyValue: (snap as { historyValue?: unknown }).historyValue } : {}),
      } as never) as Snapshot;
    } catch (e) {
      throw new LeasecheckError('LC024', `symmetry: the image of actor ${this.cs.actorNames[a]}'s state in ${this.cs.actorNames[b]} could not be built: ${describeThrown(e)}`);
    }
    const m = this.cs.tables[b].intern(image);
    map[local] = m;
    return m;
  }

  /** Group g's permutation sigma (member i -> sigma[i]), built on first use. */
  private perm(g: number, sigma: readonly number[]): Perm {
    const code = codeOf(sigma);
    const small = this.smallPerms[g];
    let p = small !== null ? small[code] : this.perms[g].get(code);
    if (p === undefined) {
      const group = this.groups[g];
      const actorTo = Int32Array.from({ length: this.k }, (_, a) => a);
      group.members.forEach((actors, i) => actors.forEach((a, r) => (actorTo[a] = group.members[sigma[i]][r])));
      p = {
        sigma: [...sigma],
        code,
        identity: sigma.every((x, i) => x === i),
        actorTo,
        renaming: renamingOf(group, sigma),
        localTo: Array.from({ length: this.k }, () => new Int32Array(0)),
      };
      this.perms[g].set(code, p);
      if (small !== null) small[code] = p;
    }
    return p;
  }

  /** The swap of members i and j of group g. */
  private swap(g: number, i: number, j: number): Perm {
    const sigma = this.groups[g].members.map((_, x) => (x === i ? j : x === j ? i : x));
    return this.perm(g, sigma);
  }

  /**
   * Role classes and name classes of every group: a role of g (a position of g's names) shares a class
   * with those that another group's swaps move it to, within the same member. Throws LC013 when a swap
   * of one group moves an actor or a name of g to another member of g, or out of g (the groups do not
   * commute), or when two groups' swaps do not commute on the actors.
   */
  private classes(): { roleClasses: number[][][]; nameClass: number[][] } {
    const roleClasses: number[][][] = [];
    const nameClass: number[][] = [];
    const { groups } = this;
    groups.forEach((g, gi) => {
      const w = g.members[0].length;
      const roleUf = Array.from({ length: w }, (_, r) => r);
      const nameUf = Array.from({ length: g.names[0].length }, (_, q) => q);
      const nameAt = new Map<string, [number, number]>();
      g.names.forEach((ns, i) => ns.forEach((s, q) => nameAt.set(s, [i, q])));
      groups.forEach((h, hi) => {
        if (hi === gi) return;
        for (let x = 0; x + 1 < h.members.length; x++) {
          const t = this.swap(hi, x, x + 1);
          g.members.forEach((actors, i) =>
            actors.forEach((a, r) => {
              const b = t.actorTo[a];
              const r2 = g.members[i].indexOf(b);
              if (r2 < 0) {
                throw new LeasecheckError('LC013', `symmetry groups ${h.name} and ${g.name} do not commute: swapping two ${h.name} moves actor ${this.cs.actorNames[a]} out of its member of ${g.name}`);
              }
              union(roleUf, r, r2);
            }),
          );
          g.names.forEach((ns, i) =>
            ns.forEach((s, q) => {
              const s2 = t.renaming.strings.get(s) ?? s;
              const at = nameAt.get(s2);
              if (!at || at[0] !== i) {
                throw new LeasecheckError('LC013', `symmetry groups ${h.name} and ${g.name} do not commute: swapping two ${h.name} renames ${s} (a name of ${g.name}) to ${s2}, not a name of the same member`);
              }
              union(nameUf, q, at[1]);
            }),
          );
          for (let y = 0; y + 1 < g.members.length; y++) {
            const u = this.swap(gi, y, y + 1);
            for (let a = 0; a < this.k; a++) {
              if (u.actorTo[t.actorTo[a]] !== t.actorTo[u.actorTo[a]]) {
                throw new LeasecheckError('LC013', `symmetry groups ${h.name} and ${g.name} do not commute on actor ${this.cs.actorNames[a]}`);
              }
            }
          }
        }
      });
      const byRoot = new Map<number, number[]>();
      for (let r = 0; r < w; r++) {
        const root = find(roleUf, r);
        if (!byRoot.has(root)) byRoot.set(root, []);
        byRoot.get(root)!.push(r);
      }
      roleClasses.push([...byRoot.values()]);
      nameClass.push(nameUf.map((_, q) => find(nameUf, q)));
    });
    return { roleClasses, nameClass };
  }

  /**
   * LC028 unless every swap of two members of a group maps the system to itself as far as the checker
   * can see: each actor's input to its image's input (renamed), and every joint-action instance to an
   * instance (participants and events renamed). Guards and predicates cannot be looked into.
   */
  private validate(): void {
    const { cs } = this;
    this.groups.forEach((g, gi) => {
      for (let x = 0; x + 1 < g.members.length; x++) {
        const t = this.swap(gi, x, x + 1);
        const who = `${g.name} ${describeMember(cs, g, x)} and ${describeMember(cs, g, x + 1)}`;
        for (let a = 0; a < this.k; a++) {
          const b = t.actorTo[a];
          const image = keyOf(renameData(cs.inputs[a], t.renaming));
          if (image !== keyOf(cs.inputs[b])) {
            throw differs(
              `symmetry group ${g.name}: swapping ${who} does not map actor ${cs.actorNames[a]}'s input to ${cs.actorNames[b]}'s (${clip(image)} against ${clip(keyOf(cs.inputs[b]))})`,
            );
          }
        }
        this.swapsList.push({ group: gi, x, who, perm: t, images: this.instanceImages(t, g.name, who) });
      }
    });
  }

  /** Every swap of two neighbouring members of a group (they generate the product group), with its action-instance images. */
  private readonly swapsList: Swap[] = [];

  /** The swaps of neighbouring members, every group (generators of the reduction's group). */
  swaps(): readonly Swap[] {
    return this.swapsList;
  }

  /**
   * Per instance, the instances that are its image under swap t: the same participants and events
   * renamed and the parameters renamed, or (parameters that do not name members the way the data does)
   * every instance with those participants and events. LC028 when there is none.
   */
  private instanceImages(t: Perm, group: string, who: string): number[][] {
    const { cs } = this;
    // Participants as a set (what validate() always accepted) and in order (the first steps first).
    const unordered = (actors: ArrayLike<number>, events: string[]) => Array.from(actors, (a, j) => `${a}:${events[j]}`).sort().join('|');
    const ordered = (actors: ArrayLike<number>, events: string[]) => Array.from(actors, (a, j) => `${a}:${events[j]}`).join('|');
    const byKey = this.instanceKeys ??= (() => {
      const keys = new Map<string, number[]>();
      const add = (k: string, id: number) => (keys.get(k) ?? keys.set(k, []).get(k)!).push(id);
      for (const inst of cs.instances) {
        const events = Array.from(inst.events, (e, j) => keyOf(cs.tables[inst.actors[j]].events[e]));
        const name = inst.action.name;
        add(`${name}#${keyOf(inst.params)}#${unordered(inst.actors, events)}`, inst.id);
        const family = this.nameFamily(name);
        add(`~${family}#${keyOf(inst.params)}#${unordered(inst.actors, events)}`, inst.id);
        add(`~${family}#ordered#${ordered(inst.actors, events)}`, inst.id);
        add(`~${family}#set#${unordered(inst.actors, events)}`, inst.id);
        add(`${name}#ordered#${ordered(inst.actors, events)}`, inst.id);
        add(`${name}#set#${unordered(inst.actors, events)}`, inst.id);
        add(`#set#${unordered(inst.actors, events)}`, inst.id);
      }
      return keys;
    })();
    // The image: the same action with its parameters renamed, else one of the same family (a spec may
    // make one action per member: `close(d)`, `close(e)`; see nameFamily); else the same action, then
    // the family, with the steps in the same order, then as a set; else any action with those steps.
    // Each is a list of candidates. Instances with the same steps differ only in their guards, which
    // cannot be looked into: names are how the image is told apart from a look-alike (close and the
    // exit path's close take the same steps).
    return cs.instances.map((inst) => {
      const actors = Array.from(inst.actors, (a) => t.actorTo[a]);
      const events = Array.from(inst.events, (e, j) => keyOf(renameData(cs.tables[inst.actors[j]].events[e], t.renaming)));
      const name = inst.action.name;
      const params = keyOf(renameData(inst.params, t.renaming));
      const family = this.nameFamily(name);
      const list =
        byKey.get(`${name}#${params}#${unordered(actors, events)}`) ??
        byKey.get(`~${family}#${params}#${unordered(actors, events)}`) ??
        byKey.get(`${name}#ordered#${ordered(actors, events)}`) ??
        byKey.get(`~${family}#ordered#${ordered(actors, events)}`) ??
        byKey.get(`${name}#set#${unordered(actors, events)}`) ??
        byKey.get(`~${family}#set#${unordered(actors, events)}`) ??
        byKey.get(`#set#${unordered(actors, events)}`);
      if (!list) throw differs(`symmetry group ${group}: swapping ${who} maps action ${inst.label} to steps no action takes`);
      return list;
    });
  }

  private instanceKeys?: Map<string, number[]>;
  private memberNames?: Set<string>;

  /**
   * An action's name with every token that names a member of a group (`d`, `A.d`, `mr0`) replaced by
   * `#`: `close:rdma:last:zombieEnds(d,e)` and `...(e)` are one family, `exit-close:...` another.
   */
  private nameFamily(name: string): string {
    const names = (this.memberNames ??= new Set(this.groups.flatMap((g) => g.names.flat())));
    return name.replace(/[^:(),\s=|]+/g, (tok) => (names.has(tok) ? '#' : tok));
  }

  /** Writes to out[0 .. k) the image of vec[off .. off + k) under swap s (an index into swaps()). */
  swapImage(s: number, vec: Int32Array, off: number, out: Int32Array): void {
    const sw = this.swapsList[s];
    const pick = this.identities.slice();
    pick[sw.group] = sw.perm;
    const c = this.composite(pick);
    for (let b = 0; b < this.k; b++) out[b] = this.at(c, b, vec[off + c.from[b]]);
  }
}

/** A swap of two neighbouring members of one group. */
export interface Swap {
  group: number;
  /** Members x and x + 1 are swapped. */
  x: number;
  /** "processes B and C", for messages. */
  who: string;
  perm: Perm;
  /** images[t]: the instances that are instance t's image (one, unless parameters do not tell them apart). */
  images: number[][];
}

function describeMember(cs: CompiledSystem, g: Group, i: number): string {
  return cs.actorNames[g.members[i][0]];
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** holder[i], grown (new entries -1, unknown) so that it has an entry `local`. */
function slots(holder: Int32Array[], i: number, local: number): Int32Array {
  const map = holder[i];
  if (local < map.length) return map;
  const grown = new Int32Array(Math.max(16, (local + 1) * 2)).fill(-1);
  grown.set(map);
  return (holder[i] = grown);
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function codeOf(sigma: readonly number[]): number {
  let c = 0;
  for (let i = sigma.length - 1; i >= 0; i--) c = c * sigma.length + sigma[i];
  return c;
}

function compareSig(sig: Int32Array, m1: number, m2: number, w: number): number {
  const a = m1 * w;
  const b = m2 * w;
  for (let r = 0; r < w; r++) {
    const d = sig[a + r] - sig[b + r];
    if (d !== 0) return d;
  }
  return 0;
}

function sortRange(x: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = x[i];
    let j = i - 1;
    while (j >= from && x[j] > v) {
      x[j + 1] = x[j];
      j--;
    }
    x[j + 1] = v;
  }
}

function find(uf: number[], x: number): number {
  while (uf[x] !== x) x = uf[x] = uf[uf[x]];
  return x;
}

function union(uf: number[], a: number, b: number): void {
  uf[find(uf, a)] = find(uf, b);
}

/** Every order of xs (a run of tied members: a handful). */
function permutationsOf(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [[...xs]];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutationsOf([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}
