/**
 * Confidence intervals for a share (a binomial proportion), used by CSAT's top-box share and CES's share
 * agreeing (rules SA-1, SA-3): the Wilson score interval (the default, `@kehu/core`'s at the level's critical
 * value) and the Agresti-Coull adjusted-Wald interval.
 */
import { invalidInput, wilsonInterval as wilsonAtCriticalValue } from '@kehu/core';
import { normalQuantile } from './distributions.js';
import type { Interval } from './estimate.js';

/** The interval methods for a share. */
export type ProportionIntervalMethod = 'wilson' | 'adjusted-wald';

/** A share's interval as a proportion (0-1), and whether it was clipped to [0, 1]. */
export interface ProportionInterval extends Interval {
  /** True when the method's interval reached past 0 or 1 and was clipped (adjusted-Wald only). */
  clipped: boolean;
}

/** Reads the `interval` option of a share (default `'wilson'`), refusing any other value at `['interval']`. */
export function readProportionMethod(method: unknown): ProportionIntervalMethod {
  if (method === undefined) return 'wilson';
  if (method !== 'wilson' && method !== 'adjusted-wald') {
    throw invalidInput(['interval'], `interval must be 'wilson' or 'adjusted-wald', got ${String(method)}`);
  }
  return method;
}

function checkCounts(successes: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw invalidInput(['n'], `n must be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw invalidInput(['successes'], `successes must be an integer from 0 to n (${n}), got ${successes}`);
  }
}

/**
 * The Wilson score interval for a proportion (E. B. Wilson, "Probable inference, the law of succession,
 * and statistical inference", JASA 22 (1927) 209-212): with p = x/n and z = z_{1-α/2},
 * (p + z²/2n ± z sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n). It always lies in [0, 1] and contains p.
 *
 * @param successes - the count x, 0 ≤ x ≤ n
 * @param n - the sample size, ≥ 1
 * @param level - the confidence level, 0 < level < 1
 * @throws KehuValidationError at `['successes']` or `['n']` for counts that are not integers in range
 */
export function wilsonInterval(successes: number, n: number, level: number): ProportionInterval {
  checkCounts(successes, n);
  const { lower, upper } = wilsonAtCriticalValue(successes, n, normalQuantile(1 - (1 - level) / 2));
  return { lower, upper, level, clipped: false };
}

/**
 * The Agresti-Coull ("adjusted Wald") interval for a proportion (A. Agresti and B. A. Coull, "Approximate
 * is better than 'exact' for interval estimation of binomial proportions", The American Statistician 52
 * (1998) 119-126): with ñ = n + z² and p̃ = (x + z²/2)/ñ, p̃ ± z sqrt(p̃(1 - p̃)/ñ), clipped to [0, 1].
 * It contains the Wilson interval, hence p.
 *
 * @param successes - the count x, 0 ≤ x ≤ n
 * @param n - the sample size, ≥ 1
 * @param level - the confidence level, 0 < level < 1
 * @throws KehuValidationError at `['successes']` or `['n']` for counts that are not integers in range
 */
export function adjustedWaldInterval(successes: number, n: number, level: number): ProportionInterval {
  checkCounts(successes, n);
  const z = normalQuantile(1 - (1 - level) / 2);
  const nTilde = n + z * z;
  const pTilde = (successes + (z * z) / 2) / nTilde;
  const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde);
  const p = successes / n;
  const rawLower = pTilde - half;
  const rawUpper = pTilde + half;
  return {
    lower: Math.min(p, Math.max(0, rawLower)),
    upper: Math.max(p, Math.min(1, rawUpper)),
    level,
    clipped: rawLower < 0 || rawUpper > 1,
  };
}
