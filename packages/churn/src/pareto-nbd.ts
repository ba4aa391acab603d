/**
 * The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who
 * are they and what will they do next?", Management Science 33(1), 1–24), with the likelihood as derived in
 * Fader & Hardie, "A note on deriving the Pareto/NBD model and related expressions" (2005).
 *
 * While alive, a customer buys at a Poisson rate λ; their lifetime is exponential with rate μ, so they can leave
 * at any moment, unobserved. Across customers λ ~ Gamma(r, α) and μ ~ Gamma(s, β).
 */
import { invalidInput } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import { maximumLikelihood } from './mle.js';
import type { FrequencyColumns, FrequencyColumnsInput, FrequencyRow } from './rows.js';
import { frequencyColumns, frequencyColumnsFrom } from './rows.js';
import { logBeta, logDiffExp, logGamma, logHyp2f1, logSumExp } from './special.js';
import { checkHistoryRow, checkNonNegative, checkPositiveParams } from './checks.js';

/** Parameters of the Pareto/NBD model (all finite and positive). */
export interface ParetoNbdParams {
  /** Shape of the Gamma distribution of purchase rates λ. */
  readonly r: number;
  /** Scale (a rate, per model period) of the Gamma distribution of purchase rates λ. */
  readonly alpha: number;
  /** Shape of the Gamma distribution of drop-out rates μ. */
  readonly s: number;
  /** Scale of the Gamma distribution of drop-out rates μ. */
  readonly beta: number;
}

/** A Pareto/NBD fit: the parameters at the top level with the fit's diagnostics. */
export type ParetoNbdFit = FitBase & {
  /** The model. */
  readonly model: 'pareto-nbd';
  /** Fitted r. */
  readonly r: number;
  /** Fitted α. */
  readonly alpha: number;
  /** Fitted s. */
  readonly s: number;
  /** Fitted β. */
  readonly beta: number;
};

/** One customer's history for a prediction: repeat purchases, recency and age in model periods. */
export type ParetoNbdRow = Pick<FrequencyRow, 'frequency' | 'recency' | 'T'>;

/** Options of {@link paretoNbdProbabilityAlive}. */
export interface ParetoNbdAliveOptions {
  /** Periods after `T` (default 0): the probability of being alive at `T + horizon` if nothing is bought before. */
  readonly horizon?: number;
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkParetoNbdParams(params: ParetoNbdParams): void {
  checkPositiveParams(params, NAMES, 'Pareto/NBD');
}

/**
 * ln A₀ of Fader & Hardie (2005), eq. (22)–(23): A₀ = F(tₓ) − F(T) with, for α ≥ β,
 * F(u) = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+u)) / (α+u)^{r+s+x}, and for α < β
 * F(u) = ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+u)) / (β+u)^{r+s+x}. Both terms are kept as logarithms (the ₂F₁
 * overflows for thousands of purchases, the powers underflow), the form `lifetimes` uses to avoid the underflow
 * of BTYD's `pnbd.LL`. `-Infinity` when tₓ = T.
 */
function logA0(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  if (tx >= T) return Number.NEGATIVE_INFINITY;
  const rsx = r + s + x;
  const [high, secondParameter] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const gap = Math.abs(alpha - beta);
  const term = (u: number) => logHyp2f1(rsx, secondParameter, rsx + 1, gap / (high + u)) - rsx * Math.log(high + u);
  return logDiffExp(term(tx), term(T));
}

/**
 * ln of the two parts of the likelihood after the common factor Γ(r+x)αʳβˢ/Γ(r): the customer is alive at T
 * (first) or left between tₓ and T (second). Fader & Hardie (2005), eq. (22).
 */
function logParts(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
): [alive: number, left: number] {
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const left = Math.log(s) - Math.log(r + s + x) + logA0(r, alpha, s, beta, x, tx, T);
  return [alive, left];
}

function rowLogLikelihood(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const [alive, left] = logParts(r, alpha, s, beta, x, tx, T);
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logSumExp(alive, left);
}

/**
 * The log-likelihood of one customer's history `{ frequency: x, recency: tₓ, T }` under Pareto/NBD (Fader & Hardie
 * 2005, eq. 22):
 * L = Γ(r+x)αʳβˢ/Γ(r) · [1/((α+T)^{r+x}(β+T)ˢ) + s/(r+s+x) · A₀], evaluated in log space with ₂F₁ in log form
 * on the α ≥ β and α < β branches. The row's `weight` is ignored: this is one customer's value.
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, row: ParetoNbdRow): number {
  checkParetoNbdParams(params);
  checkHistoryRow(row);
  return rowLogLikelihood(params.r, params.alpha, params.s, params.beta, row.frequency, row.recency, row.T);
}

/**
 * Validated columns with the distinct (x, u) pairs at which ln A₀'s two terms are needed (u = tₓ or T): rows share
 * them (CDNOW's 1,016 distinct rows need 1,050 pairs rather than 2,032), so a likelihood evaluation computes each
 * ₂F₁ once.
 */
interface Prepared {
  readonly columns: FrequencyColumns;
  readonly pairX: Float64Array;
  readonly pairU: Float64Array;
  readonly atRecency: Int32Array;
  readonly atT: Int32Array;
  readonly terms: Float64Array;
}

function prepare(columns: FrequencyColumns): Prepared {
  const n = columns.frequency.length;
  const index = new Map<string, number>();
  const pairX: number[] = [];
  const pairU: number[] = [];
  const pair = (x: number, u: number): number => {
    const key = `${x}|${u}`;
    let at = index.get(key);
    if (at === undefined) {
      at = pairX.length;
      index.set(key, at);
      pairX.push(x);
      pairU.push(u);
    }
    return at;
  };
  const atRecency = new Int32Array(n);
  const atT = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = columns.frequency[i] as number;
    atRecency[i] = pair(x, columns.recency[i] as number);
    atT[i] = pair(x, columns.T[i] as number);
  }
  return {
    columns,
    pairX: Float64Array.from(pairX),
    pairU: Float64Array.from(pairU),
    atRecency,
    atT,
    terms: new Float64Array(pairX.length),
  };
}

