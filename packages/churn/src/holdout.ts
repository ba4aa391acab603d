/**
 * Validation of a customer-base model on a holdout period: calibration versus holdout by frequency bucket
 * (Fader, Hardie and Lee 2005, "Counting your customers the easy way", figure 4; `lifetimes`'
 * `plot_calibration_purchases_vs_holdout_purchases`) and the error of the per-customer predictions.
 */
import { invalidInput } from '@kehu/core';
import { type BgNbdFit, bgNbdConditionalExpectedPurchases } from './bg-nbd.js';
import { type MbgNbdFit, mbgNbdConditionalExpectedPurchases } from './mbg-nbd.js';
import { type ParetoNbdFit, paretoNbdConditionalExpectedPurchases } from './pareto-nbd.js';
import { checkFrequencyRow, type FrequencyRow } from './rows.js';
import type { ChurnWarning } from './warnings.js';

/** A calibration row with what happened in the holdout period (an `RfmSummaryRow` or a simulated customer). */
export interface HoldoutRow extends FrequencyRow {
  /** Purchases observed in the holdout period. */
  readonly frequencyHoldout: number;
  /** The holdout length in model periods. */
  readonly durationHoldout: number;
}

/**
 * Expected purchases of one customer in the `t` periods after the end of calibration, given the calibration
 * row: a model's conditional expectation, e.g. `(row, t) => bgNbdConditionalExpectedPurchases(fit, row, t)`.
 */
export type HoldoutPredictor = (row: FrequencyRow, t: number) => number;

/** A fitted model whose conditional expected purchases predict the holdout, or a predictor function. */
export type HoldoutModel = HoldoutPredictor | BgNbdFit | MbgNbdFit | ParetoNbdFit;

/** The predictor of a model: a fit's conditional expected purchases (FHL 2005 eq. 10 for BG/NBD), or itself. */
export function holdoutPredictor(model: HoldoutModel): HoldoutPredictor {
  if (typeof model === 'function') return model;
  if (model !== null && typeof model === 'object') {
    if (model.model === 'bg-nbd') return (row, t) => bgNbdConditionalExpectedPurchases(model, row, t);
    if (model.model === 'mbg-nbd') return (row, t) => mbgNbdConditionalExpectedPurchases(model, row, t);
    if (model.model === 'pareto-nbd') return (row, t) => paretoNbdConditionalExpectedPurchases(model, row, t);
  }
  throw invalidInput(
    ['model'],
    'expected a fitted model (bg-nbd, mbg-nbd, pareto-nbd) or a predictor (row, t) => number',
  );
}

/** Options of the holdout checks. */
export interface HoldoutOptions {
  /** Calibration frequencies from this one up are pooled into one bucket `7+` (default 7, at least 1). */
  readonly maxFrequency?: number;
}

/** One calibration-frequency bucket. */
export interface HoldoutBucket {
  /** The calibration frequency (the lowest of the pooled bucket). */
  readonly frequency: number;
  /** `'0'` … `'6'`, `'7+'`. */
  readonly label: string;
  /** Customers in the bucket. */
  readonly customers: number;
  /** Mean holdout purchases observed; `null` for an empty bucket. */
  readonly actual: number | null;
  /** Mean holdout purchases predicted; `null` for an empty bucket. */
  readonly predicted: number | null;
}

/** The result of {@link calibrationVersusHoldout}. */
export interface CalibrationVersusHoldout {
  /** One bucket per calibration frequency 0 … maxFrequency − 1, then the pooled one. */
  readonly buckets: HoldoutBucket[];
  /** Customers, and holdout purchases observed and predicted, over everyone. */
  readonly total: { readonly customers: number; readonly actual: number; readonly predicted: number };
  /** `EMPTY` without rows; `NO_HOLDOUT` when no row has a holdout period. */
  readonly warnings: ChurnWarning[];
}

/** The result of {@link holdoutError}. */
export interface HoldoutError {
  /** Customers compared. */
  readonly customers: number;
  /** Mean absolute error of the per-customer holdout purchases. */
  readonly mae: number;
  /** Root mean squared error of the per-customer holdout purchases. */
  readonly rmse: number;
  /** Holdout purchases observed, summed. */
  readonly totalActual: number;
  /** Holdout purchases predicted, summed. */
  readonly totalPredicted: number;
  /** `EMPTY` (figures NaN) without rows; `NO_HOLDOUT` when no row has a holdout period. */
  readonly warnings: ChurnWarning[];
}

