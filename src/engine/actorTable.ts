import { transition, type AnyStateMachine, type EventObject } from 'xstate';
import { running } from './specCalls.ts';
import { freezeSnapshot, isStateWrite } from './freezeSnapshot.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { canonicalKey } from '../util/canonical.ts';
import { zobristHi, zobristLo } from './fingerprint.ts';
import type { Snapshot } from '../spec/system.ts';

const UNKNOWN = 0;
const DISABLED = -1;

/**
 * One actor's distinct snapshots, interned to small integers, and the memo
 * (local snapshot, event) -> next local snapshot. XState runs once per distinct local step;
 * every later global transition that repeats it is an array lookup.
 */
let adopted = 0;

/** Snapshots interned so far by every table of this thread: a cheap "has any table grown?" test. */
export function adoptedSoFar(): number {
  return adopted;
}

export class ActorTable {
  readonly snapshots: Snapshot[] = [];
  readonly events: EventObject[] = [];
  private readonly keys = new Map<string, number>();
  /** The interning key of each local id. */
  private readonly keyList: string[] = [];
  private readonly eventIds = new Map<string, number>();
  /**
   * The step memo, three ints per (local, event), at 3 * (local * events.length + ev): the outcome
   * (0 unknown, -1 disabled, k + 1 = next local k), then the XOR of the two locals' Zobrist keys (hi,
   * lo): what the step does to a fingerprint. Read directly by the successor loop (successors.ts);
   * replaced (never shrunk) when it grows.
   */
  memo = new Int32Array(0);
  /** XState runs (memo misses), for statistics. */
  steps = 0;
  /**
   * Per local snapshot: the instance groups (see CompiledSystem.groups) whose first event is enabled
   * here, as pairs [group, next local].
   */
  private enabledGroups: (Int32Array | undefined)[] = [];
  /** enabledFirstAt's cache, by local snapshot. */
  private readonly enabledFirst: (Int32Array | undefined)[] = [];
  /** Zobrist keys of each local snapshot (see fingerprint.ts), filled on interning. */
  zHi = new Int32Array(64);
  zLo = new Int32Array(64);
  /** This actor's index in the state vector (set by compileSystem; it seeds the Zobrist keys). */
  index = 0;

  constructor(
    readonly name: string,
    readonly machine: AnyStateMachine,
  ) {}

  /** Registers an event this actor may take; all must be registered before exploring. */
  eventId(event: EventObject): number {
    const key = canonicalKey(event, `event ${event.type} for ${this.name}`);
    let id = this.eventIds.get(key);
    if (id === undefined) {
      if (this.snapshots.length > 0 && this.memo.length > 0) throw new Error('bug: event registered after exploring');
      id = this.events.length;
      this.events.push(event);
      this.eventIds.set(key, id);
    }
    return id;
  }

  /**
   * When set (worker threads), new snapshots get their ids from the interning protocol shared by every
   * thread, so that a local id means the same snapshot everywhere (see workers/sharedInterner.ts).
   */
  shared?: { intern(table: ActorTable, key: string, snap: Snapshot): number };

  /** The local id of a snapshot, interning it if new. */
  intern(snap: Snapshot): number {
    const key = snapshotKey(snap, this.name);
    const id = this.keys.get(key);
    if (id !== undefined) return id;
    return this.shared ? this.shared.intern(this, key, snap) : this.adopt(key, snap);
  }

  /** The id of `key` if interned here, else undefined. */
  idOf(key: string): number | undefined {
    return this.keys.get(key);
  }

  /** The interning key of local id `id`. */
  keyOf(id: number): string {
    return this.keyList[id];
  }

  /** Appends a snapshot under the next id (its key must be new here). */
  adopt(key: string, snap: Snapshot): number {
    adopted++;
    const id = this.snapshots.length;
    this.snapshots.push(freezeSnapshot(memoiseMatches(snap)));
    this.keys.set(key, id);
    this.keyList.push(key);
    if (id >= this.zHi.length) {
      const hi = new Int32Array(this.zHi.length * 2);
      const lo = new Int32Array(this.zLo.length * 2);
      hi.set(this.zHi);
      lo.set(this.zLo);
      this.zHi = hi;
      this.zLo = lo;
    }
    this.zHi[id] = zobristHi(this.index, id);
    this.zLo[id] = zobristLo(this.index, id);
    return id;
  }

  /** Next local id after `local` takes event `ev`, or -1 when the event is not enabled there. */
  next(local: number, ev: number): number {
    const slot = 3 * (local * this.events.length + ev);
    if (slot < this.memo.length) {
      const m = this.memo[slot];
      if (m !== UNKNOWN) return m === DISABLED ? -1 : m - 1;
    }
    return this.miss(local, ev, slot);
  }

  /** Pairs [group, next local] for the groups among `groups` (this actor's) whose first event is enabled at `local`; cached. */
  enabledGroupsAt(local: number, groups: Int32Array, groupEvent: Int32Array): Int32Array {
    let list = this.enabledGroups[local];
    if (list === undefined) {
      const on: number[] = [];
      for (let i = 0; i < groups.length; i++) {
        const nx = this.next(local, groupEvent[groups[i]]);
        if (nx >= 0) on.push(groups[i], nx);
      }
      list = Int32Array.from(on);
      this.enabledGroups[local] = list;
    }
    return list;
  }

