import type { Complaint, ComplaintEvent, ComplaintEventBody, ComplaintSeverity, ComplaintState } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Narrows {@link ComplaintRepository.find}; every field given must match. `state` and
 * `severity` are the ones in effect after the whole log (core's `complaintStateAfter` and
 * `complaintSeverityAfter`), not the intake's.
 */
export interface ComplaintFilter {
  /** Only complaints in this state. */
  state?: ComplaintState;
  /** Only complaints of this severity in effect. */
  severity?: ComplaintSeverity;
  /** Only this customer's complaints. */
  customerId?: string;
  /** Only complaints with `receivedAt >= receivedFrom`. */
  receivedFrom?: Date;
  /** Only complaints with `receivedAt < receivedTo`. */
  receivedTo?: Date;
}

/** A complaint with its whole event log, as {@link ComplaintRepository.streamLogs} gives it. */
export interface ComplaintLogEntry {
  /** The intake with its log version. */
  complaint: Versioned<Complaint>;
  /** The whole log in `seq` order. */
  events: ComplaintEvent[];
}

/**
 * What appending to a complaint needs to know of its log, as {@link ComplaintRepository.head}
 * gives it: kept with the complaint, so reading it costs the same whatever the log's length.
 */
export interface ComplaintHead {
  /** The intake with its log version (the number of events in its log). */
  complaint: Versioned<Complaint>;
  /** The state in effect after the whole log (core's `complaintStateAfter` of the log). */
  state: ComplaintState;
  /** The severity in effect after the whole log (core's `complaintSeverityAfter` from the intake's). */
  severity: ComplaintSeverity;
  /** The `at` of the log's last event (the one whose `seq` is the version). */
  lastEventAt: Date;
}

/** Which complaints {@link ComplaintRepository.streamLogs} gives. */
export interface ComplaintLogQuery {
  /**
   * Only the complaints that may be open at this instant: received at or before it, and
   * whose log does not end with a `closed` event at or before it. (A superset of the
   * complaints open then: whether a complaint is open is the domain's call, `@kehu/sla`.)
   * Default: every complaint.
   */
  openAt?: Date;
}

/**
 * Complaints (rule SL-1) with their append-only event logs.
 *
 * Rules every adapter honours:
 * - `open` stores the intake and its first event, `received` at `receivedAt`, as one
 *   atomic write; the complaint's version is the number of events in its log (1 after
 *   `open`). Opening an existing id throws `KehuConflictError`.
 * - `appendEvents` numbers the events `version + 1, version + 2, …` when the log's
 *   version is `expectedVersion`; a stale version throws `KehuConflictError` and appends
 *   nothing; a missing complaint throws `KehuNotFoundError`.
 * - `events` returns the log in `seq` order; a missing complaint gives `[]`.
 * - `head` gives, from one consistent snapshot, what `get` gives together with the state and
 *   severity in effect after the whole log and the `at` of its last event, without reading
 *   the log: its cost does not depend on the log's length. A missing complaint gives `null`.
 *   It always agrees with `get` and `events`: `state` is `complaintStateAfter(events)`,
 *   `severity` is `complaintSeverityAfter(events, intake severity)` and `lastEventAt` is the
 *   `at` of the event whose `seq` is the version. Appending (`appendEvents`) costs what the
 *   new events cost, not what the log holds.
 * - `list` and `stream` order by `id`; `listByCustomer` by `(receivedAt, id)`.
 * - `streamLogs` gives complaints in `id` order, each with its whole log in `seq` order,
 *   fetched in batches (never one query per complaint). Each entry is a consistent
 *   snapshot of one complaint: its intake's version equals the number of events given.
 *   With `openAt`, a complaint is left out when it was received after `openAt`, or when
 *   the last event of its log (the one with the highest `seq`, i.e. `seq` = its version)
 *   is `closed` at or before `openAt`; so a complaint closed and later reopened is given,
 *   and so is one closed only after `openAt`. Without `openAt`, every complaint is given.
 * - `find` filters in the store (never by loading every complaint) and pages in
 *   `(receivedAt, id)` order with keyset cursors of its own list.
 * - whether an event is allowed in the complaint's current state is the domain's
 *   concern (`@kehu/sla`, the SDK), not the store's.
 */
export interface ComplaintRepository {
  /** Stores a new complaint and its `received` event. */
  open(complaint: Complaint, actor: string): Promise<Versioned<Complaint>>;
  /** The complaint intake with its log version, or `null`. */
  get(id: string): Promise<Versioned<Complaint> | null>;
  /** Appends events after `expectedVersion`; returns them numbered. */
  appendEvents(
    complaintId: string,
    expectedVersion: number,
    events: readonly ComplaintEventBody[],
  ): Promise<ComplaintEvent[]>;
  /** The intake with its version, state and severity in effect and last event's instant, or `null`. */
  head(id: string): Promise<ComplaintHead | null>;
  /** The complaint's whole log in `seq` order. */
  events(complaintId: string): Promise<ComplaintEvent[]>;
  /** One page of complaints in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
  /** One page of one customer's complaints in `(receivedAt, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
  /** One page of the complaints matching `filter`, in `(receivedAt, id)` order. */
  find(filter: ComplaintFilter, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
  /** Every complaint in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<Complaint>>;
  /** Complaints with their logs in `id` order, fetched in batches (never one query per complaint). */
  streamLogs(query?: ComplaintLogQuery): AsyncIterable<ComplaintLogEntry>;
  /** How many complaints are stored. */
  count(): Promise<number>;
}
