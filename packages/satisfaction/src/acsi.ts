/**
 * An ACSI-style satisfaction index (rule SA-1): a 0-100 index from weighted survey items, each item's mean
 * rescaled from its scale to 0-100.
 */
import { invalidInput } from '@kehu/core';
import { normalQuantile, tQuantile } from './distributions.js';
import type { Estimate, SatisfactionWarning } from './estimate.js';
import {
  type MetricOptions,
  momentsOf,
  nanInterval,
  readLevel,
  readScale,
  readScoreList,
  readScores,
  readSmallSample,
  type ScoreScale,
  sampleSizeWarnings,
} from './score-sample.js';

/** The default scale of an index item: 1-10, the scale of the ACSI questionnaire. */
export const DEFAULT_ACSI_SCALE: Readonly<ScoreScale> = Object.freeze({ min: 1, max: 10 });

/** One item of the index: its scores, its weight and its scale. */
export interface AcsiItem {
  /** Integer scores on the item's scale; with `pairing: 'by-respondent'`, score j of every item is respondent j's. */
  scores: Iterable<number>;
  /** The item's weight, a positive number (default 1); weights are normalised to sum to 1. */
  weight?: number;
  /** The item's scale (default 1-10). */
  scale?: ScoreScale;
}

/**
 * How the items' samples relate, which decides the interval:
 * - `'independent'` (default): the items are separate samples; delta-method interval.
 * - `'by-respondent'`: every item was answered by the same respondents, in the same order; the index is
 *   computed per respondent and its mean gets a t interval, which accounts for the correlation of the items.
 */
export type AcsiPairing = 'independent' | 'by-respondent';

/** Options of {@link acsiIndex}. */
export interface AcsiOptions extends MetricOptions {
  /** How the items' samples relate (default `'independent'`). */
  pairing?: AcsiPairing;
}

/** One item as it entered the index. */
export interface AcsiItemSummary {
  /** The item's mean score on its scale (NaN without scores). */
  mean: number;
  /** The item's sample standard deviation (NaN under two scores). */
  sd: number;
  /** The item's number of scores. */
  n: number;
  /** The item's normalised weight (the weights sum to 1). */
  weight: number;
  /** The item's mean rescaled to 0-100: (mean - min) / (max - min) × 100. */
  rescaled: number;
  /** The item's scale. */
  scale: ScoreScale;
}

/** The index (0-100) with its interval and its items; `n` is the smallest item sample (or the respondents). */
export interface AcsiEstimate extends Estimate {
  /** The items in input order. */
  items: AcsiItemSummary[];
}

interface ReadItem {
  values: number[];
  scale: ScoreScale;
  weight: number;
}

function readItems(items: readonly AcsiItem[]): ReadItem[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw invalidInput(['items'], 'expected a non-empty array of items { scores, weight?, scale? }', 'invalid_type');
  }
  const read = items.map((item, i) => {
    if (typeof item !== 'object' || item === null) {
      throw invalidInput(['items', i], 'expected an item { scores, weight?, scale? }', 'invalid_type');
    }
    const weight = item.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw invalidInput(['items', i, 'weight'], `weight must be a positive finite number, got ${String(weight)}`);
    }
    const scale = readScale(item.scale, DEFAULT_ACSI_SCALE, ['items', i, 'scale']);
    return { values: readScoreList(item.scores, scale, ['items', i, 'scores']), scale, weight };
  });
  const total = read.reduce((sum, item) => sum + item.weight, 0);
  for (const item of read) item.weight /= total;
  return read;
}

function readPairing(pairing: unknown): AcsiPairing {
  if (pairing === undefined) return 'independent';
  if (pairing !== 'independent' && pairing !== 'by-respondent') {
    throw invalidInput(['pairing'], `pairing must be 'independent' or 'by-respondent', got ${String(pairing)}`);
  }
  return pairing;
}

function rescale(value: number, scale: ScoreScale): number {
  return (100 * (value - scale.min)) / (scale.max - scale.min);
}

function clip(lower: number, upper: number, level: number, warnings: SatisfactionWarning[]) {
  if (lower < 0 || upper > 100) {
    warnings.push({ code: 'CLIPPED', message: 'the interval reached past 0-100 and was clipped' });
  }
  return { lower: Math.max(0, lower), upper: Math.min(100, upper), level };
}

