import {
  type JsonValue,
  maintenancePlanToJson,
  parseMaintenancePlan,
  parsePlanEvent,
  planEventToJson,
} from '@kehu/core';
import { type MaintenancePlanRepository, namedLogs, PLAN_EVENT_LOG } from '@kehu/storage';
import { eventLogRepository } from './event-log.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';

/** Maintenance plans and their event logs over SQL (rule MP-1). */
export function planRepository(run: Runner, t: TableNames): MaintenancePlanRepository {
  const { page, ...base } = eventLogRepository(run, t, {
    ...PLAN_EVENT_LOG,
    table: t.maintenancePlans,
    eventsTable: t.planEvents,
    idColumn: 'plan_id',
    insert: { columns: 'id, owner_id', values: '$1, $3', params: (p) => [p.id, p.ownerId] },
    toJson: (p) => maintenancePlanToJson(p) as JsonValue,
    parse: parseMaintenancePlan,
    eventToJson: (b) => planEventToJson(b) as JsonValue,
    parseEvent: parsePlanEvent,
  });
  return {
    ...base,
    listByOwner: (ownerId, request) =>
      page('plans.listByOwner', { equal: { owner_id: ownerId }, scope: `plans.byOwner:${ownerId}` }, request),
    streamLogs: () => namedLogs('plan', base.streamLogs()),
  };
}
