import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitMbgNbd,
  fitMbgNbdColumns,
  type MbgNbdParams,
  mbgNbdConditionalExpectedPurchases,
  mbgNbdConditionalExpectedPurchasesUnchecked,
  mbgNbdExpectedPurchases,
  mbgNbdLogLikelihood,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityAliveUnchecked,
  mbgNbdProbabilityOfPurchases,
} from './mbg-nbd.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-values.json'), 'utf8')).mbgnbd_cdnow as {
  r: number;
  alpha: number;
  a: number;
  b: number;
  decimal: number;
};

/** CDNOW calibration summary: `ID,frequency,recency,T` in weeks (39-week calibration period). */
function cdnow() {
  const lines = readFileSync(join(FIXTURES, 'cdnow_customers_summary.csv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [, frequency, recency, T] = line.split(',').map(Number);
    return { frequency: frequency as number, recency: recency as number, T: T as number };
  });
}

function relative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/** numpy.testing.assert_almost_equal(actual, desired, decimal): |actual − desired| < 1.5 · 10^−decimal. */
function almostEqual(actual: number, desired: number, decimal: number): void {
  expect(Math.abs(actual - desired)).toBeLessThan(1.5 * 10 ** -decimal);
}

// Fixed parameters near the CDNOW fit; the expected values below were computed with mpmath (40 digits) from the
// closed forms of Batislam et al. 2007 (eq. 5, 6, 8), as in lifetimes' ModifiedBetaGeoFitter.
const P: MbgNbdParams = { r: 0.524838, alpha: 6.183, a: 0.891356, b: 1.614 };
const ROWS = [
  { row: { frequency: 0, recency: 0, T: 38.86 }, ll: -0.5396104066788903, alive: 0.3897165842753477 },
  { row: { frequency: 2, recency: 30.43, T: 38.86 }, ll: -9.485859641514763, alive: 0.7061263416980945 },
  { row: { frequency: 26, recency: 30.86, T: 31 }, ll: -38.323597138944926, alive: 0.9655528803126312 },
  { row: { frequency: 200, recency: 38, T: 40 }, ll: 91.76346780319383, alive: 0.030584435259129513 },
  { row: { frequency: 3000, recency: 39.5, T: 40 }, ll: 9538.607064641606, alive: 2.199119420891842e-11 },
];
const COND39 = [0.1539537475841088, 1.262670842511662, 19.44803480453218, 3.8908118266154132, 4.177534567492963e-8];

describe('mbgnbd_cdnow (reference-values.json; lifetimes tests after BTYDplus)', () => {
  const rows = cdnow();
  const fit = fitMbgNbd(rows);

  it('fits r, alpha, a, b to the published values at decimal=3', () => {
    almostEqual(fit.r, reference.r, reference.decimal);
    almostEqual(fit.alpha, reference.alpha, reference.decimal);
    almostEqual(fit.a, reference.a, reference.decimal);
    almostEqual(fit.b, reference.b, reference.decimal);
    expect(fit.model).toBe('mbg-nbd');
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expect(fit.rows).toBeLessThan(2357);
  });

  it('reports the total log-likelihood (scipy BFGS re-fit: −9582.1327) and standard errors', () => {
    expect(fit.logLikelihood).toBeCloseTo(-9582.1327, 3);
    // numpy: sqrt(diag(inv(H))), H the central-difference Hessian of the total negative LL in r, α, a, b.
    const expected = { r: 0.08326361, alpha: 0.69559571, a: 0.15478436, b: 0.53746837 };
    for (const [name, se] of Object.entries(expected)) relative(fit.standardErrors?.[name] as number, se, 1e-3);
  });

  it('fits columns to the same parameters as rows', () => {
    const columns = {
      frequency: rows.map((row) => row.frequency),
      recency: rows.map((row) => row.recency),
      T: rows.map((row) => row.T),
    };
    const byColumns = fitMbgNbdColumns(columns);
    expect(byColumns.r).toBeCloseTo(fit.r, 8);
    expect(byColumns.b).toBeCloseTo(fit.b, 8);
  });
});

