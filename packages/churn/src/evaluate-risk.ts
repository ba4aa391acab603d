import { invalidInput, wilsonInterval } from '@kehu/core';
import { criticalValue } from './proportion.js';
import type { ChurnWarning } from './warnings.js';

/** Options of {@link evaluateRiskScore}. */
export interface EvaluateRiskOptions {
  /** Equal-width calibration bins over the score range 0..100 (default 10; an integer from 1 to 100). */
  readonly bins?: number;
  /** Confidence level of the AUC and Wilson intervals (default 0.95). */
  readonly level?: number;
}

/** The area under the ROC curve with its DeLong confidence interval. */
export interface RiskAuc {
  /**
   * P(score of a customer who churned > score of one who stayed), ties counting one half: the
   * Mann-Whitney U statistic divided by (positives × negatives). 0.5 is no better than chance,
   * 1 is a perfect ranking. NaN when either class is empty (warning ONE_CLASS or EMPTY).
   */
  readonly value: number;
  /** DeLong's standard error (NaN with fewer than two of either class). */
  readonly standardError: number;
  /** Lower end of value ± z × standardError, clipped to [0, 1]. */
  readonly lower: number;
  /** Upper end, clipped to [0, 1]. */
  readonly upper: number;
  /** The confidence level. */
  readonly level: number;
  /** How the interval is computed. */
  readonly method: 'delong';
}

/** The Brier score of the risk score read as a probability. */
export interface RiskBrier {
  /** mean((score / 100 − outcome)²): the score divided by 100 is taken as the predicted probability. */
  readonly value: number;
  /** The share of customers who churned (the base rate p̄). */
  readonly baseRate: number;
  /** The Brier score of predicting the base rate for everyone, p̄(1 − p̄): the score to beat. */
  readonly reference: number;
  /** The Brier skill score 1 − value / reference (NaN when reference is 0); above 0 beats the base rate. */
  readonly skill: number;
}

/** One equal-width bin of the calibration table. */
export interface CalibrationRow {
  /** The bin's lowest score (included). */
  readonly from: number;
  /** The bin's highest score (excluded, except 100 in the last bin). */
  readonly to: number;
  /** Customers whose score falls in the bin. */
  readonly n: number;
  /** Of them, how many churned. */
  readonly positives: number;
  /** Mean of score / 100 in the bin: the predicted churn probability (NaN when n is 0). */
  readonly predicted: number;
  /** Share that churned (NaN when n is 0). */
  readonly observed: number;
  /** Wilson interval of the observed share, lower end. */
  readonly observedLower: number;
  /** Wilson interval of the observed share, upper end. */
  readonly observedUpper: number;
}

/** One decile of the lift table; decile 1 holds the highest scores. */
export interface LiftRow {
  /** 1..10, 1 = the tenth of customers with the highest scores. */
  readonly decile: number;
  /** Customers in the decile: ⌊kN/10⌋ − ⌊(k−1)N/10⌋. */
  readonly n: number;
  /**
   * Churned customers in the decile. A group of tied scores cut by a decile boundary is shared
   * in proportion, the expectation under random tie-breaking, so this may be fractional and does
   * not depend on input order.
   */
  readonly positives: number;
  /** Lowest score in the decile (NaN when n is 0). */
  readonly minScore: number;
  /** Highest score in the decile (NaN when n is 0). */
  readonly maxScore: number;
  /** Share that churned in the decile. */
  readonly rate: number;
  /** rate / base rate: how many times more churn than in the whole holdout. */
  readonly lift: number;
  /** Share of all churned customers found in deciles 1..decile ("cumulative gains"). */
  readonly cumulativeCapture: number;
  /** Churn rate in deciles 1..decile divided by the base rate. */
  readonly cumulativeLift: number;
}

/**
 * How well a 0..100 churn risk score predicted who left in a holdout (rules CH-2, CH-3:
 * validated, not asserted).
 */
export interface RiskScoreEvaluation {
  /** Customers evaluated. */
  readonly n: number;
  /** Customers who churned in the holdout. */
  readonly positives: number;
  /** Customers who stayed. */
  readonly negatives: number;
  /** Discrimination: AUC with its DeLong interval. */
  readonly auc: RiskAuc;
  /** Accuracy of score / 100 as a probability, against the base rate. */
  readonly brier: RiskBrier;
  /** Calibration table: predicted against observed churn per equal-width score bin. */
  readonly calibration: readonly CalibrationRow[];
  /** Lift and cumulative capture by decile of score, highest first (empty for an empty input). */
  readonly lift: readonly LiftRow[];
  /**
   * EMPTY (no customers: every figure NaN), ONE_CLASS (everyone churned or nobody did: AUC NaN),
   * SMALL_SAMPLE (fewer than 10 customers in either class: wide intervals).
   */
  readonly warnings: readonly ChurnWarning[];
}

