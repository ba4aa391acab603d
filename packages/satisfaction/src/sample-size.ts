/**
 * Planning a survey (rule SA-1): how many responses per group are needed to detect a given difference
 * between two groups or periods with a two-sided test at significance level `alpha` and the given power,
 * and the reverse, the smallest difference a given number of responses per group can detect. Shares and
 * NPS are in percent (NPS points), means in scale points. Defaults: alpha 0.05, power 0.8.
 */
import { invalidInput } from '@kehu/core';
import { normalQuantile, tQuantile } from './distributions.js';

/** Options of every planning function. */
export interface PlanOptions {
  /** Two-sided significance level of the planned test. Default 0.05. */
  alpha?: number;
  /** Probability of detecting the difference when it is real. Default 0.8. */
  power?: number;
}

/** A planned sample size. */
export interface SampleSizePlan {
  /** Responses needed in each of the two groups: `exact` rounded up. */
  nPerGroup: number;
  /** The formula's value before rounding up. */
  exact: number;
  /** The significance level used. */
  alpha: number;
  /** The power used. */
  power: number;
  /** The formula used. */
  method: string;
  /** Rule ids the plan serves. */
  rules: string[];
}

/** The smallest difference a sample can detect. */
export interface DetectableDifference {
  /** The minimum detectable difference (percentage points, NPS points or scale points); NaN if none is. */
  difference: number;
  /** Responses per group the difference is for. */
  nPerGroup: number;
  /** The significance level used. */
  alpha: number;
  /** The power used. */
  power: number;
  /** The formula used. */
  method: string;
  /** Rule ids the figure serves. */
  rules: string[];
}

type Path = ReadonlyArray<string | number>;

function probability(value: unknown, fallback: number, path: Path): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw invalidInput(path, `expected a number strictly between 0 and 1, got ${String(value)}`);
  }
  return value;
}

function planOptions(options: PlanOptions): { alpha: number; power: number } {
  if (typeof options !== 'object' || options === null) {
    throw invalidInput([], 'options must be an object', 'invalid_type');
  }
  return { alpha: probability(options.alpha, 0.05, ['alpha']), power: probability(options.power, 0.8, ['power']) };
}

function finite(value: unknown, path: Path, min: number, max: number, open = false): number {
  const ok = typeof value === 'number' && (open ? value > min && value < max : value >= min && value <= max);
  if (!ok) {
    const range = open ? `strictly between ${min} and ${max}` : `from ${min} to ${max}`;
    throw invalidInput(path, `expected a number ${range}, got ${String(value)}`);
  }
  return value as number;
}

function nonZero(value: unknown, path: Path, bound: number): number {
  const v = finite(value, path, -bound, bound);
  if (v === 0) throw invalidInput(path, 'the difference to detect must not be 0');
  return v;
}

function groupSize(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 2) {
    throw invalidInput(path, `n per group must be an integer of at least 2, got ${String(value)}`);
  }
  return value;
}

function plan(exact: number, alpha: number, power: number, method: string): SampleSizePlan {
  // Guard against a float landing a hair above an integer (387.00000000000006 must not become 388).
  const nPerGroup = Math.max(2, Math.ceil(exact - 1e-9));
  return { nPerGroup, exact, alpha, power, method, rules: ['SA-1'] };
}

/** Exact n per group for shares p1 and p2 (proportions), two-sided. */
function proportionN(p1: number, p2: number, alpha: number, power: number): number {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const mean = (p1 + p2) / 2;
  const root = za * Math.sqrt(2 * mean * (1 - mean)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root / (p2 - p1)) ** 2;
}

const PROPORTION_METHOD = 'two-proportion z, normal approximation (Fleiss; R power.prop.test)';

/**
 * Responses per group to detect a change of a share (e.g. CSAT top-2-box) from `baseline` to
 * `baseline + difference` with the two-sided two-proportion z-test:
 * n = (z_{1−α/2} √(2 p̄ q̄) + z_{1−β} √(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2, q = 1 − p
 * (Fleiss, Levin and Paik, Statistical Methods for Rates and Proportions, 3rd ed., 2003, ch. 4, without
 * continuity correction; the formula of R's `power.prop.test`). E.g. 50% → 60% at α 0.05 and power 0.8:
 * 387.34, so 388 per group.
 *
 * @param input - `baseline` share in percent (0-100, exclusive) and the signed `difference` in percentage
 *   points (the target `baseline + difference` must stay within 0-100)
 * @param options - `alpha` (default 0.05), `power` (default 0.8)
 * @throws KehuValidationError at `['baseline']`, `['difference']`, `['alpha']` or `['power']`
 */
