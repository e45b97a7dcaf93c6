import fc from 'fast-check';
import type { Target, Walker } from './walk.ts';

/** The completion search of shrink candidate 3: at most this many steps, over at most this many states. */
const MAX_COMPLETION = 3;
const COMPLETION_STATES = 4_000;

export interface BehaviourShrinking {
  /** The targets the behaviour being shrunk must still reach (those its first failing run hit). */
  looking(): readonly Target[];
  /** False once the shrink budget is spent: no more semantic candidates. */
  enabled(): boolean;
}

/**
 * The arbitrary of a simulation's behaviours: arrays of choice indices of 0..depth steps (fast-check's
 * fc.array(fc.nat()); the Walker maps choice c at a state with n enabled instances to the (c mod n)-th).
 *
 * Shrinking a choice array element by element is weak on its own: deleting step i changes what every
 * later index picks. So, before fast-check's own array shrinks, this arbitrary offers candidates made on
 * the behaviour itself (the action instances it takes up to its first violation), each encoded back into
 * the smallest choice array that takes it:
 *   1. the behaviour itself, cut at its first violation, with minimal choices;
 *   2. the behaviour with a block of steps removed (every block of a short behaviour, largest first;
 *      halves, quarters, ... of a long one), or with any two steps removed;
 *   3. the behaviour with its last k steps (k = 2..4) replaced by the shortest way to a violation from
 *      the state before them (a breadth-first search of fewer than k steps, at most 4,000 states);
 *   4. the behaviour with two positions of the parameter domains swapped in every step (process B
 *      becomes A and A becomes B, mr1 becomes mr0, ...), in all parameters or in one at a time;
 *   5. the behaviour with one step replaced by an enabled instance of lower rank (a lower-numbered
 *      process, MR slot, fd, ...; see shrinkOrder), the rest unchanged.
 * Removed, renamed and replaced steps are rerouted (Walker.reroute): a later step that is no longer
 * enabled becomes the closest enabled instance of the same action, or is dropped.
 * fast-check keeps the first candidate that still fails and shrinks again from it.
 */
export function behaviours(walker: Walker, depth: number, shrinking: BehaviourShrinking): fc.Arbitrary<number[]> {
  return new Behaviours(fc.array(fc.nat(), { maxLength: depth, size: 'max' }), walker, shrinking);
}

