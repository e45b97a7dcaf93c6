import type { Snapshot } from '../spec/system.ts';

/**
 * Interned snapshots are shared by every state that holds them: a predicate, guard or page query that
 * wrote to one (`s.c1.value = 'done'`, a typo for ===) would silently change every such state for the
 * rest of the run. They are frozen once, when interned, so such a write throws instead (a TypeError in
 * strict code; see isStateWrite). XState never writes to a snapshot: each step builds a new one.
 */
export function freezeSnapshot<S extends Snapshot>(snap: S): S {
  for (const [k, v] of Object.entries(snap)) {
    // The machine is XState's (it caches on its nodes); _nodes and historyValue hold its state nodes.
    if (k === 'machine' || typeof v === 'function') continue;
    if (k === '_nodes') Object.freeze(v);
    else if (k === 'historyValue' && v && typeof v === 'object') {
      for (const nodes of Object.values(v as object)) Object.freeze(nodes);
      Object.freeze(v);
    } else deepFreeze(v);
  }
  return Object.freeze(snap);
}

/** Objects frozen with everything they hold (contexts share structure: each is walked once). */
const done = new WeakSet<object>();

/** Freezes plain data all the way down; a Map, Set or Date also loses its mutators (freezing alone keeps them). */
export function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || done.has(v)) return;
  done.add(v);
  if (v instanceof Map) {
    for (const [k, x] of v) {
      deepFreeze(k);
      deepFreeze(x);
    }
    lock(v, ['set', 'delete', 'clear']);
  } else if (v instanceof Set) {
    for (const x of v) deepFreeze(x);
    lock(v, ['add', 'delete', 'clear']);
  } else if (v instanceof Date) {
    lock(v, Object.getOwnPropertyNames(Date.prototype).filter((n) => n.startsWith('set')));
  } else if (ArrayBuffer.isView(v)) {
    return; // A typed array cannot be frozen (contexts are plain data: canonicalKey refuses them anyway).
  } else {
    for (const x of Object.values(v)) deepFreeze(x);
  }
  Object.freeze(v);
}

/**
 * Shadows the named mutators of a Map, Set or Date with one that throws. One the spec froze itself (an
 * Immer-produced context, a frozen constant) cannot take new properties: it is left as it is.
 */
function lock(o: object, methods: string[]): void {
  if (!Object.isExtensible(o)) return;
  const kind = o.constructor.name;
  for (const m of methods) {
    Object.defineProperty(o, m, {
      value: () => {
        throw new TypeError(`Cannot ${m} on a read-only ${kind} of the state`);
      },
    });
  }
}

/**
 * Whether a thrown value is the TypeError of a write to frozen state (V8's messages for an assignment,
 * a new or deleted property, a redefinition, or lock's). Checked by name, not instanceof: a predicate
 * typed in the explorer runs in its own vm context, whose TypeError is another class.
 */
export function isStateWrite(e: unknown): boolean {
  if (!e || typeof e !== 'object' || (e as Error).name !== 'TypeError') return false;
  return /^Cannot (assign to read only property|add property|delete property|redefine property|define property)|object is not extensible|read-only/.test(String((e as Error).message));
}
