import type { AuditContext } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * The operations shared by the versioned, audited aggregates (customers, contact
 * records). Rules every adapter honours (the conformance suite checks each):
 * - `get` of a missing id is `null`; an empty `list` is `{ items: [], nextCursor: null }`.
 * - `create` of an existing id throws `KehuConflictError` and changes nothing.
 * - `update` with a stale `expectedVersion` throws `KehuConflictError` and changes nothing;
 *   on a missing id it throws `KehuNotFoundError`.
 * - `delete` is idempotent: deleting a missing id returns `false` and writes nothing.
 * - every create, update and delete appends one audit entry (rule AR-4: the context's
 *   actor, time and reason, the version, and `auditPatch` of the JSON forms before
 *   and after) in the same transaction; `rebuildRecord` over a record's entries gives
 *   back the JSON form of what `get` returned at each version.
 * - `list` and `stream` return records in ascending `id` order (Unicode code points: `compareKeys`).
 * - values are taken as already validated and are never mutated.
 */
export interface AuditedRepository<T extends { id: string }> {
  /** The record with `id`, or `null`. */
  get(id: string): Promise<Versioned<T> | null>;
  /** Stores a new record at version 1. */
  create(record: T, context: AuditContext): Promise<Versioned<T>>;
  /**
   * Replaces the record with `next` (same id) when its version is `expectedVersion`;
   * returns the new version.
   */
  update(next: T, expectedVersion: number, context: AuditContext): Promise<Versioned<T>>;
  /**
   * Deletes the record; `expectedVersion`, when given, must match. Returns `true` when a
   * record was deleted, `false` when there was none.
   */
  delete(id: string, context: AuditContext, expectedVersion?: number): Promise<boolean>;
  /** One page of records in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<T>>>;
  /** Every record in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<T>>;
  /** How many records are stored. */
  count(): Promise<number>;
}
