/**
 * CSAT (rule SA-1, "the share of satisfied customers"): the share of top-box answers (4 and 5 on 1-5 by
 * default) in percent, with the Wilson score interval or, on request, the Agresti-Coull interval.
 */
import { invalidInput } from '@kehu/core';
import { DEFAULT_AVERAGE_SCALE } from './average-score.js';
import type { Estimate, SatisfactionWarning } from './estimate.js';
import {
  adjustedWaldInterval,
  type ProportionIntervalMethod,
  readProportionMethod,
  wilsonInterval,
} from './proportion-interval.js';
import {
  countAtLeast,
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

/** Options of {@link csat}. */
export interface CsatOptions extends ScaledMetricOptions {
  /** How many of the top scale values count as satisfied (default 2: 4 and 5 on 1-5). */
  topBox?: number;
  /** The interval method: `'wilson'` (default) or `'adjusted-wald'` (Agresti-Coull). */
  interval?: ProportionIntervalMethod;
}

/** A share in percent (0-100) with its interval, and the counts behind it. */
export interface ShareEstimate extends Estimate {
  /** How many responses are in the counted box (satisfied, agreeing). */
  successes: number;
  /** The scale values counted, lowest first (e.g. [4, 5]). */
  counted: number[];
  /** The scale the scores were on. */
  scale: ScoreScale;
}

/**
 * Reads `topBox` (how many top scale values count; `fallback` when absent) and refuses one that is not an
 * integer from 1 to the number of scale values minus 1 (a box of every value would count everyone).
 */
export function readTopBox(option: unknown, fallback: number, scale: ScoreScale): number {
  const topBox = option ?? fallback;
  const values = scale.max - scale.min + 1;
  if (typeof topBox !== 'number' || !Number.isSafeInteger(topBox) || topBox < 1 || topBox >= values) {
    throw invalidInput(
      ['topBox'],
      `topBox must be an integer from 1 to ${values - 1} (the scale has ${values} values), got ${String(topBox)}`,
    );
  }
  return topBox;
}

/**
 * The share of a sample at or above `threshold`, in percent with its interval. Shared by {@link csat}
 * and the share agreeing of CES.
 *
 * @param sample - the scores, read by `readScores`
 * @param threshold - the lowest scale value counted
 * @param method - `'wilson'` or `'adjusted-wald'`
 * @param level - the confidence level
 * @param smallSample - the size under which a `SMALL_SAMPLE` warning is given
 * @param rules - the rule ids the figure serves
 */
export function shareEstimateOf(
  sample: ScoreSample,
  threshold: number,
  method: ProportionIntervalMethod,
  level: number,
  smallSample: number,
  rules: string[],
): ShareEstimate {
  const successes = countAtLeast(sample, threshold);
  const counted: number[] = [];
  for (let v = threshold; v <= sample.scale.max; v += 1) counted.push(v);
  const warnings: SatisfactionWarning[] = sampleSizeWarnings(sample.n, smallSample);
  const result: ShareEstimate = {
    estimate: Number.NaN,
    n: sample.n,
    ci: nanInterval(level),
    warnings,
    method: method === 'wilson' ? 'wilson' : 'adjusted-wald (Agresti-Coull)',
    rules,
    successes,
    counted,
    scale: sample.scale,
  };
  if (sample.n === 0) return result;
  result.estimate = (100 * successes) / sample.n;
  if (successes === 0 || successes === sample.n) {
    const which = successes === 0 ? 'no' : 'every';
    warnings.push({
      code: 'ALL_SAME_BUCKET',
      message: `${which} response is in ${counted.join(', ')}: the interval rests on its method alone`,
    });
  }
  const interval =
    method === 'wilson' ? wilsonInterval(successes, sample.n, level) : adjustedWaldInterval(successes, sample.n, level);
  if (interval.clipped) {
    warnings.push({ code: 'CLIPPED', message: 'the adjusted-Wald interval reached past 0-100% and was clipped' });
  }
  result.ci = { lower: 100 * interval.lower, upper: 100 * interval.upper, level };
  return result;
}

/**
 * CSAT (rule SA-1): the percentage of responses in the top `topBox` values of the scale (default the top
 * two, 4 and 5 on the default 1-5 scale), 0-100, with the Wilson score interval (Wilson 1927) or, with
 * `interval: 'adjusted-wald'`, the Agresti-Coull interval (Agresti and Coull 1998). No responses give NaN
 * with an `EMPTY` warning; fewer than `smallSample` (30) carry `SMALL_SAMPLE`; none or all satisfied carry
 * `ALL_SAME_BUCKET`.
 *
 * @param scores - integer scores on the scale; never mutated, order does not matter
 * @param options - `level` (0.95), `scale` ({ min: 1, max: 5 }), `topBox` (2), `interval` ('wilson'),
 *   `smallSample` (30)
 * @throws KehuValidationError at `[index]` for a score off the scale or not an integer, or at the bad option
 */
export function csat(scores: Iterable<number>, options: CsatOptions = {}): ShareEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  const topBox = readTopBox(options.topBox, 2, scale);
  const method = readProportionMethod(options.interval);
  return shareEstimateOf(readScores(scores, scale), scale.max - topBox + 1, method, level, smallSample, ['SA-1']);
}
