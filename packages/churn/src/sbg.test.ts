import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitSbg,
  sbgChurnProbability,
  sbgLogLikelihood,
  sbgResidualLifetime,
  sbgRetentionRate,
  sbgSurvival,
} from './sbg.js';

const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'test-fixtures', 'cdnow', 'reference-values.json'), 'utf8'),
).sbg_retention as { regular: { alpha: number; beta: number }; highend: { alpha: number; beta: number } };

// Fader & Hardie 2007 (JIM), Table 1: survivors of a 1000-customer cohort, years 0-12; the fit uses years 0-7.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

describe('fitSbg reproduces Fader & Hardie 2007 (sbg_retention)', () => {
  it.each([
    ['regular', REGULAR, reference.regular],
    ['high end', HIGH_END, reference.highend],
  ])('%s: α and β to 3 decimals from years 1-7', (_name, series, expected) => {
    const fit = fitSbg(series.slice(0, 8));
    expect(fit.model).toBe('sbg');
    expect(fit.alpha).toBeCloseTo(expected.alpha, 3);
    expect(fit.beta).toBeCloseTo(expected.beta, 3);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.customers).toBe(1000);
    expect(fit.standardErrors).not.toBeNull();
  });

  it('regular: the log-likelihood at the optimum is −1680.265 (scipy re-fit of the same data)', () => {
    // Computed with scipy.optimize.minimize on eq. 6: alpha 0.70407730, beta 1.18204303, LL −1680.265188.
    const fit = fitSbg(REGULAR.slice(0, 8));
    expect(fit.logLikelihood).toBeCloseTo(-1680.265188, 4);
    expect(fit.alpha).toBeCloseTo(0.7040773, 5);
    expect(fit.beta).toBeCloseTo(1.182043, 5);
  });

  it('projects years 8-12 near the actual survivors (Table 1): regular within 4, high end within 17 of 1000', () => {
    // scipy re-fit projections: regular 220.1, 204.4, 191.2, 179.9, 170.0 (actual 223 … 173); high end 460.4,
    // 435.8, 414.2, 395.1, 378.0 (actual 468 … 394): the high-end cohort retains a little better than projected.
    for (const [series, bound] of [
      [REGULAR, 4],
      [HIGH_END, 17],
    ] as const) {
      const fit = fitSbg(series.slice(0, 8));
      for (let t = 8; t <= 12; t++) {
        expect(Math.abs(1000 * sbgSurvival(fit, t) - (series[t] as number))).toBeLessThan(bound);
      }
    }
  });
});

