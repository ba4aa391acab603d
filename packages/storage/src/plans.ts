import {
  type AuditContext,
  type JsonValue,
  type MaintenancePlan,
  maintenancePlanToJson,
  type PlanEvent,
  type PlanEventBody,
  planEventToJson,
} from '@kehu/core';
import type { EventLogAggregate } from './event-log.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** A maintenance plan with its whole event log, as {@link MaintenancePlanRepository.streamLogs} gives it. */
export interface PlanLogEntry {
  /** The plan as drafted, with its log version (the number of events in its log). */
  plan: Versioned<MaintenancePlan>;
  /** The whole log in `seq` order. */
  events: PlanEvent[];
}

/**
 * The JSON form of a plan's log that its audit entries record (rule AR-4): `{ plan, events }`, the plan as
 * `maintenancePlanToJson` gives it and each event as `planEventToJson` of its body with its `seq` first. `open`
 * records the whole form with the `drafted` event; each appended event is one `update` adding `/events/<seq - 1>`,
 * so `rebuildRecord` over the plan's entries gives this form at every version.
 */
export function planLogToJson(plan: MaintenancePlan, events: readonly PlanEvent[]): JsonValue {
  return { plan: maintenancePlanToJson(plan), events: events.map(planEventJson) } as JsonValue;
}

/** The JSON form of one stored plan event inside {@link planLogToJson}: `seq`, then the body's JSON. */
export function planEventJson(event: PlanEvent): JsonValue {
  const { planId: _planId, seq, ...body } = event;
  return { seq, ...(planEventToJson(body as PlanEventBody) as Record<string, JsonValue>) };
}

/** The maintenance plans' log for adapters' event-log repositories: opened with `drafted` at `context.at`. */
export const PLAN_EVENT_LOG: EventLogAggregate<MaintenancePlan, PlanEventBody, PlanEvent> = {
  entity: 'maintenance-plan',
  operation: 'plans',
  firstEvent: (_plan, context) => ({ type: 'drafted', at: context.at, actor: context.actor }),
  numbered: (body, planId, seq) => ({ ...body, planId, seq }),
  logJson: planLogToJson,
  eventJson: planEventJson,
};

/**
 * Customer maintenance plans (rule MP-1) with their append-only event logs (drafting, revision, approval, activation,
 * evaluation, archive, variance causes).
 *
 * Rules every adapter honours:
 * - `open` stores the plan and its first event, `drafted` at `context.at` by `context.actor`, as one atomic write;
 *   the plan's version is the number of events in its log (1 after `open`). Opening an existing id throws
 *   `KehuConflictError` (entity `maintenance-plan`) and changes nothing.
 * - `appendEvents` numbers the events `version + 1, version + 2, …` when the log's version is `expectedVersion`;
 *   a stale version throws `KehuConflictError` and appends nothing; a missing plan throws `KehuNotFoundError`.
 *   An empty `events` appends nothing, writes no audit entry and returns `[]` (the version is still checked).
 * - every write is audited in the same transaction (rule AR-4, entity `maintenance-plan`, `entityId` the plan id,
 *   the context's actor, time and reason): `open` one `create` at version 1 adding the whole
 *   {@link planLogToJson} form; `appendEvents` one `update` per event, at the event's `seq`, adding
 *   `/events/<seq - 1>` ({@link planEventJson}).
 * - the stored plan is the one opened: a `revised` event does not change what `get` returns (the domain,
 *   `@kehu/plans`, replays the log into the content in effect). `listByOwner` therefore lists by the owner at open.
 * - `events` returns the log in `seq` order; a missing plan gives `[]`.
 * - `list`, `listByOwner` and `stream` order by `id` (code points) and page by keyset.
 * - `streamLogs` gives plans in `id` order, each with its whole log in `seq` order, fetched in batches (never one
 *   query per plan); each entry is a consistent snapshot (the plan's version equals the number of events given).
 * - records round-trip exactly (Decimal amounts to the last digit, instants to the millisecond, attributes deeply
 *   equal).
 * - values are taken as already validated (`parseMaintenancePlan`, `parsePlanEvent` of `@kehu/core`) and are never
 *   mutated; callers check them against their limits policy first (`checkPlanLimits`, `checkPlanEventLimits`).
 * - whether an event is allowed in the plan's current state is the domain's concern (`@kehu/plans`, the SDK), not
 *   the store's.
 */
export interface MaintenancePlanRepository {
  /** Stores a new plan and its `drafted` event. */
  open(plan: MaintenancePlan, context: AuditContext): Promise<Versioned<MaintenancePlan>>;
  /** Appends events after `expectedVersion`; returns them numbered. */
  appendEvents(
    planId: string,
    expectedVersion: number,
    events: readonly PlanEventBody[],
    context: AuditContext,
  ): Promise<PlanEvent[]>;
  /** The plan as opened with its log version, or `null`. */
  get(id: string): Promise<Versioned<MaintenancePlan> | null>;
  /** The plan's whole log in `seq` order (`[]` for a missing plan). */
  events(planId: string): Promise<PlanEvent[]>;
  /** One page of plans in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<MaintenancePlan>>>;
  /** One page of the plans opened with `ownerId` as owner, in `id` order. */
  listByOwner(ownerId: string, request?: PageRequest): Promise<Page<Versioned<MaintenancePlan>>>;
  /** Every plan in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<MaintenancePlan>>;
  /** Plans with their logs in `id` order, fetched in batches (never one query per plan). */
  streamLogs(): AsyncIterable<PlanLogEntry>;
  /** How many plans are stored. */
  count(): Promise<number>;
}
