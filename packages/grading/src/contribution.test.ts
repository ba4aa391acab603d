import { Decimal, KehuCurrencyMismatchError, KehuPolicyError, type TransactionSummary } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeByContribution } from './contribution.js';

const row = (customerId: string, net: string | number, currency = 'CNY'): TransactionSummary => ({
  customerId,
  currency,
  firstPurchaseAt: new Date(0),
  lastPurchaseAt: new Date(0),
  purchaseCount: 1,
  refundCount: 0,
  returnCount: 0,
  grossAmount: new Decimal(net).abs(),
  reversedAmount: new Decimal(0),
  netAmount: new Decimal(net),
});

describe('gradeByContribution (rules GR-1, GR-2, GR-6)', () => {
  it('reads the rules literally by default: top 10 diamond, ranks 11-50 gold, silver up to 80% of contribution, the rest regular', () => {
    const data = Array.from({ length: 200 }, (_, i) => row(`c-${String(i).padStart(3, '0')}`, 1000 - i * 5));
    const g = gradeByContribution(data);
    const tierOf = (rank: number) => g.grades.find((x) => x.rank === rank)!.tier;
    expect([tierOf(1), tierOf(10), tierOf(11), tierOf(50), tierOf(51)]).toEqual(['diamond', 'diamond', 'gold', 'gold', 'silver']);
    expect(g.distribution.diamond.customers).toBe(10);
    expect(g.distribution.gold.customers).toBe(40);
    const lastSilver = g.grades.filter((x) => x.tier === 'silver').at(-1)!;
    expect(lastSilver.shareBefore.lt(0.8)).toBe(true);
    const firstRegular = g.grades.find((x) => x.tier === 'regular')!;
    expect(firstRegular.shareBefore.gte(0.8)).toBe(true);
    expect(g.grades[0]!.reason).toMatch(/diamond: rank ≤ 10/);
    expect(g.grades[0]!.rules).toEqual(['GR-1', 'GR-2']);
    expect(lastSilver.rules).toContain('GR-6');
  });

  it('gives equal contributions at a boundary the same grade', () => {
    const data = [...Array.from({ length: 9 }, (_, i) => row(`top-${i}`, 1000 - i)), row('tie-a', 500), row('tie-b', 500), row('tie-c', 500), row('low', 1)];
    const g = gradeByContribution(data);
    expect(g.grades.filter((x) => x.customerId.startsWith('tie')).map((x) => [x.rank, x.tier])).toEqual([
      [10, 'diamond'],
      [10, 'diamond'],
      [10, 'diamond'],
    ]);
  });

  it('supports percentile, amount and combined cut-offs with minimum floors', () => {
    const data = Array.from({ length: 100 }, (_, i) => row(`c-${String(i).padStart(2, '0')}`, (100 - i) * 100));
    const g = gradeByContribution(data, {
      tiers: {
        diamond: { anyOf: [{ kind: 'percentile', topPercent: 5 }], minimum: '9700' },
        gold: { anyOf: [{ kind: 'amount', atLeast: '8000' }, { kind: 'rank', maxRank: 25 }] },
        silver: { anyOf: [{ kind: 'cumulative-share', upTo: 0.5 }] },
      },
    });
    expect(g.distribution.diamond.customers).toBe(4); // top 5% but the floor 9,700 keeps rank 5 (9,600) out
    expect(g.distribution.gold.customers).toBe(21);
    expect(g.grades.find((x) => x.rank === 5)!.tier).toBe('gold');
  });

  it('keeps customers without positive contribution regular, warns on empty input, refuses mixed currencies and bad policies', () => {
    const g = gradeByContribution([row('a', 100), row('b', 0), row('c', -50)]);
    expect(g.grades.map((x) => x.tier)).toEqual(['diamond', 'regular', 'regular']);
    expect(g.grades[2]!.reason).toMatch(/no positive contribution/);
    expect(gradeByContribution([]).warnings).toEqual(['no customers to grade']);
    expect(() => gradeByContribution([row('a', 1), row('b', 1, 'USD')])).toThrow(KehuCurrencyMismatchError);
    expect(() => gradeByContribution([], { tiers: { diamond: { anyOf: [] }, gold: { anyOf: [{ kind: 'rank', maxRank: 1 }] }, silver: { anyOf: [{ kind: 'rank', maxRank: 1 }] } } })).toThrow(KehuPolicyError);
    expect(() => gradeByContribution([], { windowDays: 0 })).toThrow(expect.objectContaining({ path: ['windowDays'] }));
  });

  it('shares are exact and sum to exactly 1; grades never depend on input order; higher contribution never gets a lower tier (properties)', () => {
    const order = ['diamond', 'gold', 'silver', 'regular'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 1_000_000 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 1000 }), (values, seed) => {
        const data = values.map((v, i) => row(`c-${i}`, new Decimal(v).div(100).toString()));
        const g = gradeByContribution(data);
        const sum = g.grades.reduce((s, x) => s.plus(x.share), new Decimal(0));
        if (g.total.isZero()) expect(sum.isZero()).toBe(true);
        else expect(sum.eq(1)).toBe(true);
        const shuffled = [...data].sort((a, b) => ((a.customerId.length * 31 + seed) % 7) - ((b.customerId.length * 31 + seed) % 7));
        expect(gradeByContribution(shuffled).grades.map((x) => [x.customerId, x.tier])).toEqual(g.grades.map((x) => [x.customerId, x.tier]));
        for (let i = 1; i < g.grades.length; i++) {
          expect(order.indexOf(g.grades[i]!.tier)).toBeGreaterThanOrEqual(order.indexOf(g.grades[i - 1]!.tier));
          if (g.grades[i]!.contribution.eq(g.grades[i - 1]!.contribution)) expect(g.grades[i]!.tier).toBe(g.grades[i - 1]!.tier);
        }
      }),
    );
  });
});
