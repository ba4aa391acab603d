import { KehuConflictError, KehuNotFoundError } from '@kehu/core';
import {
  auditPatch,
  checkExpectedVersion,
  type EventLogAggregate,
  type EventLogOperations,
  streamPages,
  type PageRequest,
  type Versioned,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Collection, Entry } from './collection.js';
import type { OrderedIndex } from './ordered-index.js';
import type { Scope } from './scope.js';

/** A record with its append-only event log; its version is the length of the log. */
export interface LogAggregate<R, E> {
  /** The record as opened. */
  readonly record: R;
  /** The log, `seq` 1..n. Appends push onto it in place (their undo step shortens it back). */
  readonly events: E[];
}

/** What {@link eventLogRepository} needs to know of one kind of logged record: its aggregate and where it is. */
export interface EventLogTarget<R extends { id: string }, B, E extends B & { seq: number }>
  extends EventLogAggregate<R, B, E> {
  /** The records with their logs. */
  readonly collection: Collection<LogAggregate<R, E>>;
  /** The records in `id` order. */
  readonly byId: OrderedIndex<Entry<LogAggregate<R, E>>>;
}

/** The record of an entry with its version (fresh copies). */
export const versioned = <R, E>(e: Entry<LogAggregate<R, E>>): Versioned<R> => ({
  record: cloneRecord(e.record.record),
  version: e.version,
});

/**
 * The shared operations of a logged record in a memory store: `open` stores the record with its first event and
 * one audit `create`; `appendEvents` checks the version, numbers the events and writes one audit `update` per
 * event adding it at `/events/<seq - 1>`; everything in the caller's unit of work.
 */
export function eventLogRepository<R extends { id: string }, B, E extends B & { seq: number }>(
  scope: Scope,
  target: EventLogTarget<R, B, E>,
): EventLogOperations<R, B, E> {
  const { state } = scope;
  const { collection, entity, operation } = target;
  const list = (request?: PageRequest) =>
    scope.read(`${operation}.list`, () => target.byId.page(operation, request, versioned));
  return {
    open: (record, context) =>
      scope.write(`${operation}.open`, (uow) => {
        if (collection.byId.has(record.id))
          throw new KehuConflictError(entity, record.id, `${entity} ${JSON.stringify(record.id)} already exists`);
        const first = target.numbered(cloneRecord(target.firstEvent(record, context)), record.id, 1);
        const entry: Entry<LogAggregate<R, E>> = {
          id: record.id,
          record: { record: cloneRecord(record), events: [first] },
          version: 1,
        };
        collection.insert(uow, entry);
        writeAudit(state, uow, {
          entity,
          entityId: record.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, target.logJson(record, [first])),
        });
        return versioned(entry);
      }),
    appendEvents: (id, expectedVersion, bodies, context) =>
      scope.write(`${operation}.appendEvents`, (uow) => {
        checkExpectedVersion(expectedVersion);
        const entry = collection.byId.get(id);
        if (entry === undefined) throw new KehuNotFoundError(entity, id);
        if (entry.version !== expectedVersion) {
          throw new KehuConflictError(
            entity,
            id,
            `${entity} ${JSON.stringify(id)} is at version ${entry.version}, not ${expectedVersion}`,
            { expectedVersion, actualVersion: entry.version },
          );
        }
        if (bodies.length === 0) return [];
        const appended = bodies.map((body, i) => target.numbered(cloneRecord(body), id, expectedVersion + i + 1));
        const aggregate = entry.record;
        const { events } = aggregate;
        const length = events.length;
        for (const e of appended) events.push(e);
        uow.onUndo(() => {
          events.length = length;
        });
        collection.replace(uow, entry, { record: aggregate.record, events }, events.length);
        for (const e of appended) {
          writeAudit(state, uow, {
            entity,
            entityId: id,
            action: 'update',
            context,
            version: e.seq,
            patch: [{ op: 'add', path: `/events/${e.seq - 1}`, value: target.eventJson(e) }],
          });
        }
        return appended.map(cloneRecord);
      }),
    get: (id) =>
      scope.read(`${operation}.get`, () => {
        const e = collection.byId.get(id);
        return e === undefined ? null : versioned(e);
      }),
    events: (id) =>
      scope.read(`${operation}.events`, () => {
        const e = collection.byId.get(id);
        return e === undefined ? [] : e.record.events.map(cloneRecord);
      }),
    list,
    stream: () => streamPages(list),
    streamLogs: () =>
      // One page of entries at a time under the lock: each entry is a snapshot of one record.
      streamPages((request) =>
        scope.read(`${operation}.streamLogs`, () =>
          target.byId.page(`${operation}.logs`, request, (e) => ({
            record: versioned(e),
            events: e.record.events.map(cloneRecord),
          })),
        ),
      ),
    count: () => scope.read(`${operation}.count`, () => collection.byId.size),
  };
}
