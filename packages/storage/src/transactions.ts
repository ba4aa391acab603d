import type { SummaryWindow, Transaction, TransactionSummary } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { AppendResult } from './versioned.js';

/** Narrows a transaction listing or stream. */
export interface TransactionFilter {
  /** Only this customer's transactions. */
  customerId?: string;
  /** Only transactions with `occurredAt >= from`. */
  from?: Date;
  /** Only transactions with `occurredAt < to`. */
  to?: Date;
}

/**
 * Sales records (rule AR-6): an append-only log. Corrections are new records (a refund
 * or a return), never edits.
 *
 * Rules every adapter honours:
 * - `append` is idempotent by id and atomic per call: a record whose id is stored with
 *   identical content counts as a duplicate and changes nothing, so replaying a batch
 *   changes nothing; an id stored with different content throws `KehuConflictError` and
 *   the whole batch is left out.
 * - amounts round-trip exactly (at least 4 fraction digits, amounts beyond 2^53), and
 *   `occurredAt` to the millisecond.
 * - `list` and `stream` return records ordered by `(customerId, occurredAt, id)`, so a
 *   consumer can aggregate one customer at a time in bounded memory.
 * - `stream` fetches lazily: memory stays bounded however many records there are.
 */
export interface TransactionRepository {
  /** Appends a batch; see the rules above. */
  append(transactions: readonly Transaction[]): Promise<AppendResult>;
  /** The transaction with `id`, or `null`. */
  get(id: string): Promise<Transaction | null>;
  /** One page in `(customerId, occurredAt, id)` order. */
  list(filter?: TransactionFilter, request?: PageRequest): Promise<Page<Transaction>>;
  /** Every matching transaction in `(customerId, occurredAt, id)` order, fetched lazily. */
  stream(filter?: TransactionFilter): AsyncIterable<Transaction>;
  /** How many transactions match. */
  count(filter?: TransactionFilter): Promise<number>;
  /**
   * Summary pushdown: per customer and currency, first and last purchase, purchase,
   * refund and return counts, gross, reversed and net amounts (rule AR-6) of the
   * transactions in `window` (`from <= occurredAt < to`, `occurredAt <= asOf`), computed
   * by the store so that one row per customer crosses the wire. The rows equal what
   * `summarizeTransactions` of `@kehu/core` computes from the same transactions, in
   * `(customerId, currency)` order, streamed. An invalid window throws
   * `KehuValidationError`.
   */
  summarizeTransactions(window: SummaryWindow): AsyncIterable<TransactionSummary>;
}
