/**
 * The MBG/NBD model of repeat buying (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of
 * models for customer base analysis", International Journal of Research in Marketing 24(3), 201–209; the same
 * model as `mbgcnbd` with k = 1 in the R package BTYDplus and `ModifiedBetaGeoFitter` in the Python `lifetimes`).
 *
 * While alive, a customer buys at a Poisson rate λ; right after every purchase, and also right after the first
 * one at time 0, they leave for good with probability p. Across customers λ ~ Gamma(r, α) and p ~ Beta(a, b).
 * The one difference from BG/NBD (where leaving is possible only after a repeat purchase) is the chance to leave
 * at time 0, so a customer with no repeat purchase is not assumed alive.
 */
import { invalidInput } from '@kehu/core';
import { betaMixedPurchases } from './bg-nbd.js';
import type { FitBase, FitOptions } from './fit.js';
import { maximumLikelihood } from './mle.js';
import type { FrequencyColumns, FrequencyColumnsInput, FrequencyRow } from './rows.js';
import { frequencyColumns, frequencyColumnsFrom } from './rows.js';
import { digamma, logBeta, logGamma, logSumExp } from './special.js';
import { checkHistoryRow, checkNonNegative, checkPositiveParams } from './checks.js';

/** Parameters of the MBG/NBD model (all finite and positive). */
export interface MbgNbdParams {
  /** Shape of the Gamma distribution of purchase rates λ. */
  readonly r: number;
  /** Scale (a rate, per model period) of the Gamma distribution of purchase rates λ. */
  readonly alpha: number;
  /** First shape of the Beta distribution of drop-out probabilities p. */
  readonly a: number;
  /** Second shape of the Beta distribution of drop-out probabilities p. */
  readonly b: number;
}

/** An MBG/NBD fit: the parameters at the top level with the fit's diagnostics. */
export type MbgNbdFit = FitBase & { readonly model: 'mbg-nbd' } & MbgNbdParams;

/** One customer's history for a prediction: repeat purchases, recency and age in model periods. */
export type MbgNbdRow = Pick<FrequencyRow, 'frequency' | 'recency' | 'T'>;

/** Options of {@link mbgNbdProbabilityAlive}. */
export interface MbgNbdAliveOptions {
  /** Periods after `T` (default 0): the probability of being alive at `T + horizon` if nothing is bought before. */
  readonly horizon?: number;
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkMbgNbdParams(params: MbgNbdParams): void {
  checkPositiveParams(params, NAMES, 'MBG/NBD');
}

/**
 * One row's log-likelihood (Batislam et al. 2007, eq. 5, in the log-sum-exp form of `lifetimes`):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T) + ln B(a, b+x+1) − ln B(a, b) + ln(1 + e^{A₄}),
 * A₄ = ln a − ln(b+x) + (r+x) ln((α+T)/(α+tₓ)). When `gradient` is given, adds w·∂lnL/∂ln θ to it.
 */
function rowLogLikelihood(
  r: number,
  alpha: number,
  a: number,
  b: number,
  x: number,
  tx: number,
  T: number,
  weight: number,
  gradient?: Float64Array,
): number {
  const logAlphaT = Math.log(alpha + T);
  const logAlphaTx = Math.log(alpha + tx);
  const a4 = Math.log(a) - Math.log(b + x) + (r + x) * (logAlphaT - logAlphaTx);
  const ll =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) -
    (r + x) * logAlphaT +
    logGamma(a + b) +
    logGamma(b + x + 1) -
    logGamma(b) -
    logGamma(a + b + x + 1) +
    logSumExp(a4, 0);
  if (gradient) {
    // w = e^{A₄} / (1 + e^{A₄}), the weight of the "left after the last purchase" branch.
    const w = a4 > 0 ? 1 / (1 + Math.exp(-a4)) : Math.exp(a4) / (1 + Math.exp(a4));
    const psiAb = digamma(a + b);
    const psiAbx = digamma(a + b + x + 1);
    const dr = digamma(r + x) - digamma(r) + Math.log(alpha) - logAlphaT + w * (logAlphaT - logAlphaTx);
    const dAlpha = r / alpha - (r + x) / (alpha + T) + w * (r + x) * (1 / (alpha + T) - 1 / (alpha + tx));
    const da = psiAb - psiAbx + w / a;
    const db = psiAb + digamma(b + x + 1) - digamma(b) - psiAbx - w / (b + x);
    gradient[0] = (gradient[0] as number) + weight * r * dr;
    gradient[1] = (gradient[1] as number) + weight * alpha * dAlpha;
    gradient[2] = (gradient[2] as number) + weight * a * da;
    gradient[3] = (gradient[3] as number) + weight * b * db;
  }
  return ll;
}

