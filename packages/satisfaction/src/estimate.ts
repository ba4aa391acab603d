/**
 * The shape every satisfaction figure is reported in: the point estimate with its sample size,
 * its confidence interval, the method that produced the interval and the warnings a reader
 * must see beside the number (rules SA-1, SA-3).
 */

/** A two-sided confidence interval, in the units of the estimate it belongs to. */
export interface Interval {
  /** Lower bound (NaN when the interval cannot be computed, e.g. no data). */
  lower: number;
  /** Upper bound (NaN when the interval cannot be computed). */
  upper: number;
  /** Confidence level, e.g. `0.95`. */
  level: number;
}

/**
 * Why a figure must be read with care:
 * - `EMPTY`: no data; the estimate and the interval are NaN (never 0 or null).
 * - `SMALL_SAMPLE`: fewer responses than the `smallSample` option (default {@link SMALL_SAMPLE}).
 * - `NO_VARIANCE`: every response has the same value, so a t interval cannot be computed; it is NaN.
 * - `ALL_SAME_BUCKET`: every response falls in one bucket (all promoters, all satisfied...), so a share's
 *   interval rests on the interval method alone.
 * - `NO_INTERVAL`: the interval could not be computed (e.g. a mean of one response); it is NaN.
 * - `CLIPPED`: the interval reached past the range of the estimate and was clipped to it.
 * - `ESTIMATE_OUTSIDE_INTERVAL`: the interval is centred on an adjusted estimate (NPS adjusted-Wald) and does
 *   not contain the observed one; it happens with every response in one bucket, tiny samples or low levels.
 * - `COLLINEAR`: some predictors are exact linear combinations of others (key drivers, rule SA-3); the message
 *   names them.
 */
export type SatisfactionWarningCode =
  | 'EMPTY'
  | 'SMALL_SAMPLE'
  | 'NO_VARIANCE'
  | 'ALL_SAME_BUCKET'
  | 'NO_INTERVAL'
  | 'CLIPPED'
  | 'ESTIMATE_OUTSIDE_INTERVAL'
  | 'COLLINEAR';

/** A warning attached to an estimate; hosts switch on `code`, the message is for people. */
export interface SatisfactionWarning {
  /** Stable machine-readable code. */
  code: SatisfactionWarningCode;
  /** What the reader should know, in English. */
  message: string;
}

/** A satisfaction figure with everything needed to read it honestly. */
export interface Estimate {
  /** The point estimate; NaN when there is no data (never 0 or null), with an `EMPTY` warning. */
  estimate: number;
  /** The sample size the estimate used. */
  n: number;
  /** The confidence interval, in the estimate's units (percent 0-100 for shares, -100..100 for NPS). */
  ci: Interval;
  /** What the reader must know (empty input, small sample, no variance...). */
  warnings: SatisfactionWarning[];
  /** The interval method, e.g. `'wilson'`, `'adjusted-wald (MeasuringU)'`, `'t'`. */
  method: string;
  /** The rule ids the figure serves, e.g. `['SA-1']`. */
  rules: string[];
}

/** Sample sizes under this carry a `SMALL_SAMPLE` warning (the default of the `smallSample` option). */
export const SMALL_SAMPLE = 30;
