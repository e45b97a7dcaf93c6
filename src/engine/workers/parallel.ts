import { Worker } from 'node:worker_threads';
import { LeasecheckError } from '../../errors.ts';
import type { CompiledSystem } from '../compile.ts';
import type { Exploration, ExploreOptions, StateGraph, StopReason } from '../explore.ts';
import { fingerprintHi, fingerprintLo } from '../fingerprint.ts';
import { IntVec } from '../growable.ts';
import { MemoryGuard } from '../memoryGuard.ts';
import { EDGE_LIMIT, INDEX_LIMIT } from '../stateIndex.ts';
import { MAX_FINGERPRINTS } from '../fingerprintSet.ts';
import { callPredicate } from '../specCalls.ts';
import type { Predicate } from '../../spec/property.ts';
import { SharedInterner } from './sharedInterner.ts';
import { insertAlone } from './sharedTable.ts';
import {
  COUNTER, CONTROL_WORDS, CURSOR, PAUSE, STOP, CHUNK, ROWS_PER_BUFFER,
  type Buffers, type FromWorker, type LevelReport, type SystemOrigin, type ToWorker, type WorkerInit,
} from './protocol.ts';

const BOOT = new URL('./boot.mjs', import.meta.url);
/** Workers that have not stopped this long after STOP are stuck in spec code, and are terminated. */
const STUCK_AFTER_MS = 1000;

/** A worker thread exited (terminated) while a message was awaited. */
class WorkerGone extends Error {}
/** Bytes of the shared interning log (pages are only touched as it fills). */
const LOG_BYTES = 256 * 2 ** 20;

export interface ParallelOptions extends ExploreOptions {
  workers: number;
  origin: SystemOrigin;
  scope: Record<string, number>;
  safetyOnly: boolean;
}

/**
 * Breadth-first search by worker threads sharing one fingerprint table, level by level.
 *
 * Design (correct first): every worker rebuilds the system from its origin and steps XState itself;
 * local ids agree across threads because every new snapshot is interned through one shared, locked
 * log (sharedInterner.ts). Each level, workers claim chunks of the frontier (an atomic cursor),
 * insert successors into the shared table (Atomics.compareExchange claims a slot, Atomics.add the
 * state index) and write parent, action, marks and next-level rows at that index. A level ends when
 * every worker is done, so every state is found at its BFS depth and every counterexample is
 * shortest; the parent kept is the first discoverer's, any of the same level (not deterministic
 * between runs). When room runs low a worker pauses everyone; this thread grows the arrays, the
 * workers rehash the table a part each (sharedTable.ts, rehashPart), and it resumes them. This thread
 * only coordinates.
 *
 * Under symmetry (opts.reduceBy) each worker canonicalises the successors it finds with its own
 * Symmetry; the canonical forms agree between threads because local ids and the numbers that order
 * members are both given through the shared log.
 */
