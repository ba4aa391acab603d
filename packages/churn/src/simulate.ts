/**
 * Customers drawn from the BG/NBD and Pareto/NBD models' own stories, for tests (parameter recovery), demos
 * and the benchmark. Seeded: the same seed gives the same customers on every platform.
 */
import { invalidInput, seededRandom } from '@kehu/core';
import { sampleBeta, sampleExponential, sampleGamma } from './random.js';
import type { FrequencyRow } from './rows.js';

/** Options of the simulators. */
export interface SimulateOptions {
  /** How many customers to draw (a positive integer). */
  readonly customers: number;
  /** Each customer's age at the end of calibration in model periods: one value for all, or one per customer. */
  readonly T: number | readonly number[];
  /** The seed of the generator (an integer). */
  readonly seed: number;
  /** Length of a holdout period after `T` whose purchases are counted (periods; default 0, no holdout). */
  readonly holdout?: number;
}

/** A simulated customer: the calibration row, the holdout count and the latent truth. */
export interface SimulatedCustomer extends FrequencyRow {
  /** Purchases in (T, T + holdout]. */
  readonly frequencyHoldout: number;
  /** The holdout length (periods). */
  readonly durationHoldout: number;
  /** Whether the customer is still active at `T` (the latent state the models estimate as P(alive)). */
  readonly aliveAtT: boolean;
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidInput([name], `${name} must be a positive finite number`);
  }
  return value;
}

function checkOptions(options: SimulateOptions): { n: number; ageOf: (i: number) => number; holdout: number } {
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options { customers, T, seed }');
  const n = options.customers;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw invalidInput(['customers'], 'customers must be a positive integer');
  }
  const holdout = options.holdout ?? 0;
  if (typeof holdout !== 'number' || !Number.isFinite(holdout) || holdout < 0) {
    throw invalidInput(['holdout'], 'holdout must be a finite number, 0 or more');
  }
  const T = options.T;
  if (typeof T === 'number') {
    if (!Number.isFinite(T) || T < 0) throw invalidInput(['T'], 'T must be a finite number, 0 or more');
    return { n, ageOf: () => T, holdout };
  }
  if (!Array.isArray(T) || T.length !== n) throw invalidInput(['T'], 'T must be a number or one number per customer');
  T.forEach((t, i) => {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidInput(['T', i], 'T must be 0 or more');
  });
  return { n, ageOf: (i) => T[i] as number, holdout };
}

/**
 * Customers from the BG/NBD story (Fader, Hardie and Lee 2005, "Counting your customers the easy way",
 * Marketing Science 24(2), section 2): purchase rate λ ~ Gamma(r, α) (rate α), dropout probability
 * p ~ Beta(a, b); purchases follow a Poisson process at rate λ and after each repeat purchase the customer
 * leaves with probability p. Each customer's first purchase is at time 0.
 *
 * @param params - `{ r, alpha, a, b }`, positive
 * @param options - customers, their ages `T`, the seed and an optional holdout length
 */
export function simulateBgNbd(
  params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number },
  options: SimulateOptions,
): SimulatedCustomer[] {
  const r = positive(params?.r, 'r');
  const alpha = positive(params?.alpha, 'alpha');
  const a = positive(params?.a, 'a');
  const b = positive(params?.b, 'b');
  const { n, ageOf, holdout } = checkOptions(options);
  const random = seededRandom(options.seed);
  const out = new Array<SimulatedCustomer>(n);
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, r, alpha);
    const p = sampleBeta(random, a, b);
    const T = ageOf(i);
    const horizon = T + holdout;
    let frequency = 0;
    let recency = 0;
    let frequencyHoldout = 0;
    let aliveAtT = true;
    let t = 0;
    while (lambda > 0) {
      t += sampleExponential(random, lambda);
      if (t > horizon) break;
      if (t <= T) {
        frequency++;
        recency = t;
      } else frequencyHoldout++;
      if (random.next() < p) {
        if (t <= T) aliveAtT = false;
        break;
      }
    }
    out[i] = { frequency, recency, T, frequencyHoldout, durationHoldout: holdout, aliveAtT };
  }
  return out;
}

/**
 * Customers from the Pareto/NBD story (Schmittlein, Morrison and Colombo 1987, Management Science 33(1)):
 * purchase rate λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β) (rates α, β); the lifetime is exponential with
 * rate μ, and purchases follow a Poisson process at rate λ while the customer is alive.
 *
 * @param params - `{ r, alpha, s, beta }`, positive
 * @param options - customers, their ages `T`, the seed and an optional holdout length
 */
export function simulateParetoNbd(
  params: { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number },
  options: SimulateOptions,
): SimulatedCustomer[] {
  const r = positive(params?.r, 'r');
  const alpha = positive(params?.alpha, 'alpha');
  const s = positive(params?.s, 's');
  const beta = positive(params?.beta, 'beta');
  const { n, ageOf, holdout } = checkOptions(options);
  const random = seededRandom(options.seed);
  const out = new Array<SimulatedCustomer>(n);
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, r, alpha);
    const mu = sampleGamma(random, s, beta);
    const lifetime = sampleExponential(random, mu);
    const T = ageOf(i);
    const end = Math.min(T + holdout, lifetime);
    let frequency = 0;
    let recency = 0;
    let frequencyHoldout = 0;
    let t = 0;
    while (lambda > 0) {
      t += sampleExponential(random, lambda);
      if (t > end) break;
      if (t <= T) {
        frequency++;
        recency = t;
      } else frequencyHoldout++;
    }
    out[i] = { frequency, recency, T, frequencyHoldout, durationHoldout: holdout, aliveAtT: lifetime > T };
  }
  return out;
}
