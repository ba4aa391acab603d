import { summarizeTransactions, type SummaryWindow, type Transaction, type TransactionSummary } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { collect, expectInvalid } from './expect-error.js';
import { fixtureInstant, sampleTransaction } from './fixtures.js';
import type { Harness } from './harness.js';

/** A summary row in comparable form: exact decimal strings, ISO instants. */
function plain(r: TransactionSummary) {
  return {
    customerId: r.customerId,
    currency: r.currency,
    firstPurchaseAt: r.firstPurchaseAt?.toISOString() ?? null,
    lastPurchaseAt: r.lastPurchaseAt?.toISOString() ?? null,
    purchaseCount: r.purchaseCount,
    refundCount: r.refundCount,
    returnCount: r.returnCount,
    grossAmount: r.grossAmount.toString(),
    reversedAmount: r.reversedAmount.toString(),
    netAmount: r.netAmount.toString(),
  };
}

function data(): Transaction[] {
  const rows: Transaction[] = [];
  const customers = ['c-1', 'c-2', 'B', '中', '😀', 'ｚ'];
  customers.forEach((c, ci) => {
    for (let i = 0; i < 6; i++) {
      rows.push(
        sampleTransaction(`t-${ci}-${i}`, c, i * 600 + ci, {
          amount: `${ci * 1000 + i}.${String(i * 7).padStart(2, '0')}01`,
        }),
      );
    }
    rows.push(
      sampleTransaction(`t-${ci}-ref`, c, 3000 + ci, { kind: 'refund', amount: '10.5', relatesTo: `t-${ci}-1` }),
    );
    if (ci % 2 === 0)
      rows.push(
        sampleTransaction(`t-${ci}-ret`, c, 3100, { kind: 'return', amount: '0.0001', relatesTo: `t-${ci}-2` }),
      );
  });
  rows.push(sampleTransaction('t-usd', 'c-1', 50, { currency: 'USD', amount: '99999999999999999999.9999' }));
  rows.push(sampleTransaction('t-only-refund', 'c-refund-only', 1000, { kind: 'refund', amount: '5.00' }));
  rows.push(sampleTransaction('t-future', 'c-1', 100_000, { amount: '1.00' }));
  return rows;
}

/** `summarizeTransactions` pushdown (rule AR-6) agrees with the pure TypeScript summary. */
export function summarySuite(h: Harness): void {
  describe('transaction summary pushdown (rule AR-6)', () => {
    const windows: Array<[string, SummaryWindow]> = [
      ['as of a moment (the future purchase excluded)', { asOf: fixtureInstant(10_000) }],
      ['from and to', { asOf: fixtureInstant(10_000), from: fixtureInstant(600), to: fixtureInstant(3000) }],
      ['asOf exactly at a purchase (inclusive)', { asOf: fixtureInstant(1200) }],
      ['from only', { asOf: fixtureInstant(200_000), from: fixtureInstant(1800) }],
      ['before everything', { asOf: fixtureInstant(-1) }],
    ];
    it.each(windows)('returns the rows the pure summary gives: %s', async (_name, window) => {
      const s = await h.open();
      const rows = data();
      await s.transactions.append(rows);
      const expected = summarizeTransactions(rows, { window }).map(plain);
      const actual = (await collect(s.transactions.summarizeTransactions(window))).map(plain);
      expect(actual).toEqual(expected);
    });

    it('nets refunds and returns per customer and currency, one row each', async () => {
      const s = await h.open();
      await s.transactions.append(data());
      const rows = await collect(s.transactions.summarizeTransactions({ asOf: fixtureInstant(10_000) }));
      expect(rows.filter((r) => r.customerId === 'c-1').map((r) => r.currency)).toEqual(['CNY', 'USD']);
      const refundOnly = rows.find((r) => r.customerId === 'c-refund-only')!;
      expect(plain(refundOnly)).toMatchObject({
        purchaseCount: 0,
        refundCount: 1,
        firstPurchaseAt: null,
        grossAmount: '0',
        netAmount: '-5',
      });
      expect(rows.find((r) => r.currency === 'USD')!.grossAmount.toString()).toBe('99999999999999999999.9999');
    });

    it('gives no rows for an empty store and refuses an invalid window', async () => {
      const s = await h.open();
      expect(await collect(s.transactions.summarizeTransactions({ asOf: fixtureInstant() }))).toEqual([]);
      await expectInvalid(collect(s.transactions.summarizeTransactions({ asOf: new Date(Number.NaN) })));
      await expectInvalid(
        collect(
          s.transactions.summarizeTransactions({
            asOf: fixtureInstant(),
            from: fixtureInstant(5),
            to: fixtureInstant(1),
          }),
        ),
      );
    });
  });
}
