import { type AuditContext, type AuditEntity, type JsonValue, KehuConflictError } from '@kehu/core';
import { auditPatch, type Page, type PageRequest, streamPages, type Versioned } from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Collection, Entry } from './collection.js';
import type { OrderedIndex } from './ordered-index.js';
import type { Scope } from './scope.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Which per-customer history {@link customerHistory} keeps (grades, churn scores), and how it is named. */
export interface CustomerHistorySpec<T extends { customerId: string }> {
  /** The histories, by customer id; an entry's version is the length of its history. */
  readonly collection: Collection<readonly T[]>;
  /** The histories in customer id order. */
  readonly byCustomer: OrderedIndex<Entry<readonly T[]>>;
  /** The audit entity, also the conflict's entity. */
  readonly entity: AuditEntity;
  /** The record's name in the conflict message, e.g. `churn score`. */
  readonly noun: string;
  /** Operation prefix, e.g. `grades`. */
  readonly operation: string;
  /** The JSON form written to the audit patch. */
  readonly toJson: (record: T) => unknown;
}

/** The version check, the audited append and the reads shared by the per-customer history repositories. */
export interface CustomerHistory<T> {
  /** Throws `KehuConflictError` unless the customer's history is at `expectedVersion` (0 without one). */
  ensureVersion(customerId: string, expectedVersion: number): void;
  /** Appends a record whose version was checked, with its audit entry (create for the first, else update). */
  append(uow: UnitOfWork, record: T, context: AuditContext): Versioned<T>;
  /** The customer's last record, or `null`. */
  current(customerId: string): Promise<Versioned<T> | null>;
  /** The customer's history, oldest first. */
  history(customerId: string): Promise<T[]>;
  /** One page of last records in customer id order. */
  listCurrent(request?: PageRequest): Promise<Page<Versioned<T>>>;
  /** Every last record in customer id order, fetched lazily. */
  streamCurrent(): AsyncIterable<Versioned<T>>;
}

/** A per-customer, append-only, versioned and audited history over one collection (rules GR-1, CH-1). */
export function customerHistory<T extends { customerId: string }>(
  scope: Scope,
  spec: CustomerHistorySpec<T>,
): CustomerHistory<T> {
  const { state } = scope;
  const { collection, entity, noun, operation } = spec;
  const json = (record: T) => spec.toJson(record) as JsonValue;
  const currentOf = (e: Entry<readonly T[]>): Versioned<T> => ({
    record: cloneRecord(e.record[e.record.length - 1]!),
    version: e.version,
  });
  const listCurrent = (request?: PageRequest) =>
    scope.read(`${operation}.listCurrent`, () => spec.byCustomer.page(operation, request, currentOf));
  return {
    ensureVersion: (customerId, expectedVersion) => {
      const actual = collection.byId.get(customerId)?.version ?? 0;
      if (actual !== expectedVersion) {
        throw new KehuConflictError(
          entity,
          customerId,
          `${noun} of customer ${JSON.stringify(customerId)} is at version ${actual}, not ${expectedVersion}`,
          { expectedVersion, actualVersion: actual },
        );
      }
    },
    append: (uow, record, context) => {
      const id = record.customerId;
      const entry = collection.byId.get(id);
      const stored = cloneRecord(record);
      let current: Entry<readonly T[]>;
      if (entry === undefined) {
        current = { id, record: [stored], version: 1 };
        collection.insert(uow, current);
      } else {
        current = entry;
        collection.replace(uow, entry, [...entry.record, stored], entry.version + 1);
      }
      const previous = current.record.length > 1 ? current.record[current.record.length - 2]! : null;
      writeAudit(state, uow, {
        entity,
        entityId: id,
        action: entry === undefined ? 'create' : 'update',
        context,
        version: current.version,
        patch: auditPatch(previous === null ? null : json(previous), json(stored)),
      });
      return currentOf(current);
    },
    current: (customerId) =>
      scope.read(`${operation}.current`, () => {
        const e = collection.byId.get(customerId);
        return e === undefined ? null : currentOf(e);
      }),
    history: (customerId) =>
      scope.read(`${operation}.history`, () => (collection.byId.get(customerId)?.record ?? []).map(cloneRecord)),
    listCurrent,
    streamCurrent: () => streamPages(listCurrent),
  };
}
