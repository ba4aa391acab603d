import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitParetoNbd,
  fitParetoNbdColumns,
  type ParetoNbdParams,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdConditionalExpectedPurchasesUnchecked,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityAliveUnchecked,
  paretoNbdProbabilityOfPurchases,
} from './pareto-nbd.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-values.json'), 'utf8')).paretonbd_cdnow as {
  r: number;
  alpha: number;
  s: number;
  beta: number;
  LL: number;
  R_BTYD_params: { r: number; alpha: number; s: number; beta: number };
  'palive_(26,30.86,31)': { value: number; tol: number };
  'cond_exp_t52_(26,30.86,31)': { value: number; tol: number };
  'E_X_t_0..9': { value: number[]; atol: number };
  underflow_pair: {
    params: { r: number; alpha: number; s: number; beta: number };
    t: number;
    '(132,200,200)': number;
    '(133,200,200)': number;
  };
};

/** CDNOW calibration summary: `ID,frequency,recency,T` in weeks (39-week calibration period). */
function cdnow() {
  const lines = readFileSync(join(FIXTURES, 'cdnow_customers_summary.csv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [, frequency, recency, T] = line.split(',').map(Number);
    return { frequency: frequency as number, recency: recency as number, T: T as number };
  });
}

/** numpy.testing.assert_almost_equal(actual, desired, decimal): |actual − desired| < 1.5 · 10^−decimal. */
function almostEqual(actual: number, desired: number, decimal: number): void {
  expect(Math.abs(actual - desired)).toBeLessThan(1.5 * 10 ** -decimal);
}

function relative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('paretonbd_cdnow (reference-values.json; FHL 2005, lifetimes tests, BTYD walkthrough)', () => {
  const rows = cdnow();
  const fit = fitParetoNbd(rows);
  const row = { frequency: 26, recency: 30.86, T: 31 };

  it('fits r, alpha, s, beta to the published values at decimal=2 and to R BTYD at 1e-2 relative', () => {
    almostEqual(fit.r, reference.r, 2);
    almostEqual(fit.alpha, reference.alpha, 2);
    almostEqual(fit.s, reference.s, 2);
    almostEqual(fit.beta, reference.beta, 2);
    relative(fit.beta, reference.R_BTYD_params.beta, 1e-2);
    expect(fit.model).toBe('pareto-nbd');
    expect(fit.diagnostics.converged).toBe(true);
    // numpy: sqrt(diag(inv(H))), H the central-difference Hessian of the total negative LL in r, α, s, β.
    const expected = { r: 0.04762874, alpha: 0.84272394, s: 0.18728007, beta: 6.21104238 };
    for (const [name, se] of Object.entries(expected)) relative(fit.standardErrors?.[name] as number, se, 1e-3);
  });

  it('reports the total log-likelihood −9595.0 (scipy re-fit: −9594.97393)', () => {
    expect(Math.abs(fit.logLikelihood - reference.LL)).toBeLessThan(0.05);
    expect(fit.logLikelihood).toBeCloseTo(-9594.97393, 4);
  });

  it('P(alive) of customer (26, 30.86, 31) is 0.9979 (BTYD walkthrough p. 8)', () => {
    const expected = reference['palive_(26,30.86,31)'];
    expect(Math.abs(paretoNbdProbabilityAlive(fit, row) - expected.value)).toBeLessThanOrEqual(expected.tol);
  });

  it('expects 25.46 purchases of customer (26, 30.86, 31) in the next 52 weeks (BTYD walkthrough)', () => {
    const expected = reference['cond_exp_t52_(26,30.86,31)'];
    const value = paretoNbdConditionalExpectedPurchases(fit, row, 52);
    expect(Math.abs(value - expected.value)).toBeLessThanOrEqual(expected.tol);
  });

  it('E[X(t)] for t = 0..9 (lifetimes tests after R BTYD)', () => {
    const expected = reference['E_X_t_0..9'];
    expected.value.forEach((value, t) => {
      expect(Math.abs(paretoNbdExpectedPurchases(fit, t) - value)).toBeLessThanOrEqual(expected.atol);
    });
  });

  it('the underflow pair: 132 and 133 purchases with recency = T = 200 (lifetimes tests)', () => {
    const { params, t } = reference.underflow_pair;
    const at132 = paretoNbdConditionalExpectedPurchases(params, { frequency: 132, recency: 200, T: 200 }, t);
    const at133 = paretoNbdConditionalExpectedPurchases(params, { frequency: 133, recency: 200, T: 200 }, t);
    relative(at132, reference.underflow_pair['(132,200,200)'], 1e-12);
    relative(at133, reference.underflow_pair['(133,200,200)'], 1e-12);
  });

  it('fits columns to the same parameters as rows', () => {
    const byColumns = fitParetoNbdColumns({
      frequency: rows.map((r) => r.frequency),
      recency: rows.map((r) => r.recency),
      T: rows.map((r) => r.T),
    });
    expect(byColumns.r).toBeCloseTo(fit.r, 8);
    expect(byColumns.beta).toBeCloseTo(fit.beta, 6);
  });
});

