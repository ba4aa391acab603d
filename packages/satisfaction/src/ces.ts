/**
 * The Customer Effort Score (rule SA-3, service quality: "ability to solve problems"): agreement on a 1-7
 * scale that the company made the issue easy to handle, reported as the mean with its t interval and the
 * share agreeing (5-7) with its Wilson interval.
 */
import { meanEstimateOf, type MeanEstimate } from './average-score.js';
import { readTopBox, type ShareEstimate, shareEstimateOf } from './csat.js';
import { type ProportionIntervalMethod, readProportionMethod } from './proportion-interval.js';
import {
  readLevel,
  readScale,
  readScores,
  readSmallSample,
  type ScaledMetricOptions,
  type ScoreScale,
} from './score-sample.js';

/** The default CES scale: 1 (strongly disagree) to 7 (strongly agree). */
export const DEFAULT_CES_SCALE: Readonly<ScoreScale> = Object.freeze({ min: 1, max: 7 });

/** Options of {@link ces}. */
export interface CesOptions extends ScaledMetricOptions {
  /** How many top scale values count as agreeing (default 3: 5, 6 and 7 on 1-7). */
  topBox?: number;
  /** The interval of the share agreeing: `'wilson'` (default) or `'adjusted-wald'`. */
  interval?: ProportionIntervalMethod;
}

/** CES: the mean effort score (the estimate) with its t interval, and the share agreeing. */
export interface CesEstimate extends MeanEstimate {
  /** The percentage agreeing (5-7 on 1-7 by default) with its interval. */
  agreeing: ShareEstimate;
}

/**
 * The Customer Effort Score (CES 2.0, Dixon, Freeman and Toman, "Stop trying to delight your customers",
 * Harvard Business Review, July 2010): the mean of the 1-7 agreement scores with Student's t interval
 * (as `averageScore`), and in `agreeing` the percentage agreeing (5-7) with the Wilson score interval
 * (Wilson 1927; `interval: 'adjusted-wald'` gives Agresti-Coull). Warnings as for the average score and
 * CSAT.
 *
 * @param scores - integer scores on the scale (default 1-7); never mutated, order does not matter
 * @param options - `level` (0.95), `scale` ({ min: 1, max: 7 }), `topBox` (3), `interval` ('wilson'),
 *   `smallSample` (30)
 * @throws KehuValidationError at `[index]` for a score off the scale or not an integer, or at the bad option
 */
export function ces(scores: Iterable<number>, options: CesOptions = {}): CesEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const scale = readScale(options.scale, DEFAULT_CES_SCALE);
  const topBox = readTopBox(options.topBox, 3, scale);
  const method = readProportionMethod(options.interval);
  const sample = readScores(scores, scale);
  const rules = ['SA-3'];
  const agreeing = shareEstimateOf(sample, scale.max - topBox + 1, method, level, smallSample, rules);
  return { ...meanEstimateOf(sample, level, smallSample, rules), agreeing };
}
