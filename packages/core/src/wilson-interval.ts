/**
 * A share's confidence interval, shared by the statistics of the domain packages (churn rates and calibration,
 * satisfaction shares, cadence completion rates), since a domain package imports only core and calendar.
 */
import { invalidInput } from './errors.js';

/** A share with its Wilson score interval. */
export interface WilsonInterval {
  /** The share x/n, or NaN when n is 0. */
  readonly rate: number;
  /** The lower end (NaN when n is 0). */
  readonly lower: number;
  /** The upper end (NaN when n is 0). */
  readonly upper: number;
}

/**
 * The Wilson score interval for a proportion (E. B. Wilson, "Probable inference, the law of succession, and
 * statistical inference", JASA 22 (1927) 209-212): with p = x/n and critical value z,
 * (p + z²/2n ± z sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n). It lies in [0, 1] and contains p; the ends are exactly 0
 * at x = 0 and 1 at x = n. It takes the critical value rather than the level so that a caller computing many
 * intervals at one level pays for one normal quantile (z = `normalQuantile(1 - (1 - level) / 2)`).
 *
 * @param successes - the count x, an integer 0 ≤ x ≤ n
 * @param n - the sample size, an integer ≥ 0; 0 gives NaN everywhere, which callers flag
 * @param z - the critical value, a finite number ≥ 0 (1.959964 for 95%; 0 gives the share alone)
 * @throws KehuValidationError at `['successes']`, `['n']` or `['z']` when one is out of range
 */
export function wilsonInterval(successes: number, n: number, z: number): WilsonInterval {
  if (!Number.isSafeInteger(n) || n < 0) throw invalidInput(['n'], `n must be an integer, 0 or more, got ${n}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n)
    throw invalidInput(['successes'], `successes must be an integer from 0 to n (${n}), got ${successes}`);
  if (typeof z !== 'number' || !(z >= 0) || !Number.isFinite(z))
    throw invalidInput(['z'], `z must be a finite number, 0 or more, got ${String(z)}`);
  if (n === 0) return { rate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // The exact ends are 0 at x = 0 and 1 at x = n; rounding must not push them past p.
  const lower = successes === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const upper = successes === n ? 1 : Math.max(p, Math.min(1, centre + half));
  return { rate: p, lower, upper };
}
