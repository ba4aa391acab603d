import type { Decimal } from './decimal.js';
import { invalidInput } from './errors.js';

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
  const bad = (key: string, message: string) => invalidInput([key], `invalid summary window: ${key} ${message}`);
  if (typeof window !== 'object' || window === null)
    throw invalidInput([], 'expected a summary window { asOf, from?, to? }', 'invalid_type');
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
