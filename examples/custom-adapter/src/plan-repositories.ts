import {
  type AuditContext,
  budgetActualToJson,
  type JsonValue,
  KehuConflictError,
  KehuNotFoundError,
  maintenancePlanToJson,
  opportunityEventToJson,
  opportunityToJson,
  parseBudgetActual,
  parseMaintenancePlan,
  parseOpportunity,
  parseOpportunityEvent,
  parsePlanEvent,
  planEventToJson,
} from '@kehu/core';
import {
  auditPatch,
  type BudgetActualFilter,
  checkExpectedVersion,
  type EventLogAggregate,
  type KehuRepositories,
  namedLogs,
  OPPORTUNITY_EVENT_LOG,
  type PageRequest,
  PLAN_EVENT_LOG,
  streamPages,
} from '@kehu/storage';
import { pageOf } from './paging.js';
import { auditWith, ms, obj, recordedOnce, type Runner, stale } from './repositories.js';
import type { LogJson } from './tables.js';

/** How one logged table (plans or opportunities) reads and writes its records and events. */
interface LogSpec<R, B, E> extends EventLogAggregate<R, B, E> {
  table: 'plans' | 'opportunities';
  logKey: 'plan' | 'opportunity';
  toJson: (record: R) => unknown;
  parse: (json: unknown) => R;
  eventToJson: (body: B) => unknown;
  parseEvent: (json: unknown) => B;
}

/**
 * A record with an append-only event log: `open` stores the record and its first event with one audit `create` of
 * `{ <logKey>: record, events: [{ seq, ...event }] }`; each appended event is one audit `update` adding
 * `/events/<seq - 1>`.
 */
function logged<R extends { id: string }, B, E>(run: Runner, spec: LogSpec<R, B, E>) {
  const { table, entity } = spec;
  const out = (v: LogJson) => ({ record: spec.parse(v.record), version: v.events.length });
  const eventsOf = (id: string, v: LogJson) => v.events.map((e, i) => spec.numbered(spec.parseEvent(e), id, i + 1));
  const auditEvent = (e: JsonValue, seq: number): JsonValue => ({ seq, ...obj(e) });
  const list = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries(table),
        ([id]) => [id],
        table,
        1,
        request,
        ([, v]) => out(v),
      ),
    );
  const logs = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries(table),
        ([id]) => [id],
        `${table}.logs`,
        1,
        request,
        ([id, v]) => ({
          record: out(v),
          events: eventsOf(id, v),
        }),
      ),
    );
  const listWhere = (field: string, value: string, byTime: boolean, request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        [...view.entries(table)].filter(([, v]) => obj(v.record)[field] === value),
        byTime ? ([id, v]) => [ms(obj(v.record).createdAt), id] : ([id]) => [id],
        `${table}.${field}.${value}`,
        byTime ? 2 : 1,
        request,
        ([, v]) => out(v),
      ),
    );
  return {
    open: (record: R, ctx: AuditContext) =>
      run.write((view) => {
        if (view.get(table, record.id) !== undefined)
          throw new KehuConflictError(entity, record.id, `${entity} ${record.id} already exists`);
        const first = spec.eventToJson(spec.firstEvent(record, ctx)) as JsonValue;
        const value: LogJson = { record: spec.toJson(record) as JsonValue, events: [first] };
        view.put(table, record.id, value);
        const whole = { [spec.logKey]: value.record, events: [auditEvent(first, 1)] };
        auditWith(view, entity, record.id, 'create', ctx, 1, auditPatch(null, whole));
        return out(value);
      }),
    appendEvents: (id: string, expectedVersion: number, bodies: readonly B[], ctx: AuditContext) =>
      run.write((view) => {
        checkExpectedVersion(expectedVersion);
        const v = view.get(table, id);
        if (v === undefined) throw new KehuNotFoundError(entity, id);
        if (v.events.length !== expectedVersion) throw stale(entity, id, expectedVersion, v.events.length);
        if (bodies.length === 0) return [];
        const added = bodies.map((b) => spec.eventToJson(b) as JsonValue);
        view.put(table, id, { record: v.record, events: [...v.events, ...added] });
        added.forEach((e, i) => {
          const seq = expectedVersion + i + 1;
          auditWith(view, entity, id, 'update', ctx, seq, [
            { op: 'add', path: `/events/${seq - 1}`, value: auditEvent(e, seq) },
          ]);
        });
        return added.map((e, i) => spec.numbered(spec.parseEvent(e), id, expectedVersion + i + 1));
      }),
    get: (id: string) =>
      run.read((view) => {
        const v = view.get(table, id);
        return v === undefined ? null : out(v);
      }),
    events: (id: string) =>
      run.read((view) => {
        const v = view.get(table, id);
        return v === undefined ? [] : eventsOf(id, v);
      }),
    list,
    /**
     * One page of the records whose `field` (at open) is `value`, in `(createdAt, id)` order when `byTime`, else in
     * `id` order.
     */
    listWhere,
    stream: () => streamPages(list),
    streamLogs: () => streamPages(logs),
    count: () => run.read((view) => view.size(table)),
  };
}

/** The maintenance plans, budget actuals and opportunities of one runner (rules MP-1 to MP-3). */
export function planRepositories(run: Runner): Pick<KehuRepositories, 'plans' | 'budgetActuals' | 'opportunities'> {
  const plans = logged(run, {
    ...PLAN_EVENT_LOG,
    table: 'plans',
    logKey: 'plan',
    toJson: maintenancePlanToJson,
    parse: parseMaintenancePlan,
    eventToJson: planEventToJson,
    parseEvent: parsePlanEvent,
  });
  const opportunities = logged(run, {
    ...OPPORTUNITY_EVENT_LOG,
    table: 'opportunities',
    logKey: 'opportunity',
    toJson: opportunityToJson,
    parse: parseOpportunity,
    eventToJson: opportunityEventToJson,
    parseEvent: parseOpportunityEvent,
  });
  const actuals = recordedOnce(
    run,
    'budgetActuals',
    { entity: 'budget-actual', noun: 'budget actual', parse: parseBudgetActual, toJson: budgetActualToJson },
    'planId',
    (x) => x.spentOn as string,
  );
  const actualList = (filter: BudgetActualFilter, request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        [...view.entries('budgetActuals')].filter(
          ([, x]) => filter.planId === undefined || obj(x).planId === filter.planId,
        ),
        ([id]) => [id],
        'budgetActuals',
        1,
        request,
        ([, x]) => parseBudgetActual(x),
      ),
    );
  return {
    plans: {
      ...plans,
      listByOwner: (ownerId, request) => plans.listWhere('ownerId', ownerId, false, request),
      streamLogs: () => namedLogs('plan', plans.streamLogs()),
    },
    opportunities: {
      ...opportunities,
      listByCustomer: (customerId, request) => opportunities.listWhere('customerId', customerId, true, request),
      listBySalesperson: (id, request) => opportunities.listWhere('salespersonId', id, true, request),
      streamLogs: () => namedLogs('opportunity', opportunities.streamLogs()),
    },
    budgetActuals: {
      record: actuals.record,
      get: actuals.get,
      forPlan: actuals.forKey,
      list: (request) => actualList({}, request),
      stream: (filter = {}) => streamPages((r) => actualList(filter, r)),
    },
  };
}
