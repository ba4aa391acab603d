import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';
import { KehuValidationError } from './errors.js';
import { parseTransaction, type Transaction } from './transaction.js';
import { summarizeTransactions } from './summarize.js';

const t = (
  id: string,
  customerId: string,
  day: number,
  amount: string,
  kind = 'purchase',
  currency = 'CNY',
): Transaction =>
  parseTransaction({ id, customerId, occurredAt: new Date(Date.UTC(2026, 0, day)), amount, currency, kind });
const asOf = new Date(Date.UTC(2026, 0, 31));

describe('summarizeTransactions (rules AR-6, RF-1)', () => {
  it('nets refunds and returns without counting them as purchases', () => {
    const rows = summarizeTransactions(
      [
        t('1', 'c-2', 3, '100.10'),
        t('2', 'c-2', 5, '0.0001'),
        t('3', 'c-2', 6, '30.00', 'refund'),
        t('4', 'c-2', 7, '0.0001', 'return'),
        t('5', 'c-1', 2, '5'),
      ],
      { window: { asOf } },
    );
    expect(rows.map((r) => r.customerId)).toEqual(['c-1', 'c-2']);
    const c2 = rows[1]!;
    expect(c2).toMatchObject({ purchaseCount: 2, refundCount: 1, returnCount: 1, currency: 'CNY' });
    expect(c2.grossAmount.toString()).toBe('100.1001');
    expect(c2.reversedAmount.toString()).toBe('30.0001');
    expect(c2.netAmount.toString()).toBe('70.1');
    expect(c2.firstPurchaseAt?.getUTCDate()).toBe(3);
    expect(c2.lastPurchaseAt?.getUTCDate()).toBe(5);
  });

  it('counts from <= occurredAt < to and nothing after asOf; keeps currencies apart', () => {
    const data = [
      t('1', 'c', 1, '1'),
      t('2', 'c', 10, '2'),
      t('3', 'c', 20, '4'),
      t('4', 'c', 31, '8'),
      t('5', 'c', 31, '16', 'purchase', 'USD'),
      t('6', 'd', 25, '3', 'refund'),
    ];
    const rows = summarizeTransactions(data, {
      window: {
        asOf,
        from: new Date(Date.UTC(2026, 0, 10)),
        to: new Date(Date.UTC(2026, 0, 31)),
      },
    });
    expect(rows.map((r) => [r.customerId, r.currency, r.grossAmount.toString(), r.netAmount.toString()])).toEqual([
      ['c', 'CNY', '6', '6'],
      ['d', 'CNY', '0', '-3'],
    ]);
    expect(rows[1]!.firstPurchaseAt).toBeNull();
    const all = summarizeTransactions(data, { window: { asOf } });
    expect(all.map((r) => [r.customerId, r.currency, r.purchaseCount])).toEqual([
      ['c', 'CNY', 4],
      ['c', 'USD', 1],
      ['d', 'CNY', 0],
    ]);
    expect(summarizeTransactions(data, { window: { asOf: new Date(Date.UTC(2025, 0, 1)) } })).toEqual([]);
    expect(summarizeTransactions([], { window: { asOf } })).toEqual([]);
  });

  it('refuses a bad window with the bad field', () => {
    expect(() => summarizeTransactions([], { window: { asOf: new Date(Number.NaN) } })).toThrow(KehuValidationError);
    expect(() => summarizeTransactions([], { asOf } as never)).toThrow(KehuValidationError);
    expect(() => summarizeTransactions([], { window: { asOf, from: asOf, to: new Date(0) } })).toThrow(
      expect.objectContaining({ path: ['to'] }),
    );
  });

  it('conserves value: the net amounts add up to purchases minus reversals, exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'b', 'c'),
            fc.integer({ min: 1, max: 30 }),
            fc.bigInt({ min: 0n, max: 10n ** 20n }),
            fc.constantFrom('purchase', 'refund', 'return'),
          ),
          { maxLength: 40 },
        ),
        (rows) => {
          const txs = rows.map(([c, d, cents, kind], i) =>
            t(`t${i}`, c, d, `${cents}`.replace(/(\d{2})$/, '.$1'), kind),
          );
          const snapshot = JSON.stringify(txs);
          const out = summarizeTransactions(txs, { window: { asOf } });
          expect(JSON.stringify(txs)).toBe(snapshot);
          const expected = txs.reduce(
            (s, x) => (x.kind === 'purchase' ? s.plus(x.amount) : s.minus(x.amount)),
            new Decimal(0),
          );
          expect(out.reduce((s, r) => s.plus(r.netAmount), new Decimal(0)).eq(expected)).toBe(true);
          expect(out.reduce((s, r) => s + r.purchaseCount + r.refundCount + r.returnCount, 0)).toBe(txs.length);
        },
      ),
    );
  });
});
