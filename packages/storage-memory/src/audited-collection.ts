import { KehuConflictError, KehuNotFoundError, type AuditEntity, type JsonValue } from '@kehu/core';
import {
  auditPatch,
  checkExpectedVersion,
  checkOptionalExpectedVersion,
  streamPages,
  type AuditedRepository,
  type PageRequest,
  type Versioned,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Collection, Entry } from './collection.js';
import type { OrderedIndex } from './ordered-index.js';
import type { Scope } from './scope.js';

/** How one versioned, audited aggregate is stored (customers, contact records). */
export interface AuditedSpec<T extends { id: string }> {
  /** Audit entity and error entity name. */
  entity: AuditEntity;
  /** Operation prefix, e.g. `customers`. */
  operation: string;
  /** The records. */
  collection: Collection<T>;
  /** Their `id` order. */
  byId: OrderedIndex<Entry<T>>;
  /** The JSON form written to the audit log. */
  toJson: (record: T) => unknown;
}

/** Copies an entry out of the store. */
export const versionedCopy = <T>(e: Entry<T>): Versioned<T> => ({ record: cloneRecord(e.record), version: e.version });

/**
 * Get, create, update (optimistic), idempotent delete, list, stream and count over one
 * collection, with an audit entry (rule AR-4) for every change in the same unit of work.
 */
export function auditedRepository<T extends { id: string }>(scope: Scope, spec: AuditedSpec<T>): AuditedRepository<T> {
  const { state } = scope;
  const { entity, operation, collection } = spec;
  const json = (record: T) => spec.toJson(record) as JsonValue;
  const stale = (id: string, expectedVersion: number, actualVersion: number) =>
    new KehuConflictError(
      entity,
      id,
      `${entity} ${JSON.stringify(id)} is at version ${actualVersion}, not ${expectedVersion}`,
      {
        expectedVersion,
        actualVersion,
      },
    );
  const list = (request?: PageRequest) =>
    scope.read(`${operation}.list`, () => spec.byId.page(operation, request, versionedCopy));
  return {
    get: (id) =>
      scope.read(`${operation}.get`, () => {
        const e = collection.byId.get(id);
        return e === undefined ? null : versionedCopy(e);
      }),
    create: (record, context) =>
      scope.write(`${operation}.create`, (uow) => {
        if (collection.byId.has(record.id)) {
          throw new KehuConflictError(entity, record.id, `${entity} ${JSON.stringify(record.id)} already exists`);
        }
        const entry: Entry<T> = { id: record.id, record: cloneRecord(record), version: 1 };
        collection.insert(uow, entry);
        writeAudit(state, uow, {
          entity,
          entityId: record.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, json(entry.record)),
        });
        return versionedCopy(entry);
      }),
    update: (next, expectedVersion, context) =>
      scope.write(`${operation}.update`, (uow) => {
        checkExpectedVersion(expectedVersion);
        const entry = collection.byId.get(next.id);
        if (entry === undefined) throw new KehuNotFoundError(entity, next.id);
        if (entry.version !== expectedVersion) throw stale(next.id, expectedVersion, entry.version);
        const before = json(entry.record);
        collection.replace(uow, entry, cloneRecord(next), entry.version + 1);
        writeAudit(state, uow, {
          entity,
          entityId: next.id,
          action: 'update',
          context,
          version: entry.version,
          patch: auditPatch(before, json(entry.record)),
        });
        return versionedCopy(entry);
      }),
    delete: (id, context, expectedVersion) =>
      scope.write(`${operation}.delete`, (uow) => {
        checkOptionalExpectedVersion(expectedVersion);
        const entry = collection.byId.get(id);
        if (entry === undefined) return false;
        if (expectedVersion !== undefined && entry.version !== expectedVersion)
          throw stale(id, expectedVersion, entry.version);
        collection.remove(uow, entry);
        writeAudit(state, uow, {
          entity,
          entityId: id,
          action: 'delete',
          context,
          version: entry.version,
          patch: auditPatch(json(entry.record), null),
        });
        return true;
      }),
    list,
    stream: () => streamPages(list),
    count: () => scope.read(`${operation}.count`, () => collection.byId.size),
  };
}
