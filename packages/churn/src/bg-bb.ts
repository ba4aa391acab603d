/**
 * The beta-geometric/beta-Bernoulli (BG/BB) model of repeat transactions when the opportunities to buy are
 * discrete (a yearly donation drive, a weekly event): Fader, Hardie & Shang 2010, "Customer-base analysis in a
 * discrete-time noncontractual setting", Marketing Science 29(6). While alive, a customer buys at each opportunity
 * with probability p, Beta(α, β) across customers; before each opportunity they drop out for good with probability
 * θ, Beta(γ, δ) across customers. A customer is summarised by `frequency` (opportunities with a purchase), `recency`
 * (the opportunity of the last purchase, 0 when none) and `periods` (opportunities observed).
 */
import { invalidInput } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import { maximumLikelihood } from './mle.js';
import { digamma, logBeta, logGamma, logSumExp } from './special.js';
import { checkPositiveParams } from './checks.js';
import { weightedRows } from './weighted-rows.js';

/** Parameters of the BG/BB model. */
export interface BgBbParams {
  /** First shape parameter of the Beta distribution of the purchase probability p. */
  readonly alpha: number;
  /** Second shape parameter of the Beta distribution of the purchase probability p. */
  readonly beta: number;
  /** First shape parameter of the Beta distribution of the drop-out probability θ. */
  readonly gamma: number;
  /** Second shape parameter of the Beta distribution of the drop-out probability θ. */
  readonly delta: number;
}

/** One customer's history over discrete purchase opportunities. */
export interface BgBbRow {
  /** Opportunities with a purchase (a whole number, 0 to `recency`). */
  readonly frequency: number;
  /** The opportunity of the last purchase, 1 to `periods` (0 when `frequency` is 0). */
  readonly recency: number;
  /** Opportunities observed (a whole number, 0 or more). */
  readonly periods: number;
  /** How many customers share this row (default 1, positive). */
  readonly weight?: number;
}

/** {@link BgBbRow}s as columns; every column has the same length. */
export interface BgBbColumnsInput {
  /** Opportunities with a purchase per customer. */
  readonly frequency: Float64Array | readonly number[];
  /** Opportunity of the last purchase per customer. */
  readonly recency: Float64Array | readonly number[];
  /** Opportunities observed per customer. */
  readonly periods: Float64Array | readonly number[];
  /** Weight per row (optional, default 1). */
  readonly weight?: Float64Array | readonly number[];
}

/** Validated BG/BB columns with identical rows aggregated into one with the summed weight. */
export interface BgBbColumns {
  /** Opportunities with a purchase. */
  readonly frequency: Float64Array;
  /** Opportunity of the last purchase. */
  readonly recency: Float64Array;
  /** Opportunities observed. */
  readonly periods: Float64Array;
  /** Customers per row. */
  readonly weight: Float64Array;
  /** The sum of the weights. */
  readonly customers: number;
}

const PARAM_NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkBgBbParams(params: BgBbParams): void {
  checkPositiveParams(params, PARAM_NAMES, 'BG/BB');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Checks one row, naming the row and field of the first problem: whole numbers with frequency ≤ recency ≤ periods,
 * recency 0 exactly when frequency is 0, a positive weight. Refused with a `KehuValidationError` at `[index, field]`
 * (or the path `index` gives; the columnar form uses `[field, index]`).
 */
export function checkBgBbRow(
  frequency: unknown,
  recency: unknown,
  periods: unknown,
  weight: unknown,
  index: number | ((field: string) => (string | number)[]),
): void {
  const at = typeof index === 'number' ? (field: string) => [index, field] : index;
  if (!isCount(frequency)) throw invalidInput(at('frequency'), 'frequency must be a whole number, 0 or more');
  if (!isCount(recency)) throw invalidInput(at('recency'), 'recency must be a whole number, 0 or more');
  if (!isCount(periods)) throw invalidInput(at('periods'), 'periods must be a whole number, 0 or more');
  if (recency > periods) throw invalidInput(at('recency'), `recency ${recency} is greater than periods ${periods}`);
  if (frequency > recency) {
    throw invalidInput(at('frequency'), `frequency ${frequency} is greater than recency ${recency}`);
  }
  if (frequency === 0 && recency !== 0) {
    throw invalidInput(at('recency'), 'recency must be 0 when there are no purchases');
  }
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)) {
    throw invalidInput(at('weight'), 'weight must be a positive finite number');
  }
}

