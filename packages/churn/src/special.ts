/**
 * Special functions for the customer-base models: log-gamma, digamma, log-beta, log-sum-exp and the
 * Gauss hypergeometric function 2F1.
 *
 * Hand-written on purpose. The domain layer may depend only on `@kehu/core` and `@kehu/calendar`; the
 * nearest packages (`@stdlib/math-base-special-gammaln`, `-digamma`) are accurate but each pulls dozens of
 * `@stdlib` micro-packages, and `@stdlib` has no real-argument 2F1 with the transformations needed here.
 * Accuracy is checked against `scipy.special` (gammaln, psi, hyp2f1) in `special.test.ts`.
 */
import { invalidInput } from '@kehu/core';

const EPSILON = 2.220446049250313e-16;
const HALF_LOG_TWO_PI = 0.9189385332046728;
const LOG_PI = 1.1447298858494002;
/** Rescaling step of the log-scaled series: partial sums are kept below 1e200. */
const SCALE = 1e200;
const LOG_SCALE = 200 * Math.LN10;

/** Stirling series for log Γ(x), x ≥ 10 (Abramowitz & Stegun 6.1.41): absolute error below 1e-16. */
function stirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
}

/**
 * The natural logarithm of |Γ(x)|, the convention of `scipy.special.gammaln`.
 *
 * For x ≥ 10 the Stirling series (Abramowitz & Stegun 6.1.41); below, the recurrence Γ(x) = Γ(x+n)/(x…(x+n−1));
 * for negative x the reflection formula Γ(x)Γ(1−x) = π / sin(πx). Poles (0, −1, −2, …) give `+Infinity`.
 * Absolute error about 1e-15 for positive x; relative error about 1e-15 away from the roots at 1 and 2.
 */
export function logGamma(x: number): number {
  if (x >= 10) return stirling(x);
  if (x > 0) {
    let product = x;
    let y = x + 1;
    while (y < 10) {
      product *= y;
      y += 1;
    }
    return stirling(y) - Math.log(product);
  }
  if (Number.isNaN(x)) return x;
  if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  // Reflection: |Γ(x)| = π / (|sin(πx)| Γ(1 − x)).
  return LOG_PI - Math.log(Math.abs(sinPi(x))) - logGamma(1 - x);
}

/** sin(πx) with the argument reduced first, so integers give exactly 0. */
function sinPi(x: number): number {
  const r = x - 2 * Math.floor(x / 2);
  if (r === 0 || r === 1) return 0;
  return Math.sin(Math.PI * r);
}

