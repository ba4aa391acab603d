import { Decimal } from './decimal.js';
import { KehuValidationError } from './errors.js';
import { compareCodePoints } from './order.js';
import type { Transaction } from './transaction.js';
import { summarizeColumns } from './summary-columns.js';
import { tryTransactionColumns } from './transaction-columns.js';

/**
 * Which transactions a summary covers: those with `from <= occurredAt < to` and
 * `occurredAt <= asOf` (nothing after the as-of instant counts, so a summary can be
 * replayed for any past moment). `from` and `to` are optional.
 */
export interface SummaryWindow {
  /** The moment the summary is taken at. */
  asOf: Date;
  /** First instant counted (inclusive). */
  from?: Date;
  /** First instant no longer counted (exclusive). */
  to?: Date;
}

/**
 * One customer's transactions in one currency, summarised (rules AR-6, RF-1, RF-2): the
 * input of RFM scoring and grading. Refunds and returns reduce value; they are not
 * purchases. Storage adapters compute the same rows in the database
 * (`transactions.summarizeTransactions`).
 */
export interface TransactionSummary {
  /** The customer. */
  customerId: string;
  /** ISO 4217 currency of every amount in the row. */
  currency: string;
  /** Earliest purchase in the window, `null` when there was none (only refunds or returns). */
  firstPurchaseAt: Date | null;
  /** Latest purchase in the window, `null` when there was none. */
  lastPurchaseAt: Date | null;
  /** Purchases in the window. */
  purchaseCount: number;
  /** Refunds in the window. */
  refundCount: number;
  /** Returns in the window. */
  returnCount: number;
  /** Sum of purchases. */
  grossAmount: Decimal;
  /** Sum of refunds and returns. */
  reversedAmount: Decimal;
  /** `grossAmount - reversedAmount` (may be negative when a refund's purchase lies outside the window). */
  netAmount: Decimal;
}

/** Checks a {@link SummaryWindow}; throws `KehuValidationError` naming the bad field. */
export function validateSummaryWindow(window: SummaryWindow): void {
  const bad = (path: string, message: string) =>
    new KehuValidationError(`invalid summary window: ${path} ${message}`, [
      { path: [path], message, code: 'invalid_value' },
    ]);
  for (const key of ['asOf', 'from', 'to'] as const) {
    const v = window[key];
    if (key !== 'asOf' && v === undefined) continue;
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw bad(key, 'must be a valid Date');
  }
  if (window.from && window.to && window.from.getTime() > window.to.getTime())
    throw bad('to', 'must not be before from');
}

/** Whether `occurredAt` falls in `window` (see {@link SummaryWindow}). */
export function inSummaryWindow(occurredAt: Date, window: SummaryWindow): boolean {
  const t = occurredAt.getTime();
  return (
    t <= window.asOf.getTime() &&
    (window.from === undefined || t >= window.from.getTime()) &&
    (window.to === undefined || t < window.to.getTime())
  );
}

/**
 * Summarises transactions per customer and currency (rule AR-6: refunds and returns are
 * netted, never counted as purchases), ordered by customer id (Unicode code points) and
 * currency. No transactions in the window give `[]`. Pure; inputs are not mutated.
 */
export function summarizeTransactions(
  transactions: Iterable<Transaction>,
  window: SummaryWindow,
): TransactionSummary[] {
  validateSummaryWindow(window);
  if (Array.isArray(transactions) && transactions.length > 0) {
    // Fast path: one currency with amounts exact in units of 10^-4 (nearly every ledger)
    // is summed in integers over columns; anything else takes the Decimal loop below.
    const columns = tryTransactionColumns(
      transactions as readonly Transaction[],
      (transactions[0] as Transaction).currency,
      4,
    );
    if (columns.ok) return summarizeColumns(columns.columns, window);
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