// Values computed with mpmath (50 digits) from Fader & Hardie (2005) eq. 22, 24, 27 and FHL (2006) eq. 16, with
// mpmath.hyp2f1 on both branches: PA has α < β (R BTYD's CDNOW fit), PB α > β, PC α = β with s = 1.
const PA: ParetoNbdParams = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
const PB: ParetoNbdParams = { r: 0.55, alpha: 12, s: 0.6, beta: 8 };
const PC: ParetoNbdParams = { r: 0.55, alpha: 10, s: 1, beta: 10 };
const ROWS = [
  { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 2, recency: 30.43, T: 38.86 },
  { frequency: 26, recency: 30.86, T: 31 },
  { frequency: 200, recency: 38, T: 40 },
  { frequency: 3000, recency: 39.5, T: 40 },
  { frequency: 3, recency: 20, T: 20 },
];
const CASES: [string, ParetoNbdParams, number[], number[], number[], number[]][] = [
  [
    'α < β',
    PA,
    [
      -0.5211291959732854, -9.554510694614422, -39.132127883506136, 76.29563783185176, 9268.812355112957,
      -10.667773792058385,
    ],
    [0.29496148643704223, 0.8691106439681371, 0.9979177665519067, 0.092100965811001, 5.695885273139982e-10, 1],
    [
      0.13613219129286563, 1.850760790428699, 25.454913511499726, 15.117196754191458, 1.3987485375007498e-6,
      4.3551193143376095,
    ],
    [0.5935759370282291, 0.1655843795685014, 0.021487398379436137, 1.2091377025077258e-7],
  ],
  [
    'α > β',
    PB,
    [
      -0.4329390384540216, -9.722975235218131, -40.130611469314985, 70.50478539372321, 9184.889779055358,
      -10.91181028930698,
    ],
    [0.2412339047624673, 0.8609768605114289, 0.9977487182619982, 0.10352156237659699, 1.176690105958108e-9, 1],
    [
      0.10634970447073334, 1.75981457907427, 24.23203620012854, 16.348562051534003, 2.780283265368918e-6,
      4.05251681227663,
    ],
    [0.6483638650927834, 0.15687833523384587, 0.016689746437638653, 2.5797539776129678e-8],
  ],
  [
    'α = β, s = 1',
    PC,
    [
      -0.3922859840480178, -10.157300006048875, -39.425551948827525, 78.44169284332335, 9303.537971965936,
      -11.129929903076167,
    ],
    [0.12661634453578197, 0.7873520071827641, 0.9964259952311432, 0.05110730332991653, 2.377737605144457e-10, 1],
    [
      0.050472553402696865, 1.4551639766733768, 21.667460801732418, 7.307428735970747, 5.086555070322866e-7,
      3.569602622887447,
    ],
    [0.6753766012229678, 0.14996114952511888, 0.01448814862891088, 1.0783788473306951e-7],
  ],
];

describe('Pareto/NBD closed forms on both ₂F₁ branches (Fader & Hardie 2005; mpmath reference values)', () => {
  for (const [branch, params, ll, alive, expected52, pmf] of CASES) {
    it(`${branch}: log-likelihood (eq. 22), P(alive) (eq. 24), E over 52 periods (eq. 27), 3000 purchases`, () => {
      ROWS.forEach((row, i) => {
        expect(paretoNbdLogLikelihood(params, row)).toBeCloseTo(ll[i] as number, 8);
        relative(paretoNbdProbabilityAlive(params, row), alive[i] as number, 1e-9);
        relative(paretoNbdConditionalExpectedPurchases(params, row, 52), expected52[i] as number, 1e-9);
      });
    });

    it(`${branch}: P(X(39) = n) for n = 0, 1, 5, 50 (FHL 2006, eq. 16)`, () => {
      [0, 1, 5, 50].forEach((n, i) => {
        relative(paretoNbdProbabilityOfPurchases(params, 39, n), pmf[i] as number, 1e-8);
      });
    });
  }

  it('P(X(t) = n) sums to 1 and its mean is E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = paretoNbdProbabilityOfPurchases(PA, 10, n);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 7);
    expect(mean).toBeCloseTo(paretoNbdExpectedPurchases(PA, 10), 5);
    relative(paretoNbdProbabilityOfPurchases(PA, 5, 40), 1.4092712432042024e-21, 1e-6);
  });

  it('the unchecked columnar entry points give the same values', () => {
    for (const row of ROWS) {
      const { frequency: x, recency: tx, T } = row;
      expect(paretoNbdProbabilityAliveUnchecked(PB, x, tx, T)).toBe(paretoNbdProbabilityAlive(PB, row));
      const value = paretoNbdConditionalExpectedPurchases(PB, row, 52);
      expect(paretoNbdConditionalExpectedPurchasesUnchecked(PB, x, tx, T, 52)).toBe(value);
      const alive = paretoNbdProbabilityAliveUnchecked(PB, x, tx, T);
      expect(paretoNbdConditionalExpectedPurchasesUnchecked(PB, x, tx, T, 52, alive)).toBe(value);
    }
  });

  it('P(alive) at T + horizon is the probability at age T + horizon without purchase, and falls with it', () => {
    const row = { frequency: 2, recency: 30.43, T: 38.86 };
    const later = paretoNbdProbabilityAlive(PA, row, { horizon: 13 });
    expect(later).toBeCloseTo(paretoNbdProbabilityAlive(PA, { ...row, T: 51.86 }), 14);
    expect(later).toBeLessThan(paretoNbdProbabilityAlive(PA, row));
  });
});

