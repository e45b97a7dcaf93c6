import { canonicalKey } from '../util/canonical.ts';
import type { CompiledSystem } from './compile.ts';
import type { Snapshot } from '../spec/system.ts';

/** Separates the keys of a path ('context\u0001fds\u000110'); a path ending in WILD is the whole subtree there. */
const SEP = '\u0001';
const WILD = '*';
/**
 * A path ending in KIND reads only what sort of value is there (an object, an array, null, a number,
 * ...): taking `ctx.lease` to follow it, or to test `ctx.lease !== null`, reads that much, and a step
 * that turns the object into null changes it. Without it, such a read recorded nothing.
 */
const KIND = '\u0002kind';

/**
 * Which parts of an actor's snapshot a function reads: paths into it, seen by wrapping the snapshot in
 * a recording proxy while the function runs (readSetMemo.ts, for partial-order reduction). A path is
 * a leaf read (`context.fds.16`: that value, or its absence), or a whole subtree (`context.fds.*`: its
 * keys were enumerated, or it was handed to something that cannot be followed). Paths get small ids per
 * actor; `changed(a, x, y)` says which of actor a's known paths differ between its locals x and y, so
 * that a step that only changes `context.mapped` is independent of a guard that only reads
 * `context.fds.16` of the same actor.
 *
 * Snapshot methods are taken as reads of what they depend on: `matches`, `hasTag` and `getMeta` read
 * the state value, anything else (`can`, `toJSON`, ...) the whole snapshot.
 */
export class PathIndex {
  /** Per actor: path text -> id, and each id's keys (WILD last for a subtree). */
  private readonly ids: Map<string, number>[];
  private readonly paths: string[][][];
  /** Per actor: changed-path lists by step (x * STRIDE + y), and how many paths each was computed for. */
  private readonly steps: Map<number, { count: number; changed: Int32Array }>[];

  constructor(private readonly cs: CompiledSystem) {
    const k = cs.actorNames.length;
    this.ids = Array.from({ length: k }, () => new Map());
    this.paths = Array.from({ length: k }, () => []);
    this.steps = Array.from({ length: k }, () => new Map());
  }

  /** The id of a path of actor a (registered if new). */
  idOf(a: number, path: string): number {
    let id = this.ids[a].get(path);
    if (id === undefined) {
      id = this.paths[a].length;
      this.ids[a].set(path, id);
      this.paths[a].push(path === '' ? [] : path.split(SEP));
    }
    return id;
  }

  /** The id of actor a's whole snapshot (any change at all). */
  wholeId(a: number): number {
    return this.idOf(a, WILD);
  }

  /** How many paths actor a has. */
  count(a: number): number {
    return this.paths[a].length;
  }

  /** The ids of actor a's paths whose values differ between its locals x and y (empty when x === y). */
  changed(a: number, x: number, y: number): Int32Array {
    if (x === y) return EMPTY;
    const key = x * STRIDE + y;
    const n = this.paths[a].length;
    const hit = this.steps[a].get(key);
    if (hit && hit.count === n) return hit.changed;
    const sx = this.cs.tables[a].snapshots[x];
    const sy = this.cs.tables[a].snapshots[y];
    const out: number[] = hit ? Array.from(hit.changed) : [];
    for (let p = hit ? hit.count : 0; p < n; p++) if (differs(sx, sy, this.paths[a][p])) out.push(p);
    const changed = Int32Array.from(out);
    this.steps[a].set(key, { count: n, changed });
    return changed;
  }

  /**
   * A view of `snap` (actor a) that calls record(pathId) for every part of it read. Only plain objects
   * and arrays are followed; a Map, Set, Date or class instance met on the way is read whole.
   */
  track(a: number, snap: Snapshot, record: (path: number) => void): Snapshot {
    return wrap(snap as unknown as object, '', (path) => record(this.idOf(a, path)), true) as unknown as Snapshot;
  }
}

