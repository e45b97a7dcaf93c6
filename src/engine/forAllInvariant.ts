import { LeasecheckError, describeThrown } from '../errors.ts';
import { cartesian } from '../spec/params.ts';
import { asBoolean, running } from './specCalls.ts';
import type { CompiledSystem } from './compile.ts';
import type { ForAll, Property } from '../spec/property.ts';
import type { GlobalState, Params } from '../spec/system.ts';

const UNKNOWN = 0;
const HOLDS = 1;
const FAILS = 2;
/** A dense memo has at most 2^DENSE_MAX_BITS one-byte entries; past that an instance keeps a Map. */
const DENSE_MAX_BITS = 20;
/** All of an invariant's dense memos together stay under this many bytes; past it, widened ones become Maps. */
const DENSE_BUDGET = 64 * 2 ** 20;

/**
 * An invariant declared per instance (forAll in spec/property.ts), evaluated by memo. Each instance's
 * answer is kept per combination of its actors' local ids: in a dense byte table indexed by the ids'
 * bits side by side (widened when an id outgrows its bits), or in a Map once the table would pass
 * 2^20 entries. Sound because an instance is a function of its declared actors' snapshots only: a miss
 * calls it on a view that holds those actors, and reading any other actor is an error (LC025).
 * The dense tables lie side by side in one buffer, and holdsAfter (once a new state) reads a pair's
 * entry through a list packed per action: on Peterson N=6 a call took 32 ns instead of 58-73, and the
 * search about 4% less time (docs/performance.md).
 */
export class ForAllInvariant {
  /** Instance i's actors are actors[actorOff[i] .. actorOff[i + 1]), with bits[j] bits for actor j's id. */
  private readonly actorOff: Int32Array;
  private readonly actors: Int32Array;
  private readonly bits: Int32Array;
  /**
   * Instance i's dense memo, a view of `flat` from base[i] (all of them side by side in one buffer, so
   * that holdsAfter reads an entry with one offset: see packed); null for one kept in a Map.
   */
  private readonly dense: (Uint8Array | null)[];
  private readonly base: Int32Array;
  private flat = new Uint8Array(1 << 12);
  private flatEnd = 0;
  /** Bytes of `flat` below flatEnd no memo uses any more (a widened one's old table). */
  private garbage = 0;
  /** Bumped whenever a memo moves or changes layout (widened, to a Map, or `flat` compacted): packed lists are rebuilt. */
  private layout = 0;
  /**
   * Per action instance, lazily: the instances holdsAfter asks, 6 ints each: the instance, then for one
   * of two actors with a dense memo its actors, their bits and its memo's offset in `flat` (else -1 and
   * zeros), as of layout packedAt[t]. Side by side, so that a lookup is two locals and one byte.
   */
  private readonly packed: (Int32Array | undefined)[] = [];
  private readonly packedAt: Int32Array;
  private readonly sparse: (Map<string, boolean> | null)[];
  private readonly params: Params[];
  private readonly labels: string[];
  /** The instances holds() asks, in order: all but those that read no actor and hold (constants). */
  private readonly order: Int32Array;
  /** Bytes of all dense memos. */
  private denseBytes = 0;
  /** Per action instance, lazily: the instances in `order` that read one of its participants. */
  private readonly afterAction: (Int32Array | undefined)[] = [];

