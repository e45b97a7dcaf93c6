import { callConstraint, callGuard } from './specCalls.ts';
import type { CompiledSystem } from './compile.ts';
import type { FirstIndex } from './actorTable.ts';
import type { Symmetry } from './symmetry.ts';
import type { GlobalState } from '../spec/system.ts';
import { grown } from './growable.ts';
import { ReadSetMemo } from './readSetMemo.ts';

/**
 * The successors of a run of states, in the order they were generated: fingerprint, action instance,
 * and whether the state constraint kept the successor (1) or not (0). The successor rows themselves are
 * not kept (most successors are known already): a new one is rebuilt from its parent by
 * Successors.build. Under symmetry the canonical row, which the fingerprint needed anyway, is kept in
 * `rows` (`width` ints an entry), so that it is not computed twice.
 */
export class SuccessorBatch {
  hi = new Int32Array(1024);
  lo = new Int32Array(1024);
  inst = new Int32Array(1024);
  kept = new Uint8Array(1024);
  rows: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(readonly width = 0) {
    this.rows = new Int32Array(1024 * width);
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `n` more entries. */
  reserve(n: number): void {
    const min = this.length + n;
    if (min <= this.hi.length) return;
    this.hi = grown(this.hi, min);
    this.lo = grown(this.lo, min);
    this.inst = grown(this.inst, min);
    this.kept = grown(this.kept, min);
    if (this.width > 0) this.rows = grown(this.rows, this.hi.length * this.width);
  }
}

/** Ints per participant after the first in Successors.instRest: actor, event, the actor's event count. */
const REST = 3;

/**
 * Successor generation, the search's inner loop, shared by the one-thread search (explore.ts) and the
 * worker threads (workers/worker.ts). A state is a row of k local ids followed by its 64-bit
 * fingerprint (hi, lo) in an Int32Array.
 *
 * For each state: the instances whose first participant can take its event there are read from a list
 * cached per (actor, local), with what each step does to the fingerprint. Every other participant's step
 * is one read of its actor's step memo, which holds the outcome and the XOR of the two locals' Zobrist
 * keys; an instance some participant cannot step is dropped at once, and the rest are marked in a
 * bitset and taken in instance order (the order fixes which parent a state gets, so it is kept). Only
 * when something must read the successor (a constraint, symmetry, an actor taking two events) is the
 * step applied on the row in place and undone; the successor's row is otherwise built by build(), and
 * only for the new ones.
 */
export class Successors {
  private readonly k: number;
  private readonly instFirst: Int32Array;
  private readonly instEv0: Int32Array;
  private readonly instOff: Int32Array;
  private readonly instRest: Int32Array;
  private readonly hasGuard: Uint8Array;
  /**
   * 1 when instance t's step must be applied on the row to compute its successor: a state constraint or
   * symmetry reads the successor, or an actor takes two events in the instance (the second step starts
   * where the first ended). Otherwise each participant's step reads the row as it is.
   */
  private readonly onRow: Uint8Array;
  private readonly firstIndex: FirstIndex;
  private readonly firstActors: Int32Array;
  private readonly words: number;
  private readonly cand: Int32Array;
  private readonly candNext: Int32Array;
  private readonly candDHi: Int32Array;
  private readonly candDLo: Int32Array;
  private readonly saved: Int32Array;
  /**
   * Per first actor (by position x in firstActors), by its local: a record per instance whose first step
   * is enabled there, in instance order: [t, next local, Zobrist delta hi, lo, n], then for an instance
   * settled while reading (onRow 0) its n other participants as (actor, 3 * event, 3 * the actor's
   * event count): where the step memo holds that participant's step; n = -1 for an onRow instance.
   * Flat, so that the inner loop reads typed arrays and no objects: the records of (x, local) are
   * recData[recIndex[recBase[x] + local] ..], preceded by their length. Actor x's block of recIndex has
   * recCap[x] entries (-1 where not built yet); a local past it moves the block to the end, twice as
   * wide (each actor's block is as wide as its own locals need, whatever the others' are).
   */
  private recData = new Int32Array(1 << 10);
  private recEnd = 0;
  private recIndex: Int32Array<ArrayBuffer>;
  private recIndexEnd: number;
  private readonly recBase: Int32Array;
  private readonly recCap: Int32Array;
  /**
   * Each actor's step memo (ActorTable.memo). A table replaces its memo when it grows, so this one may be
   * an older copy: its entries stay right, and an entry missing from it is looked up in the table (and
   * the copy refreshed), never taken as an answer.
   */
  private readonly memos: Int32Array[];
  /** Each instance's guard, remembered by the actors it reads (readSetMemo.ts). */
  readonly guards: ReadSetMemo;
  /** The state constraint (function 0), remembered by the actors it reads; null without one. */
  readonly constraint: ReadSetMemo | null;
  /** The state being expanded as it was before any step (see stepOnRow). */
  private readonly pre: Int32Array;