export function proportionSampleSize(
  input: { baseline: number; difference: number },
  options: PlanOptions = {},
): SampleSizePlan {
  const { alpha, power } = planOptions(options);
  const baseline = finite(input?.baseline, ['baseline'], 0, 100, true);
  const difference = nonZero(input.difference, ['difference'], 100);
  const target = baseline + difference;
  if (target < 0 || target > 100) {
    throw invalidInput(['difference'], `baseline + difference must be within 0-100, got ${target}`);
  }
  return plan(proportionN(baseline / 100, target / 100, alpha, power), alpha, power, PROPORTION_METHOD);
}

/**
 * The smallest change of a share from `baseline` that `nPerGroup` responses per group detect with the
 * two-sided two-proportion z-test at the given alpha and power: the difference d at which
 * {@link proportionSampleSize}'s exact n equals `nPerGroup`, found by bisection (to 1e-9 percentage points)
 * in the given direction. NaN when even a change to 0% or 100% needs more responses.
 *
 * @param input - `baseline` in percent (0-100, exclusive), `nPerGroup` (an integer >= 2)
 * @param options - `alpha`, `power`, and `direction` of the change (`up`, the default, or `down`)
 * @throws KehuValidationError for an input out of range
 */
export function proportionDetectableDifference(
  input: { baseline: number; nPerGroup: number },
  options: PlanOptions & { direction?: 'up' | 'down' } = {},
): DetectableDifference {
  const { alpha, power } = planOptions(options);
  const baseline = finite(input?.baseline, ['baseline'], 0, 100, true) / 100;
  const n = groupSize(input.nPerGroup, ['nPerGroup']);
  const direction = options.direction ?? 'up';
  if (direction !== 'up' && direction !== 'down') {
    throw invalidInput(['direction'], `direction must be 'up' or 'down', got ${String(direction)}`);
  }
  const sign = direction === 'up' ? 1 : -1;
  const room = direction === 'up' ? 1 - baseline : baseline;
  const needed = (d: number) => proportionN(baseline, baseline + sign * d, alpha, power);
  const result = { nPerGroup: n, alpha, power, method: PROPORTION_METHOD, rules: ['SA-1'] };
  if (needed(room) > n) return { ...result, difference: Number.NaN };
  let low = 0;
  let high = room;
  for (let i = 0; i < 200 && high - low > 1e-11; i += 1) {
    const mid = (low + high) / 2;
    if (needed(mid) > n) low = mid;
    else high = mid;
  }
  return { ...result, difference: sign * high * 100 };
}

const MEAN_METHOD = 'two-sample t, normal formula iterated with t quantiles at 2n − 2 df';

/** Exact n per group for a mean difference `delta` with standard deviation `sd` (t-iterated). */
function meanN(delta: number, sd: number, alpha: number, power: number): number {
  const ratio = (sd / delta) ** 2;
  let n = 2 * ratio * (normalQuantile(1 - alpha / 2) + normalQuantile(power)) ** 2;
  for (let i = 0; i < 100; i += 1) {
    const df = Math.max(2 * n - 2, 1);
    const next = 2 * ratio * (tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) ** 2;
    if (Math.abs(next - n) < 1e-10) return next;
    n = next;
  }
  return n;
}

/**
 * Responses per group to detect a difference of means `difference` (scale points) when scores have
 * standard deviation `sd`, with a two-sided two-sample t-test: the normal formula
 * n = 2σ²(z_{1−α/2} + z_{1−β})²/Δ² (Chow, Shao and Wang, Sample Size Calculations in Clinical Research,
 * 2nd ed., 2008, §3.2) solved again with Student t quantiles at 2n − 2 degrees of freedom until it settles.
 * This lands within 0.03 of R's `power.t.test` (noncentral t): Δ = σ, power 0.8 gives 16.72 (R: 16.71),
 * so 17 per group; power 0.9 gives 22.04 (R: 22.02), so 23.
 *
 * @param input - `sd` (> 0) and the `difference` to detect (non-zero; its sign does not matter)
 * @param options - `alpha` (default 0.05), `power` (default 0.8)
 * @throws KehuValidationError for a non-positive sd or a zero difference
 */
export function meanSampleSize(input: { sd: number; difference: number }, options: PlanOptions = {}): SampleSizePlan {
  const { alpha, power } = planOptions(options);
  const sd = finite(input?.sd, ['sd'], 0, Number.MAX_VALUE, true);
  const difference = nonZero(input.difference, ['difference'], Number.MAX_VALUE);
  return plan(meanN(Math.abs(difference), sd, alpha, power), alpha, power, MEAN_METHOD);
}

