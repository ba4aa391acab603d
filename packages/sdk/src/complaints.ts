import {
  KehuNotFoundError,
  invalidInput,
  KehuValidationError,
  parseComplaint,
  parseComplaintEvent,
  type Complaint,
  type ComplaintEvent,
  type ComplaintInput,
  type ComplaintState,
} from '@kehu/core';
import { checkNextEvent, replayComplaint } from '@kehu/sla';
import { streamPages, type Page, type PageRequest, type Versioned } from '@kehu/storage';
import { parseAll } from './batch-validation.js';
import { requireCustomers, type UseCaseContext } from './context.js';
import { parseComplaintFilter, type ComplaintListFilter } from './filters.js';
import type { ComplaintEventInput } from './inputs.js';

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
  /**
   * Validates the intake and records it with its `received` event at once (SL-1). Unknown
   * fields are refused; so is a complaint whose customer is not stored (a
   * `KehuValidationError` at `['customerId']`) unless `createKehu` was given
   * `requireKnownCustomers: false`.
   */
  open(input: ComplaintInput, actor: string): Promise<Versioned<Complaint>>;
  /**
   * Validates and appends events against the complaint's current state (`@kehu/sla`'s
   * rules: a closed complaint accepts only `reopened`, no feedback before resolution, events
   * in time order); `received` is written by `open` alone. An event the state does not allow
   * throws `KehuValidationError` with code `INVALID_TRANSITION` and the path of the event, and
   * nothing is appended.
   */
  appendEvents(
    complaintId: string,
    events: readonly ComplaintEventInput[],
    options?: AppendEventsOptions,
  ): Promise<ComplaintEvent[]>;
  /** The intake with its log version, or `null`. */
  get(id: string): Promise<Versioned<Complaint> | null>;
  /** The whole event log in order. */
  events(complaintId: string): Promise<ComplaintEvent[]>;
  /** One page of a customer's complaints in `(receivedAt, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
  /**
   * One page of the complaints matching `filter` (state and severity in effect, customer,
   * received range) in `(receivedAt, id)` order; the store filters.
   */
  list(filter?: ComplaintListFilter, request?: PageRequest): Promise<Page<Versioned<Complaint>>>;
  /** Every complaint matching `filter` in `(receivedAt, id)` order, a page at a time. */
  stream(filter?: ComplaintListFilter): AsyncIterable<Versioned<Complaint>>;
}

/** Builds the complaint use cases over `ctx`. */
export function complaintUseCases(ctx: UseCaseContext): ComplaintUseCases {
  const { repos } = ctx;
  return {
    open: async (input, actor) => {
      if (typeof actor !== 'string' || actor.length === 0) {
        throw new KehuValidationError('actor must be a non-empty id', [
          { path: ['actor'], message: 'expected a non-empty string', code: 'too_small' },
        ]);
      }
      const complaint = parseComplaint(input);
      if (ctx.requireKnownCustomers) await requireCustomers(repos, [complaint.customerId], () => ['customerId']);
      return repos.complaints.open(complaint, actor);
    },
    appendEvents: async (complaintId, inputs, options = {}) => {
      const { expectedVersion } = options;
      if (expectedVersion !== undefined && (!Number.isInteger(expectedVersion) || expectedVersion < 1))
        throw invalidInput(['expectedVersion'], 'expectedVersion must be a log version (an integer >= 1)', 'too_small');
      const bodies = parseAll(inputs, parseComplaintEvent, 'event');
      return ctx.atomic(async (tx) => {
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
            throw invalidInput(
              [i, 'type'],
              `complaint ${complaintId}: a complaint is received once, when it is opened`,
              'INVALID_TRANSITION',
              { code: 'INVALID_TRANSITION' },
            );
          }
          try {
            state = checkNextEvent(state, lastAt, body, i);
          } catch (e) {
            if (e instanceof KehuValidationError)
              throw new KehuValidationError(
                `complaint ${complaintId}: ${e.message}`,
                e.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })),
                { code: e.code, cause: e },
              );
            throw e;
          }
          lastAt = body.at.getTime();
        });
        return tx.complaints.appendEvents(complaintId, expectedVersion ?? current.version, bodies);
      });
    },
    get: (id) => repos.complaints.get(id),
    events: (id) => repos.complaints.events(id),
    listByCustomer: (customerId, request) => repos.complaints.listByCustomer(customerId, request),
    list: async (filter, request) => repos.complaints.find(parseComplaintFilter(filter), request),
    stream: (filter) => {
      const parsed = parseComplaintFilter(filter);
      return streamPages((request) => repos.complaints.find(parsed, request));
    },
  };
}
