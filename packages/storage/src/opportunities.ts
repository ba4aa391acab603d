import {
  type AuditContext,
  type JsonValue,
  type Opportunity,
  type OpportunityEvent,
  type OpportunityEventBody,
  opportunityEventToJson,
  opportunityToJson,
} from '@kehu/core';
import type { EventLogAggregate } from './event-log.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** An opportunity with its whole event log, as {@link OpportunityRepository.streamLogs} gives it. */
export interface OpportunityLogEntry {
  /** The opportunity as opened, with its log version (the number of events in its log). */
  opportunity: Versioned<Opportunity>;
  /** The whole log in `seq` order. */
  events: OpportunityEvent[];
}

/**
 * The JSON form of an opportunity's log that its audit entries record (rule AR-4): `{ opportunity, events }`, the
 * opportunity as `opportunityToJson` gives it and each event as `opportunityEventToJson` of its body with its `seq`
 * first; `open` adds the whole form, each appended event is one `update` adding `/events/<seq - 1>`.
 */
export function opportunityLogToJson(opportunity: Opportunity, events: readonly OpportunityEvent[]): JsonValue {
  return { opportunity: opportunityToJson(opportunity), events: events.map(opportunityEventJson) } as JsonValue;
}

/** The JSON form of one stored opportunity event inside {@link opportunityLogToJson}: `seq`, then the body's JSON. */
export function opportunityEventJson(event: OpportunityEvent): JsonValue {
  const { opportunityId: _id, seq, ...body } = event;
  return { seq, ...(opportunityEventToJson(body as OpportunityEventBody) as Record<string, JsonValue>) };
}

/**
 * The opportunities' log for adapters' event-log repositories: opened with `created` at `createdAt` in the
 * opportunity's stage.
 */
export const OPPORTUNITY_EVENT_LOG: EventLogAggregate<Opportunity, OpportunityEventBody, OpportunityEvent> = {
  entity: 'opportunity',
  operation: 'opportunities',
  firstEvent: (o, context) => ({ type: 'created', at: o.createdAt, actor: context.actor, stage: o.stage }),
  numbered: (body, opportunityId, seq) => ({ ...body, opportunityId, seq }),
  logJson: opportunityLogToJson,
  eventJson: opportunityEventJson,
};

/**
 * Sales opportunities (rule MP-3) with their append-only event logs (stage moves, manual probabilities, new amounts
 * and dates, reassignment, outcomes, reopening).
 *
 * Rules every adapter honours:
 * - `open` stores the opportunity and its first event, `created` at `createdAt` by `context.actor` in the
 *   opportunity's `stage`, as one atomic write; its version is the number of events in its log (1 after `open`).
 *   Opening an existing id throws `KehuConflictError` (entity `opportunity`) and changes nothing.
 * - `appendEvents` numbers the events `version + 1, …` when the log's version is `expectedVersion`; a stale version
 *   throws `KehuConflictError` and appends nothing; a missing opportunity throws `KehuNotFoundError`. An empty
 *   `events` appends nothing, writes no audit entry and returns `[]`.
 * - every write is audited in the same transaction (entity `opportunity`): `open` one `create` at version 1 adding
 *   the whole {@link opportunityLogToJson} form; `appendEvents` one `update` per event at its `seq`, adding
 *   `/events/<seq - 1>`.
 * - the stored opportunity is the one opened: `reassigned`, `revenue-changed` and the like do not change what `get`
 *   returns; `listBySalesperson` lists by the salesperson at open (the current one is the replay's, `@kehu/plans`).
 * - `events` returns the log in `seq` order; a missing opportunity gives `[]`.
 * - `list` and `stream` order by `id`; `listByCustomer` and `listBySalesperson` by `(createdAt, id)`; pages by keyset.
 * - `streamLogs` gives opportunities in `id` order, each with its whole log in `seq` order, fetched in batches
 *   (never one query per opportunity); each entry is a consistent snapshot.
 * - records round-trip exactly (Decimal amounts to the last digit, instants to the millisecond).
 * - values are taken as already validated (`parseOpportunity`, `parseOpportunityEvent`) and are never mutated; callers
 *   check them against their limits policy first (`checkOpportunityLimits`, `checkOpportunityEventLimits`).
 * - whether an event is allowed is the domain's concern (`@kehu/plans`, the SDK), not the store's.
 */
export interface OpportunityRepository {
  /** Stores a new opportunity and its `created` event. */
  open(opportunity: Opportunity, context: AuditContext): Promise<Versioned<Opportunity>>;
  /** Appends events after `expectedVersion`; returns them numbered. */
  appendEvents(
    opportunityId: string,
    expectedVersion: number,
    events: readonly OpportunityEventBody[],
    context: AuditContext,
  ): Promise<OpportunityEvent[]>;
  /** The opportunity as opened with its log version, or `null`. */
  get(id: string): Promise<Versioned<Opportunity> | null>;
  /** The opportunity's whole log in `seq` order (`[]` when missing). */
  events(opportunityId: string): Promise<OpportunityEvent[]>;
  /** One page of opportunities in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<Opportunity>>>;
  /** One page of one customer's opportunities in `(createdAt, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<Opportunity>>>;
  /** One page of the opportunities opened for `salespersonId`, in `(createdAt, id)` order. */
  listBySalesperson(salespersonId: string, request?: PageRequest): Promise<Page<Versioned<Opportunity>>>;
  /** Every opportunity in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<Opportunity>>;
  /** Opportunities with their logs in `id` order, fetched in batches (never one query per opportunity). */
  streamLogs(): AsyncIterable<OpportunityLogEntry>;
  /** How many opportunities are stored. */
  count(): Promise<number>;
}
