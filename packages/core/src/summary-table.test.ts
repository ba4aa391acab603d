import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { parseTransaction, type Transaction } from './transaction.js';
import { isSummaryTable, summaryAt, summaryRows, summaryTable } from './summary-table.js';
import { toTransactionColumns, tryTransactionColumns, type TransactionColumns } from './transaction-columns.js';
import { summarizeTransactions } from './summarize.js';

const DAY = 86_400_000;
const t = (
  id: string,
  customerId: string,
  day: number,
  amount: string,
  kind = 'purchase',
  currency = 'CNY',
): Transaction =>
  parseTransaction({ id, customerId, occurredAt: new Date(Date.UTC(2026, 0, 1) + day * DAY), amount, currency, kind });
const asOf = new Date(Date.UTC(2026, 1, 1));

/** The Decimal loop of `summarizeTransactions`: a non-array iterable never takes the columnar fast path. */
function* iterate<T>(xs: readonly T[]): Iterable<T> {
  yield* xs;
}

const txArb = fc.array(
  fc.tuple(
    fc.constantFrom('b', 'a', 'c-1', 'c-10', 'c-2', '😀', '\uFFFD'),
    fc.integer({ min: 0, max: 40 }),
    fc.bigInt({ min: 0n, max: 10n ** 15n }),
    fc.constantFrom('purchase', 'refund', 'return'),
  ),
  { maxLength: 60 },
);

