/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
 * Pareto/NBD model", Marketing Science 24(2): 275–284 (FHL below). While active, a customer buys as a Poisson
 * process with rate λ ~ Gamma(r, α); after every purchase they drop out with probability p ~ Beta(a, b).
 */
import { invalidInput } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import { type MaximumLikelihoodResult, maximumLikelihood } from './mle.js';
import {
  type FrequencyColumns,
  type FrequencyColumnsInput,
  type FrequencyRow,
  frequencyColumns,
  frequencyColumnsFrom,
} from './rows.js';
import { digamma, logBeta, logGamma, signedLogHyp2f1 } from './special.js';
import { checkHistoryRow, checkNonNegative, checkPositiveParams } from './checks.js';

/** BG/NBD parameters: purchase rate λ ~ Gamma(shape r, rate alpha); dropout probability p ~ Beta(a, b). */
export interface BgNbdParams {
  /** Shape of the Gamma distribution of purchase rates. */
  readonly r: number;
  /** Rate (inverse scale) of the Gamma distribution of purchase rates, in model periods. */
  readonly alpha: number;
  /** First shape of the Beta distribution of dropout probabilities. */
  readonly a: number;
  /** Second shape of the Beta distribution of dropout probabilities. */
  readonly b: number;
}

/** A fitted BG/NBD model: its parameters at top level with the fit's log-likelihood and diagnostics. */
export type BgNbdFit = FitBase & { readonly model: 'bg-nbd' } & BgNbdParams;

/** One customer's history for a prediction (weights play no part). */
export type BgNbdRow = Pick<FrequencyRow, 'frequency' | 'recency' | 'T'>;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkBgNbdParams(params: BgNbdParams): void {
  checkPositiveParams(params, NAMES, 'BG/NBD');
}

/**
 * The log-likelihood of one customer's history (FHL eq. 6), in the numerically stable form of Hardie's note
 * "A Step-by-Step Derivation of the BG/NBD Likelihood" (a log-sum-exp of the two terms):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
 *        + ln(1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, row: BgNbdRow): number {
  checkBgNbdParams(params);
  checkHistoryRow(row);
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = row;
  const base =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    logBeta(a, b + x) -
    logBeta(a, b) -
    (r + x) * Math.log(alpha + T);
  if (x === 0) return base;
  const e = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return base + (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e)));
}

/** Rows prepared for repeated likelihood evaluations: distinct frequencies indexed once. */
interface Prepared {
  readonly columns: FrequencyColumns;
  /** Index of each row's frequency in `values`. */
  readonly index: Int32Array;
  /** Distinct frequencies. */
  readonly values: Float64Array;
  /** Sum of the weights per distinct frequency. */
  readonly weightOf: Float64Array;
}

function prepare(columns: FrequencyColumns): Prepared {
  const n = columns.frequency.length;
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, columns.frequency[i] as number);
  // Frequencies are whole numbers: index them directly when the range is modest, else through a map.
  const direct = largest <= 4 * n + 1024 ? new Int32Array(largest + 1).fill(-1) : null;
  const seen = direct ? null : new Map<number, number>();
  const index = new Int32Array(n);
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = columns.frequency[i] as number;
    let k = direct ? (direct[x] as number) : (seen?.get(x) ?? -1);
    if (k < 0) {
      k = values.length;
      if (direct) direct[x] = k;
      else seen?.set(x, k);
      values.push(x);
      weights.push(0);
    }
    index[i] = k;
    weights[k] = (weights[k] as number) + (columns.weight[i] as number);
  }
  return { columns, index, values: Float64Array.from(values), weightOf: Float64Array.from(weights) };
}

/**
 * Σ wᵢ ln Lᵢ at natural parameters `theta` = (r, α, a, b) and, when asked, its ANALYTIC gradient with respect to
 * (ln r, ln α, ln a, ln b). The terms that depend on the frequency only (log-gamma, digamma) are computed once
 * per distinct frequency; each row costs two logarithms, one exponential and one log1p. With
 * D = a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x) and ω = D/(1+D):
 * ∂/∂r = ψ(r+x) − ψ(r) + ln α − ln(α+T) + ω (ln(α+T) − ln(α+tₓ)),
 * ∂/∂α = r/α − (r+x)/(α+T) + ω (r+x)(1/(α+T) − 1/(α+tₓ)),
 * ∂/∂a = ψ(a+b) − ψ(a+b+x) + ω/a,  ∂/∂b = ψ(a+b) − ψ(b) + ψ(b+x) − ψ(a+b+x) − ω/(b+x−1).
 */
