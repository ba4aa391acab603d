/**
 * SERVQUAL gaps (rule SA-3, service quality): per dimension, the mean perception minus the mean
 * expectation, when both are asked, with Welch's interval.
 */
import { invalidInput } from '@kehu/core';
import { welchDifference } from './compare.js';
import type { Estimate } from './estimate.js';
import {
  type MetricOptions,
  momentsOf,
  nanInterval,
  readLevel,
  readScale,
  readScores,
  readSmallSample,
  type ScoreScale,
  sampleSizeWarnings,
} from './score-sample.js';

/** The default SERVQUAL scale: 1-7, the scale of the SERVQUAL instrument. */
export const DEFAULT_SERVQUAL_SCALE: Readonly<ScoreScale> = Object.freeze({ min: 1, max: 7 });

/** The perception and expectation scores of one dimension. */
export interface ServqualPair {
  /** How the service was experienced, integer scores on the scale. */
  perception: Iterable<number>;
  /** What was expected, integer scores on the scale. */
  expectation: Iterable<number>;
}

/** Options of {@link servqualGaps}. */
export interface ServqualOptions extends MetricOptions {
  /** The scale of every item (default 1-7). */
  scale?: ScoreScale;
}

/** Mean, standard deviation and size of one side of a gap. */
export interface GapSide {
  /** The mean score (NaN without scores). */
  mean: number;
  /** The sample standard deviation (NaN under two scores). */
  sd: number;
  /** The number of scores. */
  n: number;
}

/** One dimension's gap P - E in scale points, with Welch's interval; `n` is the smaller of the two samples. */
export interface ServqualGap extends Estimate {
  /** The perception side. */
  perception: GapSide;
  /** The expectation side. */
  expectation: GapSide;
  /** Welch-Satterthwaite degrees of freedom of the interval (NaN when it is undefined). */
  df: number;
}

/**
 * SERVQUAL gaps (A. Parasuraman, V. A. Zeithaml and L. L. Berry, "SERVQUAL: a multiple-item scale for
 * measuring consumer perceptions of service quality", Journal of Retailing 64 (1988) 12-40): for each
 * dimension, gap = mean(perception) - mean(expectation) in scale points (negative: the service falls short),
 * with Welch's interval gap ± t_{1-α/2, df} sqrt(s_P²/n_P + s_E²/n_E), df by Welch-Satterthwaite (Welch 1947),
 * computed by `welchDifference`. It treats the two sides as independent samples; when the same people
 * answered both, their positive correlation makes this interval wider than a paired one (conservative).
 * A side without scores gives NaN with `EMPTY`; a side of one score, or no spread on either side, gives a
 * NaN interval with `NO_INTERVAL` / `NO_VARIANCE`; the smaller side under `smallSample` carries `SMALL_SAMPLE`.
 *
 * @param dimensions - per dimension id (e.g. `'response-speed'`), its `{ perception, expectation }` scores;
 *   never mutated, order does not matter
 * @param options - `level` (0.95), `scale` ({ min: 1, max: 7 }), `smallSample` (30)
 * @throws KehuValidationError at `[dimension, 'perception' | 'expectation', index]` for a score off the
 *   scale or not an integer, or at the bad option
 */
export function servqualGaps(
  dimensions: Readonly<Record<string, ServqualPair>>,
  options: ServqualOptions = {},
): Record<string, ServqualGap> {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const scale = readScale(options.scale, DEFAULT_SERVQUAL_SCALE);
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) {
    throw invalidInput([], 'expected an object of dimensions { [id]: { perception, expectation } }', 'invalid_type');
  }
  const result: Record<string, ServqualGap> = {};
  for (const [dimension, pair] of Object.entries(dimensions)) {
    if (typeof pair !== 'object' || pair === null) {
      throw invalidInput([dimension], 'expected { perception, expectation }', 'invalid_type');
    }
    const p = readScores(pair.perception, scale, [dimension, 'perception']);
    const e = readScores(pair.expectation, scale, [dimension, 'expectation']);
    const perception = { ...momentsOf(p), n: p.n };
    const expectation = { ...momentsOf(e), n: e.n };
    const n = Math.min(p.n, e.n);
    const warnings = sampleSizeWarnings(n, smallSample, `responses on one side of ${dimension}`);
    const gap: ServqualGap = {
      estimate: Number.NaN,
      n,
      ci: nanInterval(level),
      warnings,
      method: 'welch',
      rules: ['SA-3'],
      perception,
      expectation,
      df: Number.NaN,
    };
    result[dimension] = gap;
    if (n === 0) continue;
    const welch = welchDifference(expectation, perception, level);
    gap.estimate = perception.mean - expectation.mean;
    gap.df = welch.df;
    if (n < 2) {
      warnings.push({ code: 'NO_INTERVAL', message: 'a side has a single score, so its variance is undefined' });
    } else if (Number.isNaN(welch.se)) {
      warnings.push({ code: 'NO_VARIANCE', message: 'neither side shows any spread: the interval is undefined' });
    } else {
      gap.ci = welch.ci;
    }
  }
  return result;
}
