import {
  KehuNotFoundError,
  KehuPolicyError,
  KehuValidationError,
  parseComplaint,
  parseComplaintEvent,
  type Complaint,
  type ComplaintEvent,
  type ComplaintEventBody,
} from '@kehu/core';
import type { KehuStorage, Page, PageRequest, Versioned } from '@kehu/storage';
import { parseAll } from './batch-validation.js';

/** Options of {@link ComplaintUseCases.appendEvents}. */
export interface AppendEventsOptions {
  /**
   * The log version the caller based its events on; when given, a log that moved on
   * fails with `KehuConflictError`. When omitted, the current version is read.
   */
  expectedVersion?: number;
}

/** Complaint use cases (rule SL-1 intake; the SLA clocks come with `@kehu/sla`). */
export interface ComplaintUseCases {
  /** Validates the intake and records it with its `received` event at once (SL-1). */
  open(input: unknown, actor: string): Promise<Versioned<Complaint>>;
  /**
   * Validates and appends events. A closed complaint accepts only `reopened`; `received`
   * is written by `open` alone. A refused event throws `KehuPolicyError` with code
   * `COMPLAINT_STATE` and appends nothing.
   */
  appendEvents(complaintId: string, events: readonly unknown[], options?: AppendEventsOptions): Promise<ComplaintEvent[]>;
  /** The intake with its log version, or `null`. */
  get(id: string): Promise<Versioned<Complaint> | null>;
  /** The whole event log in order. */
  events(complaintId: string): Promise<ComplaintEvent[]>;
  /** One page of a customer's complaints in `(receivedAt, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
}

/** Whether the log, after `events`, is closed. */
function isClosed(events: readonly Pick<ComplaintEventBody, 'type'>[]): boolean {
  let closed = false;
  for (const e of events) {
    if (e.type === 'closed') closed = true;
    else if (e.type === 'reopened') closed = false;
  }
  return closed;
}

/** Builds the complaint use cases over `storage`. */
export function complaintUseCases(storage: KehuStorage): ComplaintUseCases {
  return {
    open: async (input, actor) => {
      if (typeof actor !== 'string' || actor.length === 0) {
        throw new KehuValidationError('actor must be a non-empty id', [{ path: ['actor'], message: 'expected a non-empty string', code: 'too_small' }]);
      }
      return storage.complaints.open(parseComplaint(input), actor);
    },
    appendEvents: async (complaintId, inputs, options = {}) => {
      const bodies = parseAll(inputs, parseComplaintEvent, 'event');
      return storage.withTransaction(async (tx) => {
        const current = await tx.complaints.get(complaintId);
        if (current === null) throw new KehuNotFoundError('complaint', complaintId);
        const log: Array<Pick<ComplaintEventBody, 'type'>> = await tx.complaints.events(complaintId);
        bodies.forEach((body, i) => {
          if (body.type === 'received') {
            throw new KehuPolicyError('a complaint is received once, when it is opened', { code: 'COMPLAINT_STATE', path: [i, 'type'] });
          }
          if (isClosed(log) && body.type !== 'reopened') {
            throw new KehuPolicyError(`complaint ${complaintId} is closed: only "reopened" may follow, not "${body.type}"`, {
              code: 'COMPLAINT_STATE',
              path: [i, 'type'],
            });
          }
          log.push(body);
        });
        return tx.complaints.appendEvents(complaintId, options.expectedVersion ?? current.version, bodies);
      });
    },
    get: (id) => storage.complaints.get(id),
    events: (id) => storage.complaints.events(id),
    listByCustomer: (customerId, request) => storage.complaints.listByCustomer(customerId, request),
  };
}