  /**
   * Quadruples [instance, next local, Zobrist delta hi, delta lo] for every action instance whose first
   * participant is this actor and whose first event is enabled at `local`, in instance order; cached per
   * local. The deltas are the XOR of the two locals' keys: what the step does to a fingerprint.
   */
  enabledFirstAt(local: number, groups: Int32Array, idx: FirstIndex): Int32Array {
    let list = this.enabledFirst[local];
    if (list === undefined) {
      const on = this.enabledGroupsAt(local, groups, idx.groupEvent);
      const quads: [number, number, number, number][] = [];
      for (let i = 0; i < on.length; i += 2) {
        const g = on[i];
        const nx = on[i + 1];
        for (let j = idx.groupInstStart[g]; j < idx.groupInstStart[g + 1]; j++) {
          quads.push([idx.groupInst[j], nx, this.zHi[local] ^ this.zHi[nx], this.zLo[local] ^ this.zLo[nx]]);
        }
      }
      quads.sort((x, y) => x[0] - y[0]);
      list = Int32Array.from(quads.flat());
      this.enabledFirst[local] = list;
    }
    return list;
  }

  private miss(local: number, ev: number, slot: number): number {
    const snap = this.snapshots[local];
    const event = this.events[ev];
    let result = -1;
    running.what = `actor ${this.name}'s machine taking ${event.type} in state ${JSON.stringify(snap.value)}`;
    try {
      if (snap.can(event)) {
        const [nextSnap] = transition(this.machine, snap, event);
        if (nextSnap.status === 'error') throw (nextSnap as { error?: unknown }).error ?? new Error('machine entered error status');
        result = this.intern(nextSnap as Snapshot);
      }
    } catch (e) {
      if (e instanceof LeasecheckError) throw e;
      throw new LeasecheckError(
        'LC020',
        `actor ${this.name} in state ${JSON.stringify(snap.value)} threw on event ${event.type}: ${describeThrown(e)}${isStateWrite(e) ? ' (explored snapshots are frozen: an action must return new context values, not change the context in place)' : ''}`,
      );
    }
    running.what = null;
    this.steps++;
    if (slot >= this.memo.length) this.growMemo(slot + 3);
    this.memo[slot] = result < 0 ? DISABLED : result + 1;
    if (result >= 0) {
      this.memo[slot + 1] = this.zHi[local] ^ this.zHi[result];
      this.memo[slot + 2] = this.zLo[local] ^ this.zLo[result];
    }
    return result;
  }

  private growMemo(minLength: number): void {
    let cap = Math.max(this.events.length * 48, this.memo.length * 2);
    while (cap < minLength) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.memo);
    this.memo = next;
  }
}

/** The instances of each group (CSR: group g's are groupInst[groupInstStart[g] .. groupInstStart[g+1])). */
export interface FirstIndex {
  groupEvent: Int32Array;
  groupInstStart: Int32Array;
  groupInst: Int32Array;
}

/** Identity of a snapshot for interning: status, state value, context, and history (when used). */
function snapshotKey(snap: Snapshot, actor: string): string {
  if (snap.children && Object.keys(snap.children).length > 0) {
    throw new LeasecheckError(
      'LC014',
      `actor ${actor} has child actors (${Object.keys(snap.children).join(', ')}); leasecheck composes machines with joint actions, not invoke/spawn`,
    );
  }
  const history = (snap as { historyValue?: Record<string, { id: string }[]> }).historyValue;
  const h = history && Object.keys(history).length > 0
    ? canonicalKey(Object.fromEntries(Object.entries(history).map(([k, ns]) => [k, ns.map((n) => n.id)])))
    : '';
  return `${snap.status}|${canonicalKey(snap.value, `${actor} state value`)}|${canonicalKey(snap.context, `${actor} context`)}|${h}`;
}

/** Per interned snapshot: its original matches() and the answers it gave, by string argument. */
interface MatchesMemo {
  original: (value: never) => boolean;
  answers: Map<string, boolean>;
  lastValue: unknown;
  lastAnswer: boolean;
}

const MEMO = Symbol('leasecheck.matches');

/**
 * The memoised matches() every interned snapshot gets: one shared function (so a predicate's call site
 * sees one target and can inline it), its answers kept on the snapshot. Most predicates ask one
 * question of an actor again and again: the last answer is checked first.
 */
function memoMatches(this: { [MEMO]: MatchesMemo }, value: unknown): boolean {
  const m = this[MEMO];
  if (value === m.lastValue) return m.lastAnswer;
  if (typeof value !== 'string') return m.original.call(this, value as never);
  let a = m.answers.get(value);
  if (a === undefined) {
    a = m.original.call(this, value as never);
    m.answers.set(value, a);
  }
  m.lastValue = value;
  m.lastAnswer = a;
  return a;
}

/**
 * Predicates call `s.x.matches('state')` on every state; XState parses the argument each time. An
 * interned snapshot never changes, so the answer per string argument is kept on it.
 */
function memoiseMatches(snap: Snapshot): Snapshot {
  const memo: MatchesMemo = { original: snap.matches as never, answers: new Map(), lastValue: undefined, lastAnswer: false };
  Object.defineProperty(snap, MEMO, { value: memo, enumerable: false });
  (snap as { matches: unknown }).matches = memoMatches;
  return snap;
}
