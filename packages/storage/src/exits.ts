import type { AuditContext, CustomerExit } from '@kehu/core';
import { checkInstantRange } from './instant-range.js';
import type { Page, PageRequest } from './pagination.js';

/** Narrows an exit listing or stream; bounds on `leftAt`. */
export interface ExitFilter {
  /** Only exits with `leftAt >= from`. */
  from?: Date;
  /** Only exits with `leftAt < to`. */
  to?: Date;
}

/** What {@link ExitRepository.record} did. */
export interface ExitRecordResult {
  /** The stored exit (a fresh copy). */
  readonly record: CustomerExit;
  /** `true` when this call stored it; `false` when the same exit was stored already. */
  readonly created: boolean;
}

/**
 * Customer exits (rules CH-4, CH-5, CH-7): that a customer left, why, how the accounts were settled and what was
 * learned. An exit is a fact recorded once; a correction is a new exit with its own id.
 *
 * Rules every adapter honours:
 * - `record` creates the exit under its `id`. Recording the same content again (the same JSON form) changes nothing
 *   and returns `created: false`, so a retried call is safe; different content under a stored id throws
 *   `KehuConflictError` (entity `exit`, the id) and changes nothing.
 * - a created exit writes one audit entry (`entity: 'exit'`, `entityId` the exit id, `create`, version 1, the whole
 *   record added) in the same transaction; an idempotent repeat writes none.
 * - records round-trip exactly: instants to the millisecond, attributes deeply equal.
 * - `forCustomer` returns the customer's exits oldest first, in `(leftAt, id)` order.
 * - `list` and `stream` return the exits with `from <= leftAt < to` in `(leftAt, id)` order (ids by code points),
 *   paged by keyset, so exits recorded while a consumer pages are neither skipped before the cursor nor repeated;
 *   `stream` fetches lazily. A bound that is not a valid `Date` throws `KehuValidationError` at
 *   `['filter', 'from' | 'to']` ({@link checkExitFilter}) before the store is asked.
 */
export interface ExitRepository {
  /** Records an exit; see the rules above. */
  record(exit: CustomerExit, context: AuditContext): Promise<ExitRecordResult>;
  /** The exit with `id`, or `null`. */
  get(id: string): Promise<CustomerExit | null>;
  /** The customer's exits in `(leftAt, id)` order. */
  forCustomer(customerId: string): Promise<CustomerExit[]>;
  /** One page of the exits matching `filter`, in `(leftAt, id)` order. */
  list(filter?: ExitFilter, request?: PageRequest): Promise<Page<CustomerExit>>;
  /** Every exit matching `filter` in `(leftAt, id)` order, fetched lazily. */
  stream(filter?: ExitFilter): AsyncIterable<CustomerExit>;
}

/**
 * Checks the bounds of an {@link ExitFilter}: each given bound must be a `Date` holding a time; throws
 * `KehuValidationError` at `['filter', 'from']` or `['filter', 'to']`. Adapters call it first in `list` and `stream`.
 */
export function checkExitFilter(filter: ExitFilter): void {
  checkInstantRange(filter);
}
