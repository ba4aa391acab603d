/**
 * The Net Promoter Score (rule SA-1) with MeasuringU's adjusted-Wald interval: promoters (9-10) minus
 * detractors (0-6) on the 0-10 likelihood-to-recommend scale, in points from -100 to 100.
 */
import { invalidInput } from '@kehu/core';
import { normalQuantile } from './distributions.js';
import type { Estimate, SatisfactionWarning } from './estimate.js';
import {
  type MetricOptions,
  nanInterval,
  readLevel,
  readScores,
  readSmallSample,
  type ScoreScale,
  sampleSizeWarnings,
} from './score-sample.js';

/** The NPS scale, 0-10 (fixed: the buckets are defined on it). */
export const NPS_SCALE: Readonly<ScoreScale> = Object.freeze({ min: 0, max: 10 });

const BUCKETS = ['promoters', 'passives', 'detractors'] as const;

/** The three NPS buckets, counted or in percent of n. */
export interface NpsBuckets {
  /** Scores 9 and 10. */
  promoters: number;
  /** Scores 7 and 8. */
  passives: number;
  /** Scores 0 to 6. */
  detractors: number;
}

/** An NPS with its interval and the buckets behind it. */
export interface NpsEstimate extends Estimate {
  /** How many responses fall in each bucket (they add up to n). */
  counts: NpsBuckets;
  /** Each bucket's share of n in percent (NaN with no responses). */
  percents: NpsBuckets;
  /** The adjusted NPS the interval is centred on, (P + 3/4)/(n + 3) - (D + 3/4)/(n + 3), in points. */
  adjusted: number;
}

/**
 * The bucket of one NPS score: promoter (9-10), passive (7-8) or detractor (0-6). Every integer from 0
 * to 10 is in exactly one bucket; callers pass scores already checked by `readScores`.
 */
export function npsBucketOf(score: number): keyof NpsBuckets {
  if (score >= 9) return 'promoters';
  if (score >= 7) return 'passives';
  return 'detractors';
}

/**
 * NPS from bucket counts, with MeasuringU's adjusted-Wald interval (J. Sauro, "How to Compute a
 * Confidence Interval for Net Promoter Scores", MeasuringU 2021; after Rocks, "Interval estimation for
 * the 'net promoter score'", The American Statistician 70 (2016)): n' = n + 3, p' = (P + 3/4)/n',
 * d' = (D + 3/4)/n', NPS' = p' - d', se = sqrt((p' + d' - (p' - d')²)/n'), interval NPS' ± z_{1-α/2} se,
 * in points and clipped to -100..100. The estimate is the observed NPS, 100 (P - D)/n.
 *
 * @param counts - promoters, passives and detractors: non-negative integers
 * @param options - `level` (0.95), `smallSample` (30)
 * @throws KehuValidationError at `['counts', bucket]` for a count that is not a non-negative integer, or at
 *   `['level']` / `['smallSample']`
 */
export function npsFromCounts(counts: NpsBuckets, options: MetricOptions = {}): NpsEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  if (typeof counts !== 'object' || counts === null) {
    throw invalidInput(['counts'], 'expected { promoters, passives, detractors }', 'invalid_type');
  }
  for (const bucket of BUCKETS) {
    const c = counts[bucket];
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 0) {
      throw invalidInput(['counts', bucket], `${bucket} must be a count (a non-negative integer), got ${String(c)}`);
    }
  }
  const n = counts.promoters + counts.passives + counts.detractors;
  const warnings: SatisfactionWarning[] = sampleSizeWarnings(n, smallSample);
  const result: NpsEstimate = {
    estimate: Number.NaN,
    n,
    ci: nanInterval(level),
    warnings,
    method: 'adjusted-wald (MeasuringU)',
    rules: ['SA-1'],
    counts: { promoters: counts.promoters, passives: counts.passives, detractors: counts.detractors },
    percents: { promoters: Number.NaN, passives: Number.NaN, detractors: Number.NaN },
    adjusted: Number.NaN,
  };
  if (n === 0) return result;
  result.percents = {
    promoters: (100 * counts.promoters) / n,
    passives: (100 * counts.passives) / n,
    detractors: (100 * counts.detractors) / n,
  };
  result.estimate = (100 * (counts.promoters - counts.detractors)) / n;
  const nAdj = n + 3;
  const p = (counts.promoters + 0.75) / nAdj;
  const d = (counts.detractors + 0.75) / nAdj;
  const centre = p - d;
  const se = Math.sqrt((p + d - centre * centre) / nAdj);
  const z = normalQuantile(1 - (1 - level) / 2);
  result.adjusted = 100 * centre;
  const lower = 100 * (centre - z * se);
  const upper = 100 * (centre + z * se);
  const only = BUCKETS.find((bucket) => counts[bucket] === n);
  if (only !== undefined) {
    warnings.push({
      code: 'ALL_SAME_BUCKET',
      message: `every response is in ${only}: the interval rests on the adjustment alone`,
    });
  }
  if (lower < -100 || upper > 100) {
    warnings.push({ code: 'CLIPPED', message: 'the adjusted-Wald interval reached past -100..100 and was clipped' });
  }
  result.ci = { lower: Math.max(-100, lower), upper: Math.min(100, upper), level };
  if (result.estimate < result.ci.lower || result.estimate > result.ci.upper) {
    warnings.push({
      code: 'ESTIMATE_OUTSIDE_INTERVAL',
      message:
        `the interval is centred on the adjusted NPS ${result.adjusted.toFixed(1)} ` +
        `and does not contain the observed ${result.estimate.toFixed(1)}`,
    });
  }
  return result;
}

/**
 * The Net Promoter Score (rule SA-1): % promoters (9-10) minus % detractors (0-6) of the 0-10 scores,
 * from -100 to 100, with MeasuringU's adjusted-Wald interval (see {@link npsFromCounts} for the formula
 * and sources), the bucket counts and their percentages. No responses give NaN with an `EMPTY` warning
 * (never 0 or null); fewer than `smallSample` (30) carry `SMALL_SAMPLE`; one bucket only carries
 * `ALL_SAME_BUCKET`. The scale is always 0-10.
 *
 * @param scores - integer scores from 0 to 10; never mutated, order does not matter
 * @param options - `level` (0.95), `smallSample` (30)
 * @throws KehuValidationError at `[index]` for a score that is not an integer from 0 to 10 (6.5 is refused,
 *   never counted in n and in no bucket), or at `['level']` / `['smallSample']`
 */
export function nps(scores: Iterable<number>, options: MetricOptions = {}): NpsEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const sample = readScores(scores, NPS_SCALE);
  const counts: NpsBuckets = { promoters: 0, passives: 0, detractors: 0 };
  for (const [value, c] of sample.counts) counts[npsBucketOf(value)] += c;
  return npsFromCounts(counts, { level, smallSample });
}