/**
 * The smallest difference of means `nPerGroup` responses per group detect with a two-sided two-sample
 * t-test: (t_{1−α/2, 2n−2} + t_{power, 2n−2}) σ √(2/n) (the inverse of {@link meanSampleSize}; within 0.1% of
 * R's `power.t.test(n, sd, power)`: n = 20, σ = 1 gives 0.9093, R 0.9091).
 *
 * @param input - `sd` (> 0) and `nPerGroup` (an integer >= 2)
 * @param options - `alpha` (default 0.05), `power` (default 0.8)
 */
export function meanDetectableDifference(
  input: { sd: number; nPerGroup: number },
  options: PlanOptions = {},
): DetectableDifference {
  const { alpha, power } = planOptions(options);
  const sd = finite(input?.sd, ['sd'], 0, Number.MAX_VALUE, true);
  const n = groupSize(input.nPerGroup, ['nPerGroup']);
  const df = 2 * n - 2;
  const difference = (tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) * sd * Math.sqrt(2 / n);
  return { difference, nPerGroup: n, alpha, power, method: MEAN_METHOD, rules: ['SA-1'] };
}

const NPS_METHOD = 'two-sample z on the NPS variance p + d − (p − d)²';

/** The per-respondent variance of the NPS (as a proportion) for promoter share p and detractor share d. */
function npsVariance(promoters: number, detractors: number): number {
  const p = promoters / 100;
  const d = detractors / 100;
  return p + d - (p - d) ** 2;
}

function npsShares(input: { promoters: number; detractors: number }): { promoters: number; detractors: number } {
  const promoters = finite(input?.promoters, ['promoters'], 0, 100);
  const detractors = finite(input.detractors, ['detractors'], 0, 100);
  if (promoters + detractors > 100) {
    throw invalidInput(['detractors'], `promoters + detractors must not exceed 100%, got ${promoters + detractors}`);
  }
  if (npsVariance(promoters, detractors) === 0) {
    throw invalidInput(['promoters'], 'shares with no variance (all promoters, all detractors or all passives)');
  }
  return { promoters, detractors };
}

/**
 * Responses per group to detect an NPS change of `difference` points with a two-sided two-sample z-test
 * on NPS as the mean of +1/0/−1 scores, whose per-respondent variance is σ² = p + d − (p − d)² (p, d the
 * promoter and detractor shares; Rocks, "Interval estimation for the net promoter score", The American
 * Statistician 70 (2016) 365-372; the variance behind MeasuringU's adjusted-Wald interval):
 * n = (z_{1−α/2} + z_{1−β})² · 2σ² / Δ², with Δ in proportion units. Both groups are given the baseline's
 * variance (the target group's mix is unknown at planning time).
 * E.g. 45% promoters, 20% detractors, Δ = 10 points: 922.24, so 923 per group.
 *
 * @param input - baseline `promoters` and `detractors` in percent, and the NPS `difference` in points
 * @param options - `alpha` (default 0.05), `power` (default 0.8)
 */
export function npsSampleSize(
  input: { promoters: number; detractors: number; difference: number },
  options: PlanOptions = {},
): SampleSizePlan {
  const { alpha, power } = planOptions(options);
  const { promoters, detractors } = npsShares(input);
  const difference = nonZero(input.difference, ['difference'], 200) / 100;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const exact = (z * z * 2 * npsVariance(promoters, detractors)) / (difference * difference);
  return plan(exact, alpha, power, NPS_METHOD);
}

/**
 * The smallest NPS change, in points, that `nPerGroup` responses per group detect:
 * 100 (z_{1−α/2} + z_{1−β}) √(2σ²/n), σ² = p + d − (p − d)² (the inverse of {@link npsSampleSize}).
 *
 * @param input - baseline `promoters` and `detractors` in percent, and `nPerGroup` (an integer >= 2)
 * @param options - `alpha` (default 0.05), `power` (default 0.8)
 */
export function npsDetectableDifference(
  input: { promoters: number; detractors: number; nPerGroup: number },
  options: PlanOptions = {},
): DetectableDifference {
  const { alpha, power } = planOptions(options);
  const { promoters, detractors } = npsShares(input);
  const n = groupSize(input.nPerGroup, ['nPerGroup']);
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const difference = 100 * z * Math.sqrt((2 * npsVariance(promoters, detractors)) / n);
  return { difference, nPerGroup: n, alpha, power, method: NPS_METHOD, rules: ['SA-1'] };
}