/**
 * The log-likelihood of one customer's history `{ frequency: x, recency: tₓ, T }` under MBG/NBD (Batislam,
 * Denizel & Filiztekin 2007, eq. 5; `lifetimes` ModifiedBetaGeoFitter). The row's `weight` is ignored: this is
 * one customer's value. Bad parameters or rows are refused with a `KehuValidationError` naming the field.
 */
export function mbgNbdLogLikelihood(params: MbgNbdParams, row: MbgNbdRow): number {
  checkMbgNbdParams(params);
  checkHistoryRow(row);
  return rowLogLikelihood(params.r, params.alpha, params.a, params.b, row.frequency, row.recency, row.T, 1);
}

/**
 * The total (weighted) log-likelihood of validated columns; when `gradient` is given it receives the gradient with
 * respect to the log-parameters (ln r, ln α, ln a, ln b).
 */
export function mbgNbdTotalLogLikelihood(
  params: MbgNbdParams,
  columns: FrequencyColumns,
  gradient?: Float64Array,
): number {
  const { r, alpha, a, b } = params;
  const { frequency, recency, T, weight } = columns;
  if (gradient) gradient.fill(0);
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weight[i] as number;
    const x = frequency[i] as number;
    total += w * rowLogLikelihood(r, alpha, a, b, x, recency[i] as number, T[i] as number, w, gradient);
  }
  return total;
}

function fitAggregated(data: FrequencyColumns, options: FitOptions): MbgNbdFit {
  const fit = maximumLikelihood(
    {
      names: NAMES,
      customers: data.customers,
      rows: data.frequency.length,
      logLikelihood: (theta, gradient) =>
        mbgNbdTotalLogLikelihood(
          { r: theta[0] as number, alpha: theta[1] as number, a: theta[2] as number, b: theta[3] as number },
          data,
          gradient,
        ),
      analyticGradient: true,
      defaultStarts: [
        [1, 1, 1, 1],
        [0.5, 5, 1, 2],
        [0.2, 20, 0.5, 5],
        [2, 0.5, 2, 0.5],
      ],
    },
    options,
  );
  const { params, ...base } = fit;
  return { model: 'mbg-nbd', ...params, ...base };
}

/**
 * Fits MBG/NBD by maximum likelihood (Batislam et al. 2007) to rows `{ frequency, recency, T, weight? }`: identical
 * rows are aggregated with weights, the analytic gradient drives the package's optimiser over log-parameters from
 * several starts, and standard errors come from the Hessian. Bad rows and an empty data set are refused with a
 * `KehuValidationError` naming the row and field; numerical trouble gives diagnostics and warnings, never NaN.
 */
export function fitMbgNbd(rows: readonly FrequencyRow[], options: FitOptions = {}): MbgNbdFit {
  return fitAggregated(frequencyColumns(rows), options);
}

/** {@link fitMbgNbd} for columnar input (`frequency`, `recency`, `T`, optional `weight` of equal length). */
export function fitMbgNbdColumns(columns: FrequencyColumnsInput, options: FitOptions = {}): MbgNbdFit {
  return fitAggregated(frequencyColumnsFrom(columns), options);
}

/**
 * The probability that a customer with history `{ frequency: x, recency: tₓ, T }` is still alive at `T + horizon`
 * when nothing is bought after `T` (Batislam et al. 2007, eq. 6):
 * P = 1 / (1 + a/(b+x) · ((α+T+h)/(α+tₓ))^{r+x}). Unlike BG/NBD, a customer without repeat purchases may have left
 * right after the first purchase, so their P(alive) is below 1. Always in [0, 1].
 */
export function mbgNbdProbabilityAlive(params: MbgNbdParams, row: MbgNbdRow, options: MbgNbdAliveOptions = {}): number {
  checkMbgNbdParams(params);
  checkHistoryRow(row);
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options must be an object');
  const horizon = options.horizon === undefined ? 0 : checkNonNegative(options.horizon, 'horizon');
  return probabilityAlive(params, row.frequency, row.recency, row.T + horizon);
}

