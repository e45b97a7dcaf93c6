/**
 * A worker thread of the parallel search (see parallel.ts): rebuilds the system from its origin,
 * interns snapshots through the shared log, and expands chunks of each level's frontier, inserting
 * successors into the shared fingerprint table.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LeasecheckError, describeThrown } from '../../errors.ts';
import { compileSystem, type CompiledSystem } from '../compile.ts';
import { isSystem, type GlobalState, type System } from '../../spec/system.ts';
import type { Predicate } from '../../spec/property.ts';
import { livenessMarks } from '../liveness/checkLiveness.ts';
import { IntVec } from '../growable.ts';
import { SharedInterner } from './sharedInterner.ts';
import { CHUNK, COUNTER, CURSOR, PAUSE, STOP, type Buffers, type FromWorker, type ToWorker, type WorkerInit } from './protocol.ts';
import { firstIndexOf } from '../explore.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Loads the system from its origin, as the coordinator's caller built it. */
export async function loadOrigin(origin: WorkerInit['origin']): Promise<System> {
  const mod = (await import(origin.module)) as Record<string, unknown>;
  const exported = mod[origin.export ?? 'default'];
  let sys = origin.args ? await (exported as (...a: unknown[]) => unknown)(...origin.args) : exported;
  if (!isSystem(sys) && sys && typeof sys === 'object' && isSystem((sys as { system?: unknown }).system)) sys = (sys as { system: System }).system;
  if (!isSystem(sys)) throw new LeasecheckError('LC032', `worker: ${origin.module} export ${origin.export ?? 'default'} is not a system`);
  return sys;
}

let cs!: CompiledSystem;
let interner!: SharedInterner;
try {
  cs = compileSystem(await loadOrigin(init.origin), init.scope);
  interner = new SharedInterner(new Int32Array(init.control), init.log, cs.tables);
  interner.attach();
  interner.catchUp();
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'error', code: (e as LeasecheckError).code, message: describeThrown(e) });
  throw e;
}

const control = new Int32Array(init.control);
const k = cs.actorNames.length;
const S = k + 2;
const { tables, instances } = cs;
const nInst = instances.length;
const { groupsOf } = cs.groups;
const instFirst = Int32Array.from(instances, (i) => i.actors[0]);
const instOff = new Int32Array(nInst + 1);
for (let t = 0; t < nInst; t++) instOff[t + 1] = instOff[t] + 2 * (instances[t].actors.length - 1);
const instRest = new Int32Array(instOff[nInst]);
let maxArity = 1;
for (let t = 0; t < nInst; t++) {
  const inst = instances[t];
  maxArity = Math.max(maxArity, inst.actors.length);
  for (let j = 1; j < inst.actors.length; j++) {
    instRest[instOff[t] + 2 * (j - 1)] = inst.actors[j];
    instRest[instOff[t] + 2 * (j - 1) + 1] = inst.events[j];
  }
}
const hasGuard = Uint8Array.from(instances, (i) => (i.action.guard ? 1 : 0));
const firstIndex = firstIndexOf(cs);
const firstActors = Int32Array.from(groupsOf.flatMap((g, a) => (g.length > 0 ? [a] : [])));
const words = (nInst + 31) >>> 5;
const cand = new Int32Array(words);
const candNext = new Int32Array(nInst);
const saved = new Int32Array(maxArity);
const safety = cs.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes') as { kind: 'always' | 'sometimes'; name: string; predicate: Predicate }[];
const live = init.safetyOnly ? [] : cs.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'eventually' || p.kind === 'possibly');
const markPreds = livenessMarks(live).predicates;
// Room a worker needs before claiming a chunk: every state of it may add an instance's worth of successors.
const headroom = init.workers * CHUNK * Math.max(1, nInst);

let table: Int32Array = new Int32Array(0);
let mask = 0;
let parent: Int32Array = new Int32Array(0);
let via: Int32Array = new Int32Array(0);
let marks: Uint8Array[] = [];
let frontier: Int32Array = new Int32Array(0);
let next: Int32Array = new Int32Array(0);
let capacity = 0;

function adopt(b: Buffers): void {
  table = new Int32Array(b.table);
  mask = table.length / 3 - 1;
  parent = new Int32Array(b.parent);
  via = new Int32Array(b.via);
  marks = b.marks.map((m) => new Uint8Array(m));
  frontier = new Int32Array(b.frontier);
  next = new Int32Array(b.next);
  capacity = b.capacity;
}