class Behaviours extends fc.Arbitrary<number[]> {
  constructor(
    private readonly inner: fc.Arbitrary<number[]>,
    private readonly walker: Walker,
    private readonly shrinking: BehaviourShrinking,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<number[]> {
    return this.inner.generate(mrng, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is number[] {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: number[], context: unknown): fc.Stream<fc.Value<number[]>> {
    const semantic = this.semantic(value);
    const inner = this.inner;
    function* all(): IterableIterator<fc.Value<number[]>> {
      for (const c of semantic) yield new fc.Value(c, undefined);
      yield* inner.shrink(value, context);
    }
    return fc.stream(all());
  }

  private *semantic(value: number[]): IterableIterator<number[]> {
    const { walker, shrinking } = this;
    if (!shrinking.enabled()) return;
    const r = walker.walk(value, shrinking.looking());
    if (r.hits.length === 0) return;
    const path = r.path;
    const n = path.length;
    const canon = walker.encode(path)!;
    if (!same(canon, value)) yield canon;
    const seen = new Set<string>([canon.join(',')]);
    const fresh = (c: number[] | null): c is number[] => {
      if (c === null) return false;
      const key = c.join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    // 2. Remove a block of steps (every block of a short behaviour, largest first; halving sizes for a
    //    long one), then any two steps; the rest rerouted where a step is no longer enabled.
    const sizes = n <= 24 ? Array.from({ length: n }, (_, i) => n - i) : halvings(n);
    for (const size of sizes) {
      for (let i = 0; i + size <= n; i++) {
        if (!shrinking.enabled()) return;
        const c = walker.reroute([...path.slice(0, i), ...path.slice(i + size)]);
        if (fresh(c)) yield c;
      }
    }
    if (n <= 24) {
      for (let i = 0; i < n; i++) {
        for (let j = i + 2; j < n; j++) {
          if (!shrinking.enabled()) return;
          const c = walker.reroute(path.filter((_, x) => x !== i && x !== j));
          if (fresh(c)) yield c;
        }
      }
    }
    // 3. The last k steps (k = 2..MAX_COMPLETION + 1) replaced by the shortest way to a violation from
    //    the state before them, found by a small breadth-first search (fewer than k steps, bounded states).
    for (let k = 2; k <= Math.min(n, MAX_COMPLETION + 1); k++) {
      if (!shrinking.enabled()) return;
      const c = walker.shortestCompletion(path.slice(0, n - k), shrinking.looking(), k - 1, COMPLETION_STATES);
      const enc = c && walker.encode(c);
      if (fresh(enc)) yield enc;
    }
    // 4. Rename: swap two positions of the parameter domains (process B <-> A, mr1 <-> mr0, ...) in
    //    every step, in all parameters at once or in one parameter name at a time.
    const used = new Set<number>();
    const names = new Set<string>();
    for (const t of path) {
      const inst = this.walker.cs.instances[t];
      for (const [k, values] of Object.entries(inst.action.params ?? {})) {
        used.add((values as readonly unknown[]).indexOf(inst.params[k]));
        names.add(k);
      }
    }
    const positions = [...used].filter((x) => x > 0).sort((a, b) => a - b);
    for (const hi of positions) {
      for (let lo = 0; lo < hi; lo++) {
        for (const only of [null, ...names]) {
          if (!shrinking.enabled()) return;
          const renamed = this.rename(path, lo, hi, only);
          if (renamed) {
            const c = walker.reroute(renamed);
            if (fresh(c)) yield c;
          }
        }
      }
    }
    // 5. One step replaced by a lower-ranked instance.
    for (let i = 0; i < n; i++) {
      if (walker.rank[path[i]] === 0) continue;
      for (const alt of walker.enabledAfter(path.slice(0, i))) {
        if (walker.rank[alt] >= walker.rank[path[i]]) continue;
        if (!shrinking.enabled()) return;
        const c = walker.reroute([...path.slice(0, i), alt, ...path.slice(i + 1)]);
        if (fresh(c)) yield c;
      }
    }
  }

  /** `path` with parameter positions lo and hi swapped (in parameter `only`, or in all); null if some step has no such instance. */
  private rename(path: readonly number[], lo: number, hi: number, only: string | null): number[] | null {
    const out: number[] = [];
    let changed = false;
    for (const t of path) {
      const inst = this.walker.cs.instances[t];
      const domains = inst.action.params ?? {};
      const params: Record<string, unknown> = { ...inst.params };
      for (const [k, values] of Object.entries(domains)) {
        if (only !== null && k !== only) continue;
        const vs = values as readonly unknown[];
        const at = vs.indexOf(inst.params[k]);
        const to = at === lo ? hi : at === hi ? lo : at;
        if (to === at) continue;
        if (to >= vs.length) return null;
        params[k] = vs[to];
        changed = true;
      }
      const id = this.lookup().get(instanceKey(inst.action.name, params));
      if (id === undefined) return null;
      out.push(id);
    }
    return changed ? out : null;
  }

  private index: Map<string, number> | null = null;

  /** Instance id by action name and parameter values. */
  private lookup(): Map<string, number> {
    if (!this.index) {
      this.index = new Map();
      for (const inst of this.walker.cs.instances) this.index.set(instanceKey(inst.action.name, inst.params), inst.id);
    }
    return this.index;
  }
}

function instanceKey(action: string, params: Readonly<Record<string, unknown>>): string {
  return `${action}|${JSON.stringify(Object.entries(params))}`;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** n/2, n/4, ..., 1. */
function halvings(n: number): number[] {
  const out: number[] = [];
  for (let s = n >> 1; s >= 1; s >>= 1) out.push(s);
  return out;
}