/**
 * A 0-100 satisfaction index from weighted items, in the manner of the American Customer Satisfaction Index
 * (C. Fornell et al., "The American Customer Satisfaction Index: nature, purpose, and findings", Journal of
 * Marketing 60 (1996) 7-18, which reports its index as a weighted mean of items rescaled to 0-100; the ACSI's
 * own weights come from its PLS model, here they are yours): with normalised weights w_i,
 * index = Σ w_i (mean_i - min_i) / (max_i - min_i) × 100.
 *
 * The interval, clipped to 0-100:
 * - `pairing: 'independent'` (default): the delta method, index ± z_{1-α/2} sqrt(Σ w_i² (100 / (max_i -
 *   min_i))² s_i² / n_i); exact for a linear combination of independent means, it ignores any correlation
 *   between items answered by the same people (positive correlation makes it too narrow).
 * - `pairing: 'by-respondent'`: each respondent's index r_j = Σ w_i (x_ij - min_i) / (max_i - min_i) × 100,
 *   then mean(r) ± t_{1-α/2, n-1} sd(r)/√n; every item must have one score per respondent.
 *
 * An item without scores makes the index NaN with an `EMPTY` warning; `n` is the smallest item's sample
 * (the respondents when paired) and under `smallSample` carries `SMALL_SAMPLE`.
 *
 * @param items - the items `{ scores, weight = 1, scale = 1-10 }`; never mutated, score order does not matter
 *   (with `'by-respondent'`, only the respondents' order, which must agree across items)
 * @param options - `level` (0.95), `smallSample` (30), `pairing` ('independent')
 * @throws KehuValidationError at `['items', i, 'scores', j]` for a score off its scale, at
 *   `['items', i, 'weight']` for a weight that is not positive, at `['items', i, 'scores']` when paired
 *   items differ in length, or at the bad option
 */
export function acsiIndex(items: readonly AcsiItem[], options: AcsiOptions = {}): AcsiEstimate {
  const level = readLevel(options.level);
  const smallSample = readSmallSample(options.smallSample);
  const pairing = readPairing(options.pairing);
  const read = readItems(items);
  const summaries: AcsiItemSummary[] = read.map((item) => {
    const { mean, sd } = momentsOf(readScores(item.values, item.scale));
    return {
      mean,
      sd,
      n: item.values.length,
      weight: item.weight,
      rescaled: rescale(mean, item.scale),
      scale: item.scale,
    };
  });
  if (pairing === 'by-respondent') {
    const n = read[0]?.values.length ?? 0;
    read.forEach((item, i) => {
      if (item.values.length !== n) {
        throw invalidInput(
          ['items', i, 'scores'],
          `by-respondent pairing needs one score per respondent in every item: ` +
            `item 0 has ${n}, item ${i} has ${item.values.length}`,
        );
      }
    });
  }
  const n = Math.min(...summaries.map((s) => s.n));
  const warnings = sampleSizeWarnings(n, smallSample);
  const result: AcsiEstimate = {
    estimate: Number.NaN,
    n,
    ci: nanInterval(level),
    warnings,
    method: pairing === 'independent' ? 'delta (independent items)' : 't (per-respondent index)',
    rules: ['SA-1'],
    items: summaries,
  };
  if (n === 0) return result;
  if (pairing === 'independent') {
    result.estimate = summaries.reduce((sum, s) => sum + s.weight * s.rescaled, 0);
    if (n < 2) {
      warnings.push({ code: 'NO_INTERVAL', message: 'an item has a single score, so its variance is undefined' });
      return result;
    }
    const variance = summaries.reduce((sum, s) => {
      const range = s.scale.max - s.scale.min;
      return sum + (s.weight * s.weight * (100 / range) ** 2 * s.sd * s.sd) / s.n;
    }, 0);
    if (variance === 0) {
      warnings.push({ code: 'NO_VARIANCE', message: 'every item has a single value: the interval is undefined' });
      return result;
    }
    const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
    result.ci = clip(result.estimate - half, result.estimate + half, level, warnings);
    return result;
  }
  // By respondent: sorted before summing, so the result does not depend on the respondents' order.
  const perRespondent: number[] = [];
  for (let j = 0; j < n; j += 1) {
    perRespondent.push(
      read.reduce((sum, item) => sum + item.weight * rescale(item.values[j] as number, item.scale), 0),
    );
  }
  perRespondent.sort((a, b) => a - b);
  const mean = perRespondent.reduce((sum, r) => sum + r, 0) / n;
  result.estimate = mean;
  if (n < 2) {
    warnings.push({ code: 'NO_INTERVAL', message: 'a single respondent has no spread, so the index has no interval' });
    return result;
  }
  const sd = Math.sqrt(perRespondent.reduce((sum, r) => sum + (r - mean) * (r - mean), 0) / (n - 1));
  if (sd === 0) {
    warnings.push({ code: 'NO_VARIANCE', message: 'every respondent has the same index: the interval is undefined' });
    return result;
  }
  const half = (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  result.ci = clip(mean - half, mean + half, level, warnings);
  return result;
}