function aggregate(n: number, get: (i: number) => [number, number, number, number]): BgBbColumns {
  const { columns, weight, customers } = weightedRows(n, 3, (i, out) => out.set(get(i)));
  const [frequency, recency, periods] = columns as [Float64Array, Float64Array, Float64Array];
  return { frequency, recency, periods, weight, customers };
}

/** Validates BG/BB rows (see {@link checkBgBbRow}) and aggregates identical ones. */
export function bgBbColumns(rows: readonly BgBbRow[]): BgBbColumns {
  if (!Array.isArray(rows)) throw invalidInput([], 'rows must be an array of { frequency, recency, periods, weight? }');
  const list = rows as readonly BgBbRow[];
  return aggregate(list.length, (i) => {
    const row = list[i];
    if (row === null || typeof row !== 'object') throw invalidInput([i], 'a row must be an object');
    checkBgBbRow(row.frequency, row.recency, row.periods, row.weight, i);
    return [row.frequency, row.recency, row.periods, row.weight ?? 1];
  });
}

/** {@link bgBbColumns} for columnar input. */
export function bgBbColumnsFrom(columns: BgBbColumnsInput): BgBbColumns {
  if (columns === null || typeof columns !== 'object') {
    throw invalidInput([], 'columns must be an object of frequency, recency and periods');
  }
  const { frequency, recency, periods, weight } = columns;
  for (const [name, column] of Object.entries({ frequency, recency, periods })) {
    if (!(column instanceof Float64Array) && !Array.isArray(column)) {
      throw invalidInput([name], `${name} must be a Float64Array or an array of numbers`);
    }
  }
  const n = frequency.length;
  if (recency.length !== n) throw invalidInput(['recency'], `recency has ${recency.length} rows, frequency ${n}`);
  if (periods.length !== n) throw invalidInput(['periods'], `periods has ${periods.length} rows, frequency ${n}`);
  if (weight !== undefined && weight.length !== n) {
    throw invalidInput(['weight'], `weight has ${weight.length} rows, frequency ${n}`);
  }
  return aggregate(n, (i) => {
    const w = weight === undefined ? undefined : weight[i];
    checkBgBbRow(frequency[i], recency[i], periods[i], w, (field) => [field, i]);
    return [frequency[i] as number, recency[i] as number, periods[i] as number, (w ?? 1) as number];
  });
}

/**
 * ln L of one row at natural parameters, unchecked (Fader, Hardie & Shang 2010, eq. 5):
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−tₓ−1} B(α+x, β+tₓ−x+i)/B(α,β) · B(γ+1, δ+tₓ+i)/B(γ,δ),
 * summed in log space. `lbAB` and `lbGD` are ln B(α, β) and ln B(γ, δ).
 */
export function bgBbRowLogLikelihood(
  alpha: number,
  beta: number,
  gamma: number,
  delta: number,
  x: number,
  tx: number,
  n: number,
  lbAB = logBeta(alpha, beta),
  lbGD = logBeta(gamma, delta),
): number {
  const alive = logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n) - lbGD;
  if (n - tx <= 0) return alive;
  // The terms of the sum fall by the ratio (β+tₓ−x+i)/(α+β+tₓ+i) · (δ+tₓ+i)/(γ+δ+1+tₓ+i) < 1 from one to the
  // next (B(a, b+1) = B(a, b) · b/(a+b)), so the sum is its first term times Σ of running products ≤ 1.
  const first = logBeta(alpha + x, beta + tx - x) - lbAB + logBeta(gamma + 1, delta + tx) - lbGD;
  let product = 1;
  let sum = 1;
  for (let i = 0; i < n - tx - 1 && product > 1e-17 * sum; i++) {
    product *= ((beta + tx - x + i) / (alpha + beta + tx + i)) * ((delta + tx + i) / (gamma + delta + 1 + tx + i));
    sum += product;
  }
  return logSumExp(alive, first + Math.log(sum));
}

