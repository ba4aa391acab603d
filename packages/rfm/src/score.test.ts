import {
  Decimal,
  KehuCurrencyMismatchError,
  KehuPolicyError,
  parseTransaction,
  KehuValidationError,
  summaryRows,
  summaryTable,
  toTransactionColumns,
  type TransactionSummary,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rfmAt, rfmRows, rfmTable, scoreRfm } from './score.js';

const asOf = new Date(Date.UTC(2026, 5, 30));
const DAY = 86_400_000;
function row(
  customerId: string,
  daysAgo: number | null,
  purchases: number,
  net: string,
  currency = 'CNY',
): TransactionSummary {
  const last = daysAgo === null ? null : new Date(asOf.getTime() - daysAgo * DAY);
  return {
    customerId,
    currency,
    firstPurchaseAt: last,
    lastPurchaseAt: last,
    purchaseCount: purchases,
    refundCount: 0,
    returnCount: 0,
    grossAmount: new Decimal(net).abs(),
    reversedAmount: new Decimal(0),
    netAmount: new Decimal(net),
  };
}

describe('scoreRfm (rules RF-1, RF-2)', () => {
  it('scores R reversed, F and M ascending, 1..5, and reports the thresholds used', () => {
    const data = Array.from({ length: 10 }, (_, i) => row(`c-${i}`, i * 10, i + 1, `${(i + 1) * 100}.50`));
    const res = scoreRfm(data, { asOf });
    const c0 = res.scores.find((s) => s.customerId === 'c-0')!;
    const c9 = res.scores.find((s) => s.customerId === 'c-9')!;
    expect([c0.r, c0.f, c0.m]).toEqual([5, 1, 1]);
    expect([c9.r, c9.f, c9.m]).toEqual([1, 5, 5]);
    expect(res.thresholds.frequency.map((t) => [t.score, t.count, t.min, t.max])).toEqual([
      [1, 2, 1, 2],
      [2, 2, 3, 4],
      [3, 2, 5, 6],
      [4, 2, 7, 8],
      [5, 2, 9, 10],
    ]);
    expect(res.thresholds.monetary[4]).toMatchObject({ min: '900.5', max: '1000.5' });
    expect(res.scores.map((s) => s.customerId)).toEqual(data.map((d) => d.customerId));
  });

  it('gives equal values one score by default, so bins may be unequal; split ties with ntile give equal bins', () => {
    const data = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((id, i) => row(id, 1, i < 6 ? 1 : 2, '10'));
    const shared = scoreRfm(data, { asOf });
    expect(new Set(shared.scores.slice(0, 6).map((s) => s.f)).size).toBe(1);
    expect(new Set(shared.scores.map((s) => s.m))).toEqual(new Set([1]));
    const split = scoreRfm(data, { asOf, quantile: 'ntile', ties: 'split' });
    const counts = [1, 2, 3, 4, 5].map((k) => split.scores.filter((s) => s.m === k).length);
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('uses fixed cut points when given (bins − 1 per dimension)', () => {
    const data = [row('a', 10, 1, '50'), row('b', 45, 3, '500'), row('c', 400, 12, '5000')];
    const res = scoreRfm(data, {
      asOf,
      cutPoints: { recency: [30, 60, 90, 180], frequency: [2, 4, 8, 12], monetary: ['100', '1000', '2000', '5000'] },
    });
    expect(res.scores.map((s) => [s.r, s.f, s.m])).toEqual([
      [5, 1, 1],
      [4, 2, 2],
      [1, 5, 5],
    ]);
    expect(() => scoreRfm(data, { asOf, cutPoints: { recency: [30, 60] } })).toThrow(KehuPolicyError);
  });

  it('bins F within R and M within R-F when nested', () => {
    const data = Array.from({ length: 50 }, (_, i) =>
      row(`c-${String(i).padStart(2, '0')}`, i < 25 ? 1 : 300, (i % 25) + 1, `${(i % 5) + 1}`),
    );
    const res = scoreRfm(data, { asOf, binning: 'nested' });
    const rs = new Set(res.scores.map((s) => s.r));
    expect(rs.size).toBe(2);
    for (const r of rs) {
      const group = res.scores.filter((s) => s.r === r);
      expect(new Set(group.map((s) => s.f))).toEqual(new Set([1, 2, 3, 4, 5]));
    }
  });

  it('leaves customers without purchases unscored, warns on empty input, and refuses mixed currencies', () => {
    const res = scoreRfm([row('a', null, 0, '-5')], { asOf });
    expect(res.scores).toEqual([]);
    expect(res.unscored).toEqual([{ customerId: 'a', reason: 'no-purchase' }]);
    expect(res.warnings).toHaveLength(1);
    expect(scoreRfm([], { asOf }).warnings[0]).toMatch(/nothing to score/);
    expect(() => scoreRfm([row('a', 1, 1, '1'), row('b', 1, 1, '1', 'USD')], { asOf })).toThrow(
      KehuCurrencyMismatchError,
    );
    expect(
      scoreRfm([row('a', 1, 1, '1'), row('b', 1, 1, '1', 'USD')], { asOf, currency: 'USD' }).scores.map(
        (s) => s.customerId,
      ),
    ).toEqual(['b']);
    expect(() => scoreRfm([], { asOf: new Date(Number.NaN) })).toThrow(expect.objectContaining({ path: ['asOf'] }));
    expect(() => scoreRfm([], { asOf, bins: 1 })).toThrow(expect.objectContaining({ path: ['bins'] }));
    expect(() => scoreRfm([], { asOf, ties: 'split' })).toThrow(expect.objectContaining({ path: ['ties'] }));
  });

  const customers = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: -1000, max: 100_000 }),
    ),
    { minLength: 1, maxLength: 60 },
  );
  const policies = fc.record({
    bins: fc.integer({ min: 2, max: 10 }),
    quantile: fc.constantFrom('min-rank' as const, 'mid-rank' as const, 'ntile' as const),
    binning: fc.constantFrom('independent' as const, 'nested' as const),
  });

  it('keeps scores within 1..bins, gives ties one score, and is monotone in the value (properties)', () => {
    fc.assert(
      fc.property(customers, policies, (rows, policy) => {
        const data = rows.map(([days, n, cents], i) =>
          row(`c-${String(i).padStart(3, '0')}`, days, n, new Decimal(cents).div(100).toString()),
        );
        const snapshot = JSON.stringify(data);
        const res = scoreRfm(data, { asOf, ...policy });
        expect(JSON.stringify(data)).toBe(snapshot);
        for (const s of res.scores) for (const v of [s.r, s.f, s.m]) expect(v >= 1 && v <= policy.bins).toBe(true);
        if (policy.binning === 'independent') {
          for (const a of res.scores) {
            for (const b of res.scores) {
              if (a.frequency === b.frequency) expect(a.f).toBe(b.f);
              if (a.frequency < b.frequency) expect(a.f).toBeLessThanOrEqual(b.f);
              if (a.monetary.eq(b.monetary)) expect(a.m).toBe(b.m);
              if (a.monetary.lt(b.monetary)) expect(a.m).toBeLessThanOrEqual(b.m);
              if (a.recencyDays < b.recencyDays) expect(a.r).toBeGreaterThanOrEqual(b.r);
            }
          }
        }
        expect(scoreRfm(data, { asOf, ...policy })).toEqual(res);
      }),
    );
  });

  it('scores alike on the integer fast path and on the exact Decimal comparator path (property)', () => {
    // A monetary value with 16 decimal places cannot be held as exact units, which sends
    // scoring down the comparator path; it is the smallest value, so it changes no other score.
    fc.assert(
      fc.property(customers, policies, (rows, policy) => {
        const data = rows.map(([days, n, cents], i) =>
          row(`c-${String(i).padStart(3, '0')}`, days, n, new Decimal(cents).div(100).toString()),
        );
        const tiny = row('zz', 0, 1, '-1000.0000000000000001');
        const fast = scoreRfm([...data, row('zz', 0, 1, '-1001')], { asOf, ...policy });
        const slow = scoreRfm([...data, tiny], { asOf, ...policy });
        const strip = (r: typeof fast) =>
          r.scores.filter((x) => x.customerId !== 'zz').map((x) => [x.customerId, x.r, x.f, x.m]);
        expect(strip(slow)).toEqual(strip(fast));
      }),
    );
  });

  it('computes min-rank and mid-rank scores from the number of values below (reference, property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom('min-rank' as const, 'mid-rank' as const),
        (freqs, bins, quantile) => {
          const data = freqs.map((n, i) => row(`c-${String(i).padStart(2, '0')}`, 1, n, '1'));
          const res = scoreRfm(data, { asOf, bins, quantile });
          for (const s of res.scores) {
            const below = freqs.filter((x) => x < s.frequency).length;
            const equal = freqs.filter((x) => x === s.frequency).length;
            const rank = quantile === 'min-rank' ? below : below + (equal - 1) / 2;
            expect(s.f).toBe(Math.min(bins, 1 + Math.floor((bins * rank) / freqs.length)));
          }
        },
      ),
    );
  });

  it('returns scores in customer-id order whatever the input order', () => {
    const data = [row('b', 1, 1, '1'), row('😀', 2, 2, '2'), row('\uFFFD', 3, 3, '3'), row('a', 4, 4, '4')];
    expect(scoreRfm(data, { asOf }).scores.map((s) => s.customerId)).toEqual(['a', 'b', '\uFFFD', '😀']);
  });

  it('scores a SummaryTable exactly as its rows as objects, the table agreeing with the scores (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 60 }),
            fc.integer({ min: 0, max: 5_000_000 }),
            fc.constantFrom('purchase', 'refund', 'return'),
          ),
          { maxLength: 80 },
        ),
        policies,
        fc.constantFrom('net' as const, 'gross' as const),
        (rows, policy, monetary) => {
          const txs = rows.map(([day, cents, kind], i) =>
            parseTransaction({
              id: `t${i}`,
              customerId: `c-${i % 13}`,
              occurredAt: new Date(asOf.getTime() - day * DAY),
              amount: new Decimal(cents).div(100).toString(),
              currency: 'CNY',
              kind,
            }),
          );
          const columns = summaryTable(toTransactionColumns(txs, { currency: 'CNY', scale: 2 }), { window: { asOf } });
          const viaObjects = scoreRfm(summaryRows(columns), { asOf, monetary, ...policy });
          const table = rfmTable(columns, { asOf, monetary, ...policy });
          expect(rfmRows(table)).toEqual(viaObjects.scores);
          expect(table.ids.map((_, i) => rfmAt(table, i))).toEqual(viaObjects.scores);
          expect(table.thresholds).toEqual(viaObjects.thresholds);
          expect(table.unscored).toEqual(viaObjects.unscored);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('takes tables only in rfmTable and objects only in scoreRfm, and refuses a position outside the table', () => {
    const table = rfmTable(summaryTable(toTransactionColumns([], { currency: 'CNY' }), { window: { asOf } }), { asOf });
    expect(table.ids).toEqual([]);
    expect(() => rfmAt(table, 0)).toThrow(KehuValidationError);
    expect(() => rfmTable([] as never, { asOf })).toThrow(KehuValidationError);
    expect(() => scoreRfm(table as never, { asOf })).toThrow(KehuValidationError);
  });
});
