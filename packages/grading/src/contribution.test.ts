import {
  Decimal,
  KehuCurrencyMismatchError,
  KehuPolicyError,
  KehuValidationError,
  parseTransaction,
  summaryRows,
  summaryTable,
  toTransactionColumns,
  type TransactionSummary,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributionAt, contributionRows, contributionTable, gradeByContribution } from './contribution.js';
import { SHARE_PLACES } from './shares.js';
import { summaryRow as row } from './test-support.js';

describe('gradeByContribution (rules GR-1, GR-2, GR-6)', () => {
  it('reads the rules literally: top 10 diamond, ranks 11-50 gold, silver to 80% of contribution, rest regular', () => {
    const data = Array.from({ length: 200 }, (_, i) => row(`c-${String(i).padStart(3, '0')}`, 1000 - i * 5));
    const g = gradeByContribution(data);
    const tierOf = (rank: number) => g.grades.find((x) => x.rank === rank)!.tier;
    expect([tierOf(1), tierOf(10), tierOf(11), tierOf(50), tierOf(51)]).toEqual([
      'diamond',
      'diamond',
      'gold',
      'gold',
      'silver',
    ]);
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
    const data = [
      ...Array.from({ length: 9 }, (_, i) => row(`top-${i}`, 1000 - i)),
      row('tie-a', 500),
      row('tie-b', 500),
      row('tie-c', 500),
      row('low', 1),
    ];
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
        gold: {
          anyOf: [
            { kind: 'amount', atLeast: '8000' },
            { kind: 'rank', maxRank: 25 },
          ],
        },
        silver: { anyOf: [{ kind: 'cumulative-share', upTo: 0.5 }] },
      },
    });
    expect(g.distribution.diamond.customers).toBe(4); // top 5% but the floor 9,700 keeps rank 5 (9,600) out
    expect(g.distribution.gold.customers).toBe(21);
    expect(g.grades.find((x) => x.rank === 5)!.tier).toBe('gold');
  });

  it('keeps non-positive contributions regular, warns on empty input, refuses mixed currencies, bad policies', () => {
    const g = gradeByContribution([row('a', 100), row('b', 0), row('c', -50)]);
    expect(g.grades.map((x) => x.tier)).toEqual(['diamond', 'regular', 'regular']);
    expect(g.grades[2]!.reason).toMatch(/no positive contribution/);
    expect(gradeByContribution([]).warnings).toEqual(['no customers to grade']);
    expect(() => gradeByContribution([row('a', 1), row('b', 1, 'USD')])).toThrow(KehuCurrencyMismatchError);
    expect(() =>
      gradeByContribution([], {
        tiers: {
          diamond: { anyOf: [] },
          gold: { anyOf: [{ kind: 'rank', maxRank: 1 }] },
          silver: { anyOf: [{ kind: 'rank', maxRank: 1 }] },
        },
      }),
    ).toThrow(KehuPolicyError);
    expect(() => gradeByContribution([], { windowDays: 0 })).toThrow(expect.objectContaining({ path: ['windowDays'] }));
  });

  it('has exact shares summing to 1, order-free grades, never a lower tier for more contribution (properties)', () => {
    const order = ['diamond', 'gold', 'silver', 'regular'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 1_000_000 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: 1000 }),
        (values, seed) => {
          const data = values.map((v, i) => row(`c-${i}`, new Decimal(v).div(100).toString()));
          const g = gradeByContribution(data);
          const sum = g.grades.reduce((s, x) => s.plus(x.share), new Decimal(0));
          if (g.total.isZero()) expect(sum.isZero()).toBe(true);
          else expect(sum.eq(1)).toBe(true);
          const shuffled = [...data].sort(
            (a, b) => ((a.customerId.length * 31 + seed) % 7) - ((b.customerId.length * 31 + seed) % 7),
          );
          expect(gradeByContribution(shuffled).grades.map((x) => [x.customerId, x.tier])).toEqual(
            g.grades.map((x) => [x.customerId, x.tier]),
          );
          for (let i = 1; i < g.grades.length; i++) {
            expect(order.indexOf(g.grades[i]!.tier)).toBeGreaterThanOrEqual(order.indexOf(g.grades[i - 1]!.tier));
            if (g.grades[i]!.contribution.eq(g.grades[i - 1]!.contribution))
              expect(g.grades[i]!.tier).toBe(g.grades[i - 1]!.tier);
          }
        },
      ),
    );
  });

  it('grades alike on the integer fast path and on the BigInt path (property)', () => {
    // A contribution with 16 decimal places cannot be held as exact double units; being
    // negative, it changes nobody else's rank, tier or share.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 1_000_000 }), { minLength: 1, maxLength: 80 }), (values) => {
        const data = values.map((v, i) => row(`c-${i}`, new Decimal(v).div(100).toString()));
        const fast = gradeByContribution([...data, row('zz', '-1000')]);
        const slow = gradeByContribution([...data, row('zz', '-1000.0000000000000001')]);
        const view = (g: typeof fast) =>
          g.grades
            .filter((x) => x.customerId !== 'zz')
            .map((x) => [x.customerId, x.tier, x.rank, x.share.toString(), x.cumulativeShare.toString(), x.reason]);
        expect(view(slow)).toEqual(view(fast));
        expect(slow.total.eq(fast.total)).toBe(true);
        expect(slow.distribution.diamond).toEqual(fast.distribution.diamond);
      }),
    );
  });

  it('explains each grade with rank, cumulative share before it and the rule; distribution adds up', () => {
    const data = [row('a', '60'), row('b', '30'), row('c', '10'), row('d', '-5')];
    const g = gradeByContribution(data, {
      tiers: {
        diamond: { anyOf: [{ kind: 'rank', maxRank: 1 }] },
        gold: { anyOf: [{ kind: 'cumulative-share', upTo: 0.9 }] },
        silver: { anyOf: [{ kind: 'amount', atLeast: '10' }] },
      },
    });
    expect(g.grades.map((x) => [x.customerId, x.tier, x.shareBefore.toString(), x.cumulativeShare.toString()])).toEqual(
      [
        ['a', 'diamond', '0', '0.6'],
        ['b', 'gold', '0.6', '0.9'],
        ['c', 'silver', '0.9', '1'],
        ['d', 'regular', '1', '1'],
      ],
    );
    expect(g.grades[1]!.reason).toBe(
      'gold: within the customers making up 90% of contribution (rank 2, 60% of contribution before this customer)',
    );
    expect(g.total.toString()).toBe('100');
    expect(g.distribution.regular).toEqual({ customers: 1, contribution: new Decimal(-5), share: new Decimal(0) });
  });

  it('contributionTable holds the same grading in columns, and contributionAt gives back each grade (property)', () => {
    const tableOf = (data: TransactionSummary[]) =>
      summaryTable(
        toTransactionColumns(
          data.map((s, i) =>
            parseTransaction({
              id: `t${i}`,
              customerId: s.customerId,
              occurredAt: new Date(Date.UTC(2026, 0, 1)),
              amount: s.netAmount.abs().toString(),
              currency: 'CNY',
              kind: s.netAmount.isNegative() ? 'refund' : 'purchase',
            }),
          ),
          { currency: 'CNY', scale: 2 },
        ),
        { window: { asOf: new Date(Date.UTC(2026, 1, 1)) } },
      );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 5000 }), { minLength: 0, maxLength: 80 }), (values) => {
        const data = values.map((v, i) => row(`c-${i}`, new Decimal(v).div(100).toString()));
        const full = gradeByContribution(data);
        const table = contributionTable(tableOf(data));
        expect(table.ids).toEqual(full.grades.map((g) => g.customerId));
        expect(table.tiers).toEqual(full.grades.map((g) => g.tier));
        expect([...table.ranks]).toEqual(full.grades.map((g) => g.rank));
        expect(table.distribution).toEqual(full.distribution);
        full.grades.forEach((g, k) => expect(contributionAt(table, k)).toEqual(g));
        expect(contributionRows(table)).toEqual(full.grades);
        const sum = [...table.shareUnits].reduce((s, u) => s + u, 0n);
        expect(sum === 0n || sum === 10n ** BigInt(SHARE_PLACES)).toBe(true);
      }),
      { numRuns: 150 },
    );
    const one = contributionTable(tableOf([row('a', 1)]));
    for (const bad of [-1, 1, 0.5]) expect(() => contributionAt(one, bad)).toThrow(KehuValidationError);
    expect(() => contributionTable([row('a', 1)] as never)).toThrow(KehuValidationError);
    expect(() => gradeByContribution(one as never)).toThrow(KehuValidationError);
  });

  it('grades a SummaryTable exactly as its rows as objects, positions mapped to input rows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 30 }),
            fc.integer({ min: 0, max: 500_000 }),
            fc.constantFrom('purchase', 'refund'),
          ),
          { maxLength: 80 },
        ),
        fc.constantFrom('net' as const, 'gross' as const),
        (rows, basis) => {
          const txs = rows.map(([c, cents, kind], i) =>
            parseTransaction({
              id: `t${i}`,
              customerId: `c-${c}`,
              occurredAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))),
              amount: new Decimal(cents).div(100).toString(),
              currency: 'CNY',
              kind,
            }),
          );
          const columns = summaryTable(toTransactionColumns(txs, { currency: 'CNY', scale: 2 }), {
            window: { asOf: new Date(Date.UTC(2026, 1, 1)) },
          });
          const policy = {
            basis,
            tiers: {
              diamond: { anyOf: [{ kind: 'rank' as const, maxRank: 2 }], minimum: '10.5' },
              gold: { anyOf: [{ kind: 'amount' as const, atLeast: '1000.005' }] },
              silver: { anyOf: [{ kind: 'cumulative-share' as const, upTo: 0.9 }] },
            },
          };
          const viaObjects = gradeByContribution(summaryRows(columns), policy);
          const table = contributionTable(columns, policy);
          expect(contributionRows(table)).toEqual(viaObjects.grades);
          expect(table.distribution).toEqual(viaObjects.distribution);
          // (An empty table still knows its currency; no objects know none.)
          expect(table.currency).toBe('CNY');
          table.ids.forEach((id, k) => expect(columns.ids[table.inputIndex[k]!]).toBe(id));
        },
      ),
      { numRuns: 150 },
    );
  });
});
