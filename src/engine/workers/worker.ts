/**
 * A worker thread of the parallel search (see parallel.ts): for each search ('init') it rebuilds the
 * system from its origin, interns snapshots through the shared log, and expands chunks of each level's
 * frontier, inserting successors into the shared fingerprint table. Between searches ('end') it drops
 * the system and waits, with its modules loaded, for the next one.
 */
import { parentPort } from 'node:worker_threads';
import { LeasecheckError, describeThrown } from '../../errors.ts';
import { callPredicate, callTerminal } from '../specCalls.ts';
import { compileSystem, type CompiledSystem } from '../compile.ts';
import { isSystem, type System } from '../../spec/system.ts';
import { withKnobs } from '../../spec/define.ts';
import { importModule } from '../../load/importModule.ts';
import type { Predicate, Property } from '../../spec/property.ts';
import { forAllOf } from '../forAllInvariant.ts';
import { ReadSetMemo } from '../readSetMemo.ts';
import { livenessMarks } from '../liveness/checkLiveness.ts';
import { IntVec } from '../growable.ts';
import { SharedInterner } from './sharedInterner.ts';
import { CHUNK, COUNTER, CURSOR, PAUSE, ROWS_PER_BUFFER, STOP, type Buffers, type FromWorker, type ToWorker, type WorkerInit } from './protocol.ts';
import { Successors, type SuccessorBatch } from '../successors.ts';
import { hasShared, insertShared, rehashPart } from './sharedTable.ts';
import type { ForAllInvariant } from '../forAllInvariant.ts';
import { touchSlots } from '../fingerprintSet.ts';
import { Symmetry } from '../symmetry.ts';
import { spotChecked, spotCheckMarks, spotCheckSafety } from '../explore.ts';

const port = parentPort!;
// WARNING: never with a transfer list. Transferring an ArrayBuffer detaches it, and the first detach in
// a thread invalidates V8's ArrayBufferDetaching protector for good: from then on every typed-array
// access in optimised code checks for a detached buffer, and this thread's search ran 10-20% slower
// (docs/performance.md, "One worker was slower than one thread"). A level's counts are copied instead,
// and its edges shared.
const post = (m: FromWorker) => port.postMessage(m);

/** Loads the system from its origin, as the coordinator's caller built it. */
export async function loadOrigin(origin: WorkerInit['origin']): Promise<System> {
  const mod = await importModule(origin.module);
  const name = origin.export ?? 'default';
  // A module loaded as CommonJS has its exports wrapped once more, under default.
  const wrapped = (mod.default as Record<string, unknown> | undefined)?.[name];
  const exported = isSystem(mod[name]) || typeof mod[name] === 'function' || wrapped === undefined ? mod[name] : wrapped;
  let sys = origin.args ? await (exported as (...a: unknown[]) => unknown)(...origin.args) : exported;
  if (!isSystem(sys) && sys && typeof sys === 'object' && isSystem((sys as { system?: unknown }).system)) sys = (sys as { system: System }).system;
  if (!isSystem(sys)) throw new LeasecheckError('LC032', `worker: ${origin.module} export ${origin.export ?? 'default'} is not a system`);
  return origin.knobs ? withKnobs(sys, origin.knobs) : sys;
}

// The search this thread is part of, set by 'init' (see setUp) and dropped by 'end'.
let init!: WorkerInit;
let cs!: CompiledSystem;
let interner!: SharedInterner;
let control!: Int32Array;
let k = 0;
let S = 0;
let nInst = 0;
let succ!: Successors;
let sym: Symmetry | undefined;
let batch!: SuccessorBatch;
const stateEnd = new Int32Array(CHUNK);
let safety: { kind: 'always' | 'sometimes'; name: string; predicate: Predicate }[] = [];
// Invariants declared per instance (forAll) are read from this thread's own memo.
let memoised: (ForAllInvariant | null)[] = [];
let markPreds: readonly Predicate[] = [];
let markNames: readonly string[] = [];
// The other predicates, remembered by the actors they read (readSetMemo.ts).
let predicates!: ReadSetMemo;
let markMemo!: ReadSetMemo;
// succ.askedInVain at the end of the last level (a level's report gives its own).
let askedBefore = 0;
// Room a worker needs before claiming a chunk: every state of it may add an instance's worth of successors.
let headroom = 0;

