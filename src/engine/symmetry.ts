import { LeasecheckError, describeThrown } from '../errors.ts';
import type { CompiledSystem } from './compile.ts';
import { callConstraint, callGuard } from './specCalls.ts';
import type { Trace, TraceStep } from './trace.ts';
import type { Snapshot, SymmetryDecl } from '../spec/system.ts';

/**
 * Symmetry reduction (Ip & Dill's scalarsets, TLC's SYMMETRY): the search keeps one state per orbit
 * of the declared process permutations, the orbit's least vector.
 *
 * A permutation moves actor processes[i][j] to processes[σ(i)][j] and renames, inside every actor's
 * context (values and object keys, at any depth), the strings that name process i to those naming
 * σ(i). The renamed snapshot is built with machine.resolveState({ value, context }) and interned in
 * the target actor's table, so a permuted state is again a vector of local ids. The map
 * (permutation, actor, local) -> local is cached: XState runs once per distinct renamed snapshot.
 *
 * The canonical form of a state is the lexicographically least of its images under every
 * permutation (identity included), compared as integer vectors: the same for every state of an orbit.
 *
 * WARNING: sound for properties that do not tell the processes apart (safety properties here; the
 * checker turns symmetry off when liveness properties are checked). Local ids are interned in
 * discovery order, so which member of an orbit is canonical depends on the run; counts and verdicts
 * do not.
 */
export class Symmetry {
  /** Per non-identity permutation: actor a goes to actorTo[p][a]; position b of the image comes from actorFrom[p][b]. */
  readonly actorTo: Int32Array[] = [];
  private readonly actorFrom: Int32Array[] = [];
  private readonly renames: Map<string, string>[] = [];
  /** localTo[p][a][local]: the local of the image of (a, local) under permutation p, in actor actorTo[p][a]; -1 unknown. */
  private readonly localTo: Int32Array[][] = [];
  private readonly k: number;
  readonly count: number;

  constructor(
    private readonly cs: CompiledSystem,
    decl: SymmetryDecl,
  ) {
    const k = cs.actorNames.length;
    const procs = decl.processes;
    const names = decl.names ?? procs;
    const index = new Map(cs.actorNames.map((n, i) => [n, i]));
    for (const sigma of permutations(procs.length)) {
      if (sigma.every((x, i) => x === i)) continue;
      const to = Int32Array.from({ length: k }, (_, a) => a);
      const rename = new Map<string, string>();
      procs.forEach((p, i) => p.forEach((actor, j) => (to[index.get(actor)!] = index.get(procs[sigma[i]][j])!)));
      names.forEach((ns, i) => ns.forEach((name, j) => rename.set(name, names[sigma[i]][j])));
      this.actorTo.push(to);
      const from = new Int32Array(k);
      to.forEach((b, a) => (from[b] = a));
      this.actorFrom.push(from);
      this.renames.push(rename);
      this.localTo.push(Array.from({ length: k }, () => new Int32Array(0)));
    }
    this.k = k;
    this.count = this.actorTo.length + 1;
  }

  /**
   * Writes the canonical form of vec[off .. off + k) to out[o .. o + k). Each permutation's image is
   * built position by position and compared with the best so far as it goes: most permutations lose
   * at their first differing position, so their other positions are never computed.
   */
  canon(vec: Int32Array, off: number, out: Int32Array, o = 0): void {
    const k = this.k;
    for (let a = 0; a < k; a++) out[o + a] = vec[off + a];
    for (let p = 0; p < this.actorFrom.length; p++) {
      const from = this.actorFrom[p];
      let b = 0;
      let c = 0;
      for (; b < k; b++) {
        c = this.image(p, from[b], vec[off + from[b]]);
        if (c !== out[o + b]) break;
      }
      if (b === k || c > out[o + b]) continue;
      out[o + b] = c;
      for (b++; b < k; b++) out[o + b] = this.image(p, from[b], vec[off + from[b]]);
    }
  }

