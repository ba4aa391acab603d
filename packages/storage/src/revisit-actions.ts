import type { AuditContext, RevisitAction } from '@kehu/core';
import type { InstantRange } from './instant-range.js';
import type { Page, PageRequest } from './pagination.js';

/** Narrows a revisit action listing or stream: bounds on `at` (`from <= at < to`). */
export type RevisitActionFilter = InstantRange;

/** What {@link RevisitActionRepository.record} did. */
export interface RevisitActionRecordResult {
  /** The stored action (a fresh copy). */
  readonly record: RevisitAction;
  /** `true` when this call stored it; `false` when the same action was stored already. */
  readonly created: boolean;
}

/**
 * Snoozes and skips of planned revisit tasks, each with its reason (the task status of issue 15: snoozing or
 * skipping needs a reason). An action is a fact recorded once; undoing one is a new action.
 *
 * Rules every adapter honours:
 * - `record` creates the action under its `id`. Recording the same content again (the same JSON form) changes
 *   nothing and returns `created: false`, so a retried call is safe; different content under a stored id throws
 *   `KehuConflictError` (entity `revisit-action`, the id) and changes nothing.
 * - a created action writes one audit entry (`entity: 'revisit-action'`, `entityId` the action id, `create`, version
 *   1, the whole record added) in the same transaction; an idempotent repeat writes none.
 * - records round-trip exactly: keys in the order given, instants to the millisecond, attributes deeply equal.
 * - `forCustomer` returns the customer's actions oldest first, in `(at, id)` order.
 * - `list` and `stream` return the actions with `from <= at < to` in `(customerId, at, id)` order (ids by code
 *   points), paged by keyset, so a planner reads them one customer at a time alongside the customers; `stream`
 *   fetches lazily. A bound that is not a valid `Date` throws `KehuValidationError` at `['filter', 'from' | 'to']`
 *   (`checkInstantRange`) before the store is asked.
 * - values are taken as already validated (`parseRevisitAction` of `@kehu/core`) and are never mutated.
 */
export interface RevisitActionRepository {
  /** Records an action; see the rules above. */
  record(action: RevisitAction, context: AuditContext): Promise<RevisitActionRecordResult>;
  /** The action with `id`, or `null`. */
  get(id: string): Promise<RevisitAction | null>;
  /** The customer's actions in `(at, id)` order. */
  forCustomer(customerId: string): Promise<RevisitAction[]>;
  /** One page of the actions matching `filter`, in `(customerId, at, id)` order. */
  list(filter?: RevisitActionFilter, request?: PageRequest): Promise<Page<RevisitAction>>;
  /** Every action matching `filter` in `(customerId, at, id)` order, fetched lazily. */
  stream(filter?: RevisitActionFilter): AsyncIterable<RevisitAction>;
}