  constructor(
    private readonly cs: CompiledSystem,
    private readonly name: string,
    private readonly fa: ForAll<any>,
  ) {
    this.params = cartesian(fa.params);
    this.labels = this.params.map((p) => Object.entries(p).map(([key, v]) => `${key}=${v}`).join(', ') || '(no parameters)');
    const index = new Map(cs.actorNames.map((a, i) => [a, i]));
    const lists = this.params.map((p, i) => {
      let names: readonly string[];
      try {
        names = fa.reads(p);
      } catch (e) {
        throw new LeasecheckError('LC022', `property ${name}: reads(${this.labels[i]}) threw: ${describeThrown(e)}`);
      }
      if (!Array.isArray(names)) throw new LeasecheckError('LC013', `property ${name}: reads(${this.labels[i]}) must return an array of actor names`);
      return [...new Set(names)].map((a) => {
        const id = index.get(a);
        if (id === undefined) throw new LeasecheckError('LC013', `property ${name}: reads(${this.labels[i]}) names unknown actor ${String(a)}`);
        return id;
      });
    });
    this.actorOff = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => (this.actorOff[i + 1] = this.actorOff[i] + l.length));
    this.actors = Int32Array.from(lists.flat());
    // Two bits an actor to start with (ids 0-3); widened on demand.
    this.bits = new Int32Array(this.actors.length).fill(2);
    this.dense = lists.map(() => null);
    this.base = new Int32Array(lists.length).fill(-1);
    lists.forEach((l, i) => {
      if (2 * l.length <= DENSE_MAX_BITS && this.denseBytes + (1 << (2 * l.length)) <= DENSE_BUDGET) this.reserve(i, 1 << (2 * l.length));
    });
    this.sparse = this.dense.map((d) => (d === null ? new Map() : null));
    this.packedAt = new Int32Array(cs.instances.length);
    this.order = Int32Array.from(lists.flatMap((l, i) => (l.length === 0 && this.evaluate(i, cs.initial, 0) ? [] : [i])));
  }

  /** Every actor some instance reads (its declared reads), for partial-order reduction's visibility. */
  readActors(): Int32Array {
    return Int32Array.from(new Set(this.actors));
  }

  /** Every instance holds in the state at vec[off ..]. */
  holds(vec: Int32Array, off: number): boolean {
    const order = this.order;
    for (let x = 0; x < order.length; x++) if (!this.instanceHolds(order[x], vec, off)) return false;
    return true;
  }

  /**
   * As holds(), for a state reached by action instance t from a state where every instance held: only
   * the instances that read one of t's participants can have changed, so only those are asked.
   */
  holdsAfter(t: number, vec: Int32Array, off: number): boolean {
    let p = this.packed[t];
    if (p === undefined || this.packedAt[t] !== this.layout) p = this.pack(t);
    const flat = this.flat;
    const layout = this.layout;
    for (let x = 0; x < p.length; x += 6) {
      const a0 = p[x + 1];
      if (a0 >= 0) {
        const id0 = vec[off + a0];
        const id1 = vec[off + p[x + 2]];
        const b1 = p[x + 4];
        if (id0 >>> p[x + 3] === 0 && id1 >>> b1 === 0) {
          const m = flat[p[x + 5] + ((id0 << b1) | id1)];
          if (m === HOLDS) continue;
          if (m === FAILS) return false;
        }
      }
      // Unknown, too wide, or not a dense pair: asked in full (which may change the layout: the rest then too).
      if (!this.instanceHolds(p[x], vec, off)) return false;
      if (this.layout !== layout) {
        for (let y = x + 6; y < p.length; y += 6) if (!this.instanceHolds(p[y], vec, off)) return false;
        return true;
      }
    }
    return true;
  }

  /** The packed list of action instance t as of the current layout (see packed). */
  private pack(t: number): Int32Array {
    const list = this.afterAction[t] ?? this.instancesReading(t);
    const p = new Int32Array(list.length * 6);
    for (let x = 0; x < list.length; x++) {
      const i = list[x];
      const at = x * 6;
      p[at] = i;
      p[at + 1] = -1;
      const j = this.actorOff[i];
      if (this.dense[i] !== null && this.actorOff[i + 1] - j === 2) {
        p[at + 1] = this.actors[j];
        p[at + 2] = this.actors[j + 1];
        p[at + 3] = this.bits[j];
        p[at + 4] = this.bits[j + 1];
        p[at + 5] = this.base[i];
      }
    }
    this.packed[t] = p;
    this.packedAt[t] = this.layout;
    return p;
  }

  private instancesReading(t: number): Int32Array {
    const moved = new Set(this.cs.instances[t].actors);
    const list = Int32Array.from(
      Array.from(this.order).filter((i) => this.actors.subarray(this.actorOff[i], this.actorOff[i + 1]).some((a) => moved.has(a))),
    );
    this.afterAction[t] = list;
    return list;
  }

  /** The instances that fail in the state at vec[off ..], as labels (`i=3`). */
  failing(vec: Int32Array, off: number): string[] {
    return this.labels.filter((_, i) => !this.instanceHolds(i, vec, off));
  }

  private instanceHolds(i: number, vec: Int32Array, off: number): boolean {
    const d = this.dense[i];
    if (d !== null) {
      const { actors, bits } = this;
      let key = 0;
      let j = this.actorOff[i];
      const end = this.actorOff[i + 1];
      for (; j < end; j++) {
        const id = vec[off + actors[j]];
        if (id >>> bits[j] !== 0) break;
        key = (key << bits[j]) | id;
      }
      if (j === end) {
        const m = d[key];
        if (m !== UNKNOWN) return m === HOLDS;
      }
    } else {
      const hit = this.sparse[i]!.get(this.keyOf(i, vec, off));
      if (hit !== undefined) return hit;
    }
    const ok = this.evaluate(i, vec, off);
    this.remember(i, vec, off, ok);
    return ok;
  }

  private keyOf(i: number, vec: Int32Array, off: number): string {
    let key = '';
    for (let j = this.actorOff[i]; j < this.actorOff[i + 1]; j++) key += `${vec[off + this.actors[j]]},`;
    return key;
  }

  /** Calls instance i on a view of its declared actors only; any other actor read throws LC025. */
  private evaluate(i: number, vec: Int32Array, off: number): boolean {
    const { cs, name } = this;
    const label = this.labels[i];
    const declared = new Set(this.actors.subarray(this.actorOff[i], this.actorOff[i + 1]));
    const view: Record<string, unknown> = {};
    cs.actorNames.forEach((actor, a) => {
      if (declared.has(a)) {
        view[actor] = cs.tables[a].snapshots[vec[off + a]];
      } else {
        Object.defineProperty(view, actor, {
          enumerable: false,
          get() {
            throw new LeasecheckError('LC025', `property ${name}: instance ${label} read actor ${actor}, which its reads() does not list`);
          },
        });
      }
    });
    let value: unknown;
    running.what = `property ${name} (${label})`;
    try {
      value = this.fa.holds(view as GlobalState, this.params[i]);
      running.what = null;
    } catch (e) {
      if (e instanceof LeasecheckError) throw e;
      throw new LeasecheckError('LC022', `property ${name} (${label}) threw: ${describeThrown(e)}`);
    }
    // Checked once per remembered answer (a memo hit never gets here).
    return asBoolean(value, `property ${name} (${label})`);
  }

  private remember(i: number, vec: Int32Array, off: number, ok: boolean): void {
    const s0 = this.actorOff[i];
    const s1 = this.actorOff[i + 1];
    if (this.dense[i] !== null) {
      // Widen the bits of every actor whose id does not fit, then re-lay the table out.
      let widen = false;
      const want = this.bits.slice(s0, s1);
      for (let j = s0; j < s1; j++) {
        while (vec[off + this.actors[j]] >>> want[j - s0] !== 0) {
          want[j - s0]++;
          widen = true;
        }
      }
      if (widen) this.relayout(i, want);
    }
    const d = this.dense[i];
    if (d !== null) {
      let key = 0;
      for (let j = s0; j < s1; j++) key = (key << this.bits[j]) | vec[off + this.actors[j]];
      d[key] = ok ? HOLDS : FAILS;
    } else {
      this.sparse[i]!.set(this.keyOf(i, vec, off), ok);
    }
  }

  /**
   * Gives instance i a fresh (all unknown) dense memo of `size` entries at the end of `flat`. When it
   * does not fit, `flat` is copied into a larger buffer without the garbage (the memos move).
   */
  private reserve(i: number, size: number): void {
    this.denseBytes += size;
    if (this.flatEnd + size > this.flat.length) this.compact(size);
    this.base[i] = this.flatEnd;
    this.dense[i] = this.flat.subarray(this.flatEnd, this.flatEnd + size);
    this.flatEnd += size;
    this.layout++;
  }

  /** Instance i's dense memo is no longer used (widened, or moved to a Map). */
  private release(i: number): void {
    const d = this.dense[i]!;
    this.denseBytes -= d.length;
    this.garbage += d.length;
    this.dense[i] = null;
    this.base[i] = -1;
    this.layout++;
    // Mostly garbage (widened tables, or tables gone to Maps): given back now, not at the next reserve,
    // which may never come.
    if (this.garbage > 1 << 16 && 2 * this.garbage > this.flatEnd) this.compact(0);
  }

  /**
   * Copies the live memos into a new buffer with room for `room` more bytes (half as much again, within
   * the budget), and points every memo there. The old buffer is left as it was (a caller may still read
   * a released table in it).
   */
  private compact(room: number): void {
    const live = this.flatEnd - this.garbage;
    const next = new Uint8Array(Math.max(1 << 12, live + room, Math.min(Math.ceil((live + room) * 1.5), DENSE_BUDGET)));
    let end = 0;
    for (let x = 0; x < this.dense.length; x++) {
      const d = this.dense[x];
      if (d === null) continue;
      next.set(d, end);
      this.base[x] = end;
      this.dense[x] = next.subarray(end, end + d.length);
      end += d.length;
    }
    this.flat = next;
    this.flatEnd = end;
    this.garbage = 0;
    this.layout++;
  }

  /** Bytes of the dense memos' buffer, and of the memos in it (for tests). */
  memoBytes(): { buffer: number; live: number } {
    return { buffer: this.flat.length, live: this.denseBytes };
  }

  /** Moves instance i's answers to a table with `want` bits per actor (or to a Map when too large). */
  private relayout(i: number, want: Int32Array): void {
    const s0 = this.actorOff[i];
    const s1 = this.actorOff[i + 1];
    const old = this.dense[i]!;
    const oldBits = this.bits.slice(s0, s1);
    const total = want.reduce((x, b) => x + b, 0);
    const toMap = total > DENSE_MAX_BITS || this.denseBytes - old.length + (1 << total) > DENSE_BUDGET;
    // (`old` stays readable: a compaction copies the live memos into a new buffer and leaves the old one be.)
    this.release(i);
    if (!toMap) this.reserve(i, 1 << total);
    const table = toMap ? null : this.dense[i];
    const map = toMap ? new Map<string, boolean>() : null;
    const ids = new Int32Array(s1 - s0);
    for (let key = 0; key < old.length; key++) {
      if (old[key] === UNKNOWN) continue;
      // Decode the ids (last actor in the lowest bits), then encode them anew.
      let rest = key;
      for (let j = ids.length - 1; j >= 0; j--) {
        ids[j] = rest & ((1 << oldBits[j]) - 1);
        rest >>>= oldBits[j];
      }
      if (map) {
        map.set(Array.from(ids, (x) => `${x},`).join(''), old[key] === HOLDS);
      } else {
        let k2 = 0;
        for (let j = 0; j < ids.length; j++) k2 = (k2 << want[j]) | ids[j];
        table![k2] = old[key];
      }
    }
    this.sparse[i] = map;
    this.bits.set(want, s0);
  }
}

/**
 * The memoised form of an invariant declared with forAll (built once by compileSystem, so its memo
 * serves every search of the compiled system), or null for any other property.
 */
export function forAllOf(cs: CompiledSystem, p: Property): ForAllInvariant | null {
  return p.kind === 'always' && p.forAll ? cs.forAll.get(p.name) ?? null : null;
}
