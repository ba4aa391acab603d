import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.js';
import { clv, clvAt, clvRows, clvTable } from './clv.js';
import { fitGammaGamma } from './gamma-gamma.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-values.json'), 'utf8'))
  .gammagamma_cdnow_946_repeaters as Record<string, unknown>;
const DOCS_CLV = reference['docs_clv_12mo_d0.01_freqD_first10'] as number[];

/** cdnow_customers_summary_with_transactions.csv: `ID,x,t_x,T,zbar` in weeks; zbar = mean repeat spend. */
const customers = readFileSync(join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [id, x, tx, T, zbar] = line.split(',');
    return { id: id as string, frequency: Number(x), recency: Number(tx), T: Number(T), monetaryValue: Number(zbar) };
  });

describe('clv reproduces docs_clv_12mo_d0.01_freqD_first10 (lifetimes Quickstart)', () => {
  // As the lifetimes docs do: BG/NBD on all 2,357 customers, Gamma-Gamma on the 946 repeat buyers, 12 months,
  // d = 0.01 a month, freq 'D' (30 model periods a month, although the summary is in weeks).
  const bgNbd = fitBgNbd(customers);
  const gammaGamma = fitGammaGamma(customers.filter((c) => c.frequency > 0));
  const options = { horizon: 12, discountRate: 0.01, period: 'day' as const, decimalPlaces: 6 };

  it('the first ten customers within 0.001 (the docs print their own fit’s values to six decimals)', () => {
    // numpy/scipy re-computation of lifetimes' formula with our scipy re-fit gives 140.0961982, 18.9434619, …
    customers.slice(0, 10).forEach((c, i) => {
      const result = clv(
        {
          transactions: { fit: bgNbd, history: c },
          spend: { model: gammaGamma, monetaryValue: c.monetaryValue },
        },
        options,
      );
      expect(result.clv).toBeInstanceOf(Decimal);
      expect(Math.abs(result.clv.toNumber() - (DOCS_CLV[i] as number))).toBeLessThan(1e-3);
      expect(result.transactionModel).toBe('bg-nbd');
      expect(result.months).toBe(12);
      expect(result.periodsPerMonth).toBe(30);
    });
  });

  it('clvTable gives the same rows as clv, and periodsPerMonth 30 equals period "day"', () => {
    const first = customers.slice(0, 50);
    const table = clvTable(
      {
        ids: first.map((c) => c.id),
        frequency: first.map((c) => c.frequency),
        recency: first.map((c) => c.recency),
        T: first.map((c) => c.T),
        monetaryValue: first.map((c) => c.monetaryValue),
      },
      { ...options, period: undefined, periodsPerMonth: 30, transactionModel: bgNbd, spendModel: gammaGamma },
    );
    const rows = clvRows(table);
    expect(rows).toHaveLength(50);
    first.forEach((c, i) => {
      const single = clv(
        { transactions: { fit: bgNbd, history: c }, spend: { model: gammaGamma, monetaryValue: c.monetaryValue } },
        options,
      );
      expect(clvAt(table, i)).toEqual({ id: c.id, ...single });
    });
    expect(Math.abs((rows[5]?.clv.toNumber() ?? 0) - (DOCS_CLV[5] as number))).toBeLessThan(1e-3);
  });
});