describe('MBG/NBD closed forms at fixed parameters (Batislam et al. 2007; mpmath reference values)', () => {
  it('log-likelihood per row, eq. 5, including thousands of purchases', () => {
    for (const { row, ll } of ROWS) expect(mbgNbdLogLikelihood(P, row)).toBeCloseTo(ll, 9);
  });

  it('probability alive, eq. 6, below 1 even without repeat purchases', () => {
    for (const { row, alive } of ROWS) {
      const value = mbgNbdProbabilityAlive(P, row);
      expect(Math.abs(value - alive)).toBeLessThan(1e-12 * Math.max(1, 1 / alive) * alive + 1e-15);
    }
  });

  it('the unchecked columnar entry points give the same values', () => {
    for (const { row } of ROWS) {
      const { frequency: x, recency: tx, T } = row;
      expect(mbgNbdProbabilityAliveUnchecked(P, x, tx, T)).toBe(mbgNbdProbabilityAlive(P, row));
      const value = mbgNbdConditionalExpectedPurchases(P, row, 39);
      expect(mbgNbdConditionalExpectedPurchasesUnchecked(P, x, tx, T, 39)).toBe(value);
      const alive = mbgNbdProbabilityAliveUnchecked(P, x, tx, T);
      expect(mbgNbdConditionalExpectedPurchasesUnchecked(P, x, tx, T, 39, alive)).toBe(value);
    }
  });

  it('probability alive at T + horizon equals the probability at age T + horizon with no purchase', () => {
    const row = { frequency: 2, recency: 30.43, T: 38.86 };
    expect(mbgNbdProbabilityAlive(P, row, { horizon: 10 })).toBeCloseTo(
      mbgNbdProbabilityAlive(P, { ...row, T: 48.86 }),
      14,
    );
    expect(mbgNbdProbabilityAlive(P, row, { horizon: 10 })).toBeLessThan(mbgNbdProbabilityAlive(P, row));
  });

  it('conditional expected purchases over 39 weeks, eq. 8', () => {
    ROWS.forEach(({ row }, i) => {
      const expected = COND39[i] as number;
      expect(Math.abs(mbgNbdConditionalExpectedPurchases(P, row, 39) - expected)).toBeLessThan(1e-9 * expected);
    });
  });

  it('unconditional expected purchases, eq. 7', () => {
    const expected = [0.05306056691918569, 0.4332524918799, 1.1822831558989368, 1.8036355515347264];
    [1, 10, 39, 78].forEach((t, i) => {
      expect(mbgNbdExpectedPurchases(P, t)).toBeCloseTo(expected[i] as number, 11);
    });
    expect(mbgNbdExpectedPurchases(P, 0)).toBe(0);
  });

  it('expectations for a < 1 and a = 1 + 1e-9 (removable singularity) match numerical integration', () => {
    // mpmath quadrature of E[(1/p)(1 − ((α+T)/(α+T+pt))^(r+x))] over p ~ Beta(a, b+x+1), times P(alive).
    const cases: [MbgNbdParams, number[]][] = [
      [{ r: 0.5, alpha: 4, a: 0.3, b: 0.4 }, [0.5847840749096075, 3.5404257752485204, 0.3536890619719968]],
      [{ r: 0.5, alpha: 4, a: 1 + 1e-9, b: 0.4 }, [0.222236448008584, 1.7375278414160724, 0.07542113223833405]],
    ];
    for (const [params, values] of cases) {
      expect(mbgNbdExpectedPurchases(params, 10)).toBeCloseTo(values[0] as number, 8);
      const mid = mbgNbdConditionalExpectedPurchases(params, { frequency: 3, recency: 20, T: 30 }, 52);
      expect(mid).toBeCloseTo(values[1] as number, 8);
      const many = mbgNbdConditionalExpectedPurchases(params, { frequency: 500, recency: 29, T: 30 }, 52);
      expect(many).toBeCloseTo(values[2] as number, 8);
    }
  });

  it('probability of n purchases: closed form checked against 2-D quadrature (scipy) and summing to E[X(t)]', () => {
    // scipy.integrate.quad over p ~ Beta(a, b) and λ ~ Gamma(r, α) of the conditional pmf
    // (1−p)^n [p P(N(t) ≥ n) + (1−p) P(N(t) = n)], N(t) ~ Poisson(λt), at the scipy fit of CDNOW.
    const fitted: MbgNbdParams = { r: 0.524838, alpha: 6.18299221, a: 0.8913562, b: 1.61399937 };
    const cases: [number, number, number][] = [
      [39, 0, 0.5826055528716693],
      [39, 1, 0.18276339162237426],
      [39, 3, 0.04855072464789544],
      [10, 2, 0.054615569028940665],
    ];
    for (const [t, n, value] of cases) expect(mbgNbdProbabilityOfPurchases(fitted, t, n)).toBeCloseTo(value, 8);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 3000; n++) {
      const p = mbgNbdProbabilityOfPurchases(P, 39, n);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 8);
    expect(mean).toBeCloseTo(mbgNbdExpectedPurchases(P, 39), 6);
    expect(mbgNbdProbabilityOfPurchases(P, 0, 0)).toBe(1);
  });
});

