import type { AuditEntity, AuditEntry } from '@kehu/core';
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