  /**
   * Under symmetry, asks whether a successor's own fingerprint is already in the seen set (set by the
   * explorer). If it is, the successor is a stored canonical state, so a duplicate: its canonical form
   * need not be computed (most successors of a canonical state are canonical, most of them seen).
   * A false answer only means the canonical form is computed; a true one must be exact.
   */
  seen: ((hi: number, lo: number) => boolean) | null = null;
  /** Successors the seen set did not answer (see seen): their canonical form was computed and looked up too. */
  askedInVain = 0;

  constructor(
    private readonly cs: CompiledSystem,
    /** Symmetry reduction: successors are fingerprinted (and rebuilt) in their canonical form. */
    private readonly sym?: Symmetry,
  ) {
    const { instances } = cs;
    const nInst = instances.length;
    this.k = cs.actorNames.length;
    this.instFirst = Int32Array.from(instances, (i) => i.actors[0]);
    this.instEv0 = Int32Array.from(instances, (i) => i.events[0]);
    // Per instance, flattened: (actor, event, the actor's event count) from the second participant on.
    this.instOff = new Int32Array(nInst + 1);
    for (let t = 0; t < nInst; t++) this.instOff[t + 1] = this.instOff[t] + REST * (instances[t].actors.length - 1);
    this.instRest = new Int32Array(this.instOff[nInst]);
    let maxArity = 1;
    for (let t = 0; t < nInst; t++) {
      const inst = instances[t];
      maxArity = Math.max(maxArity, inst.actors.length);
      for (let j = 1; j < inst.actors.length; j++) {
        const at = this.instOff[t] + REST * (j - 1);
        this.instRest[at] = inst.actors[j];
        this.instRest[at + 1] = inst.events[j];
        this.instRest[at + 2] = cs.tables[inst.actors[j]].events.length;
      }
    }
    this.hasGuard = Uint8Array.from(instances, (i) => (i.action.guard ? 1 : 0));
    const whole = !!cs.constraint || !!sym;
    this.onRow = Uint8Array.from(instances, (i) => (whole || new Set(i.actors).size < i.actors.length ? 1 : 0));
    this.firstIndex = firstIndexOf(cs);
    this.firstActors = Int32Array.from(cs.groups.groupsOf.flatMap((g, a) => (g.length > 0 ? [a] : [])));
    const nFirst = this.firstActors.length;
    this.recCap = new Int32Array(nFirst).fill(4);
    this.recBase = Int32Array.from({ length: nFirst }, (_, x) => 4 * x);
    this.recIndex = new Int32Array(Math.max(16, 8 * nFirst)).fill(-1);
    this.recIndexEnd = 4 * nFirst;
    this.memos = cs.tables.map((t) => t.memo);
    this.guards = new ReadSetMemo(cs, nInst, (t, view) => this.guardHolds(t, view));
    const c = cs.constraint;
    this.constraint = c ? new ReadSetMemo(cs, 1, (_, view) => callConstraint(c, view)) : null;
    this.pre = new Int32Array(this.k);
    this.words = (nInst + 31) >>> 5;
    this.cand = new Int32Array(this.words);
    this.candNext = new Int32Array(nInst);
    this.candDHi = new Int32Array(nInst);
    this.candDLo = new Int32Array(nInst);
    this.saved = new Int32Array(maxArity);
  }

