import { type AuditContext, type AuditEntity, type JsonValue, KehuConflictError } from '@kehu/core';
import { auditPatch } from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Collection } from './collection.js';
import type { MemoryState } from './state.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * Equality of two JSON values with object keys in any order: what PostgreSQL's `jsonb` equality decides, so that
 * the memory store and a database agree on which repeats are idempotent.
 */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]!));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k]!, b[k]!));
}

/** Which fact {@link recordOnce} stores, and how it is named in the audit log and in a conflict. */
export interface RecordOnceTarget<T extends { id: string }> {
  readonly collection: Collection<T>;
  /** The audit entity, also the conflict's entity. */
  readonly entity: AuditEntity;
  /** The fact's name in the conflict message, e.g. `revisit action`. */
  readonly noun: string;
  /** The record's JSON form, compared with `jsonb` equality and written to the audit patch. */
  readonly toJson: (record: T) => JsonValue;
}

/**
 * Stores a fact recorded once by id (an exit, a revisit action), idempotently: an id not stored yet is inserted with
 * version 1 and one audit `create`; an id stored with the same content (by {@link sameJson}) returns the stored copy
 * with `created: false`; an id stored with different content is refused with `KehuConflictError`.
 */
export function recordOnce<T extends { id: string }>(
  state: MemoryState,
  uow: UnitOfWork,
  target: RecordOnceTarget<T>,
  record: T,
  context: AuditContext,
): { record: T; created: boolean } {
  const { collection, entity, noun, toJson } = target;
  const existing = collection.byId.get(record.id);
  if (existing !== undefined) {
    if (sameJson(toJson(existing.record), toJson(record)))
      return { record: cloneRecord(existing.record), created: false };
    throw new KehuConflictError(
      entity,
      record.id,
      `${noun} ${JSON.stringify(record.id)} is already stored with different content`,
    );
  }
  const entry = { id: record.id, record: cloneRecord(record), version: 1 };
  collection.insert(uow, entry);
  writeAudit(state, uow, {
    entity,
    entityId: record.id,
    action: 'create',
    context,
    version: 1,
    patch: auditPatch(null, toJson(record)),
  });
  return { record: cloneRecord(entry.record), created: true };
}
