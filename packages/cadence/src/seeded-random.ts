/**
 * The seeded generator behind the random selection of rule CA-4: xoshiro128** (D. Blackman and S. Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 47 (2021); period 2^128 − 1, passes BigCrush),
 * seeded through SplitMix32 (the 32-bit SplitMix with the MurmurHash3 `fmix32` finaliser). The same algorithm as
 * `@kehu/churn`'s `createRandom`, copied because domain packages do not import each other. Written here rather
 * than taken from a library so that a stored seed replays the same selection on every later version: the stream
 * depends on this file only, with 32-bit integer steps and one exact division per draw.
 */
import { invalidInput } from '@kehu/core';

/** A seeded source of uniform numbers; each call advances its state. */
export interface SeededRandom {
  /** A uniform number in [0, 1) with 53 random bits. */
  next(): number;
}

/** SplitMix32: expands one seed into the state words. `>>> 0` takes a safe integer modulo 2^32. */
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
 * Creates the generator for a seed.
 *
 * @param seed - a safe integer; it is taken modulo 2^32, so seeds equal modulo 2^32 give the same stream
 * @param path - where the seed came from, for the error
 * @throws KehuValidationError at `path` when `seed` is not a safe integer
 */
export function seededRandom(seed: number, path: readonly (string | number)[] = ['seed']): SeededRandom {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw invalidInput(path, `seed must be a safe integer, got ${String(seed)}`);
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
  return { next: () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992 };
}
