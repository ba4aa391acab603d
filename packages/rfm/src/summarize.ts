import { summarizeTransactions, type SummaryWindow, type Transaction, type TransactionSummary } from '@kehu/core';

/** A summary with the customer's tenure. */
export type CustomerSummary = TransactionSummary & {
  /** Whole days from the first purchase to `asOf` (`null` without purchases). */
  tenureDays: number | null;
};

const DAY = 86_400_000;

/**
 * Per customer and currency: first and last purchase, purchase count, gross and net
 * amount (refunds and returns netted, rule AR-6) and tenure, over `from <= occurredAt < to`
 * and `occurredAt <= asOf`. The same rows as a store's `summarizeTransactions`, so either
 * feeds `scoreRfm`.
 */
export function summarize(transactions: Iterable<Transaction>, window: SummaryWindow): CustomerSummary[] {
  return summarizeTransactions(transactions, window).map((s) => ({
    ...s,
    tenureDays:
      s.firstPurchaseAt === null ? null : Math.floor((window.asOf.getTime() - s.firstPurchaseAt.getTime()) / DAY),
  }));
}