/** Fewer customers than this in either class flags SMALL_SAMPLE. */
const SMALL_CLASS = 10;

function readOptions(options: EvaluateRiskOptions | undefined): { bins: number; z: number; level: number } {
  const bins = options?.bins ?? 10;
  if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1 || bins > 100)
    throw invalidInput(['bins'], `bins must be an integer from 1 to 100, got ${String(bins)}`);
  const level = options?.level ?? 0.95;
  return { bins, level, z: criticalValue(level, ['level']) };
}

function checkScore(s: unknown, i: number): asserts s is number {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 100)
    throw invalidInput(['scores', i], `scores[${i}] must be a finite number from 0 to 100, got ${String(s)}`);
}

function checkLengths(scores: number, outcomes: number): void {
  if (scores !== outcomes)
    throw invalidInput(
      ['outcomes', Math.min(scores, outcomes)],
      `scores and outcomes must have the same length: ${scores} scores, ${outcomes} outcomes`,
    );
}

/**
 * Evaluates a churn risk score on a holdout: how well the scores (0..100, higher = more likely
 * to leave) given before the holdout ranked and predicted who churned during it.
 *
 * - AUC: the Mann-Whitney statistic with ties counted one half (Hanley & McNeil, Radiology
 *   143 (1982) 29-36, eq. 1), with the confidence interval of DeLong, DeLong & Clarke-Pearson
 *   (Biometrics 44 (1988) 837-845) from the structural components V10, V01 computed in
 *   O(N log N) (Sun & Xu, IEEE Signal Processing Letters 21 (2014) 1389-1393); the interval is
 *   AUC ± z·SE clipped to [0, 1], as R's pROC reports it.
 * - Brier score (Brier, Monthly Weather Review 78 (1950) 1-3) of score / 100 read as the
 *   predicted churn probability, with the base rate's Brier score p̄(1 − p̄) and the skill score.
 * - Calibration: equal-width score bins [from, to) (the last one includes 100), the mean
 *   predicted probability against the observed rate with its Wilson interval.
 * - Lift by decile of descending score (decile 1 = highest), with cumulative capture (gains).
 *
 * Empty input gives NaN figures with an EMPTY warning; a holdout where everyone or nobody
 * churned gives AUC NaN with ONE_CLASS. Figures agree with scikit-learn's `roc_auc_score`,
 * `brier_score_loss` and `calibration_curve` (uniform bins) on the same data.
 *
 * @param scores - risk scores 0..100, one per customer
 * @param outcomes - true when the customer churned in the holdout, in the order of `scores`
 * @param options - `bins` (calibration bins, default 10), `level` (default 0.95)
 * @throws KehuValidationError at `['scores', i]` for a score that is not a finite number in
 *   0..100, at `['outcomes', i]` for an outcome that is not a boolean or when the lengths differ
 *   (i is the first index without a partner), at `['bins']` or `['level']` for a bad option
 */