describe('Pareto/NBD refuses bad input with a KehuValidationError naming the field', () => {
  it('names the parameter, the row field, the horizon and n', () => {
    const row = { frequency: 1, recency: 2, T: 3 };
    expect(() => paretoNbdLogLikelihood({ ...PA, s: 0 }, row)).toThrow(/parameter s/);
    expect(() => paretoNbdProbabilityAlive(PA, { frequency: 0, recency: 1, T: 3 })).toThrow(KehuValidationError);
    expect(() => paretoNbdProbabilityAlive(PA, row, { horizon: Number.NaN })).toThrow(/horizon/);
    expect(() => paretoNbdConditionalExpectedPurchases(PA, row, -1)).toThrow(KehuValidationError);
    expect(() => paretoNbdProbabilityOfPurchases(PA, 1, -1)).toThrow(KehuValidationError);
    try {
      paretoNbdLogLikelihood(PA, { frequency: 1, recency: 5, T: 3 });
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual(['recency']);
    }
  });

  it('refuses an empty data set and names the bad row of a fit', () => {
    expect(() => fitParetoNbd([])).toThrow(KehuValidationError);
    try {
      fitParetoNbdColumns({ frequency: [1, 2], recency: [1, 1], T: [2, Number.POSITIVE_INFINITY] });
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual(['T', 1]);
    }
  });
});

const params = fc.record({
  r: fc.double({ min: 0.01, max: 50, noNaN: true }),
  alpha: fc.double({ min: 0.01, max: 500, noNaN: true }),
  s: fc.double({ min: 0.01, max: 20, noNaN: true }),
  beta: fc.double({ min: 0.01, max: 500, noNaN: true }),
});
const history = fc
  .record({
    frequency: fc.integer({ min: 0, max: 5000 }),
    T: fc.double({ min: 0, max: 500, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : T * share }));

describe('Pareto/NBD invariants (issue 14 "Done when"; fast-check)', () => {
  it('P(alive) is in [0, 1] and every prediction is finite, also for thousands of purchases and T near 0', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 1000, noNaN: true }), (p, row, t) => {
        const alive = paretoNbdProbabilityAlive(p, row, { horizon: t });
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        expect(Number.isFinite(paretoNbdLogLikelihood(p, row))).toBe(true);
        const expected = paretoNbdConditionalExpectedPurchases(p, row, t);
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
          // Non-decreasing up to rounding: where the curve has flattened (thousands of purchases, T near 0,
          // t in the hundreds) two horizons can give values one ulp apart in either order.
          const ulps = (x: number) => x * (1 - 1e-13);
          const e1 = paretoNbdExpectedPurchases(p, short);
          expect(e1).toBeGreaterThanOrEqual(0);
          expect(paretoNbdExpectedPurchases(p, long)).toBeGreaterThanOrEqual(ulps(e1));
          const c1 = paretoNbdConditionalExpectedPurchases(p, row, short);
          expect(paretoNbdConditionalExpectedPurchases(p, row, long)).toBeGreaterThanOrEqual(ulps(c1));
        },
      ),
    );
  });

  it('the named extremes give finite values: 5000 purchases, T = 1e-9, recency = T', () => {
    for (const row of [
      { frequency: 5000, recency: 100, T: 100 },
      { frequency: 5000, recency: 1, T: 100 },
      { frequency: 0, recency: 0, T: 1e-9 },
      { frequency: 1, recency: 1e-9, T: 1e-9 },
    ]) {
      for (const p of [PA, PB, PC]) {
        for (const value of [
          paretoNbdLogLikelihood(p, row),
          paretoNbdProbabilityAlive(p, row, { horizon: 52 }),
          paretoNbdConditionalExpectedPurchases(p, row, 52),
        ]) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }
    }
  });
});