/** The log-likelihood of one customer's history (Fader, Hardie & Shang 2010, eq. 5); the weight is not applied. */
export function bgBbLogLikelihood(params: BgBbParams, row: BgBbRow): number {
  checkBgBbParams(params);
  if (row === null || typeof row !== 'object') throw invalidInput([], 'row must be { frequency, recency, periods }');
  checkBgBbRow(row.frequency, row.recency, row.periods, row.weight, (field) => [field]);
  const { alpha, beta, gamma, delta } = params;
  return bgBbRowLogLikelihood(alpha, beta, gamma, delta, row.frequency, row.recency, row.periods);
}

/**
 * The total weighted log-likelihood of aggregated columns at natural parameters and, when `gradient` is given, its
 * gradient with respect to the log-parameters (ln α, ln β, ln γ, ln δ): each term's derivative is a difference of
 * digammas (∂ ln B(a, b)/∂a = ψ(a) − ψ(a + b)), stepped along the sum with ψ(z + 1) = ψ(z) + 1/z, and the terms are
 * weighted by their share of the row's likelihood.
 */
export function bgBbTotalLogLikelihood(
  alpha: number,
  beta: number,
  gamma: number,
  delta: number,
  columns: BgBbColumns,
  gradient?: Float64Array,
): number {
  const lbAB = logBeta(alpha, beta);
  const lbGD = logBeta(gamma, delta);
  const { frequency, recency, periods, weight } = columns;
  let total = 0;
  if (!gradient) {
    for (let i = 0; i < frequency.length; i++) {
      const x = frequency[i] as number;
      const ll = bgBbRowLogLikelihood(
        alpha,
        beta,
        gamma,
        delta,
        x,
        recency[i] as number,
        periods[i] as number,
        lbAB,
        lbGD,
      );
      total += (weight[i] as number) * ll;
    }
    return total;
  }
  const psiA = digamma(alpha);
  const psiB = digamma(beta);
  const psiAB = digamma(alpha + beta);
  const psiG = digamma(gamma);
  const psiD = digamma(delta);
  const psiGD = digamma(gamma + delta);
  const psiG1 = digamma(gamma + 1);
  let ga = 0;
  let gb = 0;
  let gg = 0;
  let gd = 0;
  for (let r = 0; r < frequency.length; r++) {
    const x = frequency[r] as number;
    const tx = recency[r] as number;
    const n = periods[r] as number;
    const w = weight[r] as number;
    const ll = bgBbRowLogLikelihood(alpha, beta, gamma, delta, x, tx, n, lbAB, lbGD);
    total += w * ll;
    const psiAx = digamma(alpha + x);
    // The alive-at-n term.
    const alive = Math.exp(logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n) - lbGD - ll);
    const psiABn = digamma(alpha + beta + n);
    const psiGDn = digamma(gamma + delta + n);
    let da = alive * (psiAx - psiABn - psiA + psiAB);
    let db = alive * (digamma(beta + n - x) - psiABn - psiB + psiAB);
    let dg = alive * (psiGD - psiGDn);
    let dd = alive * (digamma(delta + n) - psiGDn - psiD + psiGD);
    if (n > tx) {
      // Drop-out terms i = 0 … n − tₓ − 1, their weights e^{Bᵢ − ll} stepped by the ratio of consecutive terms.
      let share = Math.exp(logBeta(alpha + x, beta + tx - x) - lbAB + logBeta(gamma + 1, delta + tx) - lbGD - ll);
      let psiBt = digamma(beta + tx - x);
      let psiABt = digamma(alpha + beta + tx);
      let psiDt = digamma(delta + tx);
      let psiGDt = digamma(gamma + delta + 1 + tx);
      for (let i = 0; i < n - tx; i++) {
        da += share * (psiAx - psiABt - psiA + psiAB);
        db += share * (psiBt - psiABt - psiB + psiAB);
        dg += share * (psiG1 - psiGDt - psiG + psiGD);
        dd += share * (psiDt - psiGDt - psiD + psiGD);
        const b1 = beta + tx - x + i;
        const ab1 = alpha + beta + tx + i;
        const d1 = delta + tx + i;
        const gd1 = gamma + delta + 1 + tx + i;
        share *= (b1 / ab1) * (d1 / gd1);
        psiBt += 1 / b1;
        psiABt += 1 / ab1;
        psiDt += 1 / d1;
        psiGDt += 1 / gd1;
      }
    }
    ga += w * da;
    gb += w * db;
    gg += w * dg;
    gd += w * dd;
  }
  gradient[0] = ga * alpha;
  gradient[1] = gb * beta;
  gradient[2] = gg * gamma;
  gradient[3] = gd * delta;
  return total;
}

