import type { CompiledSystem } from './compile.ts';
import type { PathIndex } from './pathReads.ts';
import type { GlobalState } from '../spec/system.ts';

/** A memo tree: a node reads one actor and branches on its local id; a leaf is the answer. */
type Tree = Node | boolean;
interface Node {
  /** The actor read next. */
  a: number;
  /** By that actor's local id. */
  k: (Tree | undefined)[];
}

/** Nodes one memo may hold (about 100 bytes each); past it, misses are evaluated and not kept. */
const NODE_BUDGET = 1 << 20;
/**
 * A function whose tree answers less than half of its calls, once it has missed this often, is
 * evaluated every time: a whole-state predicate reading every actor has about one path per state,
 * and tracking its reads and growing its tree would cost more than calling it.
 */
const MISSES_BEFORE_JUDGING = 4096;

/**
 * Remembers boolean functions of the global state (guards, predicates) by the actors they read.
 *
 * A function of the state that is pure (the checker assumes so of every guard and predicate) can only
 * depend on the snapshots it reads, and which actor it reads next can only depend on what it has read
 * so far. So each function gets a decision tree: evaluated once on a view that records its reads, it
 * adds the path "actor a had local id x, then actor b had y, ... -> answer"; later states that agree
 * on those actors walk the tree to the answer without building a view or calling the function. The
 * snapshot behind a local id never changes (snapshots are interned), so the answer is the function's.
 *
 * A function that enumerates the state (Object.keys, spread, JSON.stringify) reads every actor in a
 * way a view cannot track: it is evaluated every time from then on, as is one whose reads differ
 * between two calls that saw the same values so far (it is not a function of the state).
 */
export class ReadSetMemo {
  private readonly roots: (Tree | undefined)[];
  /** 1: evaluated every time (see above). */
  private readonly opaque: Uint8Array;
  /** Per function: calls, misses, and the nodes of its tree. */
  private readonly calls: Float64Array;
  private readonly misses: Float64Array;
  private readonly nodesOf: Float64Array;
  private readonly actorOf = new Map<string, number>();
  private nodes = 0;
  /**
   * Per function, the actors it has been seen to read (k bytes a function), for partial-order
   * reduction; `untracked[f]` once its reads are no longer observed (given up, or past the node
   * budget): it may read anything.
   */
  readonly seen: Uint8Array[];
  readonly untracked: Uint8Array;
  /** 1 once function f has been evaluated with its reads watched. */
  readonly evaluated: Uint8Array;
  /** Called the first time function f is evaluated with its reads watched. */
  onEvaluated?: (f: number) => void;
  /** Called when function f is first seen to read actor a (a = -1: its reads are no longer observed). */
  onNewRead?: (f: number, a: number) => void;
  /**
   * With a PathIndex, evaluations also watch which parts of each snapshot they read (pathReads.ts),
   * and onNewPath(f, a, path) is called when function f is first seen to read that path of actor a.
   */
  paths?: PathIndex;
  onNewPath?: (f: number, a: number, path: number) => void;
  private readonly seenPaths: (Set<number> | undefined)[] = [];

  constructor(
    private readonly cs: CompiledSystem,
    /** How many functions (indexed 0 ..) this memo answers for. */
    size: number,
    /** Evaluates function f on a view of the state; throws what the caller wants thrown. */
    private readonly evaluate: (f: number, view: GlobalState) => boolean,
  ) {
    this.roots = new Array(size).fill(undefined);
    this.opaque = new Uint8Array(size);
    this.calls = new Float64Array(size);
    this.misses = new Float64Array(size);
    this.nodesOf = new Float64Array(size);
    cs.actorNames.forEach((n, a) => this.actorOf.set(n, a));
    this.seen = Array.from({ length: size }, () => new Uint8Array(cs.actorNames.length));
    this.untracked = new Uint8Array(size);
    this.evaluated = new Uint8Array(size);
  }

  /**
   * The actors function f reads in the state at rows[off ..] (the path its tree takes there), appended
   * to `out`; evaluates f first if its tree does not know the state. Returns false when f's reads are
   * not observed (then it may read anything).
   */
  readsAt(f: number, rows: Int32Array, off: number, out: number[]): boolean {
    if (this.untracked[f] === 1) return false;
    if (!this.known(f, rows, off)) {
      this.holds(f, rows, off);
      if (this.untracked[f] === 1) return false;
    }
    let n = this.roots[f];
    while (n !== undefined && typeof n !== 'boolean') {
      out.push(n.a);
      n = n.k[rows[off + n.a]];
    }
    return n !== undefined;
  }