function predictions(
  model: HoldoutModel,
  rows: readonly HoldoutRow[],
): { actual: Float64Array; predicted: Float64Array; warnings: ChurnWarning[] } {
  const predictor = holdoutPredictor(model);
  if (!Array.isArray(rows)) throw invalidInput(['rows'], 'rows must be an array of calibration rows with holdout');
  const n = rows.length;
  const actual = new Float64Array(n);
  const predicted = new Float64Array(n);
  let withHoldout = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as HoldoutRow;
    if (row === null || typeof row !== 'object') throw invalidInput([i], 'a row must be an object');
    checkFrequencyRow(row.frequency, row.recency, row.T, undefined, i);
    const x = row.frequencyHoldout;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw invalidInput([i, 'frequencyHoldout'], 'frequencyHoldout must be a whole number, 0 or more');
    }
    const t = row.durationHoldout;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw invalidInput([i, 'durationHoldout'], 'durationHoldout must be a finite number, 0 or more');
    }
    if (t > 0) withHoldout++;
    const p = predictor({ frequency: row.frequency, recency: row.recency, T: row.T }, t);
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) {
      throw invalidInput([i, 'predicted'], `the predictor returned ${p}, not a finite number of purchases`);
    }
    actual[i] = x;
    predicted[i] = p;
  }
  const warnings: ChurnWarning[] = [];
  if (n === 0) warnings.push({ code: 'EMPTY', message: 'no rows to compare' });
  else if (withHoldout === 0) {
    warnings.push({ code: 'NO_HOLDOUT', message: 'no row has a holdout period (durationHoldout is 0 everywhere)' });
  }
  return { actual, predicted, warnings };
}

function maxFrequencyOf(options: HoldoutOptions): number {
  const m = options.maxFrequency ?? 7;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) {
    throw invalidInput(['maxFrequency'], 'maxFrequency must be a whole number, 1 or more');
  }
  return m;
}

/**
 * Calibration versus holdout by frequency bucket: for customers with 0, 1, … calibration repeat purchases
 * (the last bucket pooling `maxFrequency` and more), the mean holdout purchases observed against the mean the
 * model predicted over each customer's holdout length. The check of Fader, Hardie and Lee 2005 (figure 4):
 * a model that fits shows the two lines close together in every bucket, not only on average.
 *
 * @param model - a fitted model, or its conditional expected purchases `(row, t) => number`
 * @param rows - calibration rows with `frequencyHoldout` and `durationHoldout` (from `rfmSummary` or a simulation)
 * @param options - `maxFrequency` (default 7: buckets 0 … 6 and 7+)
 */
export function calibrationVersusHoldout(
  model: HoldoutModel,
  rows: readonly HoldoutRow[],
  options: HoldoutOptions = {},
): CalibrationVersusHoldout {
  const max = maxFrequencyOf(options);
  const { actual, predicted, warnings } = predictions(model, rows);
  const count = new Float64Array(max + 1);
  const sumActual = new Float64Array(max + 1);
  const sumPredicted = new Float64Array(max + 1);
  let totalActual = 0;
  let totalPredicted = 0;
  for (let i = 0; i < rows.length; i++) {
    const k = Math.min((rows[i] as HoldoutRow).frequency, max);
    count[k] = (count[k] as number) + 1;
    sumActual[k] = (sumActual[k] as number) + (actual[i] as number);
    sumPredicted[k] = (sumPredicted[k] as number) + (predicted[i] as number);
    totalActual += actual[i] as number;
    totalPredicted += predicted[i] as number;
  }
  const buckets: HoldoutBucket[] = [];
  for (let k = 0; k <= max; k++) {
    const c = count[k] as number;
    buckets.push({
      frequency: k,
      label: k === max ? `${k}+` : String(k),
      customers: c,
      actual: c === 0 ? null : (sumActual[k] as number) / c,
      predicted: c === 0 ? null : (sumPredicted[k] as number) / c,
    });
  }
  return { buckets, total: { customers: rows.length, actual: totalActual, predicted: totalPredicted }, warnings };
}

/**
 * The error of per-customer holdout predictions: mean absolute error Σ|yᵢ − ŷᵢ| / n and root mean squared
 * error, with the totals observed and predicted (an unbiased model has totals close together even where
 * the per-customer error is large, because single customers' purchases are Poisson-noisy).
 *
 * @param model - a fitted model, or its conditional expected purchases `(row, t) => number`
 * @param rows - calibration rows with `frequencyHoldout` and `durationHoldout`
 */
export function holdoutError(model: HoldoutModel, rows: readonly HoldoutRow[]): HoldoutError {
  const { actual, predicted, warnings } = predictions(model, rows);
  const n = actual.length;
  let abs = 0;
  let sq = 0;
  let totalActual = 0;
  let totalPredicted = 0;
  for (let i = 0; i < n; i++) {
    const d = (actual[i] as number) - (predicted[i] as number);
    abs += Math.abs(d);
    sq += d * d;
    totalActual += actual[i] as number;
    totalPredicted += predicted[i] as number;
  }
  return {
    customers: n,
    mae: n === 0 ? Number.NaN : abs / n,
    rmse: n === 0 ? Number.NaN : Math.sqrt(sq / n),
    totalActual,
    totalPredicted,
    warnings,
  };
}
