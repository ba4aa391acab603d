import {
  centsToYuan,
  createTransactionDrawer,
  type SampleTransactionRowsOptions,
  type TransactionDraw,
  transactionStreamSettings,
} from './transaction-rows.js';

/** The columns of {@link sampleTransactionCsv}'s lines, in order: what `kehu rfm` reads from a transactions CSV. */
export const SAMPLE_TRANSACTION_CSV_COLUMNS = Object.freeze([
  'customer_id',
  'occurred_at',
  'amount',
  'kind',
  'currency',
] as const);

/**
 * {@link sampleTransactionRows} as CSV lines, one per row, each ending in `\n`, without a header (the header is
 * {@link SAMPLE_TRANSACTION_CSV_COLUMNS} joined by commas): `c-17,2025-03-04T05:06:07.089Z,123.45,purchase,CNY`.
 * The same draws as the rows for the same options, formatted without an object per row, for writing a file of
 * ten million rows. No field needs quoting. Throws `KehuValidationError` with the path of a bad option when called.
 */
export function sampleTransactionCsv(options: SampleTransactionRowsOptions): IterableIterator<string> {
  const s = transactionStreamSettings(options);
  const drawNext = createTransactionDrawer(s);
  return (function* lines() {
    const draw: TransactionDraw = { customer: 0, at: 0, cents: 0, refund: false };
    for (let i = 0; i < s.rows; i++) {
      drawNext(draw);
      yield `c-${draw.customer},${new Date(draw.at).toISOString()},${centsToYuan(draw.cents)},` +
        `${draw.refund ? 'refund' : 'purchase'},CNY\n`;
    }
  })();
}
