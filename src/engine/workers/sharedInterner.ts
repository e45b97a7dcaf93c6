import { deserialize, serialize } from 'node:v8';
import { LeasecheckError } from '../../errors.ts';
import type { ActorTable } from '../actorTable.ts';
import type { Snapshot } from '../../spec/system.ts';

/** Words of the control array the interner uses (see parallel.ts for the others). */
export const LOCK = 0;
export const LOG_END = 1;

/**
 * One interning order for every thread: local ids must mean the same snapshot in every worker,
 * because states travel between threads as vectors of local ids and fingerprints are computed from them.
 *
 * The log is a SharedArrayBuffer of entries [actor, id, byte length, v8-serialised { key, value,
 * context, status, history }], appended under a spin lock (Atomics.compareExchange on control[LOCK]);
 * control[LOG_END] is its end, stored after the entry is written. A thread that meets a snapshot it
 * has not interned takes the lock, first adopts every entry it has not read (rebuilding each snapshot
 * with machine.resolveState), then either finds the key (another thread interned it) or appends it
 * with the next id of that actor. Ids are therefore dense and in log order in every thread.
 *
 * Memo misses are rare (XState runs once per distinct local step), so the lock is rarely contended.
 *
 * The same log numbers other strings every thread must number alike (internName): an entry whose actor
 * word is -1 - space holds a key of that name space, e.g. symmetry reduction's abstracted snapshots,
 * whose numbers order a group's members (symmetry.ts), so that every thread picks the same canonical form.
 */
export class SharedInterner {
  private read = 0;
  private readonly bytes: Uint8Array;
  private readonly words: Int32Array;
  /** Per name space: the number of each key (see internName). */
  private readonly names: Map<string, number>[] = [];

  constructor(
    private readonly control: Int32Array,
    log: SharedArrayBuffer,
    private readonly tables: ActorTable[],
  ) {
    this.bytes = new Uint8Array(log);
    this.words = new Int32Array(log);
  }

  /** Appends every snapshot the tables hold (the coordinator's initial ones), in id order: ids 0.. everywhere. */
  publishExisting(): void {
    for (const t of this.tables) for (let id = 0; id < t.snapshots.length; id++) this.append(t, t.keyOf(id), t.snapshots[id], id);
  }

  /** Makes every table use the shared order. */
  attach(): void {
    for (const t of this.tables) t.shared = this;
  }

  /** ActorTable.shared: the id of a snapshot this thread has not interned yet. */
  intern(table: ActorTable, key: string, snap: Snapshot): number {
    this.lock();
    try {
      this.catchUp();
      const known = table.idOf(key);
      if (known !== undefined) return known;
      this.append(table, key, snap, table.snapshots.length);
      return table.adopt(key, snap);
    } finally {
      this.unlock();
    }
  }

  /**
   * The number of `key` in name space `space`, the same in every thread: numbers are given in log
   * order, from 0 in each space.
   */
  internName(space: number, key: string): number {
    const known = this.nameSpace(space).get(key);
    if (known !== undefined) return known;
    this.lock();
    try {
      this.catchUp();
      const names = this.nameSpace(space);
      const again = names.get(key);
      if (again !== undefined) return again;
      this.appendName(space, key);
      return names.get(key)!;
    } finally {
      this.unlock();
    }
  }

  /** Publishes keys numbered 0.. in this thread before the log was shared (the log must hold no names of `space`). */
  publishNames(space: number, keys: Iterable<string>): void {
    for (const key of keys) this.appendName(space, key);
  }

  private nameSpace(space: number): Map<string, number> {
    return (this.names[space] ??= new Map());
  }

  private appendName(space: number, key: string): void {
    const names = this.nameSpace(space);
    this.write(-1 - space, names.size, serialize(key));
    names.set(key, names.size);
  }

  /** Adopts every entry appended since the last call (lock-free: entries before LOG_END are complete). */
  catchUp(): void {
    const end = Atomics.load(this.control, LOG_END);
    while (this.read < end) {
      const w = this.read >> 2;
      const actor = this.words[w];
      const id = this.words[w + 1];
      const len = this.words[w + 2];
      const start = this.read + 12;
      if (actor < 0) {
        const names = this.nameSpace(-1 - actor);
        if (id >= names.size) {
          if (id !== names.size) throw new Error(`bug: shared name space ${-1 - actor} skipped to ${id}`);
          names.set(deserialize(this.bytes.slice(start, start + len)) as string, id);
        }
        this.read = start + ((len + 3) & ~3);
        continue;
      }
      const table = this.tables[actor];
      if (id >= table.snapshots.length) {
        const e = deserialize(this.bytes.slice(start, start + len)) as { key: string; value: unknown; context: unknown; status: string; history?: Record<string, string[]> };
        if (id !== table.snapshots.length) throw new Error(`bug: shared interning of ${table.name} skipped to id ${id}`);
        const historyValue = e.history
          ? Object.fromEntries(Object.entries(e.history).map(([k, ids]) => [k, ids.map((n) => table.machine.getStateNodeById(n))]))
          : undefined;
        const snap = table.machine.resolveState({ value: e.value, context: e.context, status: e.status, ...(historyValue ? { historyValue } : {}) } as never) as Snapshot;
        table.adopt(e.key, snap);
      }
      this.read = start + ((len + 3) & ~3);
    }
  }

  private append(table: ActorTable, key: string, snap: Snapshot, id: number): void {
    const hv = (snap as { historyValue?: Record<string, { id: string }[]> }).historyValue;
    const history = hv && Object.keys(hv).length > 0 ? Object.fromEntries(Object.entries(hv).map(([k, ns]) => [k, ns.map((n) => n.id)])) : undefined;
    this.write(table.index, id, serialize({ key, value: snap.value, context: snap.context, status: snap.status, ...(history ? { history } : {}) }));
  }

  /** Appends entry [actor, id, length, body] (the lock held, or no other thread started). */
  private write(actor: number, id: number, body: Uint8Array): void {
    const at = Atomics.load(this.control, LOG_END);
    const end = at + 12 + ((body.length + 3) & ~3);
    if (end > this.bytes.length) throw new LeasecheckError('LC032', `the shared interning log is full (${this.bytes.length} bytes); run with one worker`);
    const w = at >> 2;
    this.words[w] = actor;
    this.words[w + 1] = id;
    this.words[w + 2] = body.length;
    this.bytes.set(body, at + 12);
    Atomics.store(this.control, LOG_END, end);
    this.read = end;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.control, LOCK, 0);
    Atomics.notify(this.control, LOCK, 1);
  }
}
