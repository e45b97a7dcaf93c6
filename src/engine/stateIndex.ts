import { SpillingIntVec } from './spillingIntVec.ts';

/**
 * State numbers past 2^31. The search numbers states in BFS order with JavaScript numbers, and keeps each
 * state's parent in an Int32Array, as the parent's number modulo SPAN (its low 32 bits). A parent is
 * found before its children, and the explorer stops (`state-limit`) before a state would be SPAN or more
 * states after its parent, so state i's parent is i - ((i - stored) mod SPAN): one number for any count
 * of states (up to 2^52, where a double still holds the difference exactly), in the 4 bytes a state
 * the parents always took.
 *
 * A search that keeps a state graph (liveness) or runs on worker threads stores whole state numbers in
 * 32-bit slots (its hash table, edges and shared counter): at most INDEX_LIMIT states, and in fact fewer,
 * since a table in memory holds at most MAX_FINGERPRINTS (fingerprintSet.ts).
 */
export const SPAN = 2 ** 32;

/** The most states a search with a state graph or worker threads numbers (slots hold index + 1 as int32). */
export const INDEX_LIMIT = 2 ** 31 - 2;

/** The most edges a state graph holds (each state's first edge is an int32 offset). */
export const EDGE_LIMIT = 2 ** 31 - 1;

/** `raw` decoded as the number of a state at most `span` - 1 before state `child` (see above). */
export function decodeIndex(raw: number, child: number, span = SPAN): number {
  return child - (((child - raw) >>> 0) % span);
}

/**
 * Each state's parent (-1 for the initial state), stored modulo `span` and read back whole by get(i).
 * `span` is SPAN except in tests, which lower it (a power of two) to run the wrap-around on small searches.
 */
export class ParentVec extends SpillingIntVec {
  /** The low bits kept, as an int32 mask (-1: all 32). */
  private readonly mask: number;

  constructor(
    initialCapacity: number,
    readonly span = SPAN,
  ) {
    super(initialCapacity);
    this.mask = (span - 1) | 0;
  }

  override push(v: number): void {
    // SpillingIntVec.push with the mask (one call less on the search's hottest path).
    const at = this.length - this.base;
    if (at === this.data.length) this.reserve(this.length + 1);
    this.data[at] = v & this.mask;
    this.length++;
  }

  override get(i: number): number {
    return decodeIndex(super.get(i), i, this.span);
  }

  protected override emptyLike(): ParentVec {
    return new ParentVec(16, this.span);
  }
}