  /**
   * Appends to `out` every successor of the states at rows[S * i] for i in [from, to) (rows of stride S),
   * state after state: participants able to step, then the action's guard (on the state before the
   * step), then the state constraint (on the state after it). `ends[i - from]` gets the batch length
   * after state i. The rows are left as they were. One call a run, so the setup is paid once.
   */
  expand(rows: Int32Array, from: number, to: number, S: number, out: SuccessorBatch, ends: Int32Array): void {
    const { k, cs, hasGuard, onRow, cand, candNext, candDHi, candDLo, words, firstActors, memos, pre } = this;
    const { recBase, recCap } = this;
    let { recData: rec, recIndex } = this;
    const { tables } = cs;
    const nInst = cs.instances.length;
    let { hi: oHi, lo: oLo, inst: oInst, kept: oKept } = out;
    let e = out.length;
    for (let i = from; i < to; i++) {
      // Every instance may give one successor: room for all, so the loop below writes without checking.
      if (e + nInst > oHi.length) {
        out.length = e;
        out.reserve(nInst);
        ({ hi: oHi, lo: oLo, inst: oInst, kept: oKept } = out);
      }
      const off = i * S;
      const baseHi = rows[off + k];
      const baseLo = rows[off + k + 1];
      // The state before any step, copied once a state for the guards of instances applied on the row.
      let preCopied = false;
      // 1. Each first participant's enabled instances. An instance whose participants all read the row
      //    as it is (onRow 0) is settled here: its other participants are looked up in their step memos
      //    (one read gives the outcome and what it does to the fingerprint), and only if all can step is
      //    it marked, with the successor's fingerprint. The others are marked with their first step, for 2.
      for (let x = 0; x < firstActors.length; x++) {
        const local = rows[off + firstActors[x]];
        let at = local < recCap[x] ? recIndex[recBase[x] + local] : -1;
        if (at < 0) {
          at = this.recordsAt(x, local);
          ({ recData: rec, recIndex } = this);
        }
        const recEnd = at + 1 + rec[at];
        let j = at + 1;
        while (j < recEnd) {
          const t = rec[j];
          const nRest = rec[j + 4];
          if (nRest < 0) {
            candNext[t] = rec[j + 1];
            candDHi[t] = rec[j + 2];
            candDLo[t] = rec[j + 3];
            cand[t >>> 5] |= 1 << (t & 31);
            j += 5;
            continue;
          }
          let hi = baseHi ^ rec[j + 2];
          let lo = baseLo ^ rec[j + 3];
          const end = j + 5 + 3 * nRest;
          let r = j + 5;
          for (; r < end; r += 3) {
            const a = rec[r];
            const was = rows[off + a];
            const slot = was * rec[r + 2] + rec[r + 1];
            let memo = memos[a];
            if (slot >= memo.length || memo[slot] === 0) {
              tables[a].next(was, rec[r + 1] / 3); // a memo miss: XState steps, and the memo may grow
              memo = memos[a] = tables[a].memo;
            }
            if (memo[slot] < 0) break;
            hi ^= memo[slot + 1];
            lo ^= memo[slot + 2];
          }
          j = end;
          if (r < end) continue;
          candDHi[t] = hi;
          candDLo[t] = lo;
          cand[t >>> 5] |= 1 << (t & 31);
        }
      }
      // 2. The marked instances in instance order (the order fixes which parent a state gets): the
      //    action's guard (on the state before the step), and for the others the step on the row.
      for (let w = 0; w < words; w++) {
        let bits = cand[w];
        if (bits === 0) continue;
        cand[w] = 0;
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          const t = (w << 5) | (31 - Math.clz32(low));
          if (onRow[t] === 0) {
            // The guard reads the state before the step, which the row still is.
            if (hasGuard[t] === 1 && !this.guards.holds(t, rows, off)) continue;
            oHi[e] = candDHi[t];
            oLo[e] = candDLo[t];
            oInst[e] = t;
            oKept[e] = 1;
            e++;
          } else {
            // The step is applied on the row before the guard is asked, which reads the copy made before.
            if (hasGuard[t] === 1 && !preCopied) {
              for (let a = 0; a < k; a++) pre[a] = rows[off + a];
              preCopied = true;
            }
            if (this.stepOnRow(t, rows, off, baseHi, baseLo, out, e)) e++;
          }
        }
      }
      ends[i - from] = e;
    }
    out.length = e;
  }

