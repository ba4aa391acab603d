/**
 * A share's confidence interval, for the rates of the churn report and the risk score's
 * calibration table: the Wilson score interval, with the normal quantile of `@kehu/core`.
 */
import { invalidInput, normalQuantile } from '@kehu/core';

/**
 * The two-sided normal critical value z_{1-α/2} of a confidence level (0.95 → 1.959964).
 *
 * @param level - the confidence level, 0 < level < 1
 * @param path - where the level came from, for the error
 * @throws KehuValidationError at `path` when the level is not strictly between 0 and 1
 */
export function criticalValue(level: number, path: readonly (string | number)[] = ['level']): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(path, `a confidence level must be strictly between 0 and 1, got ${String(level)}`);
  return normalQuantile(1 - (1 - level) / 2);
}

/** A share with its confidence interval. */
export interface RateInterval {
  /** The share x/n, or NaN when n is 0. */
  readonly rate: number;
  /** The lower end (NaN when n is 0). */
  readonly lower: number;
  /** The upper end (NaN when n is 0). */
  readonly upper: number;
}

/**
 * The Wilson score interval for a proportion (E. B. Wilson, "Probable inference, the law of
 * succession, and statistical inference", JASA 22 (1927) 209-212): with p = x/n and critical
 * value z, (p + z²/2n ± z sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n). It lies in [0, 1] and
 * contains p. Callers check the counts; n = 0 gives NaN everywhere, which callers flag.
 *
 * @param successes - the count x, 0 ≤ x ≤ n
 * @param n - the sample size
 * @param z - the critical value (see {@link criticalValue})
 */
export function wilson(successes: number, n: number, z: number): RateInterval {
  if (n === 0) return { rate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // The exact ends are 0 at x = 0 and 1 at x = n; rounding must not push them past p.
  const lower = successes === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const upper = successes === n ? 1 : Math.max(p, Math.min(1, centre + half));
  return { rate: p, lower, upper };
}
