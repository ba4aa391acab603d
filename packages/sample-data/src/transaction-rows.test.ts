import { DAY_MS, KehuValidationError, parseTransaction } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleTransactionRows } from './transaction-rows.js';

describe('sampleTransactionRows', () => {
  it('is deterministic: the same seed gives the same rows, another seed others', () => {
    const a = JSON.stringify([...sampleTransactionRows({ seed: 5, rows: 500 })]);
    expect(JSON.stringify([...sampleTransactionRows({ seed: 5, rows: 500 })])).toBe(a);
    expect(JSON.stringify([...sampleTransactionRows({ seed: 6, rows: 500 })])).not.toBe(a);
  });

  it('gives the benchmark stream of seed 42 (the first rows, fixed)', () => {
    const [first, second] = sampleTransactionRows({ seed: 42, rows: 2 });
    expect(JSON.parse(JSON.stringify(first))).toEqual({
      id: 't-0',
      customerId: 'c-0',
      occurredAt: '2024-09-03T07:57:02.864Z',
      kind: 'purchase',
      amount: '3848.62',
      currency: 'CNY',
    });
    expect(second!.id).toBe('t-1');
  });

  it('yields rows valid under the transaction schema, within the span and the customers', () => {
    const from = Date.parse('2025-01-01T00:00:00+08:00');
    for (const row of sampleTransactionRows({
      seed: 3,
      rows: 2000,
      customers: 50,
      from: '2025-01-01T00:00:00+08:00',
      days: 10,
    })) {
      const t = parseTransaction(row);
      expect(t.occurredAt.getTime()).toBeGreaterThanOrEqual(from);
      expect(t.occurredAt.getTime()).toBeLessThan(from + 10 * DAY_MS);
      expect(Number(row.customerId.slice(2))).toBeLessThan(50);
      expect(t.amount.gte(1) && t.amount.lte(20_001)).toBe(true);
    }
  });

  it('is lazy: a stream of ten million rows starts at once', () => {
    const rows = sampleTransactionRows({ rows: 10_000_000 });
    expect(rows.next().value?.id).toBe('t-0');
  });

  it('yields exactly `rows` rows with about `refundShare` refunds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 0.25, 1),
        (seed, rows, customers, refundShare) => {
          const all = [...sampleTransactionRows({ seed, rows, customers, refundShare })];
          expect(all).toHaveLength(rows);
          const refunds = all.filter((r) => r.kind === 'refund').length;
          if (refundShare === 0) expect(refunds).toBe(0);
          if (refundShare === 1) expect(refunds).toBe(rows);
          for (const r of all) expect(Number(r.customerId.slice(2))).toBeLessThan(customers);
        },
      ),
    );
  });

  it('refuses bad options with a validation error naming the option', () => {
    const path = (options: unknown) => {
      try {
        sampleTransactionRows(options as never);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('no error');
    };
    expect(path({ rows: -1 })).toEqual(['rows']);
    expect(path({})).toEqual(['rows']);
    expect(path({ rows: 1, seed: 1.5 })).toEqual(['seed']);
    expect(path({ rows: 1, customers: 0 })).toEqual(['customers']);
    expect(path({ rows: 1, from: '2024-07-01T00:00' })).toEqual(['from']);
    expect(path({ rows: 1, days: 0 })).toEqual(['days']);
    expect(path({ rows: 1, refundShare: 2 })).toEqual(['refundShare']);
    expect(path(null)).toEqual([]);
  });
});
