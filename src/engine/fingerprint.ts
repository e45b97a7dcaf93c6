/**
 * 64-bit fingerprints of state vectors (Zobrist hashing): every (actor, local snapshot) pair has a
 * pseudo-random 64-bit key, and a state's fingerprint is the XOR of its actors' keys. A successor
 * that changes two actors is fingerprinted by XOR-ing four keys, not by hashing the whole vector.
 * Collisions are possible (as in TLC); the checker prints the estimated probability.
 */

/** murmur3's finaliser: a bijective mix of 32 bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** High 32 bits of the key of (actor, local). */
export function zobristHi(actor: number, local: number): number {
  return fmix(Math.imul(actor + 1, 0x9e3779b1) ^ fmix(local + 0x7f4a7c15));
}

/** Low 32 bits of the key of (actor, local), from an independent mix. */
export function zobristLo(actor: number, local: number): number {
  return fmix(Math.imul(local + 0x3c6ef372, 0x85ebca77) ^ fmix(Math.imul(actor + 0x165667b1, 0xc2b2ae3d)));
}

/** High 32 bits of the fingerprint of vec[off .. off+len). */
export function fingerprintHi(vec: Int32Array, off: number, len: number): number {
  let h = 0;
  for (let i = 0; i < len; i++) h ^= zobristHi(i, vec[off + i]);
  return h;
}

/** Low 32 bits of the fingerprint of vec[off .. off+len). */
export function fingerprintLo(vec: Int32Array, off: number, len: number): number {
  let h = 0;
  for (let i = 0; i < len; i++) h ^= zobristLo(i, vec[off + i]);
  return h;
}

/**
 * TLC's "optimistic" estimate of the probability that some two distinct states shared a fingerprint:
 * n * (generated - n) / 2^64, for n distinct states and `generated` states generated.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
