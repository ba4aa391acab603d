import type { AuditAction, AuditContext, AuditEntity, AuditEntry, JsonPatch } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';

/** Narrows an audit-log listing. */
export interface AuditFilter {
  /** Only entries about this kind of record. */
  entity?: AuditEntity;
  /** Only entries about this record (with `entity`). */
  entityId?: string;
  /** Only entries whose `at` is earlier than this instant (what {@link AuditLogRepository.purge} would delete). */
  before?: Date;
}

/**
 * The audit log (rule AR-4). Entries are written by the other repositories' mutations,
 * in the same transaction, and numbered by `seq` (strictly increasing; gaps allowed,
 * e.g. after a rollback or a purge). Ordered by `seq`. Each entry records what changed as
 * a JSON Patch (`auditPatch`); `rebuildRecord` turns a record's entries back
 * into its JSON form at any version. Entries are never edited; {@link AuditLogRepository.purge}
 * is the only way they leave the log (retention, rule AR-4).
 */
export interface AuditLogRepository {
  /** One page in `seq` order. */
  list(filter?: AuditFilter, request?: PageRequest): Promise<Page<AuditEntry>>;
  /** Every matching entry in `seq` order, fetched lazily. */
  stream(filter?: AuditFilter): AsyncIterable<AuditEntry>;
  /**
   * Deletes every entry whose `at` is earlier than `before` (a retention purge) in one
   * transaction, and returns how many it deleted. Writes no audit entry of its own; later
   * entries keep their `seq`. The versions whose history started in a purged entry can no
   * longer be rebuilt.
   */
  purge(before: Date): Promise<number>;
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
  /** What changed: `auditPatch` of the JSON forms before and after. */
  patch: JsonPatch;
}