  /** Builds the records of (x, local) (see recData) from the table's cached list of enabled first steps; returns where they start. */
  private recordsAt(x: number, local: number): number {
    const { cs, instOff, instRest, onRow } = this;
    if (local >= this.recCap[x]) {
      // Actor x's block moves to the end, wide enough for `local` (its old place is left unused).
      let cap = this.recCap[x];
      while (cap <= local) cap *= 2;
      const base = this.recIndexEnd;
      if (base + cap > this.recIndex.length) this.recIndex = grown(this.recIndex, base + cap);
      this.recIndex.fill(-1, base, base + cap);
      this.recIndex.copyWithin(base, this.recBase[x], this.recBase[x] + this.recCap[x]);
      this.recBase[x] = base;
      this.recCap[x] = cap;
      this.recIndexEnd = base + cap;
    }
    const a0 = this.firstActors[x];
    const quads = cs.tables[a0].enabledFirstAt(local, cs.groups.groupsOf[a0], this.firstIndex);
    const out: number[] = [];
    for (let j = 0; j < quads.length; j += 4) {
      const t = quads[j];
      out.push(t, quads[j + 1], quads[j + 2], quads[j + 3]);
      if (onRow[t] === 1) {
        out.push(-1);
        continue;
      }
      out.push((instOff[t + 1] - instOff[t]) / REST);
      for (let r = instOff[t]; r < instOff[t + 1]; r += REST) out.push(instRest[r], 3 * instRest[r + 1], 3 * instRest[r + 2]);
    }
    const at = this.recEnd;
    if (at + 1 + out.length > this.recData.length) this.recData = grown(this.recData, at + 1 + out.length);
    this.recData[at] = out.length;
    this.recData.set(out, at + 1);
    this.recEnd = at + 1 + out.length;
    this.recIndex[this.recBase[x] + local] = at;
    return at;
  }

  private guardHolds(t: number, view: GlobalState): boolean {
    const inst = this.cs.instances[t];
    return callGuard(inst.action.guard!, view, inst.params, inst.label);
  }

