import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal, KehuValidationError, seededRandom } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitGammaGamma,
  fitGammaGammaColumns,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaMeanSpend,
} from './gamma-gamma.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-values.json'), 'utf8'))
  .gammagamma_cdnow_946_repeaters as {
  p: number;
  q: number;
  gamma_v: number;
  cond_avg_profit_first10: { value: number[]; atol: number };
  docs_first10: number[];
  docs_mean_cond: number;
  docs_mean_observed: number;
  'corr(m,x)': number;
};

/** CDNOW summary with spend: `ID,x,t_x,T,zbar` (zbar = mean spend of the repeat purchases, 0 without). */
function cdnow() {
  const lines = readFileSync(join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(1).map((line) => {
    const [, x, , , zbar] = line.split(',').map(Number);
    return { frequency: x as number, monetaryValue: zbar as number };
  });
}

const customers = cdnow();
const repeaters = customers.filter((c) => c.frequency > 0);

describe('fitGammaGamma reproduces gammagamma_cdnow_946_repeaters (Hardie note 025; lifetimes docs)', () => {
  const fit = fitGammaGamma(repeaters);

  it('fits the 946 repeat buyers: p 6.25, q 3.74, v 15.44 to two decimals', () => {
    expect(repeaters.length).toBe(946);
    expect(fit.model).toBe('gamma-gamma');
    expect(fit.customers).toBe(946);
    expect(fit.rows).toBeLessThan(946);
    expect(fit.p).toBeCloseTo(reference.p, 2);
    expect(fit.q).toBeCloseTo(reference.q, 2);
    expect(fit.v).toBeCloseTo(reference.gamma_v, 1);
    // scipy.optimize.minimize (BFGS from Nelder-Mead) on the same likelihood: p 6.248803, q 3.744588,
    // v 15.447746, LL −4055.923244; the lifetimes docs print v = 15.447748.
    expect(fit.p).toBeCloseTo(6.248803, 4);
    expect(fit.q).toBeCloseTo(3.744588, 4);
    expect(fit.v).toBeCloseTo(15.447746, 3);
    expect(fit.logLikelihood).toBeCloseTo(-4055.923244, 5);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.standardErrors).not.toBeNull();
    expect(fit.diagnostics.warnings).toEqual([]);
  });

  it('conditional expected average spend of the first ten customers (docs_first10, atol 0.1; tighter here)', () => {
    const first10 = customers.slice(0, 10).map((c) => gammaGammaExpectedSpend(fit, c));
    first10.forEach((value, i) => {
      expect(Math.abs(value - (reference.cond_avg_profit_first10.value[i] as number))).toBeLessThan(
        reference.cond_avg_profit_first10.atol,
      );
      expect(Math.abs(value - (reference.docs_first10[i] as number))).toBeLessThan(1e-4);
    });
  });

  it('the docs’ means: 35.2529588 expected over all 2,357 customers, 35.0785518 observed over repeaters', () => {
    const expected = customers.map((c) => gammaGammaExpectedSpend(fit, c));
    const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
    expect(mean).toBeCloseTo(reference.docs_mean_cond, 4);
    const observed = repeaters.reduce((a, c) => a + c.monetaryValue, 0) / repeaters.length;
    expect(observed).toBeCloseTo(reference.docs_mean_observed, 8);
    // Customers without repeat purchases get the population mean p v / (q − 1) = 35.170981 (docs_first10[2]).
    expect(gammaGammaMeanSpend(fit)).toBeCloseTo(reference.docs_first10[2] as number, 4);
    expect(gammaGammaExpectedSpend(fit, { frequency: 0 })).toBe(gammaGammaMeanSpend(fit));
  });

  it('the columnar fit and Decimal mean spends give the same parameters', () => {
    const columnar = fitGammaGammaColumns({
      frequency: Float64Array.from(repeaters, (c) => c.frequency),
      monetaryValue: Float64Array.from(repeaters, (c) => c.monetaryValue),
    });
    expect(columnar.p).toBeCloseTo(fit.p, 8);
    const decimals = fitGammaGamma(
      repeaters.map((c) => ({ ...c, monetaryValue: new Decimal(String(c.monetaryValue)) })),
    );
    expect(decimals.v).toBeCloseTo(fit.v, 8);
  });

  it('warns CORRELATED_SPEND only above the threshold (the docs report corr 0.113884 on CDNOW)', () => {
    const low = fitGammaGamma(repeaters, { correlationThreshold: 0.2 });
    expect(low.diagnostics.warnings.map((w) => w.code)).not.toContain('CORRELATED_SPEND');
    const high = fitGammaGamma(repeaters, { correlationThreshold: 0.1 });
    const warning = high.diagnostics.warnings.find((w) => w.code === 'CORRELATED_SPEND');
    expect(warning?.message).toContain('0.114');
  });
});

