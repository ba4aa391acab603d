import { TRANSACTION_KIND_CODES, type TransactionColumns } from '@kehu/core';
import {
  createTransactionDrawer,
  type SampleTransactionRowsOptions,
  type TransactionDraw,
  transactionStreamSettings,
} from './transaction-rows.js';

/**
 * {@link sampleTransactionRows} as `@kehu/core`'s `TransactionColumns` (currency `CNY`, scale 2: amounts in cents),
 * filled straight from the draws without an object per row, for in-memory bulk analysis (`summaryTable`). The
 * dictionary `customerIds` holds every customer `c-0` to `c-<customers − 1>`, bought or not, and row `i` is row `i`
 * of the stream. Throws `KehuValidationError` with the path of a bad option.
 */
export function sampleTransactionColumns(options: SampleTransactionRowsOptions): TransactionColumns {
  const s = transactionStreamSettings(options);
  const drawNext = createTransactionDrawer(s);
  const customerIds: string[] = [];
  for (let c = 0; c < s.customers; c++) customerIds.push(`c-${c}`);
  const columns = {
    currency: 'CNY',
    scale: 2,
    customerIds,
    customer: new Uint32Array(s.rows),
    occurredAt: new Float64Array(s.rows),
    amount: new Float64Array(s.rows),
    kind: new Uint8Array(s.rows),
  };
  const { purchase, refund } = TRANSACTION_KIND_CODES;
  const draw: TransactionDraw = { customer: 0, at: 0, cents: 0, refund: false };
  for (let i = 0; i < s.rows; i++) {
    drawNext(draw);
    columns.customer[i] = draw.customer;
    columns.occurredAt[i] = draw.at;
    columns.amount[i] = draw.cents;
    columns.kind[i] = draw.refund ? refund : purchase;
  }
  return columns;
}