function totalLogLikelihood(prepared: Prepared, theta: Float64Array, gradient?: Float64Array): number {
  const r = theta[0] as number;
  const alpha = theta[1] as number;
  const a = theta[2] as number;
  const b = theta[3] as number;
  const { columns, index, values, weightOf } = prepared;
  const m = values.length;
  const constant = new Float64Array(m);
  const logAdd = new Float64Array(m);
  const inverse = new Float64Array(m);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const common = logGamma(a + b) - logGamma(b) - logGamma(r);
  let total = 0;
  let gr = 0;
  let ga = 0;
  let gb = 0;
  const psiR = gradient ? digamma(r) : 0;
  const psiAB = gradient ? digamma(a + b) : 0;
  const psiB = gradient ? digamma(b) : 0;
  for (let k = 0; k < m; k++) {
    const x = values[k] as number;
    const w = weightOf[k] as number;
    constant[k] = common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x) + r * lnAlpha;
    total += w * (constant[k] as number);
    if (x > 0) {
      logAdd[k] = lnA - Math.log(b + x - 1);
      inverse[k] = 1 / (b + x - 1);
    }
    if (gradient) {
      const psiABX = digamma(a + b + x);
      gr += w * (digamma(r + x) - psiR + lnAlpha);
      ga += w * (psiAB - psiABX);
      gb += w * (psiAB - psiB + digamma(b + x) - psiABX);
    }
  }
  const { recency, T, weight } = columns;
  const n = index.length;
  let galpha = 0;
  const withGradient = gradient !== undefined;
  for (let i = 0; i < n; i++) {
    const k = index[i] as number;
    const x = values[k] as number;
    const w = weight[i] as number;
    const rx = r + x;
    const aT = alpha + (T[i] as number);
    const u = Math.log(aT);
    let ll = -rx * u;
    if (x > 0) {
      const aTx = alpha + (recency[i] as number);
      const v = Math.log(aTx);
      const e = (logAdd[k] as number) + rx * (u - v);
      let omega: number;
      if (e > 0) {
        const q = Math.exp(-e);
        ll += e + Math.log1p(q);
        omega = 1 / (1 + q);
      } else {
        const q = Math.exp(e);
        ll += Math.log1p(q);
        omega = q / (1 + q);
      }
      if (withGradient) {
        gr += w * (-u + omega * (u - v));
        galpha += w * (-rx / aT + omega * rx * (1 / aT - 1 / aTx));
        ga += (w * omega) / a;
        gb -= w * omega * (inverse[k] as number);
      }
    } else if (withGradient) {
      gr -= w * u;
      galpha -= (w * rx) / aT;
    }
    total += w * ll;
  }
  if (gradient) {
    galpha += (prepared.columns.customers * r) / alpha;
    gradient[0] = gr * r;
    gradient[1] = galpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  return total;
}

/**
 * Σ wᵢ ln Lᵢ over validated columns at natural parameters `theta` = (r, α, a, b), with the analytic gradient
 * with respect to (ln r, ln α, ln a, ln b) written into `gradient` when given (see the formulas above). For
 * benchmarks and checks; fits use the same engine.
 */
export function bgNbdTotalLogLikelihood(
  columns: FrequencyColumns,
  theta: ArrayLike<number>,
  gradient?: Float64Array,
): number {
  return totalLogLikelihood(prepare(columns), Float64Array.from(theta), gradient);
}

/** Above this many distinct rows, the starts run on a systematic subsample and the best is polished on all rows. */
const SUBSAMPLE_ROWS = 20_000;

function subsample(columns: FrequencyColumns): FrequencyColumns {
  const n = columns.frequency.length;
  const stride = Math.ceil(n / SUBSAMPLE_ROWS);
  const m = Math.ceil(n / stride);
  const pick = (source: Float64Array) => {
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = source[j * stride] as number;
    return out;
  };
  const weight = pick(columns.weight);
  let customers = 0;
  for (let j = 0; j < m; j++) customers += weight[j] as number;
  return { frequency: pick(columns.frequency), recency: pick(columns.recency), T: pick(columns.T), weight, customers };
}