export function evaluateRiskScore(
  scores: readonly number[],
  outcomes: readonly boolean[],
  options?: EvaluateRiskOptions,
): RiskScoreEvaluation {
  if (!Array.isArray(scores)) throw invalidInput(['scores'], 'scores must be an array of numbers');
  if (!Array.isArray(outcomes)) throw invalidInput(['outcomes'], 'outcomes must be an array of booleans');
  const opts = readOptions(options);
  checkLengths(scores.length, outcomes.length);
  let positives = 0;
  for (let i = 0; i < scores.length; i += 1) {
    checkScore(scores[i], i);
    const o = outcomes[i];
    if (typeof o !== 'boolean')
      throw invalidInput(['outcomes', i], `outcomes[${i}] must be true (churned) or false, got ${String(o)}`);
    if (o) positives += 1;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(scores.length - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i += 1) {
    if (outcomes[i]) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  return evaluateSplit(pos, neg, opts);
}

/**
 * The columnar form of {@link evaluateRiskScore}, for a whole customer base at once: the
 * same engine and result.
 *
 * @param scores - risk scores 0..100
 * @param outcomes - 1 when the customer churned in the holdout, 0 when not
 * @param options - as for {@link evaluateRiskScore}
 * @throws KehuValidationError at `['scores', i]`, `['outcomes', i]` (a value other than 0 or
 *   1, or the first index without a partner), `['bins']` or `['level']`
 */
export function evaluateRiskScoreColumns(
  scores: Float64Array,
  outcomes: Uint8Array,
  options?: EvaluateRiskOptions,
): RiskScoreEvaluation {
  if (!(scores instanceof Float64Array)) throw invalidInput(['scores'], 'scores must be a Float64Array');
  if (!(outcomes instanceof Uint8Array)) throw invalidInput(['outcomes'], 'outcomes must be a Uint8Array');
  const opts = readOptions(options);
  checkLengths(scores.length, outcomes.length);
  let positives = 0;
  for (let i = 0; i < scores.length; i += 1) {
    const s = scores[i] as number;
    if (!(s >= 0 && s <= 100)) checkScore(s, i);
    const o = outcomes[i] as number;
    if (o > 1) throw invalidInput(['outcomes', i], `outcomes[${i}] must be 1 (churned) or 0, got ${o}`);
    positives += o;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(scores.length - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i += 1) {
    if (outcomes[i] === 1) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  return evaluateSplit(pos, neg, opts);
}

/** The engine: `pos` and `neg` hold the scores of churned and retained customers (sorted here, in place). */
function evaluateSplit(
  pos: Float64Array,
  neg: Float64Array,
  opts: { bins: number; z: number; level: number },
): RiskScoreEvaluation {
  pos.sort();
  neg.sort();
  const m = pos.length;
  const k = neg.length;
  const n = m + k;
  const warnings: ChurnWarning[] = [];
  if (n === 0) warnings.push({ code: 'EMPTY', message: 'no customers to evaluate: every figure is NaN' });
  else if (m === 0 || k === 0)
    warnings.push({
      code: 'ONE_CLASS',
      message: `${m === 0 ? 'nobody' : 'everyone'} churned in the holdout: the AUC is undefined (NaN)`,
    });
  else if (m < SMALL_CLASS || k < SMALL_CLASS)
    warnings.push({
      code: 'SMALL_SAMPLE',
      message: `only ${m} churned and ${k} retained customers: intervals are wide and rough`,
    });

  const auc = aucOf(pos, neg, opts);
  const brier = brierOf(pos, neg);
  return {
    n,
    positives: m,
    negatives: k,
    auc,
    brier,
    calibration: calibrationOf(pos, neg, opts),
    lift: n === 0 ? [] : liftOf(pos, neg),
    warnings,
  };
}

function aucOf(pos: Float64Array, neg: Float64Array, opts: { z: number; level: number }): RiskAuc {
  const m = pos.length;
  const k = neg.length;
  const nan = { value: Number.NaN, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  if (m === 0 || k === 0) return { ...nan, level: opts.level, method: 'delong' };
  // V10[i] = (#neg < x_i + ½ #neg = x_i) / k, for each churned score x_i (DeLong's structural component).
  const v10 = new Float64Array(m);
  let below = 0;
  let upTo = 0;
  for (let i = 0; i < m; i += 1) {
    const x = pos[i] as number;
    while (below < k && (neg[below] as number) < x) below += 1;
    if (upTo < below) upTo = below;
    while (upTo < k && (neg[upTo] as number) <= x) upTo += 1;
    v10[i] = (below + (upTo - below) / 2) / k;
  }
  // V01[j] = (#pos > y_j + ½ #pos = y_j) / m, for each retained score y_j.
  const v01 = new Float64Array(k);
  below = 0;
  upTo = 0;
  for (let j = 0; j < k; j += 1) {
    const y = neg[j] as number;
    while (below < m && (pos[below] as number) < y) below += 1;
    if (upTo < below) upTo = below;
    while (upTo < m && (pos[upTo] as number) <= y) upTo += 1;
    v01[j] = (m - upTo + (upTo - below) / 2) / m;
  }
  let sum = 0;
  for (let i = 0; i < m; i += 1) sum += v10[i] as number;
  const value = sum / m;
  if (m < 2 || k < 2) return { ...nan, value, level: opts.level, method: 'delong' };
  let s10 = 0;
  for (let i = 0; i < m; i += 1) s10 += ((v10[i] as number) - value) ** 2;
  let s01 = 0;
  for (let j = 0; j < k; j += 1) s01 += ((v01[j] as number) - value) ** 2;
  const variance = s10 / (m - 1) / m + s01 / (k - 1) / k;
  const standardError = Math.sqrt(variance);
  return {
    value,
    standardError,
    lower: Math.max(0, value - opts.z * standardError),
    upper: Math.min(1, value + opts.z * standardError),
    level: opts.level,
    method: 'delong',
  };
}

function brierOf(pos: Float64Array, neg: Float64Array): RiskBrier {
  const n = pos.length + neg.length;
  if (n === 0) return { value: Number.NaN, baseRate: Number.NaN, reference: Number.NaN, skill: Number.NaN };
  let sum = 0;
  for (let i = 0; i < pos.length; i += 1) sum += (1 - (pos[i] as number) / 100) ** 2;
  for (let j = 0; j < neg.length; j += 1) sum += ((neg[j] as number) / 100) ** 2;
  const value = sum / n;
  const baseRate = pos.length / n;
  const reference = baseRate * (1 - baseRate);
  return { value, baseRate, reference, skill: reference === 0 ? Number.NaN : 1 - value / reference };
}

function binOf(score: number, bins: number): number {
  return Math.min(bins - 1, Math.floor((score * bins) / 100));
}

function calibrationOf(pos: Float64Array, neg: Float64Array, opts: { bins: number; z: number }): CalibrationRow[] {
  const { bins, z } = opts;
  const count = new Float64Array(bins);
  const churned = new Float64Array(bins);
  const sum = new Float64Array(bins);
  for (let i = 0; i < pos.length; i += 1) {
    const s = pos[i] as number;
    const b = binOf(s, bins);
    count[b] = (count[b] as number) + 1;
    churned[b] = (churned[b] as number) + 1;
    sum[b] = (sum[b] as number) + s / 100;
  }
  for (let j = 0; j < neg.length; j += 1) {
    const s = neg[j] as number;
    const b = binOf(s, bins);
    count[b] = (count[b] as number) + 1;
    sum[b] = (sum[b] as number) + s / 100;
  }
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < bins; b += 1) {
    const nb = count[b] as number;
    const w = wilsonInterval(churned[b] as number, nb, z);
    rows.push({
      from: (100 * b) / bins,
      to: (100 * (b + 1)) / bins,
      n: nb,
      positives: churned[b] as number,
      predicted: nb === 0 ? Number.NaN : (sum[b] as number) / nb,
      observed: w.rate,
      observedLower: w.lower,
      observedUpper: w.upper,
    });
  }
  return rows;
}

function liftOf(pos: Float64Array, neg: Float64Array): LiftRow[] {
  const m = pos.length;
  const n = m + neg.length;
  const baseRate = m / n;
  // Distinct scores in descending order with their counts and churned counts.
  const score: number[] = [];
  const total: number[] = [];
  const churned: number[] = [];
  let i = m - 1;
  let j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const s = Math.max(i >= 0 ? (pos[i] as number) : -1, j >= 0 ? (neg[j] as number) : -1);
    let c = 0;
    let cp = 0;
    while (i >= 0 && pos[i] === s) {
      c += 1;
      cp += 1;
      i -= 1;
    }
    while (j >= 0 && neg[j] === s) {
      c += 1;
      j -= 1;
    }
    score.push(s);
    total.push(c);
    churned.push(cp);
  }
  const rows: LiftRow[] = [];
  let block = 0;
  let usedInBlock = 0;
  let cumulativeN = 0;
  let cumulativePositives = 0;
  for (let d = 1; d <= 10; d += 1) {
    const size = Math.floor((d * n) / 10) - Math.floor(((d - 1) * n) / 10);
    let need = size;
    let positives = 0;
    let maxScore = Number.NaN;
    let minScore = Number.NaN;
    while (need > 0) {
      const c = total[block] as number;
      const take = Math.min(need, c - usedInBlock);
      if (Number.isNaN(maxScore)) maxScore = score[block] as number;
      minScore = score[block] as number;
      positives += ((churned[block] as number) * take) / c;
      need -= take;
      usedInBlock += take;
      if (usedInBlock === c) {
        block += 1;
        usedInBlock = 0;
      }
    }
    cumulativeN += size;
    cumulativePositives += positives;
    const rate = size === 0 ? Number.NaN : positives / size;
    rows.push({
      decile: d,
      n: size,
      positives,
      minScore,
      maxScore,
      rate,
      lift: rate / baseRate,
      cumulativeCapture: m === 0 ? Number.NaN : cumulativePositives / m,
      cumulativeLift: cumulativeN === 0 ? Number.NaN : cumulativePositives / cumulativeN / baseRate,
    });
  }
  return rows;
}
