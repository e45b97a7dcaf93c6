/**
 * 64-bit fingerprints of state vectors, as two independent 32-bit murmur3-style hashes.
 * Collisions are possible (as in TLC); the checker prints the estimated probability.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** High 32 bits of the fingerprint of vec[off .. off+len). */
export function fingerprintHi(vec: Int32Array, off: number, len: number): number {
  let h = 0x9747b28c;
  for (let i = 0; i < len; i++) h = mixWord(h, vec[off + i]);
  return fmix(h, len);
}

/** Low 32 bits: the same hash with another seed and the words fed with a different tweak. */
export function fingerprintLo(vec: Int32Array, off: number, len: number): number {
  let h = 0x5bd1e995;
  for (let i = 0; i < len; i++) h = mixWord(h, vec[off + i] ^ 0x3c6ef372);
  return fmix(h, len + 0x100);
}

/**
 * TLC's "optimistic" estimate of the probability that some two distinct states shared a fingerprint:
 * n * (generated - n) / 2^64, for n distinct states and `generated` states generated.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
