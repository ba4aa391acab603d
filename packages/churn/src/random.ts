/**
 * The few samplers the simulations need (normal, gamma, beta, exponential, Poisson), drawing from `@kehu/core`'s
 * `seededRandom`. Written here rather than taken from a library on purpose: they are a few dozen lines, the package
 * stays free of a dependency, and the streams are the same on every platform and runtime for a given seed (only
 * IEEE double arithmetic over the seeded stream; no `Math.random`), so tests and the benchmark draw the same
 * customers everywhere.
 */
import { invalidInput, type SeededRandom } from '@kehu/core';

/** A standard normal draw (Marsaglia's polar method). */
export function sampleNormal(random: SeededRandom): number {
  for (;;) {
    const u = 2 * random.next() - 1;
    const v = 2 * random.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A gamma draw with `shape` k and `rate` θ (mean k / θ): Marsaglia and Tsang 2000, "A simple method for
 * generating gamma variables" (ACM TOMS 26(3)); for k < 1 the draw for k + 1 is scaled by U^(1/k) (their
 * section 6), computed in logs so tiny shapes do not underflow to an exact 0 more than the double range forces.
 */
export function sampleGamma(random: SeededRandom, shape: number, rate = 1): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw invalidInput(['shape'], 'shape must be a positive finite number');
  if (!(rate > 0) || !Number.isFinite(rate)) throw invalidInput(['rate'], 'rate must be a positive finite number');
  if (shape < 1) {
    const g = sampleGamma(random, shape + 1, 1);
    return Math.exp(Math.log(g) + Math.log(random.nextOpen()) / shape) / rate;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.nextOpen();
    if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/** A beta draw: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(random: SeededRandom, a: number, b: number): number {
  const x = sampleGamma(random, a);
  const y = sampleGamma(random, b);
  const s = x + y;
  // Both can underflow to 0 for tiny shapes: then the mass sits at the end whose shape is smaller.
  return s > 0 ? x / s : a >= b ? 1 : 0;
}

/** An exponential draw with the given `rate` (mean 1 / rate). */
export function sampleExponential(random: SeededRandom, rate: number): number {
  return -Math.log(random.nextOpen()) / rate;
}

/**
 * A Poisson draw with the given `mean`: Knuth's multiplication method below 30; above, the sum of a
 * gamma-distributed waiting time and a binomial split (Ahrens and Dieter's recursion, as in Knuth TAOCP
 * vol. 2, 3.4.1 F), exact in distribution and quick for any mean.
 */
export function samplePoisson(random: SeededRandom, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw invalidInput(['mean'], 'mean must be a finite number, 0 or more');
  let count = 0;
  let m = mean;
  while (m >= 30) {
    const n = Math.floor(0.875 * m);
    const g = sampleGamma(random, n);
    if (g > m) return count + sampleBinomial(random, n - 1, m / g);
    count += n;
    m -= g;
  }
  const limit = Math.exp(-m);
  let p = random.next();
  while (p > limit) {
    count++;
    p *= random.next();
  }
  return count;
}

/** A binomial draw of `n` trials with success probability `p`, by the beta recursion for large n. */
function sampleBinomial(random: SeededRandom, n: number, p: number): number {
  let count = 0;
  let trials = n;
  let prob = p;
  while (trials > 40) {
    const k = Math.floor((trials + 1) / 2);
    const x = sampleBeta(random, k, trials + 1 - k);
    if (x >= prob) {
      trials = k - 1;
      prob /= x;
    } else {
      count += k;
      trials -= k;
      prob = (prob - x) / (1 - x);
    }
  }
  for (let i = 0; i < trials; i++) if (random.next() < prob) count++;
  return count;
}
