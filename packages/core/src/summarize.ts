import { Decimal } from './decimal.js';
import { compareCodePoints } from './order.js';
import { summaryRows, summaryTable, type SummaryOptions } from './summary-table.js';
import type { Transaction } from './transaction.js';
import { tryTransactionColumns } from './transaction-columns.js';
import { inSummaryWindow, validateSummaryWindow, type TransactionSummary } from './transaction-summary.js';

/**
 * Summarises transactions per customer and currency (rule AR-6: refunds and returns are
 * netted, never counted as purchases), ordered by customer id (Unicode code points) and
 * currency. No transactions in the window give `[]`. The object path over the engine of
 * {@link summaryTable}. Pure; inputs are not mutated.
 */
export function summarizeTransactions(
  transactions: Iterable<Transaction>,
  options: SummaryOptions,
): TransactionSummary[] {
  const window = options?.window;
  validateSummaryWindow(window);
  if (Array.isArray(transactions) && transactions.length > 0) {
    // Fast path: one currency with amounts exact in units of 10^-4 (nearly every ledger)
    // is summed in integers over columns; anything else takes the Decimal loop below.
    const columns = tryTransactionColumns(
      transactions as readonly Transaction[],
      (transactions[0] as Transaction).currency,
      4,
    );
    if (columns.ok) return summaryRows(summaryTable(columns.columns, { window }));
  }
  const rows = new Map<string, TransactionSummary>();
  for (const t of transactions) {
    if (!inSummaryWindow(t.occurredAt, window)) continue;
    const key = `${t.customerId}\u0000${t.currency}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        customerId: t.customerId,
        currency: t.currency,
        firstPurchaseAt: null,
        lastPurchaseAt: null,
        purchaseCount: 0,
        refundCount: 0,
        returnCount: 0,
        grossAmount: new Decimal(0),
        reversedAmount: new Decimal(0),
        netAmount: new Decimal(0),
      };
      rows.set(key, row);
    }
    if (t.kind === 'purchase') {
      row.purchaseCount++;
      row.grossAmount = row.grossAmount.plus(t.amount);
      if (row.firstPurchaseAt === null || t.occurredAt.getTime() < row.firstPurchaseAt.getTime())
        row.firstPurchaseAt = new Date(t.occurredAt.getTime());
      if (row.lastPurchaseAt === null || t.occurredAt.getTime() > row.lastPurchaseAt.getTime())
        row.lastPurchaseAt = new Date(t.occurredAt.getTime());
    } else {
      if (t.kind === 'refund') row.refundCount++;
      else row.returnCount++;
      row.reversedAmount = row.reversedAmount.plus(t.amount);
    }
  }
  const out = [...rows.values()];
  for (const row of out) row.netAmount = row.grossAmount.minus(row.reversedAmount);
  return out.sort((a, b) => compareCodePoints(a.customerId, b.customerId) || compareCodePoints(a.currency, b.currency));
}
