import { parseTransaction, type Transaction } from '@kehu/core';

/** Rows per batch of the crash test's import. */
export const BATCH_SIZE = 2000;

/** Batch `b` of the crash test's import: deterministic, ids `t-<b>-<i>`. */
export function importBatch(b: number): Transaction[] {
  return Array.from({ length: BATCH_SIZE }, (_, i) =>
    parseTransaction({
      id: `t-${String(b).padStart(3, '0')}-${String(i).padStart(5, '0')}`,
      customerId: `c-${(b * 7 + i) % 500}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + (b * BATCH_SIZE + i) * 60_000),
      amount: `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`,
      currency: 'CNY',
      kind: i % 50 === 0 ? 'refund' : 'purchase',
    }),
  );
}
