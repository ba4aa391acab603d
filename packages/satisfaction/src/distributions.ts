/**
 * The normal and Student t distributions the satisfaction intervals and tests need: `normalCdf`,
 * `normalQuantile`, `tCdf`, `tQuantile`, accurate to about 1e-14 relative (the t functions to about 1e-10
 * when df passes 100000, where the continued fraction of the incomplete beta function is ill-conditioned).
 *
 * Hand-written on purpose: the well-kept library for these, `@stdlib/stats-base-dists-*`, pulls about
 * 230 packages and 27 MB into a package that must run anywhere, for four functions. The algorithms are
 * published ones, each cited where it is used; the tests check them against reference values (R's
 * `pnorm`, `qnorm`, `pt`, `qt`) to 1e-9 relative.
 */
import { invalidInput, normalQuantile } from '@kehu/core';

const SQRT_2PI_INV = 0.3989422804014327; // 1 / sqrt(2 pi)
const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))
const SQRT_32 = 5.656854249492381;

// Cody's rational Chebyshev approximations for the normal integral (W. J. Cody, "Rational Chebyshev
// approximations for the error function", Math. Comp. 23 (1969) 631-637; the ANORM routine of SPECFUN,
// ACM TOMS Algorithm 715, 1993). Coefficients in the order the algorithm uses them, here and below each
// written as the shortest decimal of the double nearest the published 20-digit value.
const CODY_A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const CODY_A4 = 0.06568233791820745;
const CODY_B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const CODY_C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283,
  11602.65143764735, 9842.714838383978,
];
const CODY_C8 = 1.0765576773720192e-8;
const CODY_D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598,
  38912.00328609327, 19685.429676859992,
];
const CODY_P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 0.000029112874951168793,
];
const CODY_P5 = 0.023073441764940174;
const CODY_Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];

/** exp(-y^2 / 2) computed without losing digits to the rounding of y^2 (Cody's splitting at 1/16). */
function gaussianKernel(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const tail = (y - head) * (y + head);
  return Math.exp(-head * head * 0.5) * Math.exp(-tail * 0.5);
}

/** P(Z > |x|) for a standard normal Z, with full relative precision in the far tail. */
function normalUpperTailOfAbs(y: number): number {
  if (y <= SQRT_32) {
    let num = CODY_C8 * y;
    let den = y;
    for (let i = 0; i < 7; i += 1) {
      num = (num + (CODY_C[i] as number)) * y;
      den = (den + (CODY_D[i] as number)) * y;
    }
    return (gaussianKernel(y) * (num + (CODY_C[7] as number))) / (den + (CODY_D[7] as number));
  }
  if (y >= 38.5) return 0;
  const inv = 1 / (y * y);
  let num = CODY_P5 * inv;
  let den = inv;
  for (let i = 0; i < 4; i += 1) {
    num = (num + (CODY_P[i] as number)) * inv;
    den = (den + (CODY_Q[i] as number)) * inv;
  }
  const ratio = (inv * (num + (CODY_P[4] as number))) / (den + (CODY_Q[4] as number));
  return (gaussianKernel(y) * (SQRT_2PI_INV - ratio)) / y;
}

function requireFinite(value: number, name: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw invalidInput([name], `${name} must be a number, got ${String(value)}`, 'invalid_type');
  }
}

function requireProbability(p: number): void {
  if (typeof p !== 'number' || Number.isNaN(p) || p < 0 || p > 1) {
    throw invalidInput(['p'], `p must be a probability in [0, 1], got ${String(p)}`);
  }
}

function requireDegreesOfFreedom(df: number): void {
  if (typeof df !== 'number' || Number.isNaN(df) || df <= 0) {
    throw invalidInput(['df'], `degrees of freedom must be a positive number, got ${String(df)}`);
  }
}

/**
 * The standard normal distribution function P(Z <= x) (R's `pnorm(x)`), by Cody's rational Chebyshev
 * approximations (Cody 1969; SPECFUN ANORM, ACM TOMS 715), accurate to about 1e-15 relative, tails included.
 *
 * @param x - the point; ±Infinity gives 0 or 1
 * @throws KehuValidationError at `['x']` when `x` is NaN or not a number
 */
export function normalCdf(x: number): number {
  requireFinite(x, 'x');
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const square = y > 1.1e-16 ? x * x : 0;
    let num = CODY_A4 * square;
    let den = square;
    for (let i = 0; i < 3; i += 1) {
      num = (num + (CODY_A[i] as number)) * square;
      den = (den + (CODY_B[i] as number)) * square;
    }
    return 0.5 + (x * (num + (CODY_A[3] as number))) / (den + (CODY_B[3] as number));
  }
  const upper = normalUpperTailOfAbs(y);
  return x > 0 ? 1 - upper : upper;
}

// The standard normal quantile (Wichura's AS 241) lives in `@kehu/core`, shared with the churn module.
export { normalQuantile };

/**
 * The Stirling-series remainder lgamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)) for x >= 10, from the
 * asymptotic series sum B_2k / (2k (2k - 1) x^(2k - 1)) (Abramowitz and Stegun 6.1.40); eight terms
 * reach double precision at x = 10.
 */
function stirlingRemainder(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 +
              inv2 *
                (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156 + inv2 * (-3617 / 122400))))))))
  );
}

/** log Gamma(x) for x > 0: Stirling's series from 10 up, the recurrence Gamma(x + 1) = x Gamma(x) below. */
function logGamma(x: number): number {
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x);
  let shift = 1;
  let y = x;
  while (y < 10) {
    shift *= y;
    y += 1;
  }
  return logGamma(y) - Math.log(shift);
}