/** Inserts (hi, lo) if absent: returns -(idx + 1) for a new state (idx claimed), else the known index. */
function insert(hi: number, lo: number): number {
  let s = (hi ^ (lo >>> 7)) & mask;
  for (;;) {
    const b = s * 3;
    // Fast path without a fence: a filled slot never changes within an epoch, and a racy plain read
    // can only be stale towards 0 (the slot before it was filled). When both words read nonzero they
    // are the slot's, and the comparison is certain; anything else takes the fenced path below.
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

let level: { levelFirst: number; frontierSize: number; nextBase: number; found: Set<string> } | null = null;
let report = fresh();

function fresh() {
  return { generated: 0, expanded: 0, fired: new Float64Array(nInst), firedNew: new Float64Array(nInst), found: new Map<string, number>(), deadlock: -1, edges: init.recordGraph ? new IntVec(1 << 12) : null };
}

function onNewState(idx: number, vec: Int32Array, off: number): void {
  if (safety.length === 0 && markPreds.length === 0) return;
  const view = cs.view(vec, off);
  for (const p of safety) {
    if (level!.found.has(p.name) || report.found.has(p.name)) continue;
    if (call(p.predicate, view, p.name, 'LC022') === (p.kind === 'always' ? false : true)) report.found.set(p.name, idx);
  }
  for (let m = 0; m < markPreds.length; m++) marks[m][idx] = call(markPreds[m], view, 'liveness predicate', 'LC022') ? 1 : 0;
}

function call(p: (s: GlobalState) => boolean, s: GlobalState, name: string, code: 'LC022' | 'LC023'): boolean {
  try {
    return !!p(s);
  } catch (e) {
    throw new LeasecheckError(code, `${code === 'LC022' ? `property ${name}` : 'the state constraint'} threw: ${describeThrown(e)}`);
  }
}

/** Expands frontier positions [from, to): the loop of explore.ts on shared arrays. */
function expand(from: number, to: number): void {
  const { levelFirst, nextBase } = level!;
  const constraint = cs.constraint;
  for (let i = from; i < to; i++) {
    const src = levelFirst + i;
    const off = i * S;
    const baseHi = frontier[off + k];
    const baseLo = frontier[off + k + 1];
    let view: GlobalState | null = null;
    let enabled = 0;
    for (let x = 0; x < firstActors.length; x++) {
      const a0 = firstActors[x];
      const on = tables[a0].enabledFirstAt(frontier[off + a0], groupsOf[a0], firstIndex);
      for (let j = 0; j < on.length; j += 2) {
        const t = on[j];
        cand[t >>> 5] |= 1 << (t & 31);
        candNext[t] = on[j + 1];
      }
    }
    for (let w = 0; w < words; w++) {
      let bits = cand[w];
      if (bits === 0) continue;
      cand[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const t = (w << 5) | (31 - Math.clz32(low));
        if (hasGuard[t] === 1 && view === null) view = cs.view(frontier, off);
        const a0 = instFirst[t];
        const t0 = tables[a0];
        const was0 = frontier[off + a0];
        const nx0 = candNext[t];
        let hi = baseHi ^ t0.zHi[was0] ^ t0.zHi[nx0];
        let lo = baseLo ^ t0.zLo[was0] ^ t0.zLo[nx0];
        frontier[off + a0] = nx0;
        let ok = true;
        const restStart = instOff[t];
        const restEnd = instOff[t + 1];
        let r = restStart;
        for (; r < restEnd; r += 2) {
          const a = instRest[r];
          const ta = tables[a];
          const was = frontier[off + a];
          const nx = ta.next(was, instRest[r + 1]);
          if (nx < 0) {
            ok = false;
            break;
          }
          hi ^= ta.zHi[was] ^ ta.zHi[nx];
          lo ^= ta.zLo[was] ^ ta.zLo[nx];
          saved[(r - restStart) >>> 1] = was;
          frontier[off + a] = nx;
        }
        if (ok && hasGuard[t] === 1) {
          try {
            ok = !!instances[t].action.guard!(view!, instances[t].params);
          } catch (e) {
            throw new LeasecheckError('LC021', `guard of joint action ${instances[t].label} threw: ${describeThrown(e)}`);
          }
        }
        if (ok) {
          enabled++;
          report.generated++;
          report.fired[t]++;
          if (!constraint || call(constraint, cs.view(frontier, off), '', 'LC023')) {
            let idx = insert(hi | 0, lo | 0);
            if (idx < 0) {
              idx = -idx - 1;
              parent[idx] = src;
              via[idx] = t;
              report.firedNew[t]++;
              onNewState(idx, frontier, off);
              let wr = (idx - nextBase) * S;
              for (let a = 0; a < k; a++) next[wr++] = frontier[off + a];
              next[wr] = hi;
              next[wr + 1] = lo;
            }
            if (report.edges) {
              report.edges.push(src);
              report.edges.push(idx);
              report.edges.push(t);
            }
          }
        }
        for (r -= 2; r >= restStart; r -= 2) frontier[off + instRest[r]] = saved[(r - restStart) >>> 1];
        frontier[off + a0] = was0;
      }
    }
    report.expanded++;
    if (enabled === 0 && cs.checkDeadlock && (report.deadlock < 0 || src < report.deadlock)) {
      if (!call(cs.terminal, cs.view(frontier, off), 'terminal', 'LC022')) report.deadlock = src;
    }
    if (Atomics.load(control, COUNTER) >= init.maxStates) Atomics.store(control, STOP, 2);
  }
}

/** Claims and expands chunks until the level is done, a stop, or a pause. */
function run(): void {
  const { frontierSize } = level!;
  for (;;) {
    if (Atomics.load(control, STOP) !== 0) break;
    if (Atomics.load(control, PAUSE) !== 0 || Atomics.load(control, COUNTER) + headroom > capacity) {
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
  const edges = r.edges ? r.edges.data.slice(0, r.edges.length) : undefined;
  post(
    { type: 'done', generated: r.generated, expanded: r.expanded, fired: r.fired, firedNew: r.firedNew, found: [...r.found], deadlock: r.deadlock, ...(edges ? { edges } : {}) },
    [r.fired.buffer as ArrayBuffer, r.firedNew.buffer as ArrayBuffer, ...(edges ? [edges.buffer as ArrayBuffer] : [])],
  );
}

port.on('message', (m: ToWorker) => {
  try {
    adopt(m.buffers);
    if (m.type === 'level') {
      interner.catchUp();
      level = { levelFirst: m.levelFirst, frontierSize: m.frontierSize, nextBase: m.nextBase, found: new Set(m.found) };
    }
    run();
  } catch (e) {
    Atomics.store(control, STOP, 1);
    post({ type: 'error', code: (e as LeasecheckError).code, message: describeThrown(e) });
  }
});
