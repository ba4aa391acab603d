import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TRANSACTION_CSV_COLUMNS, sampleTransactionCsv } from './transaction-csv.js';
import { sampleTransactionRows } from './transaction-rows.js';

describe('sampleTransactionCsv', () => {
  it('gives the benchmark CSV of seed 42 (the first line, fixed)', () => {
    expect(SAMPLE_TRANSACTION_CSV_COLUMNS.join(',')).toBe('customer_id,occurred_at,amount,kind,currency');
    expect(sampleTransactionCsv({ seed: 42, rows: 1 }).next().value).toBe(
      'c-0,2024-09-03T07:57:02.864Z,3848.62,purchase,CNY\n',
    );
  });

  it('is the rows of sampleTransactionRows for the same options, line by line (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, rows, customers, refundShare) => {
          const options = { seed, rows, customers, refundShare, from: '2020-02-29', days: 3.5 };
          const lines = [...sampleTransactionCsv(options)];
          const expected = [...sampleTransactionRows(options)].map(
            (r) => `${r.customerId},${r.occurredAt.toISOString()},${r.amount},${r.kind},${r.currency}\n`,
          );
          expect(lines).toEqual(expected);
        },
      ),
    );
  });
});