describe('clv formula (Fader, Hardie & Lee 2005, eq. 4 in monthly steps)', () => {
  it('a linear purchase rate of 2 a month at $10, 3 months, d = 0: 60; d = 0.1: 20·(1/1.1 + 1/1.21 + 1/1.331)', () => {
    const transactions = { expectedPurchasesUpTo: (t: number) => (2 * t) / 4.345 };
    const flat = clv({ transactions, spend: { amount: '10' } }, { horizon: 3, period: 'week', discountRate: 0 });
    expect(flat.clv.toString()).toBe('60');
    expect(flat.expectedPurchases).toBeCloseTo(6, 12);
    const discounted = clv(
      { transactions, spend: { amount: '10' } },
      { horizon: 3, period: 'week', discountRate: 0.1 },
    );
    expect(discounted.clv.toString()).toBe(
      new Decimal(20 / 1.1 + 20 / 1.21 + 20 / 1.331).toDecimalPlaces(2).toString(),
    );
    expect(discounted.transactionModel).toBe('function');
  });
  it('horizonUnit years is 12 months; horizon 0 is worth 0', () => {
    const transactions = { expectedPurchasesUpTo: (t: number) => t };
    const years = clv(
      { transactions, spend: { amount: 1 } },
      { horizon: 1, horizonUnit: 'years', period: 'month', discountRate: 0 },
    );
    expect(years.clv.toNumber()).toBe(12);
    expect(years.months).toBe(12);
    const none = clv({ transactions, spend: { amount: 1 } }, { horizon: 0, period: 'month', discountRate: 0 });
    expect(none.clv.isZero()).toBe(true);
  });
  it('CLV is non-negative and does not grow with the discount rate (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        (rate, d1, d2, horizon) => {
          const transactions = { expectedPurchasesUpTo: (t: number) => rate * Math.sqrt(t) };
          const at = (d: number) =>
            clv(
              { transactions, spend: { amount: '25.5' } },
              { horizon, period: 'week', discountRate: d, decimalPlaces: 10 },
            ).clv;
          const [low, high] = d1 < d2 ? [d1, d2] : [d2, d1];
          expect(at(high).isNegative()).toBe(false);
          expect(at(high).lte(at(low))).toBe(true);
        },
      ),
    );
  });
});

describe('clv refuses unclear units and bad input with a KehuValidationError naming the field', () => {
  const path = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(KehuValidationError);
      return (error as KehuValidationError).path;
    }
    throw new Error('expected a refusal');
  };
  const transactions = { expectedPurchasesUpTo: (t: number) => t };
  const spend = { amount: '1' };
  it('the model period must be stated, once', () => {
    expect(path(() => clv({ transactions, spend }, { horizon: 1, discountRate: 0 }))).toEqual(['periodsPerMonth']);
    expect(
      path(() => clv({ transactions, spend }, { horizon: 1, discountRate: 0, period: 'day', periodsPerMonth: 30 })),
    ).toEqual(['periodsPerMonth']);
    expect(path(() => clv({ transactions, spend }, { horizon: 1, discountRate: 0, period: 'hour' as 'day' }))).toEqual([
      'period',
    ]);
  });
  it('horizon, discount rate, spend and a falling or NaN expectation', () => {
    const units = { period: 'month' as const };
    expect(path(() => clv({ transactions, spend }, { ...units, horizon: 1.5, discountRate: 0 }))).toEqual(['horizon']);
    expect(path(() => clv({ transactions, spend }, { ...units, horizon: 1, discountRate: -0.1 }))).toEqual([
      'discountRate',
    ]);
    expect(
      path(() => clv({ transactions, spend: { amount: 0.1 } }, { ...units, horizon: 1, discountRate: 0 })),
    ).toEqual(['spend', 'amount']);
    expect(
      path(() =>
        clv(
          { transactions: { expectedPurchasesUpTo: (t) => 5 - t }, spend },
          { ...units, horizon: 3, discountRate: 0 },
        ),
      ),
    ).toEqual(['transactions']);
    expect(
      path(() =>
        clv(
          { transactions: { expectedPurchasesUpTo: () => Number.NaN }, spend },
          { ...units, horizon: 3, discountRate: 0 },
        ),
      ),
    ).toEqual(['transactions']);
  });
  it('a history with recency beyond T, an unknown fit, and a table without a spend source', () => {
    const fit = { model: 'bg-nbd', r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } as Parameters<
      typeof clvTable
    >[1]['transactionModel'];
    const options = { period: 'week' as const, horizon: 1, discountRate: 0 };
    expect(
      path(() => clv({ transactions: { fit, history: { frequency: 1, recency: 5, T: 3 } }, spend }, options)),
    ).toEqual(['transactions', 'history', 'recency']);
    expect(
      path(() =>
        clv(
          {
            transactions: {
              fit: { ...fit, model: 'nbd' } as unknown as typeof fit,
              history: { frequency: 0, recency: 0, T: 3 },
            },
            spend,
          },
          options,
        ),
      ),
    ).toEqual(['transactions', 'fit', 'model']);
    const columns = { ids: ['a', 'b'], frequency: [0, 1], recency: [0, 4], T: [3, 3] };
    expect(path(() => clvTable({ ...columns, spend: ['1', '2'] }, { ...options, transactionModel: fit }))).toEqual([
      'recency',
      1,
    ]);
    expect(path(() => clvTable({ ...columns, recency: [0, 2] }, { ...options, transactionModel: fit }))).toEqual([
      'spend',
    ]);
  });
});