/** A BG/BB fit: the parameters at the top level with the fit's diagnostics. */
export type BgBbFit = FitBase & {
  /** The model. */
  readonly model: 'bg-bb';
  /** Fitted α. */
  readonly alpha: number;
  /** Fitted β. */
  readonly beta: number;
  /** Fitted γ. */
  readonly gamma: number;
  /** Fitted δ. */
  readonly delta: number;
};

function fitAggregated(data: BgBbColumns, options: FitOptions): BgBbFit {
  const fit = maximumLikelihood(
    {
      names: PARAM_NAMES,
      customers: data.customers,
      rows: data.frequency.length,
      logLikelihood: (theta, gradient) =>
        bgBbTotalLogLikelihood(
          theta[0] as number,
          theta[1] as number,
          theta[2] as number,
          theta[3] as number,
          data,
          gradient,
        ),
      analyticGradient: true,
      defaultStarts: [
        [1, 1, 1, 1],
        [0.5, 0.5, 0.5, 2],
        [2, 1, 0.5, 5],
        [0.1, 0.1, 0.1, 0.1],
      ],
    },
    options,
  );
  const { params, ...base } = fit;
  return { model: 'bg-bb', ...params, ...base };
}

/**
 * Fits the BG/BB model by maximum likelihood (Fader, Hardie & Shang 2010, eq. 5) to rows
 * `{ frequency, recency, periods, weight? }`; identical rows are aggregated with weights. Bad rows are refused.
 */
export function fitBgBb(rows: readonly BgBbRow[], options: FitOptions = {}): BgBbFit {
  return fitAggregated(bgBbColumns(rows), options);
}

/** {@link fitBgBb} for columnar input. */
export function fitBgBbColumns(columns: BgBbColumnsInput, options: FitOptions = {}): BgBbFit {
  return fitAggregated(bgBbColumnsFrom(columns), options);
}

function checkPrediction(params: BgBbParams, row: BgBbRow): void {
  checkBgBbParams(params);
  if (row === null || typeof row !== 'object') throw invalidInput([], 'row must be { frequency, recency, periods }');
  checkBgBbRow(row.frequency, row.recency, row.periods, undefined, (field) => [field]);
}

function checkCount(value: unknown, name: string): number {
  if (!isCount(value)) throw invalidInput([name], `${name} must be a whole number of periods, 0 or more`);
  return value;
}

/**
 * Σ_{t=a+1}^{b} B(γ, δ+t) / B(γ, δ), the expected number of the opportunities a+1..b a new customer is alive for,
 * in closed form: δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+a)/Γ(γ+δ+a) − Γ(1+δ+b)/Γ(γ+δ+b)] (Fader, Hardie & Shang 2010,
 * eqs. 8 and 13). At γ = 1 the form is 0/0: within 1e-5 of 1 it is interpolated linearly between γ = 1 ± 1e-5,
 * where the function is smooth (error about 1e-10 relative).
 */
function aliveOpportunities(gamma: number, delta: number, a: number, b: number): number {
  if (b <= a) return 0;
  const h = 1e-5;
  if (Math.abs(gamma - 1) < h) {
    const low = aliveOpportunitiesClosedForm(1 - h, delta, a, b);
    const high = aliveOpportunitiesClosedForm(1 + h, delta, a, b);
    return low + ((gamma - (1 - h)) / (2 * h)) * (high - low);
  }
  return aliveOpportunitiesClosedForm(gamma, delta, a, b);
}

