/**
 * Reading a sample of scores for the satisfaction metrics (rules SA-1, SA-3): the common options
 * (`level`, `scale`, `smallSample`), the refusal of values off the scale or not integers, and the
 * frequencies every metric is computed from. Counting by value makes every result independent of
 * the order of the responses, bit for bit.
 */
import { type ErrorPath, invalidInput } from '@kehu/core';
import { type Interval, SMALL_SAMPLE, type SatisfactionWarning } from './estimate.js';

/** An integer rating scale: every integer from `min` to `max` (1-5, 1-7, 0-10...). */
export interface ScoreScale {
  /** The lowest score. */
  min: number;
  /** The highest score. */
  max: number;
}

/** Options every metric accepts. */
export interface MetricOptions {
  /** Confidence level of the interval, strictly between 0 and 1 (default 0.95). */
  level?: number;
  /** Sample sizes under this carry a `SMALL_SAMPLE` warning (default {@link SMALL_SAMPLE}, 30). */
  smallSample?: number;
}

/** Options of the metrics whose scale can be chosen. */
export interface ScaledMetricOptions extends MetricOptions {
  /** The integer scale the scores are on (each metric states its default). */
  scale?: ScoreScale;
}

/** A sample of integer scores summarised by frequency: what every metric is computed from. */
export interface ScoreSample {
  /** The scale the scores were checked against. */
  scale: ScoreScale;
  /** Number of scores. */
  n: number;
  /** How many times each score occurs, by score value ascending. */
  counts: ReadonlyMap<number, number>;
}

/** Checks `level` (default 0.95): a number strictly between 0 and 1. */
export function readLevel(level: unknown, path: ErrorPath = ['level']): number {
  if (level === undefined) return 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw invalidInput(path, `level must be a number strictly between 0 and 1, got ${String(level)}`);
  }
  return level;
}

/** Checks `smallSample` (default {@link SMALL_SAMPLE}): a non-negative integer. */
export function readSmallSample(value: unknown, path: ErrorPath = ['smallSample']): number {
  if (value === undefined) return SMALL_SAMPLE;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(path, `smallSample must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** Checks a scale (or returns `fallback` when it is absent): integer ends with `min < max`. */
export function readScale(scale: unknown, fallback: ScoreScale, path: ErrorPath = ['scale']): ScoreScale {
  if (scale === undefined) return fallback;
  const s = scale as Partial<ScoreScale> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    !Number.isSafeInteger(s.min) ||
    !Number.isSafeInteger(s.max) ||
    (s.min as number) >= (s.max as number)
  ) {
    throw invalidInput(path, 'a scale needs integer ends with min < max, e.g. { min: 1, max: 5 }');
  }
  return { min: s.min as number, max: s.max as number };
}

/**
 * Reads scores into a {@link ScoreSample}, refusing (never dropping) a value that is not an integer on
 * the scale: 6.5 on 0-10, 0 on 1-5, NaN or a string are a `KehuValidationError` at `[...path, index]`.
 * The input is not mutated.
 *
 * @param scores - the scores, any iterable of numbers
 * @param scale - the scale the scores must be on
 * @param path - where the scores are, in front of the index in error paths (default `[]`)
 */
export function readScores(scores: Iterable<number>, scale: ScoreScale, path: ErrorPath = []): ScoreSample {
  return countScores(readScoreList(scores, scale, path), scale);
}

/**
 * Reads scores into a new array in their order, refusing a value that is not an integer on the scale at
 * `[...path, index]` as {@link readScores} does; for metrics that pair scores by position.
 *
 * @param scores - the scores, any iterable of numbers (read once)
 * @param scale - the scale the scores must be on
 * @param path - where the scores are, in front of the index in error paths (default `[]`)
 */
export function readScoreList(scores: Iterable<number>, scale: ScoreScale, path: ErrorPath = []): number[] {
  if (
    typeof scores !== 'object' ||
    scores === null ||
    typeof (scores as Iterable<number>)[Symbol.iterator] !== 'function'
  ) {
    throw invalidInput(path, 'expected an iterable of scores (e.g. an array of numbers)', 'invalid_type');
  }
  const list: number[] = [];
  for (const x of scores) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < scale.min || x > scale.max) {
      const shown = typeof x === 'number' ? String(x) : JSON.stringify(x);
      throw invalidInput(
        [...path, list.length],
        `a score must be an integer from ${scale.min} to ${scale.max}, got ${shown}`,
      );
    }
    list.push(x);
  }
  return list;
}

function countScores(list: readonly number[], scale: ScoreScale): ScoreSample {
  const counts = new Map<number, number>();
  for (const x of list) counts.set(x, (counts.get(x) ?? 0) + 1);
  const sorted = new Map([...counts.entries()].sort((a, b) => a[0] - b[0]));
  return { scale, n: list.length, counts: sorted };
}

/** How many scores in the sample are at least `threshold`. */
export function countAtLeast(sample: ScoreSample, threshold: number): number {
  let count = 0;
  for (const [value, c] of sample.counts) if (value >= threshold) count += c;
  return count;
}

/** Mean and sample standard deviation (n - 1 denominator) of a sample; NaN where undefined. */
export function momentsOf(sample: ScoreSample): { mean: number; sd: number } {
  if (sample.n === 0) return { mean: Number.NaN, sd: Number.NaN };
  let sum = 0;
  for (const [value, c] of sample.counts) sum += value * c;
  const mean = sum / sample.n;
  if (sample.n < 2) return { mean, sd: Number.NaN };
  let squares = 0;
  for (const [value, c] of sample.counts) squares += c * (value - mean) * (value - mean);
  return { mean, sd: Math.sqrt(squares / (sample.n - 1)) };
}

/** An interval of NaNs at `level`: what a figure without data, or without a computable interval, carries. */
export function nanInterval(level: number): Interval {
  return { lower: Number.NaN, upper: Number.NaN, level };
}

/** The `EMPTY` or `SMALL_SAMPLE` warning a sample of `n` carries, if any. */
export function sampleSizeWarnings(n: number, smallSample: number, what = 'responses'): SatisfactionWarning[] {
  if (n === 0) return [{ code: 'EMPTY', message: `no ${what}: the estimate and its interval are NaN` }];
  if (n < smallSample) {
    return [
      {
        code: 'SMALL_SAMPLE',
        message: `only ${n} ${what} (under ${smallSample}): the interval is wide, read with care`,
      },
    ];
  }
  return [];
}
