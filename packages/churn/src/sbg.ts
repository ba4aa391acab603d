/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
 * customer retention", Journal of Interactive Marketing 21(1)): each customer renews at the end of every
 * period with a constant probability 1 − θ, and θ varies across customers as Beta(α, β). Heterogeneity makes
 * the cohort's retention rate rise over time, because the customers likely to leave leave first.
 */
import { invalidInput } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import { maximumLikelihood } from './mle.js';
import { logBeta } from './special.js';
import { checkPositiveParams } from './checks.js';

/** Parameters of the sBG model: the churn probability θ is Beta(α, β) across customers. */
export interface SbgParams {
  /** First shape parameter of the Beta distribution of the churn probability. */
  readonly alpha: number;
  /** Second shape parameter of the Beta distribution of the churn probability. */
  readonly beta: number;
}

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkSbgParams(params: SbgParams): void {
  checkPositiveParams(params, ['alpha', 'beta'], 'sBG');
}

function checkPeriod(t: unknown, name: string, minimum: number): number {
  if (typeof t !== 'number' || !Number.isInteger(t) || t < minimum) {
    throw invalidInput([name], `${name} must be a whole number of periods, ${minimum} or more`);
  }
  return t;
}

/**
 * Checks a cohort's survivor counts: at least two counts (the cohort and one period), whole non-negative numbers,
 * a positive cohort size, never increasing. Refused with a `KehuValidationError` at the index of the bad count.
 */
export function checkSurvivors(survivors: readonly number[]): void {
  if (!Array.isArray(survivors)) {
    throw invalidInput(
      [],
      'survivors must be an array of counts: the cohort size, then the customers left after each period',
    );
  }
  if (survivors.length < 2) {
    throw invalidInput([], 'survivors needs the cohort size and at least one period: two counts or more');
  }
  for (let i = 0; i < survivors.length; i++) {
    const s = survivors[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
      throw invalidInput([i], `survivors[${i}] must be a whole number of customers, 0 or more`);
    }
    if (i === 0 && s === 0) throw invalidInput([0], 'survivors[0] is the cohort size and must be positive');
    if (i > 0 && s > (survivors[i - 1] as number)) {
      throw invalidInput([i], `survivors[${i}] = ${s} is more than survivors[${i - 1}] = ${survivors[i - 1]}`);
    }
  }
}

/**
 * The sBG log-likelihood of a cohort (Fader & Hardie 2007, eq. 6): Σ_t (n_{t−1} − n_t) ln P(T = t) +
 * n_last ln S(last), with `survivors[0]` the cohort size and `survivors[t]` the customers still active after
 * period t. P(T = t) and S(t) come from the paper's recursions (eqs. 7-8), so no special function is needed.
 * Unchecked: the fit calls it with validated data.
 */
export function sbgLogLikelihoodUnchecked(alpha: number, beta: number, survivors: readonly number[]): number {
  let logP = Math.log(alpha) - Math.log(alpha + beta);
  // S(1) = 1 − P(T = 1) = β / (α + β).
  let logS = Math.log(beta) - Math.log(alpha + beta);
  let ll = 0;
  const last = survivors.length - 1;
  for (let t = 1; t <= last; t++) {
    if (t > 1) {
      logP += Math.log(beta + t - 2) - Math.log(alpha + beta + t - 1);
      logS += Math.log(beta + t - 1) - Math.log(alpha + beta + t - 1);
    }
    const lost = (survivors[t - 1] as number) - (survivors[t] as number);
    if (lost > 0) ll += lost * logP;
  }
  const remaining = survivors[last] as number;
  if (remaining > 0) ll += remaining * logS;
  return ll;
}

/**
 * The total sBG log-likelihood of a cohort's survivor counts at the given parameters (Fader & Hardie 2007,
 * eq. 6). `survivors[0]` is the cohort size and `survivors[t]` the customers still active after period t.
 */
export function sbgLogLikelihood(params: SbgParams, survivors: readonly number[]): number {
  checkSbgParams(params);
  checkSurvivors(survivors);
  return sbgLogLikelihoodUnchecked(params.alpha, params.beta, survivors);
}

/** An sBG fit: the parameters at the top level with the fit's diagnostics. */
export type SbgFit = FitBase & {
  /** The model. */
  readonly model: 'sbg';
  /** Fitted α. */
  readonly alpha: number;
  /** Fitted β. */
  readonly beta: number;
};

/**
 * Fits the sBG model to one cohort by maximum likelihood (Fader & Hardie 2007, eq. 6): `survivors[0]` is the
 * cohort size and `survivors[t]` the customers still active after period t (whole numbers, never increasing).
 * `customers` is the cohort size and `rows` the periods observed. Project with {@link sbgSurvival}.
 */