export async function exploreParallel(cs: CompiledSystem, opts: ParallelOptions): Promise<Exploration> {
  const start = performance.now();
  const k = cs.actorNames.length;
  const S = k + 2;
  const nInst = cs.instances.length;
  const W = opts.workers;
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const log = new SharedArrayBuffer(LOG_BYTES);
  // This thread's tables join the shared order first: their snapshots (the initial ones) are ids 0...
  const interner = new SharedInterner(control, log, cs.tables);
  interner.publishExisting();
  interner.attach();
  // Under symmetry every thread must order a group's members alike to pick the same canonical forms.
  const sym = opts.reduceBy;
  sym?.shareNames(interner);
  const markPreds: readonly Predicate[] = opts.marks ?? [];
  const safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes') as { kind: 'always' | 'sometimes'; name: string; predicate: Predicate }[];
  const found = new Map<string, number>();
  const guard = new MemoryGuard(opts.maxMemoryBytes, opts.workers);
  const maxDepth = opts.maxDepth ?? Infinity;

  // Row buffers of expanded levels, for the level after next (see ROWS_PER_BUFFER).
  const pool: SharedArrayBuffer[] = [];
  const takeRows = () => pool.pop() ?? new SharedArrayBuffer(ROWS_PER_BUFFER * S * 4);
  // Room a level needs before its first pause: what every worker may add while claiming one chunk each.
  const headroom = W * CHUNK * Math.max(1, nInst);
  // State numbers are int32 here (the shared counter; with a graph, the table's index words), and the
  // table has at most MAX_SLOTS slots: the workers stop past stateCap, which leaves room for what they
  // add before they see the stop and for the table's headroom (stateIndex.ts, fingerprintSet.ts).
  const stateCap = Math.min(INDEX_LIMIT, MAX_FINGERPRINTS) - 4 * headroom;
  const maxStates = Math.min(opts.maxStates ?? Infinity, stateCap);

  // The initial state, inserted by this thread.
  // Without a graph no state's index is looked up in the table: two words a slot (see Buffers).
  let buffers: Buffers = { ...allocate(1 << 16, markPreds.length, opts.recordGraph ? 3 : 2), frontier: [takeRows()], next: [] };
  const init = new Int32Array(buffers.frontier[0]);
  if (sym) sym.canon(cs.initial, 0, init);
  else init.set(cs.initial);
  init[k] = fingerprintHi(init, 0, k);
  init[k + 1] = fingerprintLo(init, 0, k);
  rawInsert(new Int32Array(buffers.table), buffers.slotWords, init[k], init[k + 1], 0);
  new Int32Array(buffers.parent)[0] = -1;
  new Int32Array(buffers.via)[0] = -1;
  Atomics.store(control, COUNTER, 1);
  {
    const view = cs.view(init, 0);
    for (const p of safety) if (callPredicate(p.predicate, view, `property ${p.name}`) === (p.kind === 'sometimes')) found.set(p.name, 0);
    markPreds.forEach((m, i) => (new Uint8Array(buffers.marks[i])[0] = callPredicate(m, view, opts.markNames?.[i] ?? `liveness predicate ${i}`) ? 1 : 0));
  }

  const workers = await startWorkers(W, {
    origin: { ...opts.origin, module: workerModuleUrl(opts.origin.module) }, scope: opts.scope, workers: W, control: control.buffer as SharedArrayBuffer, log,
    safetyOnly: opts.safetyOnly, symmetry: sym ? sym.groups : null, seenShortcut: opts.seenShortcut !== false, recordGraph: !!opts.recordGraph, maxStates,
  });
  const fired = new Float64Array(nInst);
  const firedNew = new Float64Array(nInst);
  const levelStart = [0];
  const graph: StateGraph | undefined = opts.recordGraph ? { offsets: new IntVec(1 << 14), targets: new IntVec(1 << 16), actions: new IntVec(1 << 16) } : undefined;
  let generated = 1;
  let expanded = 0;
  let extraLookups = 0;
  let deadlock = -1;
  let depth = 0;
  let stopped: StopReason | null = null;
  let frontierSize = 1;
  let done = false;
  // States past this were found in a level that never finished (stuck workers): not reported.
  let cutAt = Infinity;
  // Set when the workers were told to stop: if they have not finished a second later, one of them is stuck
  // in spec code (a guard that never returns) and they are terminated; the last whole level is reported.
  let stopSince = Infinity;
  let stuck = false;
  // While the workers rehash the table (grow), they run no spec code: a stop waits for them, and the
  // second they get to finish starts again after it.
  let rehashing = false;
  const timer = setInterval(() => {
    const now = performance.now();
    if (opts.timeoutMs !== undefined && now - start > opts.timeoutMs) stopped ??= 'timeout';
    else if (opts.signal?.aborted) stopped ??= 'interrupted';
    else if (guard.exceeded(now)) stopped ??= 'memory';
    if (stopped) {
      Atomics.store(control, STOP, 1);
      if (stopSince === Infinity) stopSince = now;
      else if (now - stopSince > STUCK_AFTER_MS && !stuck && !rehashing) {
        stuck = true;
        for (const w of workers) void w.terminate();
      }
    }
    opts.onProgress?.({ generated, distinct: Atomics.load(control, COUNTER), queue: frontierSize, depth, seconds: (now - start) / 1000 });
  }, 100);
  try {
    while (frontierSize > 0) {
      if (depth >= maxDepth) {
        stopped = 'max-depth';
        break;
      }
      const levelFirst = levelStart[depth];
      const nextBase = levelFirst + frontierSize;
      // The next level gets every free row buffer, and more when it fills them (when a worker pauses).
      const next = pool.splice(0);
      const cover = (upTo: number) => {
        while (nextBase + next.length * ROWS_PER_BUFFER < upTo) next.push(takeRows());
      };
      cover(Math.min(buffers.capacity, nextBase + 2 * headroom));
      buffers = { ...buffers, next };
      Atomics.store(control, CURSOR, 0);
      let reports: LevelReport[];
      try {
        reports = await runLevel(workers, { type: 'level', buffers, levelFirst, frontierSize, nextBase, found: [...found.keys()] }, async () => {
        // Told to stop: no grow; the resumed workers see STOP and finish the level's report.
        if (Atomics.load(control, STOP) !== 0) {
          Atomics.store(control, PAUSE, 0);
          return buffers;
        }
        const distinct = Atomics.load(control, COUNTER);
        // Growing allocates the new table and arrays while the old ones are held, and more rows: when that
        // would pass the memory limit, the search stops here instead (the workers see STOP and finish).
        // (Fourfold while the table is small, unless only twofold fits: see grownSlots.)
        const short = distinct + 2 * headroom > buffers.capacity;
        const rows = Math.max(0, Math.ceil((Math.max(distinct + 2 * headroom, nextBase + 2 * (distinct - nextBase)) - nextBase) / ROWS_PER_BUFFER) - next.length) * ROWS_PER_BUFFER * S * 4;
        let quadruple = true;
        let growing = short ? growthBytes(buffers, distinct + 2 * headroom, quadruple) : 0;
        if (short && !guard.allows(growing + rows)) growing = growthBytes(buffers, distinct + 2 * headroom, (quadruple = false));
        if (!guard.allows(growing + rows)) {
          stopped ??= 'memory';
          Atomics.store(control, STOP, 1);
          Atomics.store(control, PAUSE, 0);
          return buffers;
        }
        if (growing > 0) {
          rehashing = true;
          try {
            buffers = { ...(await grow(workers, buffers, control, distinct + 2 * headroom, quadruple)), frontier: buffers.frontier, next };
          } finally {
            rehashing = false;
            if (stopSince !== Infinity) stopSince = performance.now();
          }
        }
        // Twice the rows this level holds, so that it pauses a few times only.
        cover(Math.min(buffers.capacity, Math.max(distinct + 2 * headroom, nextBase + 2 * (distinct - nextBase))));
        buffers = { ...buffers, next: next.slice() };
        Atomics.store(control, PAUSE, 0);
        return buffers;
      });
      } catch (e) {
        if (!(e instanceof WorkerGone) || !stuck) throw e;
        // The level the stuck workers were expanding is dropped: the search is reported as it was before it.
        cutAt = nextBase;
        break;
      }
      const distinct = Atomics.load(control, COUNTER);
      for (const r of reports) {
        generated += r.generated;
        expanded += r.expanded;
        extraLookups += r.extraLookups;
        for (let t = 0; t < nInst; t++) {
          fired[t] += r.fired[t];
          firedNew[t] += r.firedNew[t];
        }
        for (const [name, idx] of r.found) if (!found.has(name) || idx < found.get(name)!) found.set(name, idx);
        // The first level with a deadlock wins (shortest); within it, the lowest index.
        if (r.deadlock >= 0 && (deadlock < 0 || (deadlock >= levelFirst && r.deadlock < deadlock))) deadlock = r.deadlock;
      }
      let stop = Atomics.load(control, STOP);
      if (stop === 2) stopped ??= distinct < (opts.maxStates ?? Infinity) ? 'state-limit' : 'max-states';
      // A graph's edges are numbered in int32 slots (its offsets): a level whose edges would pass
      // EDGE_LIMIT is dropped like a level a limit stopped (stateIndex.ts).
      if (graph && stop === 0 && graph.targets.length + reports.reduce((n, r) => n + (r.edges?.length ?? 0) / 3, 0) > EDGE_LIMIT) {
        stopped ??= 'state-limit';
        stop = 3;
      }
      if (graph && stop === 0) addEdges(graph, reports, levelFirst, frontierSize);
      if (stop !== 0) {
        if (distinct > nextBase) {
          depth++;
          levelStart.push(nextBase);
        }
        if (graph) expanded = graph.offsets.length;
        break;
      }
      frontierSize = distinct - nextBase;
      // The level just expanded gives its row buffers back, for the level after next.
      pool.push(...buffers.frontier);
      buffers = { ...buffers, frontier: buffers.next, next: [] };
      if (frontierSize > 0) {
        depth++;
        levelStart.push(nextBase);
      }
    }
    done = !stuck;
  } finally {
    clearInterval(timer);
    // Workers that finished the search cleanly wait for the next one; after an error they are stopped.
    if (done) release(workers);
    else await Promise.all(workers.map((w) => w.terminate()));
  }
  interner.catchUp();
  const distinct = Math.min(cutAt, Atomics.load(control, COUNTER));
  if (graph) finishOffsets(graph);
  const wrap = (b: SharedArrayBuffer) => Object.assign(new IntVec(16), { data: new Int32Array(b), length: distinct });
  return {
    distinct, generated, depth, seconds: (performance.now() - start) / 1000,
    ...(sym ? { reducedBy: sym.groups.map((g) => g.name), extraLookups } : {}),
    parent: wrap(buffers.parent), via: wrap(buffers.via), levelStart, found, deadlock, expanded, stopped, fired, firedNew, graph,
    marks: markPreds.length ? buffers.marks.map((m) => new Uint8Array(m)) : undefined,
    seenBytes: buffers.table.byteLength,
    ...(stuck ? { stuckIn: `worker threads that did not stop within ${STUCK_AFTER_MS / 1000} s of being told to (a guard, predicate or machine step that never returns?); they were terminated` } : {}),
  };
}

