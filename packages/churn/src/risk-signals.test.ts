import { Decimal, KehuCurrencyMismatchError, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { type RiskTransaction, riskSatisfactionScores, riskSignalsFrom } from './risk-signals.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const day = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
const buy = (customerId: string, daysAgo: number, amount: string, kind: RiskTransaction['kind'] = 'purchase') => ({
  customerId,
  occurredAt: day(daysAgo),
  kind,
  amount: new Decimal(amount),
  currency: 'CNY',
});

const validationError = (f: () => unknown): KehuValidationError => {
  try {
    f();
  } catch (e) {
    if (e instanceof KehuValidationError) return e;
    throw e;
  }
  throw new Error('expected a KehuValidationError');
};

describe('riskSignalsFrom: the inputs of the risk score from plain data (rule CH-1)', () => {
  const transactions = [
    buy('c-1', 300, '100.00'),
    buy('c-1', 150, '200.00'),
    buy('c-1', 120, '300.00'),
    buy('c-1', 120, '50.00'), // same instant: one purchase, both amounts count as spend
    buy('c-1', 30, '80.10'),
    buy('c-1', 10, '500.00', 'refund'), // not a purchase
    buy('c-1', -5, '999.00'), // after asOf: not yet known
    buy('c-2', 40, '10.00'),
    buy('c-9', 40, '10.00'), // a customer not listed
  ];

  it('CH-1: counts purchases and exact spend per window and the usual gap, refunds left out', () => {
    const [one, two, three] = riskSignalsFrom(
      {
        customers: [{ id: 'c-1', owner: 'am-1', tier: 'gold' }, { id: 'c-2', ownerId: 'am-2' }, { id: 'c-3' }],
        transactions,
      },
      {},
      { asOf },
    );
    expect(one).toMatchObject({
      customerId: 'c-1',
      ownerId: 'am-1',
      tier: 'gold',
      lastPurchaseAt: day(30),
      // Purchase instants 300, 150, 120 and 30 days ago: (300 − 30) / 3 = 90 days.
      usualGapDays: 90,
      recentPurchases: 1,
      previousPurchases: 2,
      satisfaction: null,
      openComplaints: null,
      pAlive: null,
    });
    expect(String(one?.recentSpend)).toBe('80.1');
    expect(String(one?.previousSpend)).toBe('550');
    expect(two).toMatchObject({ ownerId: 'am-2', usualGapDays: null, recentPurchases: 1, previousPurchases: 0 });
    expect(three).toMatchObject({ lastPurchaseAt: null, usualGapDays: null, recentPurchases: 0 });
  });

  it('takes satisfaction signals as @kehu/satisfaction gives them, complaint counts and P(alive)', () => {
    const [one] = riskSignalsFrom(
      {
        customers: [{ id: 'c-1' }],
        transactions,
        satisfaction: [{ customerId: 'c-1', latest: { score: 2 }, previous: { score: 4 }, scale: { min: 1, max: 5 } }],
        complaints: [{ customerId: 'c-1', openComplaints: 2, slaBreaches: 1 }],
        pAlive: new Map([['c-1', 0.3]]),
      },
      {},
      { asOf },
    );
    expect(one).toMatchObject({ openComplaints: 2, slaBreaches: 1, pAlive: 0.3 });
    expect(riskSatisfactionScores(one?.satisfaction)).toEqual({ latest: 2, previous: 4, min: 1, max: 5 });
    expect(riskSatisfactionScores({ latest: 3, previous: null, min: 0, max: 10 })).toEqual({
      latest: 3,
      previous: null,
      min: 0,
      max: 10,
    });
  });

  it('refuses mixed currencies, customers listed twice, bad counts and off-scale scores', () => {
    const usd = { ...buy('c-1', 20, '5.00'), currency: 'USD' };
    expect(() =>
      riskSignalsFrom({ customers: [{ id: 'c-1' }], transactions: [...transactions, usd] }, {}, { asOf }),
    ).toThrow(KehuCurrencyMismatchError);
    expect(
      validationError(() => riskSignalsFrom({ customers: [{ id: 'a' }, { id: 'a' }], transactions: [] }, {}, { asOf }))
        .path,
    ).toEqual(['customers', 1, 'id']);
    expect(
      validationError(() =>
        riskSignalsFrom(
          { customers: [{ id: 'a' }], transactions: [], complaints: [{ customerId: 'a', openComplaints: -1 }] },
          {},
          { asOf },
        ),
      ).path,
    ).toEqual(['complaints', 0, 'openComplaints']);
    expect(
      validationError(() =>
        riskSignalsFrom(
          { customers: [{ id: 'a' }], transactions: [{ ...buy('a', 1, '1'), occurredAt: new Date(Number.NaN) }] },
          {},
          { asOf },
        ),
      ).path,
    ).toEqual(['transactions', 0, 'occurredAt']);
    expect(validationError(() => riskSatisfactionScores({ latest: 6, previous: null, min: 1, max: 5 })).path).toEqual([
      'latest',
    ]);
    expect(validationError(() => riskSignalsFrom({ customers: [], transactions: [] }, {}, {} as never)).path).toEqual([
      'asOf',
    ]);
  });
});
