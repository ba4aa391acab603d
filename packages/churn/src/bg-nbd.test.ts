import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KehuValidationError, seededRandom } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BgNbdParams,
  betaMixedPurchases,
  betaMixedPurchasesQuadrature,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
  fitBgNbdColumns,
} from './bg-nbd.js';
import { sampleExponential, sampleGamma } from './random.js';
import { frequencyColumns } from './rows.js';
import { simulateBgNbd } from './simulate.js';

const fixtures = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(fixtures, 'reference-values.json'), 'utf8')).bgnbd_cdnow;
const cdnow = readFileSync(join(fixtures, 'cdnow_customers_summary.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [id, frequency, recency, T] = line.split(',');
    return { id: id as string, frequency: Number(frequency), recency: Number(recency), T: Number(T) };
  });
/** The parameters `lifetimes` prints for CDNOW (docs/Quickstart.md), used where a test fixes them. */
const lifetimes: BgNbdParams = reference.lifetimes_summary;
/** The rounded parameters of R BTYD's documentation, used by the lifetimes pmf test. */
const btyd: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('fitBgNbd on CDNOW (FHL 2005 section 7; reference-values.json bgnbd_cdnow)', () => {
  const fit = fitBgNbd(cdnow);
  it('reproduces the published parameters to their printed decimals and LL −9582.4', () => {
    expect(fit.model).toBe('bg-nbd');
    expect(fit.r).toBeCloseTo(reference.r, 3);
    expect(fit.alpha).toBeCloseTo(reference.alpha, 3);
    expect(fit.a).toBeCloseTo(reference.a, 3);
    expect(fit.b).toBeCloseTo(reference.b, 3);
    expect(fit.logLikelihood).toBeCloseTo(reference.LL, 1);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(fit[name]).toBeCloseTo(reference.lifetimes_summary[name], 5);
    }
    expect(fit.customers).toBe(2357);
    expect(fit.rows).toBeLessThan(2357);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
  });
  it("gives lifetimes' standard errors (lifetimes_summary.se, docs/Quickstart.md)", () => {
    const se = reference.lifetimes_summary.se as number[];
    ['r', 'alpha', 'a', 'b'].forEach((name, i) => {
      expect(fit.standardErrors?.[name]).toBeCloseTo(se[i] as number, 5);
    });
  });
  it('the columnar fit is the same fit', () => {
    const columns = fitBgNbdColumns({
      frequency: cdnow.map((row) => row.frequency),
      recency: cdnow.map((row) => row.recency),
      T: cdnow.map((row) => row.T),
    });
    expect(columns.r).toBeCloseTo(fit.r, 10);
    expect(columns.logLikelihood).toBeCloseTo(fit.logLikelihood, 8);
  });
  it('the total log-likelihood equals the sum of bgNbdLogLikelihood over the rows', () => {
    let total = 0;
    for (const row of cdnow) total += bgNbdLogLikelihood(fit, row);
    expect(total).toBeCloseTo(fit.logLikelihood, 8);
  });
  it('a penalty (lifetimes penalizer_coef convention) shrinks the parameters', () => {
    const penalised = fitBgNbd(cdnow, { penalty: 0.1 });
    expect(penalised.penalty).toBe(0.1);
    expect(penalised.alpha).toBeLessThan(fit.alpha);
    expect(penalised.logLikelihood).toBeLessThan(fit.logLikelihood);
  });
});

