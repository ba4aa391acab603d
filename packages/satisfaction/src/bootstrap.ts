/**
 * The seeded nonparametric percentile bootstrap (Efron and Tibshirani, "An Introduction to the Bootstrap", 1993,
 * chapter 13): draw n rows with replacement, recompute the statistic, and read the interval off the quantiles of
 * the resampled statistics. Used for the key-driver weights of rule SA-3.
 */
import { invalidInput } from '@kehu/core';
import type { Interval } from './estimate.js';
import { seededRandom } from './seeded-random.js';

/** How to resample. */
export interface BootstrapOptions {
  /** Number of resamples (a non-negative integer; 0 gives NaN intervals). */
  resamples: number;
  /** Seed of the generator: the same seed, data and statistic give the same intervals. */
  seed: number;
  /** Confidence level of the intervals, strictly between 0 and 1. */
  level: number;
}

/** The percentile intervals of a vector-valued statistic and how many resamples they rest on. */
export interface BootstrapResult {
  /** One interval per component of the statistic; NaN bounds when no resample was usable. */
  intervals: Interval[];
  /** Resamples whose statistic was computed. */
  used: number;
  /** Resamples the statistic refused (returned `null`, e.g. a column was constant in that resample). */
  skipped: number;
}

/**
 * A statistic evaluated on one resample. `counts[i]` is how many times row i was drawn (the resample as
 * multinomial weights, so the statistic never copies rows). It returns one number per component, or `null` when
 * it cannot be computed on this resample (the resample is then skipped and counted).
 */
export type ResampledStatistic = (counts: Uint32Array) => ArrayLike<number> | null;

/**
 * Percentile bootstrap intervals for a statistic with `dimension` components over `n` rows. Rows are drawn with
 * the SplitMix32 generator of {@link seededRandom}, so the intervals depend only on the seed, the rows' order
 * as given and the statistic; callers that want order-independent intervals pass the rows in a canonical order.
 * The bounds are the (1 - level) / 2 and (1 + level) / 2 sample quantiles of the resampled statistics, by
 * linear interpolation between order statistics (Hyndman and Fan 1996, definition 7, R's default `quantile`).
 *
 * @param n - the number of rows (at least 1 when `resamples` is positive)
 * @param dimension - the number of components the statistic returns
 * @param statistic - evaluated once per resample
 * @param options - resamples, seed and level
 * @throws KehuValidationError when an option is out of range, or the statistic returns the wrong length
 */
export function percentileBootstrap(
  n: number,
  dimension: number,
  statistic: ResampledStatistic,
  options: BootstrapOptions,
): BootstrapResult {
  const { resamples, seed, level } = options;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw invalidInput(['resamples'], `resamples must be a non-negative integer, got ${String(resamples)}`);
  }
  if (!(level > 0 && level < 1)) throw invalidInput(['level'], `level must be between 0 and 1, got ${String(level)}`);
  if (!Number.isInteger(n) || n < 0) throw invalidInput(['n'], `n must be a non-negative integer, got ${String(n)}`);
  const random = seededRandom(seed);
  const draws = new Float64Array(resamples * dimension);
  const counts = new Uint32Array(n);
  let used = 0;
  for (let b = 0; b < resamples && n > 0; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[random.nextInt(n)]!++;
    const value = statistic(counts);
    if (value === null) continue;
    if (value.length !== dimension) {
      throw invalidInput(['statistic'], `the statistic returned ${value.length} values, expected ${dimension}`);
    }
    for (let d = 0; d < dimension; d++) draws[d * resamples + used] = value[d]!;
    used++;
  }
  const intervals: Interval[] = [];
  for (let d = 0; d < dimension; d++) {
    const sorted = draws.slice(d * resamples, d * resamples + used).sort();
    intervals.push({ lower: quantile7(sorted, (1 - level) / 2), upper: quantile7(sorted, (1 + level) / 2), level });
  }
  return { intervals, used, skipped: resamples - used };
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (Hyndman and Fan 1996,
 * definition 7; R's `quantile(x, q, type = 7)`): h = (N - 1) q, x[floor h] + (h - floor h)(x[floor h + 1] -
 * x[floor h]).
 *
 * @param sorted - values in ascending order
 * @param q - the probability, from 0 to 1
 * @returns NaN when there are no values
 */
export function quantile7(sorted: ArrayLike<number>, q: number): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const h = (count - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, count - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