function aliveOpportunitiesClosedForm(gamma: number, delta: number, a: number, b: number): number {
  const l1 = logGamma(1 + delta + a) - logGamma(gamma + delta + a);
  const l2 = logGamma(1 + delta + b) - logGamma(gamma + delta + b);
  const prefactor = (delta / (gamma - 1)) * Math.exp(logGamma(gamma + delta) - logGamma(1 + delta) + l1);
  return prefactor * -Math.expm1(l2 - l1);
}

/** Options of {@link bgBbProbabilityAlive}. */
export interface BgBbAliveOptions {
  /** Opportunities after the end of the data (0 or more, a whole number; default 0). */
  readonly horizon?: number;
}

/**
 * The probability that the customer is still alive at opportunity `periods + horizon`, given their history and
 * no purchase seen after `periods` (Fader, Hardie & Shang 2010, eq. 11):
 * P = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+h)/B(γ,δ) / L. The paper's Table 6 reports it for the next opportunity
 * (`horizon: 1`). In [0, 1].
 */
export function bgBbProbabilityAlive(params: BgBbParams, row: BgBbRow, options: BgBbAliveOptions = {}): number {
  checkPrediction(params, row);
  const horizon = checkCount(options.horizon ?? 0, 'horizon');
  const { alpha, beta, gamma, delta } = params;
  const { frequency: x, recency: tx, periods: n } = row;
  const lbAB = logBeta(alpha, beta);
  const lbGD = logBeta(gamma, delta);
  const ll = bgBbRowLogLikelihood(alpha, beta, gamma, delta, x, tx, n, lbAB, lbGD);
  const alive = logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n + horizon) - lbGD;
  return Math.min(1, Math.exp(alive - ll));
}

/**
 * The expected number of purchases in the next `future` opportunities of a customer with this history (Fader,
 * Hardie & Shang 2010, eq. 13): E = (1/L) · B(α+x+1, β+n−x)/B(α,β) · Σ_{t=n+1}^{n+future} B(γ, δ+t)/B(γ,δ), the sum
 * in closed form. Non-negative and increasing in `future`.
 */
export function bgBbConditionalExpectedPurchases(params: BgBbParams, row: BgBbRow, future: number): number {
  checkPrediction(params, row);
  const m = checkCount(future, 'future');
  const { alpha, beta, gamma, delta } = params;
  const { frequency: x, recency: tx, periods: n } = row;
  const lbAB = logBeta(alpha, beta);
  const ll = bgBbRowLogLikelihood(alpha, beta, gamma, delta, x, tx, n, lbAB);
  const purchase = Math.exp(logBeta(alpha + x + 1, beta + n - x) - lbAB - ll);
  return purchase * aliveOpportunities(gamma, delta, n, n + m);
}

/**
 * The expected number of purchases of a new customer over their first `periods` opportunities (Fader, Hardie &
 * Shang 2010, eq. 8): E[X(n)] = α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(γ+δ+n) · Γ(1+δ+n)/Γ(1+δ)].
 */
export function bgBbExpectedPurchases(params: BgBbParams, periods: number): number {
  checkBgBbParams(params);
  const n = checkCount(periods, 'periods');
  return (params.alpha / (params.alpha + params.beta)) * aliveOpportunities(params.gamma, params.delta, 0, n);
}

/**
 * The probability that a new customer makes exactly `purchases` purchases in their first `periods` opportunities
 * (Fader, Hardie & Shang 2010, eq. 7): C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 * + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ). Sums to 1 over x = 0..n.
 */
export function bgBbProbabilityOfPurchases(params: BgBbParams, periods: number, purchases: number): number {
  checkBgBbParams(params);
  const n = checkCount(periods, 'periods');
  const x = checkCount(purchases, 'purchases');
  if (x > n) return 0;
  const { alpha, beta, gamma, delta } = params;
  const lbAB = logBeta(alpha, beta);
  const lbGD = logBeta(gamma, delta);
  const logChoose = (k: number, j: number) => logGamma(k + 1) - logGamma(j + 1) - logGamma(k - j + 1);
  let log = logChoose(n, x) + logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n) - lbGD;
  for (let i = x; i < n; i++) {
    log = logSumExp(
      log,
      logChoose(i, x) + logBeta(alpha + x, beta + i - x) - lbAB + logBeta(gamma + 1, delta + i) - lbGD,
    );
  }
  return Math.min(1, Math.exp(log));
}