describe('MBG/NBD refuses bad input with a KehuValidationError naming the field', () => {
  it('names the parameter, the row field and the time', () => {
    const row = { frequency: 1, recency: 2, T: 3 };
    expect(() => mbgNbdLogLikelihood({ ...P, a: -1 }, row)).toThrow(KehuValidationError);
    expect(() => mbgNbdLogLikelihood({ ...P, a: Number.NaN }, row)).toThrow(/parameter a/);
    expect(() => mbgNbdProbabilityAlive(P, { frequency: 1, recency: 4, T: 3 })).toThrow(KehuValidationError);
    expect(() => mbgNbdProbabilityAlive(P, row, { horizon: -1 })).toThrow(/horizon/);
    expect(() => mbgNbdExpectedPurchases(P, Number.POSITIVE_INFINITY)).toThrow(KehuValidationError);
    expect(() => mbgNbdProbabilityOfPurchases(P, 1, 1.5)).toThrow(KehuValidationError);
    try {
      mbgNbdProbabilityAlive(P, { frequency: -1, recency: 0, T: 3 });
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual(['frequency']);
    }
  });

  it('refuses an empty data set and names the bad row of a fit', () => {
    expect(() => fitMbgNbd([])).toThrow(KehuValidationError);
    try {
      fitMbgNbd([
        { frequency: 1, recency: 1, T: 2 },
        { frequency: 1, recency: 3, T: 2 },
      ]);
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual([1, 'recency']);
    }
  });
});

const params = fc.record({
  r: fc.double({ min: 0.01, max: 50, noNaN: true }),
  alpha: fc.double({ min: 0.01, max: 500, noNaN: true }),
  a: fc.double({ min: 0.01, max: 20, noNaN: true }),
  b: fc.double({ min: 0.01, max: 20, noNaN: true }),
});
const history = fc
  .record({
    frequency: fc.integer({ min: 0, max: 5000 }),
    T: fc.double({ min: 0, max: 500, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : T * share }));

describe('MBG/NBD invariants (issue 14 "Done when"; fast-check)', () => {
  it('P(alive) is in [0, 1] and predictions are finite, also for a + b < 1, thousands of purchases, T near 0', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 1000, noNaN: true }), (p, row, t) => {
        const alive = mbgNbdProbabilityAlive(p, row);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        expect(Number.isFinite(mbgNbdLogLikelihood(p, row))).toBe(true);
        const expected = mbgNbdConditionalExpectedPurchases(p, row, t);
        expect(Number.isFinite(expected)).toBe(true);
        expect(expected).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('expected purchases are non-negative and non-decreasing in t', () => {
    fc.assert(
      fc.property(
        params,
        history,
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (p, row, t1, t2) => {
          const [short, long] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const e1 = mbgNbdExpectedPurchases(p, short);
          const e2 = mbgNbdExpectedPurchases(p, long);
          expect(e1).toBeGreaterThanOrEqual(0);
          expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * Math.max(1, e1));
          const c1 = mbgNbdConditionalExpectedPurchases(p, row, short);
          const c2 = mbgNbdConditionalExpectedPurchases(p, row, long);
          expect(c2).toBeGreaterThanOrEqual(c1 - 1e-9 * Math.max(1, c1));
        },
      ),
    );
  });

  it('the named extremes give finite values: a + b < 1, 5000 purchases, T = 1e-9, recency = T', () => {
    const small: MbgNbdParams = { r: 0.2, alpha: 3, a: 0.3, b: 0.4 };
    for (const row of [
      { frequency: 5000, recency: 100, T: 100 },
      { frequency: 5000, recency: 1, T: 100 },
      { frequency: 0, recency: 0, T: 1e-9 },
      { frequency: 1, recency: 1e-9, T: 1e-9 },
    ]) {
      for (const value of [
        mbgNbdLogLikelihood(small, row),
        mbgNbdProbabilityAlive(small, row, { horizon: 52 }),
        mbgNbdConditionalExpectedPurchases(small, row, 52),
      ]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
    expect(Number.isFinite(mbgNbdProbabilityOfPurchases(small, 1e6, 5000))).toBe(true);
  });
});