/** The sign of Γ(x): +1 for x > 0, (−1)^⌈−x⌉ between the poles, 0 at the poles (where 1/Γ = 0). */
export function gammaSign(x: number): -1 | 0 | 1 {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return sinPi(x) > 0 ? 1 : -1;
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x): recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the
 * asymptotic series (Abramowitz & Stegun 6.3.18); reflection ψ(1−x) − π cot(πx) for negative x.
 * Poles give `NaN`-free `±Infinity`: `-Infinity` at 0 from above is returned as `-Infinity`.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NEGATIVE_INFINITY;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * (x - Math.floor(x)));
  }
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift -= 1 / y;
    y += 1;
  }
  const inv2 = 1 / (y * y);
  const series =
    inv2 *
    (1 / 12 -
      inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return shift + Math.log(y) - 0.5 / y - series;
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** log(eᵃ + eᵇ) without overflow; `-Infinity` when both are `-Infinity`. */
export function logSumExp(a: number, b: number): number {
  const max = Math.max(a, b);
  if (max === Number.NEGATIVE_INFINITY) return max;
  if (max === Number.POSITIVE_INFINITY) return max;
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log Σ exp(values[i]) without overflow; `-Infinity` for an empty list. */
export function logSumExpArray(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}

/** log(eᵃ − eᵇ) for a ≥ b; `-Infinity` when a = b. */
export function logDiffExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (b >= a) return Number.NEGATIVE_INFINITY;
  const d = b - a;
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** A real number as sign · exp(log): overflow-free for the huge values 2F1 takes with large parameters. */
export interface SignedLog {
  /** log |value| (`-Infinity` for 0). */
  readonly log: number;
  /** −1, 0 or +1. */
  readonly sign: -1 | 0 | 1;
}

interface Evaluation {
  log: number;
  sign: -1 | 0 | 1;
  /** Estimated relative error in units of machine epsilon (cancellation and truncation). */
  loss: number;
}

const ZERO_EVALUATION: Evaluation = { log: Number.NEGATIVE_INFINITY, sign: 0, loss: 1 };

/**
 * The power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, log-scaled so terms may exceed the float range, with an
 * estimate of the digits lost to cancellation and of convergence.
 */
function series(a: number, b: number, c: number, z: number, maxTerms: number): Evaluation {
  // sum = head + rest, head the first term: log1p(rest) keeps the digits of a sum close to 1.
  let head = 1;
  let rest = 0;
  let sum = 1;
  let term = 1;
  let scale = 0;
  let largest = 1;
  let converged = false;
  const past = Math.max(0, -a, -b, -c);
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    rest += term;
    sum = head + rest;
    const size = term < 0 ? -term : term;
    if (size === 0) {
      converged = true;
      break;
    }
    if (size > largest) {
      largest = size;
      if (largest > SCALE) {
        head /= SCALE;
        rest /= SCALE;
        sum = head + rest;
        term /= SCALE;
        largest /= SCALE;
        scale += LOG_SCALE;
      }
    }
    // Cheap test first; then the tail bound |term| · ρ/(1 − ρ) with ρ bounding the later term ratios.
    if (size <= EPSILON * (sum < 0 ? -sum : sum) && n >= past) {
      const bound = Math.max(Math.abs(ratio), Math.abs(z));
      if (bound < 1 && (size * bound) / (1 - bound) <= 0.25 * EPSILON * Math.abs(sum)) {
        converged = true;
        break;
      }
    }
  }
  if (sum === 0) return { ...ZERO_EVALUATION, loss: converged ? largest / EPSILON : Number.POSITIVE_INFINITY };
  const loss = Math.max(1, largest / Math.abs(sum)) * (converged ? 1 : 1e12);
  const log = scale === 0 && Math.abs(rest) < 0.5 ? Math.log1p(rest) : Math.log(Math.abs(sum)) + scale;
  return { log, sign: sum > 0 ? 1 : -1, loss };
}

/**
 * Γ(num…)/Γ(den…) as a signed log. Its loss counts the rounding of each log Γ (about ε·|log Γ| absolute),
 * which a later cancellation between two such terms amplifies.
 */
function gammaRatioLog(num: readonly number[], den: readonly number[]): Evaluation {
  let log = 0;
  let sign = 1;
  let loss = 1;
  for (const x of den) {
    const s = gammaSign(x);
    if (s === 0) return ZERO_EVALUATION;
    sign *= s;
    const g = logGamma(x);
    log -= g;
    loss += Math.abs(g);
  }
  for (const x of num) {
    sign *= gammaSign(x);
    const g = logGamma(x);
    log += g;
    loss += Math.abs(g);
  }
  return { log, sign: sign > 0 ? 1 : -1, loss };
}

function scaled(value: Evaluation, logFactor: number, sign = 1, factorLoss = 1): Evaluation {
  return { log: value.log + logFactor, sign: (value.sign * sign) as -1 | 0 | 1, loss: value.loss + factorLoss };
}

function add(x: Evaluation, y: Evaluation): Evaluation {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  const max = Math.max(x.log, y.log);
  const vx = x.sign * Math.exp(x.log - max);
  const vy = y.sign * Math.exp(y.log - max);
  const sum = vx + vy;
  const loss = (Math.abs(vx) * x.loss + Math.abs(vy) * y.loss + 1) / Math.abs(sum);
  if (sum === 0) return { ...ZERO_EVALUATION, loss: Number.POSITIVE_INFINITY };
  return { log: max + Math.log(Math.abs(sum)), sign: sum > 0 ? 1 : -1, loss };
}

/** The linear transformation z → 1 − z (DLMF 15.8.4), valid when c − a − b is not an integer. */
function oneMinusZ(a: number, b: number, c: number, z: number, maxTerms: number): Evaluation | null {
  const s = c - a - b;
  if (Math.abs(s - Math.round(s)) < 1e-3) return null;
  const w = 1 - z;
  const first = gammaRatioLog([c, s], [c - a, c - b]);
  const second = gammaRatioLog([c, -s], [a, b]);
  const t1 = first.sign === 0 ? ZERO_EVALUATION : series(a, b, 1 - s, w, maxTerms);
  const t2 = second.sign === 0 ? ZERO_EVALUATION : series(c - a, c - b, 1 + s, w, maxTerms);
  const left = t1.sign === 0 ? ZERO_EVALUATION : scaled(t1, first.log, first.sign, first.loss);
  const right = t2.sign === 0 ? ZERO_EVALUATION : scaled(t2, second.log + s * Math.log(w), second.sign, second.loss);
  return add(left, right);
}

const ACCEPTABLE_LOSS = 1e4;

function better(x: Evaluation, y: Evaluation): Evaluation {
  return y.loss < x.loss ? y : x;
}

/** 2F1 for 0 < z < 1. */
function positive(a: number, b: number, c: number, z: number): Evaluation {
  const euler = (terms: number) => scaled(series(c - a, c - b, c, z, terms), (c - a - b) * Math.log1p(-z));
  if (z <= 0.75) {
    const direct = series(a, b, c, z, 100_000);
    if (direct.loss <= ACCEPTABLE_LOSS) return direct;
    return better(direct, euler(100_000));
  }
  const transformed = oneMinusZ(a, b, c, z, 100_000);
  if (transformed && transformed.loss <= ACCEPTABLE_LOSS) return transformed;
  const direct = series(a, b, c, z, 5_000_000);
  const best = transformed ? better(direct, transformed) : direct;
  if (best.loss <= ACCEPTABLE_LOSS) return best;
  return better(best, euler(5_000_000));
}

function checkArguments(a: number, b: number, c: number, z: number): void {
  if (!Number.isFinite(a + b + c + z)) {
    const names = ['a', 'b', 'c', 'z'] as const;
    const bad = [a, b, c, z].findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
    const name = names[Math.max(bad, 0)] as string;
    throw invalidInput([name], `2F1 argument ${name} must be a finite number`);
  }
  if (z > 1) throw invalidInput(['z'], `2F1 is evaluated for real z ≤ 1 only (z = ${z})`);
  if (c <= 0 && Number.isInteger(c)) throw invalidInput(['c'], `2F1 is undefined for c = ${c}`);
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z ≤ 1, as sign and logarithm
 * so that values beyond the float range (large parameters) stay usable.
 *
 * Method: the power series (DLMF 15.2.1) for 0 ≤ z ≤ 0.75, log-scaled; Pfaff's transformation
 * (DLMF 15.8.1) maps z < 0 into [0, 1); for z > 0.75 the z → 1 − z transformation (DLMF 15.8.4) when
 * c − a − b is not close to an integer, otherwise the series run to convergence; Euler's transformation
 * (DLMF 15.8.1) when cancellation makes the plain series inaccurate. At z = 1 Gauss's sum (DLMF 15.4.20),
 * `+Infinity` when c − a − b ≤ 0. Checked against `scipy.special.hyp2f1` to 1e-10 relative in
 * `special.test.ts`. Non-finite arguments, z > 1 and c a non-positive integer are refused with a
 * `KehuValidationError`.
 */
export function signedLogHyp2f1(a: number, b: number, c: number, z: number): SignedLog {
  checkArguments(a, b, c, z);
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  let result: Evaluation;
  if (z === 1) {
    if (c - a - b <= 0) return { log: Number.POSITIVE_INFINITY, sign: 1 };
    result = gammaRatioLog([c, c - a - b], [c - a, c - b]);
  } else if (z > 0) {
    result = positive(a, b, c, z);
  } else {
    // Pfaff: 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)); try both symmetric forms.
    const w = z / (z - 1);
    const log1mz = Math.log1p(-z);
    const viaA = scaled(positive(a, c - b, c, w), -a * log1mz);
    result = viaA.loss <= ACCEPTABLE_LOSS ? viaA : better(viaA, scaled(positive(b, c - a, c, w), -b * log1mz));
  }
  return { log: result.sign === 0 ? Number.NEGATIVE_INFINITY : result.log, sign: result.sign };
}

/** log |₂F₁(a, b; c; z)|: see {@link signedLogHyp2f1} for the method; `-Infinity` when the value is 0. */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  return signedLogHyp2f1(a, b, c, z).log;
}

/** ₂F₁(a, b; c; z) as a number (may overflow to ±Infinity for large parameters: use {@link logHyp2f1}). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { log, sign } = signedLogHyp2f1(a, b, c, z);
  return sign === 0 ? 0 : sign * Math.exp(log);
}