function defaultStarts(columns: FrequencyColumns): number[][] {
  // Purchase rate guess λ ≈ Σ w x / Σ w T, so α ≈ r / λ puts the Gamma mean at the observed rate.
  let xs = 0;
  let ts = 0;
  for (let i = 0; i < columns.frequency.length; i++) {
    const w = columns.weight[i] as number;
    xs += w * (columns.frequency[i] as number);
    ts += w * (columns.T[i] as number);
  }
  const rate = xs > 0 && ts > 0 ? xs / ts : 1;
  const scale = Math.min(1e6, Math.max(1e-6, 1 / rate));
  return [
    [1, 1, 1, 1],
    [0.5, 0.5 * scale, 1, 3],
    [0.25, 0.25 * scale, 0.8, 2.5],
    [2, 2 * scale, 2, 6],
  ];
}

function fitPrepared(columns: FrequencyColumns, options: FitOptions): BgNbdFit {
  const spec = (data: FrequencyColumns) => {
    const prepared = prepare(data);
    return {
      names: NAMES,
      customers: data.customers,
      rows: data.frequency.length,
      logLikelihood: (theta: Float64Array, gradient?: Float64Array) => totalLogLikelihood(prepared, theta, gradient),
      analyticGradient: true,
      defaultStarts: defaultStarts(data),
    };
  };
  let result: MaximumLikelihoodResult<(typeof NAMES)[number]>;
  if (columns.frequency.length > SUBSAMPLE_ROWS) {
    const rough = maximumLikelihood(spec(subsample(columns)), options);
    const polished = maximumLikelihood(spec(columns), { ...options, initial: [rough.params], starts: 1 });
    result = {
      ...polished,
      diagnostics: {
        ...polished.diagnostics,
        evaluations: rough.diagnostics.evaluations + polished.diagnostics.evaluations,
        starts: rough.diagnostics.starts,
        message: `${polished.diagnostics.message} (starts run on a ${SUBSAMPLE_ROWS}-row subsample)`,
      },
    };
  } else {
    result = maximumLikelihood(spec(columns), options);
  }
  const boundary = (options.penalty ?? 0) === 0 ? ridgeFit(columns, result, options) : null;
  if (boundary) return boundary;
  const { params, ...base } = result;
  return { model: 'bg-nbd', ...params, ...base };
}

/** Above this a + b the fit is compared with the limit of no heterogeneity in dropout (see {@link ridgeFit}). */
const RIDGE = 1e4;

/** The a + b at which a fit on the limit reports a and b: the limit model to about 8 digits. */
const RIDGE_SCALE = 1e8;

/**
 * Σ wᵢ ln Lᵢ of FHL eq. 6 with its dropout terms given as functions of x: `lnSurvive(x)` = ln B(a, b+x)/B(a, b) and
 * `lnOdds(x)` = ln a/(b+x−1). In the limit a, b → ∞ at a fixed odds o = a/b every customer drops out after a
 * purchase with the same probability p = o/(1+o): B(a, b+x)/B(a, b) → (1−p)^x and a/(b+x−1) → o. Neither form
 * takes differences of log-gammas of huge arguments, which lose their digits there.
 */
function ridgeLogLikelihood(
  prepared: Prepared,
  r: number,
  alpha: number,
  lnSurvive: (x: number) => number,
  lnOdds: (x: number) => number,
): number {
  const { columns, index, values } = prepared;
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const constant = Float64Array.from(values, (x) => logGamma(r + x) - lgR + r * lnAlpha + lnSurvive(x));
  const odds = Float64Array.from(values, (x) => (x > 0 ? lnOdds(x) : 0));
  let total = 0;
  for (let i = 0; i < index.length; i++) {
    const k = index[i] as number;
    const x = values[k] as number;
    const u = Math.log(alpha + (columns.T[i] as number));
    let ll = (constant[k] as number) - (r + x) * u;
    if (x > 0) {
      const e = (odds[k] as number) + (r + x) * (u - Math.log(alpha + (columns.recency[i] as number)));
      ll += e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    }
    total += (columns.weight[i] as number) * ll;
  }
  return total;
}

