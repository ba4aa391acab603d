import type { AuditContext, AuditEntity, JsonValue } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** A record with its whole event log, before {@link namedLogs} names the record for its aggregate. */
export interface RecordLog<R, E> {
  /** The record as opened, with its log version (the number of events in its log). */
  readonly record: Versioned<R>;
  /** The whole log in `seq` order. */
  readonly events: E[];
}

/**
 * What every adapter's event-log repository needs to know of one aggregate (records `R`, event bodies `B`, stored
 * events `E`): `PLAN_EVENT_LOG` and `OPPORTUNITY_EVENT_LOG`. Adapters add where and how they store it.
 */
export interface EventLogAggregate<R, B, E> {
  /** The audit entity, also the entity of conflicts and missing records. */
  readonly entity: AuditEntity;
  /** The name of operations and cursors, e.g. `plans`. */
  readonly operation: string;
  /** The log's first event for a record opened under `context`. */
  readonly firstEvent: (record: R, context: AuditContext) => B;
  /** The stored event: the body numbered `seq` in the log of `id`. */
  readonly numbered: (body: B, id: string, seq: number) => E;
  /** The JSON form of the record with its log that the audit entries record. */
  readonly logJson: (record: R, events: readonly E[]) => JsonValue;
  /** The JSON form of one stored event inside {@link EventLogAggregate.logJson}. */
  readonly eventJson: (event: E) => JsonValue;
}

/**
 * The operations every record opened with an append-only event log shares (maintenance plans, opportunities), for
 * an adapter that writes them once for every such aggregate: records of type `R`, event bodies `B` and stored
 * (numbered) events `E`. Each aggregate's repository adds its own listings and names its `streamLogs` entries
 * ({@link namedLogs}); the rules are those of `MaintenancePlanRepository` and `OpportunityRepository`.
 */
export interface EventLogOperations<R, B, E> {
  /** Stores a new record with its first event. */
  open(record: R, context: AuditContext): Promise<Versioned<R>>;
  /** Appends events after `expectedVersion`; returns them numbered. */
  appendEvents(id: string, expectedVersion: number, bodies: readonly B[], context: AuditContext): Promise<E[]>;
  /** The record as opened with its log version, or `null`. */
  get(id: string): Promise<Versioned<R> | null>;
  /** The record's whole log in `seq` order (`[]` when missing). */
  events(id: string): Promise<E[]>;
  /** One page of records in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<R>>>;
  /** Every record in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<R>>;
  /** Records with their logs in `id` order, fetched in batches. */
  streamLogs(): AsyncIterable<RecordLog<R, E>>;
  /** How many records are stored. */
  count(): Promise<number>;
}

/**
 * The entries of `logs` with each record under `key`, e.g. `namedLogs('plan', logs)` gives the `{ plan, events }`
 * entries of `MaintenancePlanRepository.streamLogs`.
 */
export async function* namedLogs<K extends string, R, E>(
  key: K,
  logs: AsyncIterable<RecordLog<R, E>>,
): AsyncGenerator<Record<K, Versioned<R>> & { events: E[] }> {
  for await (const { record, events } of logs)
    yield { [key]: record, events } as Record<K, Versioned<R>> & { events: E[] };
}
