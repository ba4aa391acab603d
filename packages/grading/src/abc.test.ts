import { Decimal, type TransactionSummary } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { abcAnalysis } from './abc.js';

const row = (customerId: string, net: number): TransactionSummary => ({
  customerId,
  currency: 'CNY',
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  purchaseCount: 1,
  refundCount: 0,
  returnCount: 0,
  grossAmount: new Decimal(net),
  reversedAmount: new Decimal(0),
  netAmount: new Decimal(net),
});

describe('abcAnalysis (rule GR-6)', () => {
  it('classes customers by cumulative share: A before 80%, B before 95%, C after', () => {
    const res = abcAnalysis([row('a', 70), row('b', 15), row('c', 8), row('d', 5), row('e', 2)]);
    expect(res.map((r) => [r.customerId, r.abc])).toEqual([
      ['a', 'A'],
      ['b', 'A'],
      ['c', 'B'],
      ['d', 'B'],
      ['e', 'C'],
    ]);
    expect(abcAnalysis([row('a', 50), row('b', 50)], { a: 0.3, b: 0.4 }).map((r) => r.abc)).toEqual(['A', 'A']);
    expect(() => abcAnalysis([], { a: 0.9, b: 0.8 })).toThrow(expect.objectContaining({ path: ['b'] }));
  });
});
