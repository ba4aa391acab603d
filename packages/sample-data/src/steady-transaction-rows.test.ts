import { KehuValidationError, parseTransaction } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS,
  sampleSteadyTransactionCsv,
  sampleSteadyTransactionRows,
} from './steady-transaction-rows.js';

describe('sampleSteadyTransactionRows', () => {
  it('gives the storage benchmark rows (the first lines, fixed)', () => {
    expect(SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS.join(', ')).toBe(
      'id, customer_id, occurred_at, kind, amount, currency, attributes',
    );
    const lines = [...sampleSteadyTransactionCsv({ rows: 1000 })];
    expect(lines.slice(0, 2)).toEqual([
      't-00000000,c-0000000,2024-01-01T00:00:00.000Z,refund,1.00,CNY,{}\n',
      't-00000001,c-0000061,2024-01-01T00:00:30.000Z,purchase,80.19,CNY,{}\n',
    ]);
    expect(lines).toHaveLength(1000);
  });

  it('yields rows valid under the transaction schema, the same twice', () => {
    const rows = [...sampleSteadyTransactionRows({ rows: 500, customers: 7, from: '2025-05-05T10:00:00+08:00' })];
    expect(
      JSON.stringify([...sampleSteadyTransactionRows({ rows: 500, customers: 7, from: '2025-05-05T10:00:00+08:00' })]),
    ).toBe(JSON.stringify(rows));
    for (const r of rows) parseTransaction(r);
    expect(rows[1]!.occurredAt.toISOString()).toBe('2025-05-05T02:00:30.000Z');
  });

  it('matches its CSV form, with every customer in range and refunds every refundEvery rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 50 }),
        (rows, customers, refundEvery) => {
          const all = [...sampleSteadyTransactionRows({ rows, customers, refundEvery })];
          const lines = [...sampleSteadyTransactionCsv({ rows, customers, refundEvery })];
          expect(lines).toEqual(
            all.map(
              (r) => `${r.id},${r.customerId},${r.occurredAt.toISOString()},${r.kind},${r.amount},${r.currency},{}\n`,
            ),
          );
          all.forEach((r, i) => {
            expect(Number(r.customerId.slice(2))).toBeLessThan(customers);
            expect(r.kind === 'refund').toBe(i % refundEvery === 0);
          });
        },
      ),
    );
  });

  it('refuses bad options with a validation error naming the option', () => {
    const path = (options: unknown) => {
      try {
        sampleSteadyTransactionRows(options as never);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('no error');
    };
    expect(path({ rows: 1.5 })).toEqual(['rows']);
    expect(path({ rows: 1, customers: 2 ** 32 })).toEqual(['customers']);
    expect(path({ rows: 1, from: 'soon' })).toEqual(['from']);
    expect(path({ rows: 1, intervalSeconds: -1 })).toEqual(['intervalSeconds']);
    expect(path({ rows: 1, refundEvery: 0 })).toEqual(['refundEvery']);
    expect(path({ rows: 2 ** 32 - 1, from: '9999-12-31', intervalSeconds: 86_400 })).toEqual(['rows']);
  });
});
