import {
  KehuNotFoundError,
  KehuPolicyError,
  KehuValidationError,
  parseComplaint,
  parseComplaintEvent,
  type Complaint,
  type ComplaintEvent,
} from '@kehu/core';
import { checkNextEvent, replayComplaint, type ComplaintState } from '@kehu/sla';
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

/** Complaint use cases (rule SL-1 intake and the event log; the SLA clocks are `Kehu.sla`). */
export interface ComplaintUseCases {
  /** Validates the intake and records it with its `received` event at once (SL-1). */
  open(input: unknown, actor: string): Promise<Versioned<Complaint>>;
  /**
   * Validates and appends events against the complaint's current state (`@kehu/sla`'s
   * rules: a closed complaint accepts only `reopened`, no feedback before resolution, events
   * in time order); `received` is written by `open` alone. An event the state does not allow
   * throws `KehuPolicyError` with code `COMPLAINT_STATE` and the path of the event, and
   * nothing is appended.
   */
  appendEvents(
    complaintId: string,
    events: readonly unknown[],
    options?: AppendEventsOptions,
  ): Promise<ComplaintEvent[]>;
  /** The intake with its log version, or `null`. */
  get(id: string): Promise<Versioned<Complaint> | null>;
  /** The whole event log in order. */
  events(complaintId: string): Promise<ComplaintEvent[]>;
  /** One page of a customer's complaints in `(receivedAt, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
}

/** Builds the complaint use cases over `storage`. */
export function complaintUseCases(storage: KehuStorage): ComplaintUseCases {
  return {
    open: async (input, actor) => {
      if (typeof actor !== 'string' || actor.length === 0) {
        throw new KehuValidationError('actor must be a non-empty id', [
          { path: ['actor'], message: 'expected a non-empty string', code: 'too_small' },
        ]);
      }
      return storage.complaints.open(parseComplaint(input), actor);
    },
    appendEvents: async (complaintId, inputs, options = {}) => {
      const bodies = parseAll(inputs, parseComplaintEvent, 'event');
      return storage.withTransaction(async (tx) => {
        const current = await tx.complaints.get(complaintId);
        if (current === null) throw new KehuNotFoundError('complaint', complaintId);
        // The stored log's state, then each new event checked against it (@kehu/sla's rules:
        // no resolving a closed complaint, no feedback before resolution, time order).
        const log = await tx.complaints.events(complaintId);
        let state: ComplaintState | null = replayComplaint({
          id: complaintId,
          severity: current.record.severity,
          events: log,
        }).state;
        let lastAt: number | null = log.at(-1)?.at.getTime() ?? null;
        bodies.forEach((body, i) => {
          if (body.type === 'received') {
            throw new KehuPolicyError('a complaint is received once, when it is opened', {
              code: 'COMPLAINT_STATE',
              path: [i, 'type'],
            });
          }
          try {
            state = checkNextEvent(state, lastAt, body, i);
          } catch (e) {
            if (e instanceof KehuValidationError && e.code === 'INVALID_TRANSITION') {
              throw new KehuPolicyError(`complaint ${complaintId}: ${e.message}`, {
                code: 'COMPLAINT_STATE',
                path: [i, 'type'],
                cause: e,
              });
            }
            if (e instanceof KehuValidationError)
              throw new KehuValidationError(
                e.message,
                e.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })),
                { cause: e },
              );
            throw e;
          }
          lastAt = body.at.getTime();
        });
        return tx.complaints.appendEvents(complaintId, options.expectedVersion ?? current.version, bodies);
      });
    },
    get: (id) => storage.complaints.get(id),
    events: (id) => storage.complaints.events(id),
    listByCustomer: (customerId, request) => storage.complaints.listByCustomer(customerId, request),
  };
}
