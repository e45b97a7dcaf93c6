import { handBfsPetersonStates } from './handBfsPeterson.ts';
import type { Explore, ModelName } from './index.ts';

/**
 * The "what plain JS can do" reference: a hand-written BFS over packed integer states.
 *
 * Position i (philosopher i and fork i) is a 3-bit slot: philosopher in bits 0-1 (0 think, 1 one,
 * 2 eat), fork in bit 2 (1 held). Slots 0-9 live in word `lo`, slots 10-19 in word `hi` (so N <= 20
 * and no slot straddles words). Every action instance is precompiled to masks: it is enabled when
 * (state & mask) == want, and its successor is state ^ flip. The seen set is an open-addressing
 * hash table (linear probing) with the (lo, hi) pair of a slot side by side in one Uint32Array, so a
 * probe touches one cache line; the queue is a growable Uint32Array of (lo, hi) pairs.
 * Like leasecheck's check(), it tests the invariant "neighbours never both eat" on each new state.
 */
export const HAND_BFS_MAX_N = 20;

/** The hand-written BFS of each model (DAX has none). */
export function handBfsExplorer(model: ModelName): Explore {
  if (model === 'peterson') return (n) => ({ states: handBfsPetersonStates(n) });
  if (model === 'philosophers') return (n) => ({ states: handBfsStates(n) });
  throw new Error('hand-bfs: no hand-written DAX model');
}
const SLOTS_PER_WORD = 10;
const EMPTY = 0xffffffff; // never a valid hi word: only its low 30 bits are used

interface Masks {
  maskLo: number;
  maskHi: number;
  wantLo: number;
  wantHi: number;
  flipLo: number;
  flipHi: number;
}

/** Bits `value` (width given by `mask`) at bit `offset` of slot i, as [lo, hi] contributions. */
function place(i: number, offset: number, value: number): [number, number] {
  const bits = (value << (3 * (i % SLOTS_PER_WORD) + offset)) >>> 0;
  return i < SLOTS_PER_WORD ? [bits, 0] : [0, bits];
}

class MaskBuilder {
  m: Masks = { maskLo: 0, maskHi: 0, wantLo: 0, wantHi: 0, flipLo: 0, flipHi: 0 };
  phil(i: number, from: number, to: number): this {
    return this.field(i, 0, 3, from, to);
  }
  fork(i: number, from: number, to: number): this {
    return this.field(i, 2, 1, from, to);
  }
  private field(i: number, offset: number, width: number, from: number, to: number): this {
    const [ml, mh] = place(i, offset, width);
    const [wl, wh] = place(i, offset, from);
    const [fl, fh] = place(i, offset, from ^ to);
    const m = this.m;
    m.maskLo |= ml; m.maskHi |= mh; m.wantLo |= wl; m.wantHi |= wh; m.flipLo |= fl; m.flipHi |= fh;
    return this;
  }
}

function actions(n: number): Masks[] {
  const out: Masks[] = [];
  for (let i = 0; i < n; i++) {
    const r = (i + 1) % n;
    out.push(new MaskBuilder().phil(i, 0, 1).fork(i, 0, 1).m); // takeLeft
    out.push(new MaskBuilder().phil(i, 1, 2).fork(r, 0, 1).m); // takeRight
    out.push(new MaskBuilder().phil(i, 2, 0).fork(i, 1, 0).fork(r, 1, 0).m); // release
  }
  return out;
}

/** Set of (lo, hi) pairs; hi === EMPTY marks a free slot. */
class PairSet {
  private keys: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /** Adds the pair; true when it was not there. */
  add(lo: number, hi: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let s = hash(lo, hi) & mask;
    for (;;) {
      const h = keys[2 * s + 1];
      if (h === EMPTY) break;
      if (h === hi && keys[2 * s] === lo) return false;
      s = (s + 1) & mask;
    }
    keys[2 * s] = lo;
    keys[2 * s + 1] = hi;
    if (++this.size * 4 > (mask + 1) * 3) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.keys;
    const cap = (this.mask + 1) * 2;
    const keys = new Uint32Array(cap * 2).fill(EMPTY);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i + 1];
      if (hi === EMPTY) continue;
      const lo = old[i];
      let s = hash(lo, hi) & mask;
      while (keys[2 * s + 1] !== EMPTY) s = (s + 1) & mask;
      keys[2 * s] = lo;
      keys[2 * s + 1] = hi;
    }
    this.keys = keys;
    this.mask = mask;
  }
}

/** murmur3's 32-bit finaliser. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hash(lo: number, hi: number): number {
  return fmix(lo ^ fmix(hi));
}

export function handBfsStates(n: number): number {
  if (n < 2 || n > HAND_BFS_MAX_N) throw new Error(`hand BFS packs N <= ${HAND_BFS_MAX_N} (got ${n})`);
  const acts = actions(n);
  const A = acts.length;
  const maskLo = Uint32Array.from(acts, (a) => a.maskLo);
  const maskHi = Uint32Array.from(acts, (a) => a.maskHi);
  const wantLo = Uint32Array.from(acts, (a) => a.wantLo);
  const wantHi = Uint32Array.from(acts, (a) => a.wantHi);
  const flipLo = Uint32Array.from(acts, (a) => a.flipLo);
  const flipHi = Uint32Array.from(acts, (a) => a.flipHi);
  // Invariant: for no i are philosophers i and i+1 both eating (phil bits == 2 in both slots).
  const eat = Array.from({ length: n }, (_, i) => new MaskBuilder().phil(i, 2, 2).phil((i + 1) % n, 2, 2).m);
  const eatMaskLo = Uint32Array.from(eat, (m) => m.maskLo);
  const eatMaskHi = Uint32Array.from(eat, (m) => m.maskHi);
  const eatWantLo = Uint32Array.from(eat, (m) => m.wantLo);
  const eatWantHi = Uint32Array.from(eat, (m) => m.wantHi);

  const seen = new PairSet(1 << 16);
  let queue = new Uint32Array(1 << 16);
  let tail = 0;
  seen.add(0, 0);
  queue[tail++] = 0;
  queue[tail++] = 0;
  for (let head = 0; head < tail; head += 2) {
    const lo = queue[head];
    const hi = queue[head + 1];
    for (let a = 0; a < A; a++) {
      if ((lo & maskLo[a]) !== wantLo[a] || (hi & maskHi[a]) !== wantHi[a]) continue;
      const nlo = (lo ^ flipLo[a]) >>> 0;
      const nhi = (hi ^ flipHi[a]) >>> 0;
      if (!seen.add(nlo, nhi)) continue;
      for (let i = 0; i < n; i++) {
        if ((nlo & eatMaskLo[i]) === eatWantLo[i] && (nhi & eatMaskHi[i]) === eatWantHi[i]) {
          throw new Error('hand BFS: two neighbours eat at once');
        }
      }
      if (tail + 2 > queue.length) {
        const q = new Uint32Array(queue.length * 2);
        q.set(queue);
        queue = q;
      }
      queue[tail++] = nlo;
      queue[tail++] = nhi;
    }
  }
  return seen.size;
}
