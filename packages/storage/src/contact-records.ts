import type { AuditContext, ContactRecord } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Revisit and contact records (rules CA-6, CA-9).
 *
 * Rules every adapter honours: as for customers (null for missing, conflict on a
 * duplicate create or stale version, idempotent delete, an audit entry with
 * `entity: 'contact-record'` for every create, update and delete in the same
 * transaction); `list` and `stream` order by `id`; `listByCustomer` by `(at, id)`.
 */
export interface ContactRecordRepository {
  /** The record with `id`, or `null`. */
  get(id: string): Promise<Versioned<ContactRecord> | null>;
  /** Stores a new record at version 1. */
  create(record: ContactRecord, context: AuditContext): Promise<Versioned<ContactRecord>>;
  /** Replaces the record when its version is `expectedVersion`. */
  update(next: ContactRecord, expectedVersion: number, context: AuditContext): Promise<Versioned<ContactRecord>>;
  /** Deletes the record; `true` when one was deleted. */
  delete(id: string, context: AuditContext, expectedVersion?: number): Promise<boolean>;
  /** One page in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** One page of one customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** Every record in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<ContactRecord>>;
  /** How many records are stored. */
  count(): Promise<number>;
}