describe('summarizeColumns (rules AR-6, RF-1)', () => {
  it('gives exactly the rows of the Decimal loop, for any window (property)', () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 45 }), (rows, from, to) => {
        const txs = rows.map(([c, d, units, kind], i) =>
          t(`t${i}`, c, d, `${units}`.padStart(5, '0').replace(/(\d{4})$/, '.$1'), kind),
        );
        const window = {
          asOf,
          from: new Date(Date.UTC(2026, 0, 1) + from * DAY),
          to: new Date(Date.UTC(2026, 0, 1) + Math.max(from, to) * DAY),
        };
        const reference = summarizeTransactions(iterate(txs), { window });
        expect(summaryRows(summaryTable(toTransactionColumns(txs, { currency: 'CNY' }), { window }))).toEqual(
          reference,
        );
        // The array entry point takes the fast path and agrees too.
        expect(summarizeTransactions(txs, { window })).toEqual(reference);
        expect(summarizeTransactions(txs, { window: { asOf } })).toEqual(
          summarizeTransactions(iterate(txs), { window: { asOf } }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('continues sums past 2^53 units exactly (in BigInt)', () => {
    const big = '900000000000.0000'; // 9e15 units at scale 4: two of them pass 2^53
    const txs = [
      t('1', 'a', 1, big),
      t('2', 'a', 2, big),
      t('3', 'a', 3, '0.0001', 'refund'),
      t('4', 'a', 4, big, 'return'),
    ];
    const [row] = summaryRows(summaryTable(toTransactionColumns(txs, { currency: 'CNY' }), { window: { asOf } }));
    expect(row!.grossAmount.toString()).toBe('1800000000000');
    expect(row!.reversedAmount.toString()).toBe('900000000000.0001');
    expect(row!.netAmount.toString()).toBe('899999999999.9999');
    expect(summarizeTransactions(iterate(txs), { window: { asOf } })).toEqual([row]);
    const cols = summaryTable(toTransactionColumns(txs, { currency: 'CNY' }), { window: { asOf } });
    expect(cols.overflow.get(0)).toEqual({ gross: 18_000_000_000_000_000n, reversed: 9_000_000_000_000_001n });
    expect(Number.isNaN(cols.grossUnits[0])).toBe(true);
  });

  it('gives columns in customer-id order, NaN instants for customers without purchases', () => {
    const txs = [t('1', 'b', 1, '2.5'), t('2', 'a', 2, '3', 'refund'), t('3', 'b', 3, '1')];
    const cols = summaryTable(toTransactionColumns(txs, { currency: 'CNY', scale: 2 }), { window: { asOf } });
    expect(cols.ids).toEqual(['a', 'b']);
    expect([...cols.grossUnits]).toEqual([0, 350]);
    expect([...cols.reversedUnits]).toEqual([300, 0]);
    expect([...cols.purchaseCount]).toEqual([0, 2]);
    expect(Number.isNaN(cols.lastPurchaseAt[0])).toBe(true);
    expect(cols.lastPurchaseAt[1]).toBe(Date.UTC(2026, 0, 4));
  });

  it('falls back to Decimals for amounts finer than the scale or in several currencies', () => {
    const txs = [t('1', 'a', 1, '0.00001'), t('2', 'a', 2, '1', 'purchase', 'USD')];
    expect(tryTransactionColumns(txs, 'CNY', 4)).toEqual({ ok: false, row: 0, at: 'amount' });
    expect(summarizeTransactions(txs, { window: { asOf } }).map((r) => [r.currency, r.grossAmount.toString()])).toEqual(
      [
        ['CNY', '0.00001'],
        ['USD', '1'],
      ],
    );
    expect(() => toTransactionColumns(txs, { currency: 'CNY' })).toThrow(
      expect.objectContaining({ path: [0, 'amount'] }),
    );
    expect(() => toTransactionColumns(txs, { currency: 'CNY', scale: 5 })).toThrow(
      expect.objectContaining({ path: [1, 'currency'], code: 'VALIDATION_FAILED' }),
    );
  });

  it('refuses malformed columns with the column and row (never a silent NaN)', () => {
    const good = (): TransactionColumns => ({
      currency: 'CNY',
      scale: 2,
      customerIds: ['a', 'b'],
      customer: Uint32Array.of(0, 1),
      occurredAt: Float64Array.of(0, 0),
      amount: Float64Array.of(1, 2),
      kind: Uint8Array.of(0, 1),
    });
    expect(summaryRows(summaryTable(good(), { window: { asOf } }))).toHaveLength(2);
    const cases: Array<[(c: TransactionColumns) => void, Array<string | number>]> = [
      [(c) => (c.customer[1] = 2), ['customer', 1]],
      [(c) => (c.occurredAt[0] = Number.NaN), ['occurredAt', 0]],
      [(c) => (c.amount[1] = 0.5), ['amount', 1]],
      [(c) => (c.amount[1] = -1), ['amount', 1]],
      [(c) => (c.kind[0] = 3), ['kind', 0]],
      [(c) => (c.occurredAt = Float64Array.of(0)), ['occurredAt']],
      [(c) => (c.scale = 16), ['scale']],
      [(c) => (c.customerIds = ['a', 'a']), ['customerIds', 1]],
    ];
    for (const [spoil, path] of cases) {
      const c = good();
      spoil(c);
      expect(() => summaryRows(summaryTable(c, { window: { asOf } }))).toThrow(KehuValidationError);
      expect(() => summaryRows(summaryTable(c, { window: { asOf } }))).toThrow(expect.objectContaining({ path }));
    }
  });

  it('does not mutate its input', () => {
    const c = toTransactionColumns([t('1', 'b', 1, '2'), t('2', 'a', 2, '3')], { currency: 'CNY' });
    const copy = structuredClone(c);
    summaryRows(summaryTable(c, { window: { asOf } }));
    expect(c).toEqual(copy);
  });

  it('gives one row with summaryAt, refuses a position outside the table, and tells tables apart', () => {
    const c = toTransactionColumns([t('1', 'b', 1, '2'), t('2', 'a', 2, '3')], { currency: 'CNY' });
    const table = summaryTable(c, { window: { asOf } });
    expect(summaryAt(table, 1)).toEqual(summaryRows(table)[1]);
    for (const bad of [-1, 2, 0.5]) expect(() => summaryAt(table, bad)).toThrow(KehuValidationError);
    expect(isSummaryTable(table)).toBe(true);
    expect(isSummaryTable(summaryRows(table))).toBe(false);
  });
});