/** ln B(a, b+x)/B(a, b) = Σ_{j<x} −ln(1 + a/(b+j)), exact for huge a and b. */
function lnSurviveSum(a: number, b: number, x: number): number {
  let s = 0;
  for (let j = 0; j < x; j++) s -= Math.log1p(a / (b + j));
  return s;
}

/**
 * When the data show no heterogeneity in dropout (every customer with the same p), the likelihood rises along a
 * ridge a, b → ∞ at a fixed a/(a+b) and has no maximum: the optimiser either ends at an arbitrary large a + b or
 * runs out of iterations there. Past a + b = {@link RIDGE} this fits the limit model (r, α, a/b) and, when it
 * explains the data as well as the fit, returns it with a and b at a + b = {@link RIDGE_SCALE}, an AT_BOUNDARY
 * warning with the ratio a/(a+b), the limit's log-likelihood and standard errors of r and α only. Else `null`.
 */
function ridgeFit(
  columns: FrequencyColumns,
  result: MaximumLikelihoodResult<(typeof NAMES)[number]>,
  options: FitOptions,
): BgNbdFit | null {
  const { r, alpha, a, b } = result.params;
  if (!(a + b > RIDGE)) return null;
  const prepared = prepare(columns);
  const limit = maximumLikelihood(
    {
      names: ['r', 'alpha', 'odds'],
      customers: columns.customers,
      rows: columns.frequency.length,
      logLikelihood: (theta: Float64Array) => {
        const lnOdds = Math.log(theta[2] as number);
        const ln1mP = -Math.log1p(theta[2] as number);
        return ridgeLogLikelihood(
          prepared,
          theta[0] as number,
          theta[1] as number,
          (x) => x * ln1mP,
          () => lnOdds,
        );
      },
      analyticGradient: false,
      defaultStarts: [[r, alpha, a / b]],
    },
    { tolerance: options.tolerance, maxIterations: options.maxIterations, starts: 1 },
  );
  // The fit's own log-likelihood, recomputed without the log-gamma differences that lose digits at huge a + b.
  const fitted = ridgeLogLikelihood(
    prepared,
    r,
    alpha,
    (x) => lnSurviveSum(a, b, x),
    (x) => Math.log(a) - Math.log(b + x - 1),
  );
  if (!(limit.logLikelihood >= fitted - Math.max(1e-3, 1e-9 * Math.abs(fitted)))) return null;
  const odds = limit.params.odds;
  const ratio = odds / (1 + odds);
  const errors = limit.standardErrors;
  const d = result.diagnostics;
  return {
    model: 'bg-nbd',
    r: limit.params.r,
    alpha: limit.params.alpha,
    a: RIDGE_SCALE * ratio,
    b: RIDGE_SCALE * (1 - ratio),
    logLikelihood: limit.logLikelihood,
    customers: result.customers,
    rows: result.rows,
    penalty: result.penalty,
    standardErrors: errors ? { r: errors.r as number, alpha: errors.alpha as number } : null,
    diagnostics: {
      converged: limit.diagnostics.converged,
      iterations: d.iterations + limit.diagnostics.iterations,
      evaluations: d.evaluations + limit.diagnostics.evaluations,
      gradientNorm: limit.diagnostics.gradientNorm,
      starts: d.starts,
      message: `a and b at their bound: fitted the limit of no heterogeneity in dropout (${limit.diagnostics.message})`,
      warnings: [
        {
          code: 'AT_BOUNDARY',
          message:
            `a and b run to their bound: the data show no heterogeneity in dropout, every customer drops out ` +
            `after a purchase with probability a/(a+b) = ${ratio.toPrecision(6)}; a and b are reported at ` +
            `a + b = ${RIDGE_SCALE} and have no standard errors`,
        },
        ...limit.diagnostics.warnings.filter((w) => w.code !== 'AT_BOUNDARY'),
      ],
    },
  };
}

/**
 * Fits BG/NBD by maximum likelihood (FHL section 4): minimises −LL/customers + penalty · Σθ² (the `lifetimes`
 * convention, {@link FitOptions}) over log-parameters with BFGS and the analytic gradient, from several starts.
 * Identical rows are aggregated with weights first. Bad rows are refused with a `KehuValidationError` naming
 * `[rowIndex, field]`; an empty data set is refused. Never throws on numerical trouble: see `diagnostics`.
 * Data without heterogeneity in dropout put a and b at their bound: the result is then the limit model, with an
 * AT_BOUNDARY warning giving a/(a+b) and standard errors of r and α only.
 */