describe('BG/NBD predictions against lifetimes and R BTYD (reference-values.json bgnbd_cdnow)', () => {
  it('conditional expectation 1.226 for x = 2, tₓ = 30.43, T = 38.86, t = 39 (FHL eq. 10, Hardie Excel)', () => {
    const row = { frequency: 2, recency: 30.43, T: 38.86 };
    const value = bgNbdConditionalExpectedPurchases(lifetimes, row, 39);
    expect(Math.abs(value - 1.226)).toBeLessThan(0.001);
    // mpmath 1.3 at 30 digits, FHL eq. 10 with mp.hyp2f1: 1.22591038569389.
    expect(value).toBeCloseTo(1.22591038569389, 12);
  });
  it('E[X(t)] to 3 decimals (FHL eq. 9; lifetimes tests)', () => {
    const { t, value } = reference.E_X_t as { t: number[]; value: number[] };
    // mpmath 1.3, FHL eq. 9 at the lifetimes parameters.
    const exact = [
      0.00781607426619071, 0.0531847553598775, 0.150631969385499, 1.0404945104731, 1.04373743355859, 1.85797210520413,
    ];
    t.forEach((time, i) => {
      const predicted = bgNbdExpectedPurchases(lifetimes, time);
      expect(Math.abs(predicted - (value[i] as number))).toBeLessThan(1.5e-3);
      expect(predicted).toBeCloseTo(exact[i] as number, 12);
    });
  });
  it('P(X(t) = n) matches R BTYD at r = 0.243, α = 4.414, a = 0.793, b = 2.426 (FHL eq. 8)', () => {
    const pmf = reference.pmf_fixed_params;
    // mpmath 1.3 at 30 digits: 1.07868964036915e-7 and 0.573786352096009.
    expect(bgNbdProbabilityOfPurchases(btyd, 2, 10)).toBeCloseTo(1.07868964036915e-7, 17);
    expect(Math.abs(bgNbdProbabilityOfPurchases(btyd, 2, 10) - pmf['P(X(2)=10)']) / pmf['P(X(2)=10)']).toBeLessThan(
      1e-5,
    );
    expect(bgNbdProbabilityOfPurchases(btyd, 39, 0)).toBeCloseTo(pmf['P(X(39)=0)'], 7);
    (pmf['P(X(30)=11..20)'] as number[]).forEach((expected, i) => {
      expect(bgNbdProbabilityOfPurchases(btyd, 30, 11 + i)).toBeCloseTo(expected, 9);
    });
  });
  it('the pmf sums to 1 and its mean is E[X(t)]', () => {
    let sum = 0;
    let mean = 0;
    for (let n = 0; n < 200; n++) {
      const p = bgNbdProbabilityOfPurchases(lifetimes, 10, n);
      sum += p;
      mean += n * p;
    }
    expect(sum).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(bgNbdExpectedPurchases(lifetimes, 10), 8);
  });
  it('the top 5 conditional expectations for t = 1 of the lifetimes Quickstart', () => {
    const top = reference.quickstart_t1_top as Record<string, number>;
    for (const [key, expected] of Object.entries(top)) {
      if (key === 'src') continue;
      const id = key.split(' ')[0];
      const row = cdnow.find((customer) => customer.id === id);
      expect(row).toBeDefined();
      expect(bgNbdConditionalExpectedPurchases(lifetimes, row as (typeof cdnow)[number], 1)).toBeCloseTo(expected, 5);
    }
  });
  it('the stable log-likelihood fixture incl. 200 purchases (pymc-marketing test_beta_geo.py; Hardie note 027)', () => {
    const fixture = reference.stable_logp_fixture;
    expect(bgNbdLogLikelihood(fixture.params, { frequency: 0, recency: 0, T: 40 })).toBeCloseTo(fixture['(x0,tx0)'], 7);
    expect(bgNbdLogLikelihood(fixture.params, { frequency: 200, recency: 38, T: 40 })).toBeCloseTo(
      fixture['(x200,tx38)'],
      4,
    );
  });
});

