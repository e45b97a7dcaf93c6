import { SpillingIntVec } from './spillingIntVec.ts';
import type { DiskDir } from './diskDir.ts';

/** What the search's result offers of its per-state vectors: a length and a read (see Exploration). */
export interface ReadVec {
  readonly length: number;
  get(i: number): number;
  /** Bytes held in memory. */
  bytes(): number;
}

/**
 * Each state's action instance (-1 for the initial state), packed: four to a 32-bit word while the
 * system has fewer than 255 instances, two below 65,535, else one. An action took 4 bytes a state
 * before; it now takes 1 in most systems (the DAX model has 133 instances, the bench's models under 60).
 *
 * The words go in a SpillingIntVec, so they spill to disk with it (spill) and a checkpoint's prefix
 * keeps its values. The word being filled stays here (`pending`) until it is full.
 */
export class ActionVec implements ReadVec {
  length = 0;
  private words = new SpillingIntVec(1 << 12);
  private pending = 0;
  /** Actions a word holds, bits each, and the mask of one. */
  private readonly per: number;
  private readonly bits: number;
  private readonly mask: number;

  constructor(private readonly instances: number) {
    this.per = instances < 255 ? 4 : instances < 65535 ? 2 : 1;
    this.bits = 32 / this.per;
    this.mask = this.per === 1 ? -1 : (1 << this.bits) - 1;
  }

  push(t: number): void {
    if (this.per === 1) {
      this.words.push(t);
      this.length++;
      return;
    }
    const slot = this.length % this.per;
    this.pending |= (t + 1) << (slot * this.bits);
    this.length++;
    if (slot === this.per - 1) {
      this.words.push(this.pending);
      this.pending = 0;
    }
  }

  get(i: number): number {
    if (this.per === 1) return this.words.get(i);
    const w = Math.floor(i / this.per);
    const word = w < this.words.length ? this.words.get(w) : this.pending;
    return ((word >>> ((i % this.per) * this.bits)) & this.mask) - 1;
  }

  bytes(): number {
    return this.words.bytes();
  }

  /** Bytes of the actions in memory (see SpillingIntVec.inMemoryBytes). */
  inMemoryBytes(): number {
    return this.words.inMemoryBytes();
  }

  growthWithin(n: number): number {
    return this.words.growthWithin(Math.ceil(n / this.per));
  }

  /** Moves the full words in memory to the end of the file (see SpillingIntVec.spill). */
  spill(dir: DiskDir, tag: string): void {
    this.words.spill(dir, tag);
  }

  /** The first `length` actions as they are now (see SpillingIntVec.prefix). */
  prefix(length: number): ActionVec {
    const v = new ActionVec(this.instances);
    const needed = Math.ceil(length / this.per);
    // Every word it needs is full (and kept as it is), or the last one is the word being filled: its value now.
    v.words = this.words.prefix(Math.min(needed, this.words.length));
    v.pending = needed > this.words.length ? this.pending : 0;
    v.length = length;
    return v;
  }
}