export function fitBgNbd(rows: readonly FrequencyRow[], options: FitOptions = {}): BgNbdFit {
  return fitPrepared(frequencyColumns(rows), options);
}

/** {@link fitBgNbd} for columnar input (errors name `[field, rowIndex]`). */
export function fitBgNbdColumns(columns: FrequencyColumnsInput, options: FitOptions = {}): BgNbdFit {
  return fitPrepared(frequencyColumnsFrom(columns), options);
}

/**
 * E over p ~ Beta(A, B) of (1 − (β/(β + p t))^R) / p: the expected purchases in t periods of a customer whose
 * rate is Gamma(R, β) and dropout Beta(A, B) (FHL eqs. 9 and 10 before integration). Closed form
 * (A+B−1)/(A−1) · [1 − (β/(β+t))^R ₂F₁(R, B; A+B−1; t/(β+t))] (FHL eq. 9); where it is singular or
 * ill-conditioned (A near 1, A+B−1 near a non-positive integer) the integral by tanh-sinh quadrature.
 */
export function betaMixedPurchases(A: number, B: number, R: number, beta: number, t: number): number {
  if (t === 0) return 0;
  const c = A + B - 1;
  const nearPole = c <= 0.5 && Math.abs(c - Math.round(c)) < 1e-4;
  if (Math.abs(A - 1) > 1e-4 && !nearPole) {
    const f = signedLogHyp2f1(R, B, c, t / (beta + t));
    const exponent = f.log - R * Math.log1p(t / beta);
    const inner = f.sign > 0 ? -Math.expm1(exponent) : 1 + Math.exp(exponent);
    const value = (c / (A - 1)) * inner;
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return betaMixedPurchasesQuadrature(A, B, R, beta, t);
}

/**
 * The same expectation by double-exponential (tanh-sinh) quadrature of the Beta(A, B) density times
 * h(p) = −expm1(−R log1p(p t/β)) / p, computed in log space so that small shapes (mass piled near p = 0 or 1)
 * stay accurate (Takahasi & Mori 1974).
 */
export function betaMixedPurchasesQuadrature(A: number, B: number, R: number, beta: number, t: number): number {
  const step = 1 / 32;
  const lnNorm = logBeta(A, B);
  const scale = t / beta;
  let sum = 0;
  for (let k = -256; k <= 256; k++) {
    const u = k * step;
    const s = 0.5 * Math.PI * Math.sinh(u);
    // p = 1/(1 + e^(−2s)), 1 − p = 1/(1 + e^(2s)), dp/du = (π/2) cosh(u) p (1 − p) · 2.
    const lnP = -log1pExp(-2 * s);
    const lnQ = -log1pExp(2 * s);
    const lnJacobian = Math.log(Math.PI) + Math.log(Math.cosh(u)) + lnP + lnQ;
    const p = Math.exp(lnP);
    const h = p < 1e-300 ? R * scale : -Math.expm1(-R * Math.log1p(p * scale)) / p;
    const lnTerm = (A - 1) * lnP + (B - 1) * lnQ - lnNorm + lnJacobian;
    sum += Math.exp(lnTerm) * h;
  }
  return sum * step;
}

function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * P(alive at T + horizon | x, tₓ, T) for BG/NBD (FHL eq. 11 in the stable form of Hardie's note 021):
 * 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T+h)/(α+tₓ))^(r+x)). With h > 0 it is the probability of still being alive
 * at T + h when no purchase is seen in between (the posterior of an alive customer thins as e^(−λh)).
 * A customer without repeat purchases is alive with probability 1 (in BG/NBD dropout follows a purchase).
 */
export function bgNbdProbabilityAlive(
  params: BgNbdParams,
  row: BgNbdRow,
  options: { readonly horizon?: number } = {},
): number {
  checkBgNbdParams(params);
  checkHistoryRow(row);
  const horizon = options.horizon ?? 0;
  checkNonNegative(horizon, 'horizon');
  return probabilityAlive(params, row.frequency, row.recency, row.T + horizon);
}