async function setUp(m: WorkerInit): Promise<void> {
  init = m;
  cs = compileSystem(await loadOrigin(m.origin), m.scope);
  imgBuf = new Int32Array(cs.actorNames.length);
  control = new Int32Array(m.control);
  interner = new SharedInterner(control, m.log, cs.tables);
  interner.attach();
  interner.catchUp();
  k = cs.actorNames.length;
  S = k + 2;
  nInst = cs.instances.length;
  // Under symmetry, members are ordered by numbers given through the shared log, as every thread does.
  sym = m.symmetry ? new Symmetry(cs, m.symmetry) : undefined;
  sym?.shareNames(interner);
  succ = new Successors(cs, sym);
  if (sym && m.seenShortcut) succ.seen = present;
  askedBefore = 0;
  batch = succ.newBatch();
  safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes') as typeof safety;
  memoised = safety.map((p) => forAllOf(cs, p as Property));
  const live = m.safetyOnly ? [] : cs.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'eventually' || p.kind === 'possibly');
  const marks = livenessMarks(live);
  markPreds = marks.predicates;
  markNames = marks.names;
  predicates = new ReadSetMemo(cs, safety.length, (q, view) => callPredicate(safety[q].predicate, view, `property ${safety[q].name}`));
  markMemo = new ReadSetMemo(cs, markPreds.length, (q, view) => callPredicate(markPreds[q], view, marks.names[q]));
  headroom = m.workers * CHUNK * Math.max(1, nInst);
  report = fresh();
}

/** Lets the last search's system, memos and buffers go: an idle worker keeps only its loaded modules. */
function tearDown(): void {
  cs = undefined!;
  interner = undefined!;
  succ = undefined!;
  sym = undefined;
  batch = undefined!;
  memoised = [];
  predicates = undefined!;
  markMemo = undefined!;
  safety = [];
  markPreds = [];
  level = null;
  adopt({ table: new SharedArrayBuffer(12), slotWords: 3, parent: new SharedArrayBuffer(0), via: new SharedArrayBuffer(0), marks: [], frontier: [], next: [], capacity: 0 });
}

let table: Int32Array = new Int32Array(0);
let mask = 0;
/** The table's words a slot (Buffers.slotWords): 3 with a state graph, else 2. */
let slotWords: 2 | 3 = 3;
let parent: Int32Array = new Int32Array(0);
let via: Int32Array = new Int32Array(0);
let marks: Uint8Array[] = [];
let frontier: Int32Array[] = [];
let next: Int32Array[] = [];
let capacity = 0;

function adopt(b: Buffers): void {
  table = new Int32Array(b.table);
  slotWords = b.slotWords;
  mask = table.length / slotWords - 1;
  parent = new Int32Array(b.parent);
  via = new Int32Array(b.via);
  marks = b.marks.map((m) => new Uint8Array(m));
  frontier = b.frontier.map((x) => new Int32Array(x));
  next = b.next.map((x) => new Int32Array(x));
  capacity = b.capacity;
}

/**
 * With a state graph (3 words a slot): looks (hi, lo) up in the shared table, inserting it if absent
 * with the next index. A known state: its index; a new one: -(idx + 1).
 */
function insertIndexed(hi: number, lo: number): number {
  let s = (hi ^ (lo >>> 7)) & mask;
  for (;;) {
    const b = s * 3;
    // Fast path without a fence: a filled slot's words never change within an epoch, and a racy plain
    // read can only be stale towards 0 (the slot before it was filled). When all three read nonzero
    // (the index word positive) they are the slot's, and the comparison is certain; anything else
    // takes the fenced path below.
    const rp = table[b + 2];
    if (rp > 0) {
      const h = table[b];
      const l = table[b + 1];
      if (h !== 0 && l !== 0) {
        if (h === hi && l === lo) return rp - 1;
        s = (s + 1) & mask;
        continue;
      }
    }
    let r = Atomics.load(table, b + 2);
    if (r === 0) {
      if (Atomics.compareExchange(table, b + 2, 0, -1) === 0) {
        table[b] = hi;
        table[b + 1] = lo;
        const idx = Atomics.add(control, COUNTER, 1);
        Atomics.store(table, b + 2, idx + 1);
        return -(idx + 1);
      }
      r = Atomics.load(table, b + 2);
    }
    while (r === -1) r = Atomics.load(table, b + 2);
    if (table[b] === hi && table[b + 1] === lo) return r - 1;
    s = (s + 1) & mask;
  }
}

/**
 * Whether (hi, lo) is in the shared table, read without a fence (Successors.seen): true only when the
 * slot's words, read filled, match, so the answer is certain; a slot being written, or a racy read
 * stale towards 0, answers false (the caller then works it out).
 */
