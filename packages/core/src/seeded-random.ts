/**
 * The seeded generator of the packages that draw at random (the churn simulations, the random sample of cadence
 * rule CA-4): xoshiro128** seeded through SplitMix32. Written here rather than taken from a library so that a stored
 * seed replays the same draws on every platform, runtime and later version: the stream depends on this file only,
 * with 32-bit integer steps and one exact division per draw (no `Math.random`).
 */
import { type ErrorPath, invalidInput } from './errors.js';

/** A seeded source of uniform numbers; each call advances its state. */
export interface SeededRandom {
  /** A uniform number in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniform number in (0, 1): never 0, so logarithms of it are finite. */
  nextOpen(): number;
}

/**
 * SplitMix32 (Steele, Lea and Flood's SplitMix with the MurmurHash3 `fmix32` finaliser): expands one seed into the
 * state words. `>>> 0` takes any integer modulo 2^32 exactly.
 */
function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates the xoshiro128** generator for a seed (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM Transactions on Mathematical Software 47(4), 2021; period 2^128 − 1, passes BigCrush), its four
 * state words drawn from SplitMix32 of the seed. Each draw joins two 32-bit outputs into 53 bits.
 *
 * @param seed - an integer; it is taken modulo 2^32, so seeds equal modulo 2^32 give the same stream
 * @param path - where the seed came from, for the error
 * @throws KehuValidationError at `path` when `seed` is not an integer
 */
export function seededRandom(seed: number, path: ErrorPath = ['seed']): SeededRandom {
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw invalidInput(path, `seed must be an integer, got ${String(seed)}`);
  const mix = splitMix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) a = 1;
  const u32 = (): number => {
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r >>> 0;
  };
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    next,
    nextOpen: () => {
      let u = next();
      while (u === 0) u = next();
      return u;
    },
  };
}
