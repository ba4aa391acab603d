import type { AuditAction, AuditContext, AuditEntity, AuditEntry, JsonValue } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';

/** Narrows an audit-log listing. */
export interface AuditFilter {
  /** Only entries about this kind of record. */
  entity?: AuditEntity;
  /** Only entries about this record (with `entity`). */
  entityId?: string;
}

/**
 * The audit log (rule AR-4). Entries are written by the other repositories' mutations,
 * in the same transaction, and numbered by `seq` (strictly increasing; gaps allowed,
 * e.g. after a rollback). Read-only here; ordered by `seq`.
 */
export interface AuditLogRepository {
  /** One page in `seq` order. */
  list(filter?: AuditFilter, request?: PageRequest): Promise<Page<AuditEntry>>;
  /** Every matching entry in `seq` order, fetched lazily. */
  stream(filter?: AuditFilter): AsyncIterable<AuditEntry>;
}

/**
 * What a mutation tells the audit log (rule AR-4): a helper type for adapter authors,
 * who turn it into an {@link AuditEntry} with the next `seq` in the same transaction as
 * the change.
 */
export interface AuditChange {
  /** The kind of record. */
  entity: AuditEntity;
  /** The record's id (for grades: the customer id). */
  entityId: string;
  /** What happened. */
  action: AuditAction;
  /** Who, when and why. */
  context: AuditContext;
  /** The record's version after the change (for deletes, the version deleted). */
  version: number;
  /** The JSON form before (`null` on create). */
  before: JsonValue | null;
  /** The JSON form after (`null` on delete). */
  after: JsonValue | null;
}
