import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { parseTransaction, signedAmount, transactionToJson } from './transaction.js';

const purchase = {
  id: 't1',
  customerId: 'c1',
  occurredAt: '2025-06-01T10:00:00.123Z',
  amount: '1999.90',
  currency: 'CNY',
  product: '净水器',
  paymentMethod: 'wechat-pay',
};

describe('transaction (rule AR-6)', () => {
  it('parses a purchase with exact amount and millisecond instant', () => {
    const t = parseTransaction(purchase);
    expect(t.kind).toBe('purchase');
    expect(t.amount.toString()).toBe('1999.9');
    expect(t.occurredAt.getTime()).toBe(Date.parse('2025-06-01T10:00:00.123Z'));
    expect(transactionToJson(t)).toMatchObject({ amount: '1999.9', occurredAt: '2025-06-01T10:00:00.123Z' });
  });
  it('counts refunds and returns as reductions, never as purchases', () => {
    expect(signedAmount(parseTransaction(purchase)).toString()).toBe('1999.9');
    expect(signedAmount(parseTransaction({ ...purchase, kind: 'refund', amount: '100' })).toString()).toBe('-100');
    expect(signedAmount(parseTransaction({ ...purchase, kind: 'return', amount: '5.5' })).toString()).toBe('-5.5');
  });
  it('rejects negative amounts (the kind carries the sign), inexact numbers and unknown currencies', () => {
    for (const [patch, path] of [
      [{ amount: '-1' }, ['amount']],
      [{ amount: 19.99 }, ['amount']],
      [{ amount: 'abc' }, ['amount']],
      [{ currency: 'RMB' }, ['currency']],
      [{ kind: 'gift' }, ['kind']],
      [{ occurredAt: 'yesterday' }, ['occurredAt']],
    ] as const) {
      try {
        parseTransaction({ ...purchase, ...patch });
        expect.unreachable(JSON.stringify(patch));
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        expect((e as KehuValidationError).path).toEqual(path);
      }
    }
  });
  it('accepts exact numbers such as 12.5', () => {
    expect(parseTransaction({ ...purchase, amount: 12.5 }).amount.toString()).toBe('12.5');
  });
});