describe('Gamma-Gamma likelihood and predictions at fixed parameters (Hardie note 025, eqs. 3-5)', () => {
  const params = { p: 6.25, q: 3.74, v: 15.44 };
  it('log-likelihood of x = 2, m = 22.35 (scipy gammaln: −3.551316759731698)', () => {
    expect(gammaGammaLogLikelihood(params, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(-3.551316759731698, 10);
  });
  it('E[M | x, m] = p (v + x m) / (p x + q − 1) and the mean p v / (q − 1)', () => {
    expect(gammaGammaExpectedSpend(params, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(24.663713910761153, 12);
    expect(gammaGammaMeanSpend(params)).toBeCloseTo(35.21897810218978, 12);
  });
  it('the expected spend lies between the population mean and the customer’s own mean (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x, m) => {
        const value = gammaGammaExpectedSpend(params, { frequency: x, monetaryValue: m });
        const mean = gammaGammaMeanSpend(params);
        expect(value).toBeGreaterThanOrEqual(Math.min(mean, m) * (1 - 1e-12));
        expect(value).toBeLessThanOrEqual(Math.max(mean, m) * (1 + 1e-12));
      }),
    );
  });
});

describe('fitGammaGamma parameter recovery on simulated data', () => {
  it('recovers p 4, q 3, v 20 from 5,000 simulated repeat buyers within 20%', async () => {
    const { sampleGamma } = await import('./random.js');
    const random = seededRandom(14);
    const rows = [];
    for (let i = 0; i < 5000; i++) {
      const nu = sampleGamma(random, 3, 20);
      const x = 1 + Math.floor(random.next() * 8);
      let sum = 0;
      for (let j = 0; j < x; j++) sum += sampleGamma(random, 4, nu);
      rows.push({ frequency: x, monetaryValue: sum / x });
    }
    const fit = fitGammaGamma(rows);
    expect(fit.p).toBeGreaterThan(3.2);
    expect(fit.p).toBeLessThan(4.8);
    expect(fit.q).toBeGreaterThan(2.4);
    expect(fit.q).toBeLessThan(3.6);
    expect(fit.v).toBeGreaterThan(16);
    expect(fit.v).toBeLessThan(24);
  });
});

describe('fitGammaGamma on extreme data (fast-check)', () => {
  it('never returns NaN parameters: one customer, spends from 1e-6 to 1e6, thousands of purchases', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            frequency: fc.integer({ min: 1, max: 5000 }),
            monetaryValue: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (rows) => {
          const fit = fitGammaGamma(rows);
          for (const value of [fit.p, fit.q, fit.v, fit.logLikelihood]) expect(Number.isFinite(value)).toBe(true);
          expect(fit.p > 0 && fit.q > 0 && fit.v > 0).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('Gamma-Gamma refuses bad input with a KehuValidationError naming the row and field', () => {
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(KehuValidationError);
      return error as KehuValidationError;
    }
    throw new Error('expected a refusal');
  };
  it('a customer without repeat purchases is refused: Gamma-Gamma models repeat buyers', () => {
    const error = refusal(() =>
      fitGammaGamma([
        { frequency: 2, monetaryValue: 10 },
        { frequency: 0, monetaryValue: 0 },
      ]),
    );
    expect(error.path).toEqual([1, 'frequency']);
    expect(error.message).toContain('repeat buyers');
    expect(error.message).toContain('row 1');
  });
  it('non-positive, non-finite spend, bad weights, empty data, bad parameters', () => {
    expect(refusal(() => fitGammaGamma([{ frequency: 1, monetaryValue: 0 }])).path).toEqual([0, 'monetaryValue']);
    expect(refusal(() => fitGammaGamma([{ frequency: 1, monetaryValue: Number.NaN }])).path).toEqual([
      0,
      'monetaryValue',
    ]);
    expect(refusal(() => fitGammaGamma([{ frequency: 1.5, monetaryValue: 3 }])).path).toEqual([0, 'frequency']);
    expect(refusal(() => fitGammaGamma([{ frequency: 1, monetaryValue: 3, weight: 0 }])).path).toEqual([0, 'weight']);
    expect(refusal(() => fitGammaGamma([])).path).toEqual([]);
    expect(refusal(() => fitGammaGammaColumns({ frequency: [1, 2], monetaryValue: [3] })).path).toEqual([
      'monetaryValue',
    ]);
    expect(refusal(() => gammaGammaMeanSpend({ p: 1, q: 0.5, v: 1 })).path).toEqual(['q']);
    expect(
      refusal(() => gammaGammaExpectedSpend({ p: 1, q: -1, v: 1 }, { frequency: 1, monetaryValue: 1 })).path,
    ).toEqual(['q']);
  });
});