describe('BG/NBD special cases', () => {
  it('the quadrature agrees with FHL eq. 9 where both apply, and covers a = 1 and a + b < 1', () => {
    // mpmath 1.3 at 30 digits: FHL eq. 9 with mp.hyp2f1 gives 0.731307490828519 (r 0.3, α 2, a 0.4, b 0.3,
    // t 10) and 1.16902752097104 (a 0.02, b 0.05); at a = 1 (r 0.5, α 3, b 2, t 5) mp.quad of the Beta-mixed
    // integral gives 0.61907999988651.
    expect(betaMixedPurchases(0.4, 0.3, 0.3, 2, 10)).toBeCloseTo(0.731307490828519, 12);
    expect(betaMixedPurchases(1, 2, 0.5, 3, 5)).toBeCloseTo(0.61907999988651, 12);
    expect(betaMixedPurchases(0.02, 0.05, 0.3, 2, 10)).toBeCloseTo(1.16902752097104, 12);
    expect(betaMixedPurchasesQuadrature(0.02, 0.05, 0.3, 2, 10)).toBeCloseTo(1.16902752097104, 12);
    for (const [A, B, R, beta, t] of [
      [0.793, 2.426, 0.243, 4.414, 39],
      [3.5, 0.7, 2.2, 10, 100],
      [0.2, 5, 0.05, 0.1, 0.001],
    ] as const) {
      const closed = betaMixedPurchases(A, B, R, beta, t);
      expect(betaMixedPurchasesQuadrature(A, B, R, beta, t)).toBeCloseTo(closed, 11);
    }
  });
  it('P(alive) with a horizon is P(alive) at T + horizon; a customer without repeat purchases is alive', () => {
    const row = { frequency: 3, recency: 10, T: 30 };
    expect(bgNbdProbabilityAlive(lifetimes, row, { horizon: 5 })).toBe(
      bgNbdProbabilityAlive(lifetimes, { ...row, T: 35 }),
    );
    expect(bgNbdProbabilityAlive(lifetimes, { frequency: 0, recency: 0, T: 30 })).toBe(1);
  });
  it('refuses bad parameters, rows and times with a KehuValidationError naming the field', () => {
    const bad = (f: () => unknown, path: unknown[]) => {
      try {
        f();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(KehuValidationError);
        expect((error as KehuValidationError).issues[0]?.path).toEqual(path);
      }
    };
    bad(() => bgNbdProbabilityAlive({ ...lifetimes, a: -1 }, { frequency: 1, recency: 1, T: 2 }), ['a']);
    bad(() => bgNbdProbabilityAlive(lifetimes, { frequency: 1, recency: 3, T: 2 }), ['recency']);
    bad(() => bgNbdExpectedPurchases(lifetimes, Number.NaN), ['t']);
    bad(() => bgNbdProbabilityOfPurchases(lifetimes, 1, 1.5), ['n']);
    bad(() => bgNbdProbabilityAlive(lifetimes, { frequency: 1, recency: 1, T: 2 }, { horizon: -1 }), ['horizon']);
    bad(
      () =>
        fitBgNbd([
          { frequency: 1, recency: 1, T: 2 },
          { frequency: -1, recency: 0, T: 2 },
        ]),
      [1, 'frequency'],
    );
    bad(() => fitBgNbdColumns({ frequency: [1, 2], recency: [1, 3], T: [2, 2] }), ['recency', 1]);
    bad(() => fitBgNbd([]), []);
    bad(() => fitBgNbd(cdnow, { penalty: -1 }), ['penalty']);
  });
  it('recovers the parameters of data simulated from known ones (issue 14: parameter recovery)', () => {
    const truth = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
    const rows = simulateBgNbd(truth, { customers: 20_000, seed: 7, T: 40 });
    const fit = fitBgNbd(rows);
    expect(fit.diagnostics.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.standardErrors?.[name] as number;
      expect(Math.abs(fit[name] - truth[name])).toBeLessThan(4 * se);
    }
  });
});