  /** f's tree answers the state at rows[off ..] (without evaluating). */
  private known(f: number, rows: Int32Array, off: number): boolean {
    let n = this.roots[f];
    while (n !== undefined && typeof n !== 'boolean') n = n.k[rows[off + n.a]];
    return n !== undefined;
  }

  private noteRead(f: number, a: number): void {
    if (this.seen[f][a] === 1) return;
    this.seen[f][a] = 1;
    this.onNewRead?.(f, a);
  }

  private notePath(f: number, a: number, p: number): void {
    let set = this.seenPaths[f];
    if (set === undefined) this.seenPaths[f] = set = new Set();
    const key = a * 2 ** 20 + p;
    if (set.has(key)) return;
    set.add(key);
    this.onNewPath?.(f, a, p);
  }

  private noteUntracked(f: number): void {
    if (this.untracked[f] === 1) return;
    this.untracked[f] = 1;
    this.onNewRead?.(f, -1);
  }

  /** Function f's answer in the state at rows[off ..]. */
  holds(f: number, rows: Int32Array, off: number): boolean {
    this.calls[f]++;
    let n = this.roots[f];
    while (n !== undefined && typeof n !== 'boolean') n = n.k[rows[off + n.a]];
    if (n !== undefined) return n;
    return this.miss(f, rows, off);
  }

  private miss(f: number, rows: Int32Array, off: number): boolean {
    const view = this.cs.view(rows, off);
    if (this.opaque[f] === 1) return this.evaluate(f, view);
    const misses = ++this.misses[f];
    if (misses > MISSES_BEFORE_JUDGING && 2 * misses > this.calls[f]) {
      this.giveUp(f);
      return this.evaluate(f, view);
    }
    // Past the budget, a miss is evaluated as it is (nothing would be kept of its reads).
    if (this.nodes >= NODE_BUDGET) {
      this.noteUntracked(f);
      return this.evaluate(f, view);
    }
    const reads: number[] = [];
    let enumerated = false;
    const { actorOf, paths } = this;
    const note = (key: string | symbol) => {
      if (typeof key !== 'string') return;
      const a = actorOf.get(key);
      if (a !== undefined && !reads.includes(a)) reads.push(a);
    };
    const pathReads: number[] = [];
    const tracked = new Proxy(view as object, {
      get(target, key, receiver) {
        note(key);
        const v = Reflect.get(target, key, receiver);
        if (paths === undefined || typeof key !== 'string') return v;
        const a = actorOf.get(key);
        if (a === undefined || v === null || typeof v !== 'object') return v;
        return paths.track(a, v as never, (p) => pathReads.push(a, p));
      },
      getOwnPropertyDescriptor(target, key) {
        note(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        enumerated = true;
        return Reflect.ownKeys(target);
      },
    }) as GlobalState;
    const value = this.evaluate(f, tracked);
    for (const a of reads) this.noteRead(f, a);
    for (let i = 0; i < pathReads.length; i += 2) this.notePath(f, pathReads[i], pathReads[i + 1]);
    if (this.evaluated[f] === 0) {
      this.evaluated[f] = 1;
      this.onEvaluated?.(f);
    }
    if (enumerated) this.giveUp(f);
    else this.remember(f, reads, rows, off, value);
    return value;
  }

  /** f is evaluated every time from now on: its tree goes, so that every call misses. */
  private giveUp(f: number): void {
    this.noteUntracked(f);
    this.opaque[f] = 1;
    this.roots[f] = undefined;
    this.nodes -= this.nodesOf[f];
    this.nodesOf[f] = 0;
  }

  /** Adds the path `reads` (with this state's ids) -> value to f's tree. */
  private remember(f: number, reads: number[], rows: Int32Array, off: number, value: boolean): void {
    let parent: Node | null = null;
    let id = 0;
    let n = this.roots[f];
    for (let j = 0; j < reads.length; j++) {
      const a = reads[j];
      if (n === undefined) {
        n = { a, k: [] };
        this.nodes++;
        this.nodesOf[f]++;
        if (parent === null) this.roots[f] = n;
        else parent.k[id] = n;
      } else if (typeof n === 'boolean' || n.a !== a) {
        // The same values read so far, and a different read (or an answer) now: not a function of the state.
        this.giveUp(f);
        return;
      }
      parent = n;
      id = rows[off + a];
      n = n.k[id];
    }
    if (n !== undefined && n !== value) {
      this.giveUp(f);
      return;
    }
    if (parent === null) this.roots[f] = value;
    else parent.k[id] = value;
  }
}
