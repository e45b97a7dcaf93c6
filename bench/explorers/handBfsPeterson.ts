/**
 * The hand-written reference for Peterson's filter lock: a BFS over packed integer states.
 *
 * Fields, 3 bits each, ten to a 32-bit word: for each process i its pc (0 idle, 1 setlvl, 2 setvic,
 * 3 wait, 4 cs), its local j and the shared level[i]; then victim[1..N-1] (victim[0] is never
 * written). A state is W = ceil(F / 10) words; the seen set is an open-addressing table of W-word
 * keys (linear probing), the queue a growable Uint32Array. Each process has at most one enabled
 * step, so a state has at most N successors; each new state is checked for mutual exclusion.
 */
export const PETERSON_MAX_N = 8;
const IDLE = 0;
const SETLVL = 1;
const SETVIC = 2;
const WAIT = 3;
const CS = 4;

export function handBfsPetersonStates(n: number): number {
  if (n < 2 || n > PETERSON_MAX_N) throw new Error(`hand BFS packs Peterson for 2 <= N <= ${PETERSON_MAX_N} (got ${n})`);
  const F = 3 * n + (n - 1);
  const W = Math.ceil(F / 10);
  const pcF = (i: number) => 3 * i;
  const jF = (i: number) => 3 * i + 1;
  const lvF = (i: number) => 3 * i + 2;
  const vicF = (v: number) => 3 * n + (v - 1);
  let cap = 1 << 16;
  let keys = new Uint32Array(cap * W);
  let used = new Uint8Array(cap);
  let size = 0;
  let queue = new Uint32Array(1 << 16);
  let tail = 0;
  const cur = new Uint32Array(W);
  const nxt = new Uint32Array(W);
  const f = new Int32Array(F);

  const hashOf = (s: Uint32Array) => {
    let h = 0x9e3779b9;
    for (let w = 0; w < W; w++) h = fmix(h ^ s[w]);
    return h;
  };
  const insert = (s: Uint32Array): boolean => {
    let slot = hashOf(s) & (cap - 1);
    for (;;) {
      if (used[slot] === 0) break;
      let same = true;
      for (let w = 0; w < W; w++) if (keys[slot * W + w] !== s[w]) { same = false; break; }
      if (same) return false;
      slot = (slot + 1) & (cap - 1);
    }
    used[slot] = 1;
    keys.set(s, slot * W);
    if (++size * 4 > cap * 3) grow();
    return true;
  };
  const grow = () => {
    const oldKeys = keys;
    const oldUsed = used;
    const oldCap = cap;
    cap *= 2;
    keys = new Uint32Array(cap * W);
    used = new Uint8Array(cap);
    const tmp = new Uint32Array(W);
    for (let s = 0; s < oldCap; s++) {
      if (oldUsed[s] === 0) continue;
      for (let w = 0; w < W; w++) tmp[w] = oldKeys[s * W + w];
      let slot = hashOf(tmp) & (cap - 1);
      while (used[slot] !== 0) slot = (slot + 1) & (cap - 1);
      used[slot] = 1;
      keys.set(tmp, slot * W);
    }
  };
  const set = (s: Uint32Array, field: number, v: number) => {
    const w = (field / 10) | 0;
    const sh = 3 * (field % 10);
    s[w] = ((s[w] & ~(7 << sh)) | (v << sh)) >>> 0;
  };
  const emit = () => {
    if (!insert(nxt)) return;
    let inCs = 0;
    for (let i = 0; i < n; i++) if (((nxt[(pcF(i) / 10) | 0] >>> (3 * (pcF(i) % 10))) & 7) === CS) inCs++;
    if (inCs > 1) throw new Error('hand BFS: two processes in the critical section');
    if (tail + W > queue.length) {
      const q = new Uint32Array(queue.length * 2);
      q.set(queue);
      queue = q;
    }
    queue.set(nxt, tail);
    tail += W;
  };

  insert(cur); // all zero: every process idle, j = 0, level = 0, victim = 0
  queue.set(cur, 0);
  tail = W;
  for (let head = 0; head < tail; head += W) {
    for (let w = 0; w < W; w++) cur[w] = queue[head + w];
    for (let x = 0; x < F; x++) f[x] = (cur[(x / 10) | 0] >>> (3 * (x % 10))) & 7;
    for (let i = 0; i < n; i++) {
      nxt.set(cur);
      const j = f[jF(i)];
      switch (f[pcF(i)]) {
        case IDLE:
          set(nxt, jF(i), 1);
          set(nxt, pcF(i), SETLVL);
          break;
        case SETLVL:
          set(nxt, lvF(i), j);
          set(nxt, pcF(i), SETVIC);
          break;
        case SETVIC:
          set(nxt, vicF(j), i);
          set(nxt, pcF(i), WAIT);
          break;
        case WAIT: {
          let free = f[vicF(j)] !== i;
          if (!free) {
            free = true;
            for (let k = 0; k < n; k++) if (k !== i && f[lvF(k)] >= j) { free = false; break; }
          }
          if (!free) continue;
          if (j < n - 1) {
            set(nxt, jF(i), j + 1);
            set(nxt, pcF(i), SETLVL);
          } else set(nxt, pcF(i), CS);
          break;
        }
        case CS:
          set(nxt, lvF(i), 0);
          set(nxt, jF(i), 0);
          set(nxt, pcF(i), IDLE);
          break;
      }
      emit();
    }
  }
  return size;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
