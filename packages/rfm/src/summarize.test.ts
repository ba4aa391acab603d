import { parseTransaction } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';

describe('summarize (rule AR-6)', () => {
  it('adds tenure to the core summary', () => {
    const t = (id: string, day: number, kind = 'purchase') =>
      parseTransaction({
        id,
        customerId: 'c',
        occurredAt: new Date(Date.UTC(2026, 0, day)),
        amount: '10',
        currency: 'CNY',
        kind,
      });
    const [s] = summarize([t('1', 1), t('2', 11), t('3', 12, 'refund')], {
      window: { asOf: new Date(Date.UTC(2026, 0, 31)) },
    });
    expect(s).toMatchObject({ purchaseCount: 2, refundCount: 1, tenureDays: 30 });
    expect(s!.netAmount.toString()).toBe('10');
  });
});
