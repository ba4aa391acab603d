/**
 * A small seeded pseudo-random generator for reproducible resampling (rule SA-3 key-driver intervals).
 *
 * Hand-written on purpose: a domain package may import only `@kehu/core` and `@kehu/calendar`, and the
 * generator is a dozen lines. The same seed gives the same sequence on every platform, because every step is
 * 32-bit integer arithmetic (`Math.imul`, `>>>`), never a float operation that could round differently.
 */
import { invalidInput } from '@kehu/core';

/** A seeded source of random numbers; each call advances its state. */
export interface SeededRandom {
  /** The next unsigned 32-bit integer, uniform on 0 .. 2^32 - 1. */
  nextUint32(): number;
  /** The next float, uniform on [0, 1), with 32 random bits. */
  next(): number;
  /** The next integer, uniform on 0 .. `n` - 1 without modulo bias (rejection sampling). */
  nextInt(n: number): number;
}

const TWO_POW_32 = 4_294_967_296;

/**
 * Creates the SplitMix32 generator for a seed: the state advances by the golden-ratio constant 0x9e3779b9 and
 * each output is the state passed through the MurmurHash3 32-bit finaliser (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014; the 32-bit variant with the `fmix32` mixer of
 * MurmurHash3). Its period is 2^32, plenty for a few thousand bootstrap resamples.
 *
 * @param seed - any safe integer; it is reduced to 32 bits, so seeds equal modulo 2^32 give the same sequence
 * @throws KehuValidationError when `seed` is not a safe integer
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) {
    throw invalidInput(['seed'], `seed must be a safe integer, got ${String(seed)}`);
  }
  let state = Number(BigInt.asUintN(32, BigInt(seed)));
  const nextUint32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / TWO_POW_32,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
        throw invalidInput(['n'], `n must be an integer from 1 to 2^32, got ${String(n)}`);
      }
      // Reject the top partial block of 2^32 so every residue is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}