  /** The local of actor actorTo[p][a] that is the image of actor a's `local` under permutation p. */
  private image(p: number, a: number, local: number): number {
    let map = this.localTo[p][a];
    if (local < map.length) {
      const m = map[local];
      if (m >= 0) return m;
    } else {
      const grown = new Int32Array(Math.max(16, (local + 1) * 2)).fill(-1);
      grown.set(map);
      this.localTo[p][a] = map = grown;
    }
    const b = this.actorTo[p][a];
    const snap = this.cs.tables[a].snapshots[local];
    const renamed = renameDeep(snap.context, this.renames[p]);
    let image: Snapshot;
    try {
      image = this.cs.tables[b].machine.resolveState({
        value: snap.value,
        context: renamed,
        status: snap.status,
        ...((snap as { historyValue?: unknown }).historyValue ? { historyValue: (snap as { historyValue?: unknown }).historyValue } : {}),
      } as never) as Snapshot;
    } catch (e) {
      throw new LeasecheckError('LC024', `symmetry: the image of actor ${this.cs.actorNames[a]}'s state in ${this.cs.actorNames[b]} could not be built: ${describeThrown(e)}`);
    }
    const m = this.cs.tables[b].intern(image);
    map[local] = m;
    return m;
  }
}

/** Every permutation of 0..n-1 (n! of them; n is a handful of processes). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  }
  return out;
}

/** A copy of plain data with every string (values and object keys) renamed through `map`. */
export function renameDeep(v: unknown, map: ReadonlyMap<string, string>): unknown {
  if (typeof v === 'string') return map.get(v) ?? v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => renameDeep(x, map));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [renameDeep(k, map), renameDeep(x, map)]));
  if (v instanceof Set) return new Set([...v].map((x) => renameDeep(x, map)));
  if (v instanceof Date) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[map.get(k) ?? k] = renameDeep(x, map);
  return out;
}

/**
 * The concrete behaviour behind a path found on canonical states: from the real initial state, at
 * each step the first action instance (in instance order) that is enabled and whose successor has the
 * canonical form of the next state on the path. Such an instance exists when the system is symmetric
 * (the permutation that maps the canonical state to the concrete one maps the path's action to it).
 * Throws LC031 when none does: the declared symmetry is not one of the system.
 */
export function concreteTrace(cs: CompiledSystem, sym: Symmetry, path: readonly number[]): Trace {
  const k = cs.actorNames.length;
  const canonNext = new Int32Array(k);
  const canonTry = new Int32Array(k);
  let canonCur = new Int32Array(k);
  sym.canon(cs.initial, 0, canonCur);
  let cur: Int32Array = new Int32Array(cs.initial);
  const steps: TraceStep[] = [{ action: null, locals: cur }];
  for (const [i, id] of path.entries()) {
    const onPath = successorOf(cs, canonCur, id);
    if (!onPath) throw new LeasecheckError('LC031', `symmetry: step ${i + 1} (${cs.instances[id].label}) of the canonical path is not enabled on replay`);
    sym.canon(onPath, 0, canonNext);
    let found: { t: number; next: Int32Array } | null = null;
    for (let t = 0; t < cs.instances.length && !found; t++) {
      const next = successorOf(cs, cur, t);
      if (!next) continue;
      sym.canon(next, 0, canonTry);
      if (canonTry.every((x, a) => x === canonNext[a])) found = { t, next };
    }
    if (!found) {
      throw new LeasecheckError('LC031', `symmetry: no action leads from step ${i} to a state symmetric to step ${i + 1}: the declared symmetry is not one of the system`);
    }
    const inst = cs.instances[found.t];
    steps.push({ action: { name: inst.action.name, label: inst.label, params: inst.params, instance: found.t }, locals: found.next });
    cur = found.next;
    canonCur = new Int32Array(canonNext);
  }
  return { steps };
}

/** The successor of vec by instance t (participants, then guard, then constraint), or null. */
function successorOf(cs: CompiledSystem, vec: Int32Array, t: number): Int32Array | null {
  const inst = cs.instances[t];
  const next = new Int32Array(vec);
  for (let j = 0; j < inst.actors.length; j++) {
    const a = inst.actors[j];
    const nx = cs.tables[a].next(next[a], inst.events[j]);
    if (nx < 0) return null;
    next[a] = nx;
  }
  if (inst.action.guard && !callGuard(inst.action.guard, cs.view(vec), inst.params, inst.label)) return null;
  if (cs.constraint && !callConstraint(cs.constraint, cs.view(next))) return null;
  return next;
}