/** P(alive) without validation, for the columnar path. */
export function bgNbdProbabilityAliveUnchecked(params: BgNbdParams, x: number, tx: number, T: number): number {
  return probabilityAlive(params, x, tx, T);
}

function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const e = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return e > 0 ? Math.exp(-e) / (1 + Math.exp(-e)) : 1 / (1 + Math.exp(e));
}

/**
 * Expected purchases of a new customer in t periods (FHL eq. 9):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))], by quadrature where that form is
 * singular (a = 1, a + b ≤ 1). Non-negative and increasing in t.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  checkBgNbdParams(params);
  checkNonNegative(t, 't');
  return betaMixedPurchases(params.a, params.b, params.r, params.alpha, t);
}

/**
 * Expected purchases in the next t periods of a customer with history (x, tₓ, T) (FHL eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, row: BgNbdRow, t: number): number {
  checkBgNbdParams(params);
  checkHistoryRow(row);
  checkNonNegative(t, 't');
  return conditionalExpected(params, row.frequency, row.recency, row.T, t);
}

/**
 * Conditional expected purchases without validation, for the columnar and CLV paths (inputs already checked).
 * `alive`, when given, is this row's P(alive) at T already computed (by the unchecked P(alive)), so a caller
 * computing both, or the expectation at many horizons, pays for it once.
 */
export function bgNbdConditionalExpectedPurchasesUnchecked(
  params: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  alive?: number,
): number {
  return conditionalExpected(params, x, tx, T, t, alive);
}

function conditionalExpected(params: BgNbdParams, x: number, tx: number, T: number, t: number, known?: number): number {
  const { r, alpha, a, b } = params;
  const alive = known ?? probabilityAlive(params, x, tx, T);
  if (alive === 0 || t === 0) return 0;
  return alive * betaMixedPurchases(a, b + x, r + x, alpha + T, t);
}

/** ln P(N = j) for N ~ NegBin(r, q) with P(N = j) = Γ(r+j)/(Γ(r) j!) q^r (1−q)^j. */
function logNegativeBinomial(r: number, lnQ: number, ln1mQ: number, j: number): number {
  return logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * lnQ + (j === 0 ? 0 : j * ln1mQ);
}

/**
 * P(X(t) = n) for a new customer (FHL eq. 8):
 * B(a, b+n)/B(a, b) · NB(n; r, α/(α+t)) + 1{n>0} · B(a+1, b+n−1)/B(a, b) · P(NB(r, α/(α+t)) ≥ n),
 * the tail summed directly when it is small so that it does not cancel.
 */
export function bgNbdProbabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  checkBgNbdParams(params);
  checkNonNegative(t, 't');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidInput(['n'], 'n must be a whole number of purchases, 0 or more');
  }
  if (t === 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = params;
  const lnQ = Math.log(alpha) - Math.log(alpha + t);
  const ln1mQ = Math.log(t) - Math.log(alpha + t);
  const lnB = logBeta(a, b);
  const first = Math.exp(logBeta(a, b + n) - lnB + logNegativeBinomial(r, lnQ, ln1mQ, n));
  if (n === 0) return first;
  return first + Math.exp(logBeta(a + 1, b + n - 1) - lnB) * negativeBinomialTail(r, lnQ, ln1mQ, n);
}

/** P(N ≥ n) for N ~ NegBin(r, q): terms by the ratio (r+j)/(j+1)·(1−q) in log space, so each costs two logs. */
function negativeBinomialTail(r: number, lnQ: number, ln1mQ: number, n: number): number {
  let lnTerm = r * lnQ;
  let cdf = 0;
  for (let j = 0; j < n; j++) {
    cdf += Math.exp(lnTerm);
    lnTerm += Math.log(r + j) - Math.log(j + 1) + ln1mQ;
  }
  if (cdf < 0.5) return 1 - cdf;
  // A small tail: sum it upward (the term ratio tends to 1−q < 1) rather than subtract from 1.
  const oneMinusQ = Math.exp(ln1mQ);
  let term = Math.exp(lnTerm);
  let tail = 0;
  for (let j = n; j < n + 10_000_000; j++) {
    tail += term;
    const ratio = ((r + j) / (j + 1)) * oneMinusQ;
    term *= ratio;
    if (ratio < 1 && term / (1 - ratio) <= 1e-17 * tail) break;
  }
  return tail;
}