export function fitSbg(survivors: readonly number[], options: FitOptions = {}): SbgFit {
  checkSurvivors(survivors);
  const counts = survivors.slice();
  const fit = maximumLikelihood(
    {
      names: ['alpha', 'beta'],
      customers: counts[0] as number,
      rows: counts.length - 1,
      logLikelihood: (theta) => sbgLogLikelihoodUnchecked(theta[0] as number, theta[1] as number, counts),
      analyticGradient: false,
      defaultStarts: [
        [1, 1],
        [0.5, 2],
        [2, 0.5],
        [0.1, 0.1],
      ],
    },
    options,
  );
  const { params, ...base } = fit;
  return { model: 'sbg', ...params, ...base };
}

/** ln B(α, β + t) − ln B(α, β): the product Π_{i<t} (β + i) / (α + β + i) for small t, log-beta beyond. */
function logSurvival(alpha: number, beta: number, t: number): number {
  if (t > 64) return logBeta(alpha, beta + t) - logBeta(alpha, beta);
  let s = 0;
  for (let i = 0; i < t; i++) s += Math.log(beta + i) - Math.log(alpha + beta + i);
  return s;
}

/**
 * The survival function S(t) = B(α, β + t) / B(α, β): the share of a cohort still a customer after t periods
 * (Fader & Hardie 2007, eq. 8). S(0) = 1; t is a whole number of periods.
 */
export function sbgSurvival(params: SbgParams, t: number): number {
  checkSbgParams(params);
  checkPeriod(t, 't', 0);
  return Math.exp(logSurvival(params.alpha, params.beta, t));
}

/**
 * The retention rate of period t, r_t = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): the share of the customers
 * active at the start of period t who renew at its end (Fader & Hardie 2007, eq. 9). It rises with t. t ≥ 1.
 */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  checkSbgParams(params);
  checkPeriod(t, 't', 1);
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/**
 * The probability that a new customer churns in period t, P(T = t) = B(α + 1, β + t − 1) / B(α, β) (Fader &
 * Hardie 2007, eq. 7): unconditional, so the values over t = 1, 2, … sum to 1. The churn rate of a customer
 * still active at the start of period t is `1 − sbgRetentionRate(params, t)`. t ≥ 1.
 */
export function sbgChurnProbability(params: SbgParams, t: number): number {
  checkSbgParams(params);
  checkPeriod(t, 't', 1);
  const { alpha, beta } = params;
  return Math.exp(Math.log(alpha) - Math.log(alpha + beta + t - 1) + logSurvival(alpha, beta, t - 1));
}

/** Options of {@link sbgResidualLifetime}. */
export interface SbgResidualLifetimeOptions {
  /** The discount rate per period (0.1 is 10% a period), 0 or more; 0 gives the expected residual lifetime. */
  readonly discountRate: number;
  /** Renewals the customer has made so far (0 for a customer in the first period); default 0. */
  readonly renewals?: number;
}

/**
 * Expected discounted residual lifetime (DERL) of a customer who has made `renewals` = n − 1 renewals and is
 * about to decide on the next one, in periods, with each period paid at its start (Fader & Hardie 2010,
 * "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity", Marketing Science
 * 29(1), eq. 6): DERL = Σ_{k≥1} S(n − 1 + k) / S(n − 1) / (1 + d)^{k−1}
 * = (β + n − 1) / (α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1 / (1 + d)).
 * Multiply by the margin per period (as a Decimal, outside the model) for the expected residual value. With
 * d = 0 the sum is (β + n − 1) / (α − 1), infinite when α ≤ 1 (such a request is refused).
 */
export function sbgResidualLifetime(params: SbgParams, options: SbgResidualLifetimeOptions): number {
  checkSbgParams(params);
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options must be { discountRate }');
  const d = options.discountRate;
  if (typeof d !== 'number' || !Number.isFinite(d) || d < 0) {
    throw invalidInput(['discountRate'], 'discountRate must be a finite number, 0 or more');
  }
  const renewals = options.renewals === undefined ? 0 : checkPeriod(options.renewals, 'renewals', 0);
  const { alpha, beta } = params;
  const b = beta + renewals;
  if (d === 0) {
    if (alpha <= 1) {
      throw invalidInput(
        ['discountRate'],
        'with alpha ≤ 1 the expected lifetime is infinite: give a positive discountRate',
      );
    }
    return b / (alpha - 1);
  }
  // Term k ≥ 1: Π_{i<k} (b + i) / (α + b + i) · z^{k−1}, z = 1 / (1 + d); the terms fall at least as fast as z^k.
  const z = 1 / (1 + d);
  let term = 1 / z;
  let sum = 0;
  for (let k = 0; k < 100_000_000; k++) {
    term *= ((b + k) / (alpha + b + k)) * z;
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}