describe('BG/NBD invariants (fast-check; issue 14 "Done when")', () => {
  const params = fc.record({
    r: fc.double({ min: 0.01, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0.01, max: 100, noNaN: true }),
    a: fc.double({ min: 0.01, max: 20, noNaN: true }),
    b: fc.double({ min: 0.01, max: 20, noNaN: true }),
  });
  const row = fc
    .record({
      frequency: fc.integer({ min: 0, max: 5000 }),
      T: fc.oneof(fc.constant(1e-9), fc.double({ min: 0, max: 500, noNaN: true })),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      equal: fc.boolean(),
    })
    .map(({ frequency, T, share, equal }) => ({
      frequency,
      T,
      recency: frequency === 0 ? 0 : equal ? T : share * T,
    }));
  it('P(alive) is in [0, 1] and never NaN (a + b < 1, thousands of purchases, T near 0, recency = T)', () => {
    fc.assert(
      fc.property(params, row, fc.double({ min: 0, max: 100, noNaN: true }), (p, history, horizon) => {
        const alive = bgNbdProbabilityAlive(p, history, { horizon });
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
  it('expected purchases are ≥ 0, finite and non-decreasing in t', () => {
    fc.assert(
      fc.property(
        params,
        row,
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (p, history, t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const e1 = bgNbdConditionalExpectedPurchases(p, history, lo);
          const e2 = bgNbdConditionalExpectedPurchases(p, history, hi);
          expect(Number.isFinite(e1) && Number.isFinite(e2)).toBe(true);
          expect(e1).toBeGreaterThanOrEqual(0);
          expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-9) - 1e-12);
          const u1 = bgNbdExpectedPurchases(p, lo);
          const u2 = bgNbdExpectedPurchases(p, hi);
          expect(u1).toBeGreaterThanOrEqual(0);
          expect(u2).toBeGreaterThanOrEqual(u1 * (1 - 1e-9) - 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('the log-likelihood and its analytic gradient are finite on extreme rows', () => {
    fc.assert(
      fc.property(params, fc.array(row, { minLength: 1, maxLength: 20 }), (p, rows) => {
        for (const history of rows) expect(Number.isFinite(bgNbdLogLikelihood(p, history))).toBe(true);
        const fit = fitBgNbd(rows, { starts: 1, maxIterations: 20 });
        for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(Number.isFinite(fit[name])).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('analytic gradient (checked against central differences)', () => {
  it('matches numeric differences of the total log-likelihood at several points', () => {
    const columns = frequencyColumns(cdnow);
    for (const point of [
      [0.243, 4.414, 0.793, 2.426],
      [1.5, 0.3, 0.2, 7],
      [0.05, 40, 3, 0.4],
    ]) {
      const theta = Float64Array.from(point);
      const gradient = new Float64Array(4);
      bgNbdTotalLogLikelihood(columns, theta, gradient);
      for (let i = 0; i < 4; i++) {
        const h = 1e-6 * (point[i] as number);
        const up = Float64Array.from(point);
        const down = Float64Array.from(point);
        up[i] = (up[i] as number) + h;
        down[i] = (down[i] as number) - h;
        const numeric =
          ((bgNbdTotalLogLikelihood(columns, up) - bgNbdTotalLogLikelihood(columns, down)) / (2 * h)) *
          (point[i] as number);
        expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });
});

describe('fitBgNbd without heterogeneity in dropout (a, b → ∞ at a fixed a/(a+b))', () => {
  // 1000 customers, λ ~ Gamma(1.5, 10), T in 30..59, every one dropping out after a purchase with p = 0.1.
  const random = seededRandom(3);
  const rows = Array.from({ length: 1000 }, () => {
    const lambda = sampleGamma(random, 1.5) / 10;
    const T = 30 + Math.floor(random.next() * 30);
    let t = 0;
    let frequency = 0;
    let recency = 0;
    for (;;) {
      t += sampleExponential(random, 1) / lambda;
      if (t > T) break;
      frequency++;
      recency = t;
      if (random.next() < 0.1) break;
    }
    return { frequency, recency, T };
  });
  it('reports the limit model with converged true and an AT_BOUNDARY warning giving a/(a+b)', () => {
    const fit = fitBgNbd(rows);
    // Independent figures: scipy Nelder-Mead on the limit likelihood (FHL eq. 6 with B(a, b+x)/B(a, b) = (1−p)^x,
    // a/(b+x−1) = p/(1−p)) over the same rows, standard errors from a central-difference Hessian in (r, α, p).
    expect(fit.r).toBeCloseTo(1.3660159, 5);
    expect(fit.alpha).toBeCloseTo(9.1033857, 4);
    expect(fit.a / (fit.a + fit.b)).toBeCloseTo(0.0962822, 6);
    expect(fit.logLikelihood).toBeCloseTo(-13163.205319, 4);
    expect(fit.standardErrors?.r).toBeCloseTo(0.0862648, 5);
    expect(fit.standardErrors?.alpha).toBeCloseTo(0.692946, 4);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings.map((w) => w.code)).toEqual(['AT_BOUNDARY']);
    expect(fit.diagnostics.warnings[0]?.message).toContain('a/(a+b) = 0.0962822');
    // Predictions at the reported a, b are the limit model's: P(alive) = 1/(1 + p/(1−p)·((α+T)/(α+tₓ))^(r+x)).
    const p = fit.a / (fit.a + fit.b);
    const alive = 1 / (1 + (p / (1 - p)) * ((fit.alpha + 50) / (fit.alpha + 20)) ** (fit.r + 3));
    expect(bgNbdProbabilityAlive(fit, { frequency: 3, recency: 20, T: 50 })).toBeCloseTo(alive, 6);
  });
});
