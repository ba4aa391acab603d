/**
 * The average score (rule SA-1: "the results are the average score and the share of satisfied
 * customers"): the mean of the scores with Student's t interval.
 */
import { tQuantile } from './distributions.js';
import type { Estimate, SatisfactionWarning } from './estimate.js';
import {
  momentsOf,
  nanInterval,
  readLevel,
  readScale,
  readScores,
  readSmallSample,
  type ScaledMetricOptions,
  type ScoreSample,
  type ScoreScale,
  sampleSizeWarnings,
} from './score-sample.js';

/** The default scale of the average score and CSAT: 1-5. */
export const DEFAULT_AVERAGE_SCALE: Readonly<ScoreScale> = Object.freeze({ min: 1, max: 5 });

/** A mean score with its t interval, in scale points. */
export interface MeanEstimate extends Estimate {
  /** The sample standard deviation (n - 1 denominator); NaN under two responses. */
  sd: number;
  /** The scale the scores were on. */
  scale: ScoreScale;
}

/**
 * The mean of a sample with Student's t interval, mean ± t_{1-α/2, n-1} s/√n, clipped to the scale
 * (with a `CLIPPED` warning). Shared by {@link averageScore} and the CES mean.
 *
 * @param sample - the scores, read by {@link readScores}
 * @param level - the confidence level
 * @param smallSample - the size under which a `SMALL_SAMPLE` warning is given
 * @param rules - the rule ids the figure serves
 */
export function meanEstimateOf(sample: ScoreSample, level: number, smallSample: number, rules: string[]): MeanEstimate {
  const { mean, sd } = momentsOf(sample);
  const warnings: SatisfactionWarning[] = sampleSizeWarnings(sample.n, smallSample);
  const result: MeanEstimate = {
    estimate: mean,
    n: sample.n,
    ci: nanInterval(level),
    warnings,
    method: 't',
    rules,
    sd,
    scale: sample.scale,
  };
  if (sample.n === 0) return result;
  if (sample.n === 1) {
    warnings.push({ code: 'NO_INTERVAL', message: 'a single response has no spread, so the mean has no interval' });
    return result;
  }
  if (sd === 0) {
    warnings.push({
      code: 'NO_VARIANCE',
      message: `every response is ${mean}: the sample shows no spread, so the t interval is undefined`,
    });
    return result;
  }
  const half = (tQuantile(1 - (1 - level) / 2, sample.n - 1) * sd) / Math.sqrt(sample.n);
  const lower = mean - half;
  const upper = mean + half;
  const { min, max } = sample.scale;
  if (lower < min || upper > max) {
    warnings.push({ code: 'CLIPPED', message: `the t interval reached past the scale ${min}-${max} and was clipped` });
  }
  result.ci = { lower: Math.max(min, lower), upper: Math.min(max, upper), level };
  return result;
}

/**
 * The average score (rule SA-1): the mean of the scores with Student's t interval on n - 1 degrees of
 * freedom, mean ± t_{1-α/2, n-1} s/√n (Student, "The probable error of a mean", Biometrika 6 (1908)
 * 1-25), clipped to the scale. No responses give NaN with an `EMPTY` warning; one response gives a NaN
 * interval with `NO_INTERVAL`; responses all equal give a NaN interval with `NO_VARIANCE`; fewer than
 * `smallSample` (30) carry `SMALL_SAMPLE`.
 *
 * @param scores - integer scores on the scale (default 1-5); never mutated, order does not matter
 * @param options - `level` (0.95), `scale` ({ min: 1, max: 5 }), `smallSample` (30)
 * @throws KehuValidationError at `[index]` for a score off the scale or not an integer (6.5 is refused,
 *   never dropped), at `['level']`, `['scale']` or `['smallSample']` for bad options
 */
export function averageScore(scores: Iterable<number>, options: ScaledMetricOptions = {}): MeanEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  return meanEstimateOf(readScores(scores, scale), level, smallSample, ['SA-1']);
}