function present(hi: number, lo: number): boolean {
  if (slotWords === 2) return hasShared(table, mask, hi, lo);
  if (hi === 0 || lo === 0) return false;
  let s = (hi ^ (lo >>> 7)) & mask;
  for (;;) {
    const b = s * 3;
    const r = table[b + 2];
    if (r <= 0) return false;
    const h = table[b];
    const l = table[b + 1];
    if (h === hi && l === lo) return true;
    if (h === 0 || l === 0) return false;
    s = (s + 1) & mask;
  }
}

let level: { levelFirst: number; frontierSize: number; nextBase: number } | null = null;
/** Per safety property: 1 when found (settled) in an earlier level or by this worker in this one. */
let settled = new Uint8Array(0);
let report: ReturnType<typeof fresh>;

function fresh() {
  return { generated: 0, expanded: 0, fired: new Float64Array(nInst), firedNew: new Float64Array(nInst), found: new Map<string, number>(), deadlock: -1, edges: init.recordGraph ? new IntVec(1 << 12) : null };
}

/**
 * Checks new state idx, reached by action instance t. A forAll invariant not found violated in an
 * earlier level held at the parent, so only its instances reading t's participants are asked (as in
 * explore.ts), except under symmetry: the canonical row is not the parent's with t's participants
 * changed, so every instance is asked.
 */
/** Scratch for spotCheckSafety's images (sized when the system is compiled). */
let imgBuf = new Int32Array(0);
function onNewState(idx: number, vec: Int32Array, off: number, t: number): void {
  if (safety.length === 0 && markPreds.length === 0) return;
  for (let q = 0; q < safety.length; q++) {
    if (settled[q] === 1) continue;
    const p = safety[q];
    const inv = memoised[q];
    const value = inv === null ? predicates.holds(q, vec, off) : sym ? inv.holds(vec, off) : inv.holdsAfter(t, vec, off);
    const settles = value === (p.kind === 'always' ? false : true);
    // Under symmetry a safety predicate must treat members alike (explore.ts, spotCheckSafety).
    if (sym && (settles || spotChecked(idx))) spotCheckSafety(sym, p.name, (img) => (inv === null ? predicates.holds(q, img, 0) : inv.holds(img, 0)), value, vec, off, imgBuf);
    if (settles) {
      report.found.set(p.name, idx);
      settled[q] = 1;
    }
  }
  for (let m = 0; m < markPreds.length; m++) marks[m][idx] = markMemo.holds(m, vec, off) ? 1 : 0;
  if (sym && markPreds.length > 0 && spotChecked(idx)) spotCheckMarks(cs, sym, markPreds, markNames, vec, off, (m) => marks[m][idx] === 1);
}

/** A chunk's new states before they get their indices: batch entry and source position of each. */
let stagedEntry = new Int32Array(1024);
let stagedSrc = new Int32Array(1024);

/**
 * Expands frontier positions [from, to) (within one row buffer) as explore.ts does a block: successors
 * first (successors.ts), then their table slots touched as one batch, then each looked up in the
 * shared table in order.
 */
function expand(from: number, to: number): void {
  const { levelFirst, nextBase } = level!;
  const rows = frontier[(from / ROWS_PER_BUFFER) | 0];
  // Level position `first` is the buffer's row 0.
  const first = from - (from % ROWS_PER_BUFFER);
  batch.clear();
  succ.expand(rows, from - first, to - first, S, batch, stateEnd);
  const { hi: bHi, lo: bLo, inst: bInst, kept: bKept } = batch;
  touchSlots(table, mask, slotWords, bHi, bLo, batch.length);
  if (stagedEntry.length < batch.length) {
    stagedEntry = new Int32Array(batch.length * 2);
    stagedSrc = new Int32Array(batch.length * 2);
  }
  let staged = 0;
  let b = 0;
  // The loop's state in locals: module bindings cost a context load (and a hole check) each.
  const r = report;
  const fired = r.fired;
  const edges = r.edges;
  const sEntry = stagedEntry;
  const sSrc = stagedSrc;
  let generated = 0;
  for (let i = from; i < to; i++) {
    const src = levelFirst + i;
    const off = (i - first) * S;
    const end = stateEnd[i - from];
    const enabled = end - b;
    generated += enabled;
    for (; b < end; b++) {
      const t = bInst[b];
      fired[t]++;
      if (bKept[b] === 0) continue;
      const hi = bHi[b];
      const lo = bLo[b];
      if (edges === null) {
        // Without a graph (two words a slot): new states are numbered when the chunk ends (see below).
        if (insertShared(table, mask, hi, lo)) {
          sEntry[staged] = b;
          sSrc[staged] = i;
          staged++;
        }
        continue;
      }
      let idx = insertIndexed(hi, lo);
      if (idx < 0) {
        idx = -idx - 1;
        addState(idx, b, src, rows, off, nextBase);
      }
      edges.push(src);
      edges.push(idx);
      edges.push(t);
    }
    r.expanded++;
    if (enabled === 0 && cs.checkDeadlock && (r.deadlock < 0 || src < r.deadlock)) {
      if (!callTerminal(cs.terminal, cs.view(rows, off))) r.deadlock = src;
    }
  }
  r.generated += generated;
  if (staged > 0) {
    const base = Atomics.add(control, COUNTER, staged);
    for (let j = 0; j < staged; j++) {
      const idx = base + j;
      addState(idx, stagedEntry[j], levelFirst + stagedSrc[j], rows, (stagedSrc[j] - first) * S, nextBase);
    }
  }
  if (Atomics.load(control, COUNTER) >= init.maxStates) Atomics.store(control, STOP, 2);
}