function preparedLogLikelihood(prepared: Prepared, r: number, alpha: number, s: number, beta: number): number {
  const { pairX, pairU, terms, atRecency, atT } = prepared;
  const { frequency, recency, T, weight } = prepared.columns;
  const gap = Math.abs(alpha - beta);
  const high = Math.max(alpha, beta);
  const logR = logGamma(r);
  const constant = r * Math.log(alpha) + s * Math.log(beta) - logR;
  for (let j = 0; j < pairX.length; j++) {
    const x = pairX[j] as number;
    const u = pairU[j] as number;
    const rsx = r + s + x;
    const second = alpha >= beta ? s + 1 : r + x;
    terms[j] = logHyp2f1(rsx, second, rsx + 1, gap / (high + u)) - rsx * Math.log(high + u);
  }
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number;
    const age = T[i] as number;
    const alive = -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age);
    const logA0 =
      (recency[i] as number) >= age
        ? Number.NEGATIVE_INFINITY
        : logDiffExp(terms[atRecency[i] as number] as number, terms[atT[i] as number] as number);
    const left = Math.log(s) - Math.log(r + s + x) + logA0;
    total += (weight[i] as number) * (logGamma(r + x) + constant + logSumExp(alive, left));
  }
  return total;
}

/** The total (weighted) log-likelihood of validated columns (Fader & Hardie 2005, eq. 22, summed with weights). */
export function paretoNbdTotalLogLikelihood(params: ParetoNbdParams, columns: FrequencyColumns): number {
  return preparedLogLikelihood(prepare(columns), params.r, params.alpha, params.s, params.beta);
}

function fitAggregated(data: FrequencyColumns, options: FitOptions): ParetoNbdFit {
  const prepared = prepare(data);
  const fit = maximumLikelihood(
    {
      names: NAMES,
      customers: data.customers,
      rows: data.frequency.length,
      logLikelihood: (theta) =>
        preparedLogLikelihood(prepared, theta[0] as number, theta[1] as number, theta[2] as number, theta[3] as number),
      // Central differences in the log-parameters: the derivatives of ₂F₁ in its parameters have no cheap form.
      analyticGradient: false,
      defaultStarts: [
        [1, 1, 1, 1],
        [0.5, 10, 0.5, 10],
        [0.2, 50, 1, 50],
        [2, 1, 0.2, 5],
      ],
    },
    options,
  );
  const { params, ...base } = fit;
  return { model: 'pareto-nbd', ...params, ...base };
}

