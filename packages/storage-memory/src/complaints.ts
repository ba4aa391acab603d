import {
  KehuConflictError,
  KehuNotFoundError,
  type Complaint,
  type ComplaintEvent,
  complaintSeverityAfter,
  complaintStateAfter,
} from '@kehu/core';
import {
  checkExpectedVersion,
  streamPages,
  type ComplaintFilter,
  type ComplaintHead,
  type ComplaintLogEntry,
  type ComplaintRepository,
  type Versioned,
} from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';
import type { ComplaintAggregate } from './state.js';

const copy = (e: Entry<ComplaintAggregate>): Versioned<Complaint> => ({
  record: cloneRecord(e.record.complaint),
  version: e.version,
});

const head = (e: Entry<ComplaintAggregate>): ComplaintHead => ({
  complaint: copy(e),
  state: e.record.state,
  severity: e.record.severity,
  lastEventAt: new Date(e.record.lastEventAt),
});

const logEntry = (e: Entry<ComplaintAggregate>): ComplaintLogEntry => ({
  complaint: copy(e),
  events: e.record.events.map(cloneRecord),
});

/** Whether a complaint may be open at `at` (ms): received by then, its log not ending with a `closed` event by then. */
const mayBeOpenAt =
  (at: number) =>
  (e: Entry<ComplaintAggregate>): boolean => {
    if (e.record.complaint.receivedAt.getTime() > at) return false;
    const last = e.record.events[e.record.events.length - 1];
    return last === undefined || last.type !== 'closed' || last.at.getTime() > at;
  };

/** Whether a complaint matches a {@link ComplaintFilter}. */
const matches =
  (filter: ComplaintFilter) =>
  ({ record: { complaint: c, state, severity } }: Entry<ComplaintAggregate>): boolean => {
    const received = c.receivedAt.getTime();
    return (
      (filter.customerId === undefined || c.customerId === filter.customerId) &&
      (filter.receivedFrom === undefined || received >= filter.receivedFrom.getTime()) &&
      (filter.receivedTo === undefined || received < filter.receivedTo.getTime()) &&
      (filter.state === undefined || state === filter.state) &&
      (filter.severity === undefined || severity === filter.severity)
    );
  };

/** The complaints and their event logs of a memory store (rule SL-1). */
export function complaintRepository(scope: Scope): ComplaintRepository {
  const { state } = scope;
  const list: ComplaintRepository['list'] = (request) =>
    scope.read('complaints.list', () => state.complaintsById.page('complaints', request, copy));
  return {
    open: (complaint, actor) =>
      scope.write('complaints.open', (uow) => {
        if (state.complaints.byId.has(complaint.id)) {
          throw new KehuConflictError(
            'complaint',
            complaint.id,
            `complaint ${JSON.stringify(complaint.id)} already exists`,
          );
        }
        const received: ComplaintEvent = {
          type: 'received',
          at: new Date(complaint.receivedAt.getTime()),
          actor,
          complaintId: complaint.id,
          seq: 1,
        };
        const entry: Entry<ComplaintAggregate> = {
          id: complaint.id,
          record: {
            complaint: cloneRecord(complaint),
            events: [received],
            state: complaintStateAfter([received]),
            severity: complaint.severity,
            lastEventAt: received.at.getTime(),
          },
          version: 1,
        };
        state.complaints.insert(uow, entry);
        return copy(entry);
      }),
    get: (id) =>
      scope.read('complaints.get', () => {
        const e = state.complaints.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    head: (id) =>
      scope.read('complaints.head', () => {
        const e = state.complaints.byId.get(id);
        return e === undefined ? null : head(e);
      }),
    appendEvents: (complaintId, expectedVersion, bodies) =>
      scope.write('complaints.appendEvents', (uow) => {
        checkExpectedVersion(expectedVersion);
        const entry = state.complaints.byId.get(complaintId);
        if (entry === undefined) throw new KehuNotFoundError('complaint', complaintId);
        if (entry.version !== expectedVersion) {
          throw new KehuConflictError(
            'complaint',
            complaintId,
            `complaint ${JSON.stringify(complaintId)} is at version ${entry.version}, not ${expectedVersion}`,
            { expectedVersion, actualVersion: entry.version },
          );
        }
        const appended = bodies.map(
          (body, i): ComplaintEvent => ({ ...cloneRecord(body), complaintId, seq: expectedVersion + i + 1 }),
        );
        const last = appended[appended.length - 1];
        if (last === undefined) return [];
        // The log grows in place (never copied): the undo step shortens it back.
        const aggregate = entry.record;
        const { events } = aggregate;
        const length = events.length;
        for (const e of appended) events.push(e);
        uow.onUndo(() => {
          events.length = length;
        });
        state.complaints.replace(
          uow,
          entry,
          {
            complaint: aggregate.complaint,
            events,
            state: complaintStateAfter(appended, aggregate.state),
            severity: complaintSeverityAfter(appended, aggregate.severity),
            lastEventAt: last.at.getTime(),
          },
          events.length,
        );
        return appended.map(cloneRecord);
      }),
    events: (complaintId) =>
      scope.read('complaints.events', () => {
        const e = state.complaints.byId.get(complaintId);
        return e === undefined ? [] : e.record.events.map(cloneRecord);
      }),
    list,
    listByCustomer: (customerId, request) =>
      scope.read('complaints.listByCustomer', () =>
        state.complaintsByCustomer.page('complaints.byCustomer', request, copy, { prefix: [customerId] }),
      ),
    find: (filter, request) =>
      scope.read('complaints.find', () =>
        state.complaintsByReceived.page('complaints.find', request, copy, { filter: matches(filter) }),
      ),
    stream: () => streamPages(list),
    streamLogs: (query = {}) => {
      const filter = query.openAt === undefined ? {} : { filter: mayBeOpenAt(query.openAt.getTime()) };
      // One page of entries at a time under the lock: each entry is a snapshot of one complaint.
      return streamPages((request) =>
        scope.read('complaints.streamLogs', () =>
          state.complaintsById.page('complaints.logs', request, logEntry, filter),
        ),
      );
    },
    count: () => scope.read('complaints.count', () => state.complaints.byId.size),
  };
}