  /**
   * Instance t applied on the row in place (a constraint or symmetry reads the successor, or an actor
   * takes two events), then undone: writes batch entry e and returns true when every participant can
   * step and the guard holds.
   */
  private stepOnRow(t: number, rows: Int32Array, off: number, baseHi: number, baseLo: number, out: SuccessorBatch, e: number): boolean {
    const { k, cs, instFirst, instOff, instRest, hasGuard, candNext, candDHi, candDLo, saved, sym } = this;
    const { tables } = cs;
    const constraint = this.constraint;
    const a0 = instFirst[t];
    const was0 = rows[off + a0];
    let hi = baseHi ^ candDHi[t];
    let lo = baseLo ^ candDLo[t];
    rows[off + a0] = candNext[t];
    let ok = true;
    const restStart = instOff[t];
    const restEnd = instOff[t + 1];
    let r = restStart;
    for (; r < restEnd; r += REST) {
      const a = instRest[r];
      const ta = tables[a];
      const was = rows[off + a];
      const nx = ta.next(was, instRest[r + 1]);
      if (nx < 0) {
        ok = false;
        break;
      }
      hi ^= ta.zHi[was] ^ ta.zHi[nx];
      lo ^= ta.zLo[was] ^ ta.zLo[nx];
      saved[(r - restStart) / REST] = was;
      rows[off + a] = nx;
    }
    if (ok && hasGuard[t] === 1) ok = this.guards.holds(t, this.pre, 0);
    if (ok) {
      let kept = 1;
      if (constraint !== null && !constraint.holds(0, rows, off)) kept = 0;
      else if (sym && this.seen !== null && this.seen(hi, lo)) {
        // A canonical state seen before: a duplicate, looked up again by the explorer, never built.
      } else if (sym) {
        if (this.seen !== null) this.askedInVain++;
        // The canonical form is the successor kept, and kept for build(). Each actor's Zobrist keys are in
        // its table (every local of a canonical form is interned).
        const canon = out.rows;
        const at = e * k;
        if (!sym.canon(rows, off, canon, at)) {
          // Not the state itself: fingerprinted afresh (when it is, the step's fingerprint is its own).
          hi = 0;
          lo = 0;
          for (let a = 0; a < k; a++) {
            const id = canon[at + a];
            hi ^= tables[a].zHi[id];
            lo ^= tables[a].zLo[id];
          }
        }
      }
      out.hi[e] = hi;
      out.lo[e] = lo;
      out.inst[e] = t;
      out.kept[e] = kept;
    }
    // Undo the step, last participant first (an actor may take two events in one instance).
    for (r -= REST; r >= restStart; r -= REST) rows[off + instRest[r]] = saved[(r - restStart) / REST];
    rows[off + a0] = was0;
    return ok;
  }

  /** A batch for expand(): under symmetry it keeps each successor's canonical row. */
  newBatch(): SuccessorBatch {
    return new SuccessorBatch(this.sym ? this.k : 0);
  }

  /**
   * Writes into dst[wr ..] the state (k locals, no fingerprint) of batch entry e, which expand() found
   * from the state at src[off] by instance t: in canonical form under symmetry.
   */
  build(batch: SuccessorBatch, e: number, t: number, src: Int32Array, off: number, dst: Int32Array, wr: number): void {
    const { k, cs, instFirst, instOff, instRest } = this;
    if (this.sym) {
      dst.set(batch.rows.subarray(e * k, e * k + k), wr);
      return;
    }
    const tables = cs.tables;
    for (let a = 0; a < k; a++) dst[wr + a] = src[off + a];
    const a0 = instFirst[t];
    dst[wr + a0] = tables[a0].next(dst[wr + a0], this.instEv0[t]);
    for (let r = instOff[t]; r < instOff[t + 1]; r += REST) {
      const a = instRest[r];
      dst[wr + a] = tables[a].next(dst[wr + a], instRest[r + 1]);
    }
  }
}

/** Each group's instances, in instance order (see ActorTable.enabledFirstAt). */
export function firstIndexOf(cs: CompiledSystem): FirstIndex {
  const { groupOf, groupEvent } = cs.groups;
  const nGroups = groupEvent.length;
  const groupInstStart = new Int32Array(nGroups + 1);
  for (let t = 0; t < groupOf.length; t++) groupInstStart[groupOf[t] + 1]++;
  for (let g = 0; g < nGroups; g++) groupInstStart[g + 1] += groupInstStart[g];
  const fill = groupInstStart.slice(0, nGroups);
  const groupInst = new Int32Array(groupOf.length);
  for (let t = 0; t < groupOf.length; t++) groupInst[fill[groupOf[t]]++] = t;
  return { groupEvent, groupInstStart, groupInst };
}