/**
 * log B(a, b) without the cancellation of lgamma(a) + lgamma(b) - lgamma(a + b) when an argument is large:
 * the Stirling main terms are combined analytically and only their remainders are subtracted.
 */
function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  const total = small + large;
  if (small >= 10) {
    const remainder = stirlingRemainder(small) + stirlingRemainder(large) - stirlingRemainder(total);
    return (
      -0.5 * Math.log(large) +
      LN_SQRT_2PI +
      remainder +
      (small - 0.5) * Math.log(small / total) +
      large * Math.log1p(-small / total)
    );
  }
  if (large >= 10) {
    const remainder = stirlingRemainder(large) - stirlingRemainder(total);
    return logGamma(small) + remainder + small - small * Math.log(total) + (large - 0.5) * Math.log1p(-small / total);
  }
  return logGamma(small) + logGamma(large) - logGamma(total);
}

/**
 * The continued fraction of the incomplete beta function (Abramowitz and Stegun 26.5.8), evaluated by
 * the modified Lentz method (Press et al., Numerical Recipes, 3rd ed., section 6.4).
 */
function betaContinuedFraction(x: number, y: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  // 1 - (a + b) x / (a + 1), written with y = 1 - x when x is near 1 so that it does not cancel.
  let d = x > 0.5 ? (1 - b + (a + b) * y) / (a + 1) : 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= 100_000; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    result *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return result;
}

/**
 * The regularized incomplete beta function I_x(a, b), given x and y = 1 - x separately so that neither
 * loses digits to the subtraction.
 */
function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(y, x, b, a);
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const logFront = a * logX + b * logY - Math.log(a) - logBeta(a, b);
  return Math.exp(logFront) * betaContinuedFraction(x, y, a, b);
}

/** P(T > |t|) for Student's t with `df` degrees of freedom, with full relative precision in the tail. */
function tUpperTailOfAbs(t: number, df: number): number {
  const square = t * t;
  // P(T > |t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2) (Abramowitz and Stegun 26.7.1).
  if (square < df) {
    const y = square / (df + square);
    return 0.5 * regularizedBeta(1 - y, y, df / 2, 0.5);
  }
  const x = df / (df + square);
  return 0.5 * regularizedBeta(x, 1 - x, df / 2, 0.5);
}

/**
 * Student's t distribution function P(T <= x) with `df` degrees of freedom (R's `pt(x, df)`), through the
 * regularized incomplete beta function (Abramowitz and Stegun 26.7.1, 26.5.8) evaluated by Lentz's
 * continued fraction, accurate to about 1e-14 relative, tails included (about 1e-10 for df above 100000).
 * `df` need not be an integer (Welch-Satterthwaite); `df = Infinity` is the normal distribution.
 *
 * @param x - the point; ±Infinity gives 0 or 1
 * @param df - degrees of freedom, > 0
 * @throws KehuValidationError at `['x']` or `['df']` for a NaN or a non-positive `df`
 */
export function tCdf(x: number, df: number): number {
  requireFinite(x, 'x');
  requireDegreesOfFreedom(df);
  if (df === Number.POSITIVE_INFINITY) return normalCdf(x);
  if (x === 0) return 0.5;
  if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
  const upper = tUpperTailOfAbs(x, df);
  return x > 0 ? 1 - upper : upper;
}

/** The density of Student's t at t with `df` degrees of freedom. */
function tDensity(t: number, df: number): number {
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
}

/**
 * Student's t quantile: the x with P(T <= x) = p for `df` degrees of freedom (R's `qt(p, df)`). Closed
 * forms for df = 1 and 2; otherwise Newton's method on the log of the upper tail, kept inside a bracket
 * by bisection, started from the Cornish-Fisher expansion around the normal quantile (Abramowitz and
 * Stegun 26.7.5); accurate to about 1e-14 relative.
 *
 * @param p - a probability in [0, 1]; 0 gives -Infinity and 1 gives Infinity
 * @param df - degrees of freedom, > 0 (need not be an integer; Infinity is the normal quantile)
 * @throws KehuValidationError at `['p']` or `['df']` when they are out of range
 */
export function tQuantile(p: number, df: number): number {
  requireProbability(p);
  requireDegreesOfFreedom(df);
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  const sign = p < 0.5 ? -1 : 1;
  if (df === 1) return sign * (1 / Math.tan(Math.PI * tail));
  if (df === 2) return sign * Math.sqrt(2 / (4 * tail * (1 - tail)) - 2);
  return sign * upperTailQuantile(tail, df);
}

/** The t > 0 with P(T > t) = tail (0 < tail < 1/2). */
function upperTailQuantile(tail: number, df: number): number {
  const z = -normalQuantile(tail);
  const z3 = z * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
  if (!(t > 0) || !Number.isFinite(t)) t = z;
  let lower = 0;
  let upper = Number.POSITIVE_INFINITY;
  const logTarget = Math.log(tail);
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const current = tUpperTailOfAbs(t, df);
    const gap = Math.log(current) - logTarget;
    if (gap > 0) lower = t;
    else upper = t;
    // d/dt log P(T > t) = -density / tail
    let next = t + (gap * current) / tDensity(t, df);
    if (!(next > lower && next < upper)) next = Number.isFinite(upper) ? (lower + upper) / 2 : 2 * t;
    if (Math.abs(next - t) <= 1e-15 * t) return next;
    t = next;
  }
  return t;
}