/** P(alive) without validation, for the columnar path: parameters and (x, tₓ, T) must already be valid. */
export function mbgNbdProbabilityAliveUnchecked(params: MbgNbdParams, x: number, tx: number, T: number): number {
  return probabilityAlive(params, x, tx, T);
}

function probabilityAlive(params: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const a4 = Math.log(a) - Math.log(b + x) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
  return a4 > 0 ? Math.exp(-a4) / (1 + Math.exp(-a4)) : 1 / (1 + Math.exp(a4));
}

function conditionalExpected(
  params: MbgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  known?: number,
): number {
  const alive = known ?? probabilityAlive(params, x, tx, T);
  if (alive === 0 || t === 0) return 0;
  // Alive at T, the customer has survived x + 1 drop-out chances: p ~ Beta(a, b+x+1), λ ~ Gamma(r+x, α+T), and
  // from there on purchases follow BG/NBD's count, the expectation `betaMixedPurchases` computes.
  return alive * betaMixedPurchases(params.a, params.b + x + 1, params.r + x, params.alpha + T, t);
}

/**
 * The expected number of purchases in (T, T+t] of a customer with history `{ frequency: x, recency: tₓ, T }`
 * (Batislam et al. 2007, eq. 8; `lifetimes` ModifiedBetaGeoFitter):
 * E = P(alive) · (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))],
 * by quadrature of the same expectation where that form is singular (a = 1) or ill-conditioned. Defined for every
 * a > 0; non-negative and non-decreasing in t.
 */
export function mbgNbdConditionalExpectedPurchases(params: MbgNbdParams, row: MbgNbdRow, t: number): number {
  checkMbgNbdParams(params);
  checkHistoryRow(row);
  checkNonNegative(t, 't');
  return conditionalExpected(params, row.frequency, row.recency, row.T, t);
}

/**
 * Conditional expected purchases without validation, for the columnar path. `alive`, when given, is this row's
 * P(alive) at T already computed (by the unchecked P(alive)), so a table computing both pays for it once.
 */
export function mbgNbdConditionalExpectedPurchasesUnchecked(
  params: MbgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  alive?: number,
): number {
  return conditionalExpected(params, x, tx, T, t, alive);
}

/**
 * The expected number of purchases in (0, t] of a new customer (Batislam et al. 2007, eq. 7):
 * E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))], the conditional expectation of a history
 * (0, 0, 0). Non-negative and non-decreasing in t.
 */
export function mbgNbdExpectedPurchases(params: MbgNbdParams, t: number): number {
  checkMbgNbdParams(params);
  checkNonNegative(t, 't');
  return conditionalExpected(params, 0, 0, 0, t);
}

/**
 * The regularized incomplete beta function I_x(a, b) by Lentz's continued fraction (DLMF 8.17.22), used with the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the side where the fraction converges fast.
 */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)) / a;
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let numerator = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    numerator = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.min(1, front * f);
}

/**
 * The probability that a new customer makes exactly n purchases in (0, t]. The model has a closed form (the
 * MBG/NBD analogue of Fader, Hardie & Lee 2005, eq. 8, derived the same way: the customer survives the drop-out
 * chances at time 0 and after each of the first n − 1 purchases, then either leaves after the n-th or makes no
 * more):
 * P(X(t) = n) = B(a, b+n+1)/B(a, b) · NB(n) + B(a+1, b+n)/B(a, b) · P(NB ≥ n),
 * where NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j is the NBD probability and P(NB ≥ n) = I_{t/(α+t)}(n, r).
 * `n` must be a whole number, 0 or more.
 */
export function mbgNbdProbabilityOfPurchases(params: MbgNbdParams, t: number, n: number): number {
  checkMbgNbdParams(params);
  checkNonNegative(t, 't');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidInput(['n'], 'n must be a whole number of purchases, 0 or more');
  }
  const { r, alpha, a, b } = params;
  const lb = logBeta(a, b);
  if (t === 0) return n === 0 ? 1 : 0;
  const logNb =
    logGamma(r + n) -
    logGamma(r) -
    logGamma(n + 1) +
    r * Math.log(alpha / (alpha + t)) +
    (n === 0 ? 0 : n * Math.log(t / (alpha + t)));
  const stay = Math.exp(logBeta(a, b + n + 1) - lb + logNb);
  const tail = n === 0 ? 1 : regularizedBeta(t / (alpha + t), n, r);
  const leave = Math.exp(logBeta(a + 1, b + n) - lb) * tail;
  return Math.min(1, stay + leave);
}