/**
 * Worker threads between searches, with their modules loaded: booting one (tsx, the engine, XState,
 * the spec) takes 0.3-0.7 s on this machine, which a second search in the same process (compare, the
 * benchmark's runs) does not pay again. An idle worker holds no system (see worker.ts, 'end') and does
 * not keep the process alive.
 */
const idle: Worker[] = [];

async function startWorkers(n: number, init: WorkerInit): Promise<Worker[]> {
  const workers = idle.splice(0, n);
  while (workers.length < n) {
    const w = new Worker(BOOT);
    // A thread that fails while idle is dropped (without a listener its error would end the process).
    w.on('error', () => drop(w));
    w.on('exit', () => drop(w));
    workers.push(w);
  }
  for (const w of workers) w.ref();
  try {
    const ready = workers.map((w) => once(w));
    for (const w of workers) w.postMessage({ type: 'init', init } satisfies ToWorker);
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  return workers;
}

/**
 * The URL a worker imports a system's module from. tsx's scoped loader (the CLI loads specs with it)
 * tags the URLs of the modules it loads, so `import.meta.url` in a spec, or in a module it imports,
 * ends in ?tsx-namespace=<id>. A worker's own tsx does not know that namespace and would load the
 * file as plain JavaScript (a TypeScript syntax error), so the tag is dropped.
 */
export function workerModuleUrl(module: string): string {
  if (!module.includes('tsx-namespace=')) return module;
  const url = new URL(module);
  url.searchParams.delete('tsx-namespace');
  return url.href;
}

/** Worker threads waiting for a search (for tests). */
export function idleWorkers(): number {
  return idle.length;
}

function release(workers: Worker[]): void {
  for (const w of workers) {
    w.postMessage({ type: 'end' } satisfies ToWorker);
    w.unref();
    idle.push(w);
  }
}

function drop(w: Worker): void {
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
}

/** The next message of a worker (rejects on an error message or a crash). */
function once(w: Worker): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const off = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onExit = () => {
      off();
      reject(new WorkerGone('a worker thread exited'));
    };
    const onMessage = (m: FromWorker) => {
      off();
      if (m.type === 'error') reject(new LeasecheckError((m.code as never) ?? 'LC032', m.message));
      else resolve(m);
    };
    const onError = (e: Error) => {
      off();
      reject(new LeasecheckError('LC032', `a worker thread failed: ${e.message}`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

/** Runs one level: resumes paused workers after growing, until every worker is done. */
async function runLevel(workers: Worker[], msg: ToWorker & { type: 'level' }, growAll: () => Promise<Buffers>): Promise<LevelReport[]> {
  const reports: LevelReport[] = new Array(workers.length);
  let pending = workers.map((w, i) => ({ i, p: once(w) }));
  workers.forEach((w) => w.postMessage(msg));
  for (;;) {
    const results = await Promise.all(pending.map(async ({ i, p }) => ({ i, m: await p })));
    const paused = results.filter((r) => r.m.type === 'paused').map((r) => r.i);
    for (const r of results) if (r.m.type === 'done') reports[r.i] = r.m;
    if (paused.length === 0) return reports;
    // (Every worker is idle here, paused or done with the level: the table's rehash is theirs.)
    const buffers = await growAll();
    pending = paused.map((i) => ({ i, p: once(workers[i]) }));
    for (const i of paused) workers[i].postMessage({ type: 'resume', buffers } satisfies ToWorker);
  }
}

/** The table and the per-state arrays (the rows are kept apart: see ROWS_PER_BUFFER). */
function allocate(slots: number, marks: number, slotWords: 2 | 3): Omit<Buffers, 'frontier' | 'next'> {
  const capacity = Math.floor((slots * 3) / 4);
  return {
    table: new SharedArrayBuffer(slots * slotWords * 4),
    slotWords,
    parent: new SharedArrayBuffer(capacity * 4),
    via: new SharedArrayBuffer(capacity * 4),
    marks: Array.from({ length: marks }, () => new SharedArrayBuffer(capacity)),
    capacity,
  };
}

/**
 * Table slots after growing from `slots` to fit `need` states: four times as many while the table is
 * below QUADRUPLE_BELOW slots, then twice. The search waits while the table is rehashed, so fewer,
 * larger steps while it is small cost less waiting (a third of the entries moved to reach 2^24 slots),
 * and a large table still grows by half its size at most. Twofold throughout when fourfold would pass
 * the memory limit (`quadruple` false): the search then goes on as far as it did before.
 */
function grownSlots(slots: number, need: number, quadruple: boolean): number {
  while (Math.floor((slots * 3) / 4) < need) slots *= quadruple && slots < QUADRUPLE_BELOW ? 4 : 2;
  return slots;
}
/** 2^24 slots: 128 MiB of table (192 MiB with a graph). */
const QUADRUPLE_BELOW = 1 << 24;

/** Bytes grow() allocates to fit `need` states. */
function growthBytes(b: Buffers, need: number, quadruple: boolean): number {
  const slots = grownSlots(b.table.byteLength / (4 * b.slotWords), need, quadruple);
  const capacity = Math.floor((slots * 3) / 4);
  return slots * 4 * b.slotWords + capacity * (8 + b.marks.length);
}

/**
 * Grows the table and every per-state array until `need` states fit (see grownSlots). The workers,
 * all idle (paused, every slot whole), rehash the table a part each at once (rehashPart); it was the
 * coordinator's alone, while they waited. Meanwhile it copies the per-state arrays.
 */
async function grow(workers: Worker[], b: Buffers, control: Int32Array, need: number, quadruple: boolean): Promise<Omit<Buffers, 'frontier' | 'next'>> {
  const w = b.slotWords;
  const n = allocate(grownSlots(b.table.byteLength / (4 * w), need, quadruple), b.marks.length, w);
  const replies = workers.map((worker) => once(worker));
  workers.forEach((worker, part) => worker.postMessage({ type: 'rehash', old: b.table, table: n.table, slotWords: w, part, parts: workers.length } satisfies ToWorker));
  const distinct = Atomics.load(control, COUNTER);
  new Int32Array(n.parent).set(new Int32Array(b.parent, 0, distinct));
  new Int32Array(n.via).set(new Int32Array(b.via, 0, distinct));
  b.marks.forEach((m, i) => new Uint8Array(n.marks[i]).set(new Uint8Array(m, 0, distinct)));
  for (const r of await Promise.all(replies)) if (r.type !== 'rehashed') throw new Error(`bug: a worker answered ${r.type} to a rehash`);
  return n;
}

/** Inserts an absent fingerprint into a table no worker is using (index idx: with 3 words a slot). */
function rawInsert(table: Int32Array, slotWords: 2 | 3, hi: number, lo: number, idx: number): void {
  const mask = table.length / slotWords - 1;
  if (slotWords === 2) return insertAlone(table, mask, hi, lo);
  let s = (hi ^ (lo >>> 7)) & mask;
  while (table[s * 3 + 2] !== 0) s = (s + 1) & mask;
  table[s * 3] = hi;
  table[s * 3 + 1] = lo;
  table[s * 3 + 2] = idx + 1;
}

/** Appends a level's edges to the CSR graph in source order (each source's edges are in instance order). */
function addEdges(g: StateGraph, reports: LevelReport[], levelFirst: number, size: number): void {
  const count = new Int32Array(size + 1);
  for (const r of reports) for (let e = 0; e < (r.edges?.length ?? 0); e += 3) count[r.edges![e] - levelFirst + 1]++;
  for (let i = 0; i < size; i++) count[i + 1] += count[i];
  const base = g.targets.length;
  const total = count[size];
  g.targets.reserve(base + total);
  g.actions.reserve(base + total);
  const fill = count.slice(0, size);
  for (const r of reports) {
    const e = r.edges;
    if (!e) continue;
    for (let x = 0; x < e.length; x += 3) {
      const at = base + fill[e[x] - levelFirst]++;
      g.targets.data[at] = e[x + 1];
      g.actions.data[at] = e[x + 2];
    }
  }
  g.targets.length = base + total;
  g.actions.length = base + total;
  for (let i = 0; i < size; i++) g.offsets.push(base + count[i + 1]);
}

function finishOffsets(g: StateGraph): void {
  const o = new IntVec(g.offsets.length + 1);
  o.push(0);
  for (let i = 0; i < g.offsets.length; i++) o.push(g.offsets.data[i]);
  g.offsets = o;
}