const STRIDE = 2 ** 26;
const EMPTY = new Int32Array(0);

function isPlain(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const join = (prefix: string, key: string) => (prefix === '' ? key : prefix + SEP + key);

/** A write through a tracking view: the state is read-only (interned snapshots are frozen). */
function refuse(key: string | symbol, what: string): never {
  throw new TypeError(`Cannot ${what} property '${String(key)}': the state is read-only`);
}

/**
 * A recording view of `obj`. Its target is an empty stand-in of the same kind, every trap reading
 * `obj`: a proxy of a frozen object (interned snapshots are, see freezeSnapshot.ts) must return its
 * properties as they are, and could not wrap the objects it holds to follow reads into them.
 */
function wrap(obj: object, prefix: string, record: (path: string) => void, root: boolean): object {
  const isArray = Array.isArray(obj);
  const stand: object = isArray ? [] : Object.create(Object.getPrototypeOf(obj) as object | null);
  return new Proxy(stand, {
    get(_, key) {
      const v = Reflect.get(obj, key);
      if (typeof key === 'symbol') return v;
      const path = join(prefix, key);
      if (typeof v === 'function') {
        // A method reads what it depends on; called with the proxy as `this`, it is followed anyway,
        // but matches() answers from a cache kept on the snapshot without reading `value`.
        if (root && (key === 'matches' || key === 'hasTag' || key === 'getMeta')) record('value' + SEP + WILD);
        else if (root || !isArray) record(join(prefix, WILD));
        return v;
      }
      if (v !== null && typeof v === 'object') {
        if (isPlain(v)) {
          record(join(path, KIND));
          return wrap(v, path, record, false);
        }
        record(join(path, WILD));
        return v;
      }
      record(path);
      return v;
    },
    has(_, key) {
      if (typeof key !== 'symbol') record(join(prefix, key));
      return Reflect.has(obj, key);
    },
    ownKeys() {
      record(join(prefix, WILD));
      return Reflect.ownKeys(obj);
    },
    getOwnPropertyDescriptor(_, key) {
      if (typeof key !== 'symbol') record(join(prefix, key));
      const d = Reflect.getOwnPropertyDescriptor(obj, key);
      // Reported as the stand-in may have it: configurable, but for an array's length (writable there).
      if (d === undefined) return undefined;
      return isArray && key === 'length' ? { ...d, writable: true } : { ...d, configurable: true };
    },
    set: (_, key) => refuse(key, 'assign to read only'),
    defineProperty: (_, key) => refuse(key, 'define'),
    deleteProperty: (_, key) => refuse(key, 'delete'),
  });
}

/** Whether the value at `path` (a subtree when it ends in WILD) differs between two snapshots. */
function differs(x: object, y: object, path: string[]): boolean {
  let a: unknown = x;
  let b: unknown = y;
  const last = path.length - 1;
  for (let i = 0; i <= last; i++) {
    const key = path[i];
    if (key === WILD && i === last) return canon(a) !== canon(b);
    if (key === KIND && i === last) return kindOf(a) !== kindOf(b);
    a = a !== null && typeof a === 'object' ? (a as Record<string, unknown>)[key] : undefined;
    b = b !== null && typeof b === 'object' ? (b as Record<string, unknown>)[key] : undefined;
    if (a === b) return false;
  }
  if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') return canon(a) !== canon(b);
  return !Object.is(a, b);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function canon(v: unknown): string {
  if (v !== null && typeof v === 'object' && !isPlain(v) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof Date)) {
    // A class instance (the machine, say): the same object is the same value.
    return `@${identity(v)}`;
  }
  try {
    return canonicalKey(v, 'value');
  } catch {
    return `@${identity(v)}`;
  }
}

const ids = new WeakMap<object, number>();
let nextId = 0;
function identity(v: unknown): number {
  if (v === null || typeof v !== 'object') return -1;
  let id = ids.get(v);
  if (id === undefined) ids.set(v, (id = nextId++));
  return id;
}
