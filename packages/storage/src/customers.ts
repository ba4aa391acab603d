import type { AuditContext, Customer } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * The customer archive (rules AR-1 to AR-4).
 *
 * Rules every adapter honours (the conformance suite checks each):
 * - `get` of a missing id is `null`; an empty `list` is `{ items: [], nextCursor: null }`.
 * - `create` of an existing id throws `KehuConflictError` and changes nothing.
 * - `update` with a stale `expectedVersion` throws `KehuConflictError` and changes nothing;
 *   on a missing id it throws `KehuNotFoundError`.
 * - `delete` is idempotent: deleting a missing id returns `false` and writes nothing.
 * - every create, update and delete appends an audit entry (`entity: 'customer'`, the
 *   context's actor, time and reason, the JSON before and after) in the same transaction.
 * - `list` and `stream` return customers in ascending `id` order (UTF-16 code units).
 * - values are taken as already validated (`parseCustomer`) and are never mutated.
 */
export interface CustomerRepository {
  /** The customer with `id`, or `null`. */
  get(id: string): Promise<Versioned<Customer> | null>;
  /** Stores a new customer at version 1. */
  create(customer: Customer, context: AuditContext): Promise<Versioned<Customer>>;
  /**
   * Replaces the customer with `next` (same id) when its version is `expectedVersion`;
   * returns the new version.
   */
  update(next: Customer, expectedVersion: number, context: AuditContext): Promise<Versioned<Customer>>;
  /**
   * Deletes the customer; `expectedVersion`, when given, must match. Returns `true` when
   * a record was deleted, `false` when there was none.
   */
  delete(id: string, context: AuditContext, expectedVersion?: number): Promise<boolean>;
  /** One page of customers in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<Customer>>>;
  /** Every customer in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<Customer>>;
  /** How many customers are stored. */
  count(): Promise<number>;
}
