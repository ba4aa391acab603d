import {
  decimalFromUnits,
  parseTransaction,
  summarizeTransactions,
  summaryRows,
  summaryTable,
  TRANSACTION_KIND_CODES,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleTransactionColumns } from './transaction-columns.js';
import { sampleTransactionRows } from './transaction-rows.js';

describe('sampleTransactionColumns', () => {
  it('holds the rows of sampleTransactionRows for the same options (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (seed, rows, customers) => {
          const c = sampleTransactionColumns({ seed, rows, customers });
          expect(c.customerIds).toHaveLength(customers);
          let i = 0;
          for (const r of sampleTransactionRows({ seed, rows, customers })) {
            expect(c.customerIds[c.customer[i]!]).toBe(r.customerId);
            expect(c.occurredAt[i]).toBe(r.occurredAt.getTime());
            expect(decimalFromUnits(c.amount[i]!, c.scale).toFixed(2)).toBe(r.amount);
            expect(c.kind[i]).toBe(TRANSACTION_KIND_CODES[r.kind]);
            i++;
          }
          expect(i).toBe(rows);
        },
      ),
    );
  });

  it('summarises as the same rows parsed into transactions do', () => {
    const asOf = new Date(Date.UTC(2026, 5, 30));
    const columns = sampleTransactionColumns({ seed: 42, rows: 3000 });
    const fromColumns = summaryRows(summaryTable(columns, { window: { asOf } }));
    const fromObjects = summarizeTransactions(
      [...sampleTransactionRows({ seed: 42, rows: 3000 })].map((r) => parseTransaction(r)),
      { window: { asOf } },
    );
    expect(JSON.stringify(fromColumns)).toBe(JSON.stringify(fromObjects));
  });
});