/**
 * Records new state idx, batch entry e, reached from the row at rows[off] (state src): parent, action,
 * row, checks.
 */
function addState(idx: number, e: number, src: number, rows: Int32Array, off: number, nextBase: number): void {
  const t = batch.inst[e];
  parent[idx] = src;
  via[idx] = t;
  report.firedNew[t]++;
  const pos = idx - nextBase;
  const dst = next[(pos / ROWS_PER_BUFFER) | 0];
  const wr = (pos % ROWS_PER_BUFFER) * S;
  succ.build(batch, e, t, rows, off, dst, wr);
  dst[wr + k] = batch.hi[e];
  dst[wr + k + 1] = batch.lo[e];
  onNewState(idx, dst, wr, t);
}

/** Claims and expands chunks until the level is done, a stop, or a pause. */
function run(): void {
  const { frontierSize } = level!;
  for (;;) {
    if (Atomics.load(control, STOP) !== 0) break;
    const room = Math.min(capacity, level!.nextBase + next.length * ROWS_PER_BUFFER);
    if (Atomics.load(control, PAUSE) !== 0 || Atomics.load(control, COUNTER) + headroom > room) {
      Atomics.store(control, PAUSE, 1);
      post({ type: 'paused' });
      return;
    }
    const start = Atomics.add(control, CURSOR, CHUNK);
    if (start >= frontierSize) break;
    expand(start, Math.min(frontierSize, start + CHUNK));
  }
  const r = report;
  report = fresh();
  const extraLookups = succ.askedInVain - askedBefore;
  askedBefore = succ.askedInVain;
  // The edges (a liveness search's graph; a level's can run to hundreds of MB) go in a SharedArrayBuffer:
  // posted, it is shared, not copied again, and nothing is detached (see post).
  let edges: Int32Array | undefined;
  if (r.edges) {
    edges = new Int32Array(new SharedArrayBuffer(r.edges.length * 4));
    edges.set(r.edges.data.subarray(0, r.edges.length));
  }
  post({ type: 'done', generated: r.generated, expanded: r.expanded, extraLookups, fired: r.fired, firedNew: r.firedNew, found: [...r.found], deadlock: r.deadlock, ...(edges ? { edges } : {}) });
}

port.on('message', async (m: ToWorker) => {
  if (m.type === 'init') {
    try {
      await setUp(m.init);
      post({ type: 'ready' });
    } catch (e) {
      post({ type: 'error', code: (e as LeasecheckError).code, message: describeThrown(e) });
    }
    return;
  }
  if (m.type === 'end') {
    tearDown();
    return;
  }
  if (m.type === 'rehash') {
    try {
      rehashPart(new Int32Array(m.old), new Int32Array(m.table), m.slotWords, m.part, m.parts);
      post({ type: 'rehashed' });
    } catch (e) {
      post({ type: 'error', code: (e as LeasecheckError).code, message: describeThrown(e) });
    }
    return;
  }
  try {
    adopt(m.buffers);
    if (m.type === 'level') {
      interner.catchUp();
      level = { levelFirst: m.levelFirst, frontierSize: m.frontierSize, nextBase: m.nextBase };
      settled = Uint8Array.from(safety, (p) => (m.found.includes(p.name) ? 1 : 0));
    }
    run();
  } catch (e) {
    Atomics.store(control, STOP, 1);
    post({ type: 'error', code: (e as LeasecheckError).code, message: describeThrown(e) });
  }
});
