import {
  checkComplaintLimits,
  checkComplaintEventLimits,
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
import { checkNextEvent } from '@kehu/sla';
import { checkOptionalExpectedVersion, streamPages, type Page, type PageRequest, type Versioned } from '@kehu/storage';
import { optionalObject, optionalPageRequest, requireId, requireList } from './arguments.js';
import { atIndex, parseAll } from './batch-validation.js';
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
      checkComplaintLimits(complaint, ctx.limits);
      if (ctx.requireKnownCustomers) await requireCustomers(repos, [complaint.customerId], () => ['customerId']);
      return repos.complaints.open(complaint, actor);
    },
    appendEvents: async (complaintId, inputs, optionsInput) => {
      requireId(complaintId, ['complaintId']);
      const options = optionalObject<AppendEventsOptions>(optionsInput, [], 'append options');
      const expectedVersion = checkOptionalExpectedVersion(options.expectedVersion);
      const bodies = parseAll(requireList(inputs, [], 'events'), parseComplaintEvent, 'event');
      return ctx.atomic(async (tx, raw) => {
        // One read of the log's head (version, state in effect, last event's instant), never of
        // the log itself: an append costs the same at the 100,000th event as at the first. Read in
        // the stored form: the intake's sealed text is not needed here, so nothing is decrypted.
        const head = await raw.complaints.head(complaintId);
        if (head === null) throw new KehuNotFoundError('complaint', complaintId);
        bodies.forEach((body, i) => {
          try {
            checkComplaintEventLimits(body, ctx.limits, { eventsSoFar: head.complaint.version + i });
          } catch (error) {
            if (error instanceof KehuValidationError) throw atIndex(i, error, 'event');
            throw error;
          }
        });
        // Each new event is checked against the state before it (@kehu/sla's rules: no resolving
        // a closed complaint, no feedback before resolution, time order).
        let state: ComplaintState = head.state;
        let lastAt = head.lastEventAt.getTime();
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
        return tx.complaints.appendEvents(complaintId, expectedVersion ?? head.complaint.version, bodies);
      });
    },
    get: async (id) => repos.complaints.get(requireId(id, ['id'])),
    events: async (id) => repos.complaints.events(requireId(id, ['complaintId'])),
    listByCustomer: async (customerId, request) =>
      repos.complaints.listByCustomer(requireId(customerId, ['customerId']), optionalPageRequest(request)),
    list: async (filter, request) => repos.complaints.find(parseComplaintFilter(filter), optionalPageRequest(request)),
    stream: (filter) => {
      const parsed = parseComplaintFilter(filter);
      return streamPages((request) => repos.complaints.find(parsed, request));
    },
  };
}
