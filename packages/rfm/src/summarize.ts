import {
  DAY_MS,
  summarizeTransactions,
  type SummaryOptions,
  type Transaction,
  type TransactionSummary,
} from '@kehu/core';

/** A summary with the customer's tenure. */
export type CustomerSummary = TransactionSummary & {
  /** Whole days from the first purchase to `asOf` (`null` without purchases). */
  tenureDays: number | null;
};

/**
 * Per customer and currency: first and last purchase, purchase count, gross and net
 * amount (refunds and returns netted, rule AR-6) and tenure, over the window's
 * `from <= occurredAt < to` and `occurredAt <= asOf`. The same rows as a store's
 * `summarizeTransactions`, so either feeds `scoreRfm`.
 */
export function summarize(transactions: Iterable<Transaction>, options: SummaryOptions): CustomerSummary[] {
  const rows = summarizeTransactions(transactions, options);
  const asOf = options.window.asOf.getTime();
  return rows.map((s) => ({
    ...s,
    tenureDays: s.firstPurchaseAt === null ? null : Math.floor((asOf - s.firstPurchaseAt.getTime()) / DAY_MS),
  }));
}
