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
 */
export class ForAllInvariant {
  /** Instance i's actors are actors[actorOff[i] .. actorOff[i + 1]), with bits[j] bits for actor j's id. */
  private readonly actorOff: Int32Array;
  private readonly actors: Int32Array;
  private readonly bits: Int32Array;
  private readonly dense: (Uint8Array | null)[];
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
    this.dense = lists.map((l) => (2 * l.length <= DENSE_MAX_BITS && this.denseBytes + (1 << (2 * l.length)) <= DENSE_BUDGET ? this.table(1 << (2 * l.length)) : null));
    this.sparse = this.dense.map((d) => (d === null ? new Map() : null));
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
    const list = this.afterAction[t] ?? this.instancesReading(t);
    for (let x = 0; x < list.length; x++) if (!this.instanceHolds(list[x], vec, off)) return false;
    return true;
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

  private table(size: number): Uint8Array {
    this.denseBytes += size;
    return new Uint8Array(size);
  }

  /** Moves instance i's answers to a table with `want` bits per actor (or to a Map when too large). */
  private relayout(i: number, want: Int32Array): void {
    const s0 = this.actorOff[i];
    const s1 = this.actorOff[i + 1];
    const old = this.dense[i]!;
    const oldBits = this.bits.slice(s0, s1);
    const total = want.reduce((x, b) => x + b, 0);
    const toMap = total > DENSE_MAX_BITS || this.denseBytes - old.length + (1 << total) > DENSE_BUDGET;
    this.denseBytes -= old.length;
    const table = toMap ? null : this.table(1 << total);
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
    this.dense[i] = table;
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