describe('sBG predictions at fixed parameters (Fader & Hardie 2007, eqs. 7-9)', () => {
  // Values from scipy.special.betaln at alpha 0.704, beta 1.182.
  const params = { alpha: 0.704, beta: 1.182 };
  it('survival S(t) = B(α, β+t)/B(α, β)', () => {
    expect(sbgSurvival(params, 0)).toBe(1);
    expect(sbgSurvival(params, 1)).toBeCloseTo(0.6267232237539765, 12);
    expect(sbgSurvival(params, 2)).toBeCloseTo(0.47384271456381727, 12);
    expect(sbgSurvival(params, 7)).toBeCloseTo(0.23905064169324422, 12);
    expect(sbgSurvival(params, 12)).toBeCloseTo(0.17006257680605033, 12);
    expect(sbgSurvival(params, 100)).toBeCloseTo(0.040226799145214695, 12);
  });
  it('retention rate r_t = (β+t−1)/(α+β+t−1) rises with t', () => {
    expect(sbgRetentionRate(params, 1)).toBeCloseTo(0.6267232237539766, 14);
    expect(sbgRetentionRate(params, 2)).toBeCloseTo(0.756063756063756, 14);
    expect(sbgRetentionRate(params, 12)).toBeCloseTo(0.9453670650318176, 14);
  });
  it('churn probability P(T = t) = B(α+1, β+t−1)/B(α, β)', () => {
    expect(sbgChurnProbability(params, 1)).toBeCloseTo(0.3732767762460233, 12);
    expect(sbgChurnProbability(params, 2)).toBeCloseTo(0.15288050919015922, 12);
    expect(sbgChurnProbability(params, 12)).toBeCloseTo(0.009827947305160022, 12);
  });
  it('log-likelihood of the regular cohort (eq. 6), scipy betaln: −1680.2651905533528', () => {
    expect(sbgLogLikelihood(params, REGULAR.slice(0, 8))).toBeCloseTo(-1680.2651905533528, 8);
  });
  it('DERL (Fader & Hardie 2010, eq. 6) matches scipy hyp2f1', () => {
    // (β+n−1)/(α+β+n−1) · hyp2f1(1, β+n, α+β+n, 1/(1+d)) with scipy.special.hyp2f1.
    expect(sbgResidualLifetime(params, { discountRate: 0.1 })).toBeCloseTo(2.964662146132029, 9);
    expect(sbgResidualLifetime(params, { discountRate: 0.1, renewals: 4 })).toBeCloseTo(5.894422859844158, 9);
    // Undiscounted: (β + n − 1)/(α − 1) when α > 1.
    expect(sbgResidualLifetime({ alpha: 1.5, beta: 2 }, { discountRate: 0 })).toBeCloseTo(4, 12);
  });
});

describe('sBG invariants (fast-check)', () => {
  const positive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
  it('survival decreases, lies in [0, 1], and S(t−1) − S(t) = P(T = t)', () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: 1, max: 200 }), (alpha, beta, t) => {
        const params = { alpha, beta };
        const s0 = sbgSurvival(params, t - 1);
        const s1 = sbgSurvival(params, t);
        expect(s1).toBeGreaterThanOrEqual(0);
        expect(s1).toBeLessThanOrEqual(s0);
        expect(Math.abs(s0 - s1 - sbgChurnProbability(params, t))).toBeLessThan(1e-9);
        expect(Math.abs(s1 / s0 - sbgRetentionRate(params, t))).toBeLessThan(1e-9 + 1e-9 / s0);
      }),
    );
  });
  it('a fit never returns NaN parameters, even for a cohort that never churns or churns at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        (losses, size) => {
          const survivors = [size];
          for (const lost of losses) survivors.push(Math.max(0, (survivors.at(-1) as number) - lost));
          const fit = fitSbg(survivors);
          expect(Number.isFinite(fit.alpha) && fit.alpha > 0).toBe(true);
          expect(Number.isFinite(fit.beta) && fit.beta > 0).toBe(true);
          expect(Number.isFinite(fit.logLikelihood)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('sBG refuses bad input with a KehuValidationError naming the field', () => {
  it('increasing, fractional, negative counts and an empty cohort', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(KehuValidationError);
        return (error as KehuValidationError).path;
      }
      throw new Error('expected a refusal');
    };
    expect(path(() => fitSbg([1000, 600, 700]))).toEqual([2]);
    expect(path(() => fitSbg([1000, 600.5]))).toEqual([1]);
    expect(path(() => fitSbg([1000, -1]))).toEqual([1]);
    expect(path(() => fitSbg([0, 0]))).toEqual([0]);
    expect(path(() => fitSbg([1000]))).toEqual([]);
    expect(path(() => sbgSurvival({ alpha: 0, beta: 1 }, 1))).toEqual(['alpha']);
    expect(path(() => sbgSurvival({ alpha: 1, beta: Number.NaN }, 1))).toEqual(['beta']);
    expect(path(() => sbgRetentionRate({ alpha: 1, beta: 1 }, 0))).toEqual(['t']);
    expect(path(() => sbgResidualLifetime({ alpha: 0.5, beta: 1 }, { discountRate: 0 }))).toEqual(['discountRate']);
  });
});