/**
 * Fits Pareto/NBD by maximum likelihood (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 22) to rows
 * `{ frequency, recency, T, weight? }`: identical rows are aggregated with weights, the package's optimiser runs
 * over log-parameters with central-difference gradients from several starts, and standard errors come from the
 * Hessian. Bad rows and an empty data set are refused with a `KehuValidationError` naming the row and field;
 * numerical trouble gives diagnostics and warnings, never NaN.
 */
export function fitParetoNbd(rows: readonly FrequencyRow[], options: FitOptions = {}): ParetoNbdFit {
  return fitAggregated(frequencyColumns(rows), options);
}

/** {@link fitParetoNbd} for columnar input (`frequency`, `recency`, `T`, optional `weight` of equal length). */
export function fitParetoNbdColumns(columns: FrequencyColumnsInput, options: FitOptions = {}): ParetoNbdFit {
  return fitAggregated(frequencyColumnsFrom(columns), options);
}

function aliveProbability(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number) {
  const [alive, left] = logParts(r, alpha, s, beta, x, tx, T);
  const d = left - alive;
  if (d === Number.NEGATIVE_INFINITY) return 1;
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/**
 * The probability that a customer with history `{ frequency: x, recency: tₓ, T }` is still alive at `T + horizon`
 * when nothing is bought after `T` (Fader & Hardie 2005, eq. 24, with T replaced by T + horizon, since seeing no
 * purchase until then is the same evidence as a history observed until then):
 * P = 1 / (1 + s/(r+s+x) · (α+T)^{r+x} (β+T)ˢ · A₀). Always in [0, 1]; 1 when the last purchase is at T.
 */
export function paretoNbdProbabilityAlive(
  params: ParetoNbdParams,
  row: ParetoNbdRow,
  options: ParetoNbdAliveOptions = {},
): number {
  checkParetoNbdParams(params);
  checkHistoryRow(row);
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options must be an object');
  const horizon = options.horizon === undefined ? 0 : checkNonNegative(options.horizon, 'horizon');
  const { r, alpha, s, beta } = params;
  return aliveProbability(r, alpha, s, beta, row.frequency, row.recency, row.T + horizon);
}

/** P(alive) without validation, for the columnar path: parameters and (x, tₓ, T) must already be valid. */
export function paretoNbdProbabilityAliveUnchecked(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  return aliveProbability(params.r, params.alpha, params.s, params.beta, x, tx, T);
}

/** [1 − (1+u)^{−(s−1)}] / (s−1), continuous through s = 1 (where it is ln(1+u)). */
function lifetimeFactor(s: number, u: number): number {
  const log = Math.log1p(u);
  const y = -(s - 1) * log;
  return Math.abs(y) < 1e-10 ? log * (1 + y / 2) : (log * Math.expm1(y)) / y;
}

/**
 * The expected number of purchases in (T, T+t] of a customer with history `{ frequency: x, recency: tₓ, T }`
 * (Fader & Hardie 2005, eq. 27; Schmittlein et al. 1987, eq. 22):
 * E = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}], continuous through s = 1.
 * Non-negative and non-decreasing in t.
 */
export function paretoNbdConditionalExpectedPurchases(params: ParetoNbdParams, row: ParetoNbdRow, t: number): number {
  checkParetoNbdParams(params);
  checkHistoryRow(row);
  checkNonNegative(t, 't');
  return conditionalExpected(params, row.frequency, row.recency, row.T, t);
}

/**
 * Conditional expected purchases without validation, for the columnar path. `alive`, when given, is this row's
 * P(alive) at T already computed (by the unchecked P(alive)), so a table computing both pays for it once.
 */
export function paretoNbdConditionalExpectedPurchasesUnchecked(
  params: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  alive?: number,
): number {
  return conditionalExpected(params, x, tx, T, t, alive);
}

function conditionalExpected(
  params: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  known?: number,
): number {
  const { r, alpha, s, beta } = params;
  const alive = known ?? aliveProbability(r, alpha, s, beta, x, tx, T);
  if (alive === 0 || t === 0) return 0;
  return (alive * (r + x) * (beta + T) * lifetimeFactor(s, t / (beta + T))) / (alpha + T);
}

/**
 * The expected number of purchases in (0, t] of a new customer (Schmittlein et al. 1987, eq. 17; Fader & Hardie
 * 2005, eq. 15): E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^{s−1}]. Non-negative and non-decreasing in t.
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  checkParetoNbdParams(params);
  checkNonNegative(t, 't');
  return conditionalExpected(params, 0, 0, 0, t);
}

/** Terms of the series beyond n before the tail sum gives up (it converges like (t/(α+t))^i). */
const TAIL_TERMS = 100_000;

/**
 * The probability that a new customer makes exactly n purchases in (0, t] (Fader, Hardie & Lee, "Deriving an
 * expression for P(X(t) = x) under the Pareto/NBD model", 2006, eq. 16):
 * P = Γ(r+n)/(Γ(r) n!) (α/(α+t))ʳ (t/(α+t))ⁿ (β/(β+t))ˢ
 *   + αʳβˢ B(r+n, s+1)/B(r, s) · [B₁ − Σ_{i=0..n} Γ(r+s+i)/(Γ(r+s) i!) tⁱ B₂(i)],
 * with B₁ and B₂(i) the ₂F₁ terms of the α ≥ β or α < β branch. The bracket is a small difference when n is large,
 * so it is computed as the tail Σ_{i>n} of the same convergent series when the head holds most of B₁.
 * Costs n + 2 evaluations of ₂F₁. `n` must be a whole number, 0 or more.
 */
export function paretoNbdProbabilityOfPurchases(params: ParetoNbdParams, t: number, n: number): number {
  checkParetoNbdParams(params);
  checkNonNegative(t, 't');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidInput(['n'], 'n must be a whole number of purchases, 0 or more');
  }
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = params;
  const first =
    logGamma(r + n) -
    logGamma(r) -
    logGamma(n + 1) +
    r * Math.log(alpha / (alpha + t)) +
    (n === 0 ? 0 : n * Math.log(t / (alpha + t))) +
    s * Math.log(beta / (beta + t));
  const rs = r + s;
  const c = rs + n + 1;
  const [high, secondParameter] = alpha >= beta ? [alpha, s + 1] : [beta, r + n];
  const gap = Math.abs(alpha - beta);
  const logB1 = logHyp2f1(rs, secondParameter, c, gap / high) - rs * Math.log(high);
  const logT = Math.log(t);
  const logHighT = Math.log(high + t);
  const zt = gap / (high + t);
  const term = (i: number) =>
    logGamma(rs + i) -
    logGamma(rs) -
    logGamma(i + 1) +
    i * logT +
    logHyp2f1(rs + i, secondParameter, c, zt) -
    (rs + i) * logHighT;
  const head: number[] = [];
  for (let i = 0; i <= n; i++) head.push(term(i));
  let logHead = Number.NEGATIVE_INFINITY;
  for (const value of head) logHead = logSumExp(logHead, value);
  let logBracket: number;
  if (logHead < logB1 - Math.LN2) {
    logBracket = logDiffExp(logB1, logHead);
  } else {
    let logTail = Number.NEGATIVE_INFINITY;
    let previous = Number.POSITIVE_INFINITY;
    let converged = false;
    for (let i = n + 1; i <= n + TAIL_TERMS; i++) {
      const value = term(i);
      logTail = logSumExp(logTail, value);
      if (value < previous && value < logTail - 40) {
        converged = true;
        break;
      }
      previous = value;
    }
    logBracket = converged ? logTail : logDiffExp(logB1, logHead);
  }
  const second = r * Math.log(alpha) + s * Math.log(beta) + logBeta(r + n, s + 1) - logBeta(r, s) + logBracket;
  return Math.min(1, Math.exp(first) + Math.exp(second));
}
