import {
  type JsonValue,
  opportunityEventToJson,
  opportunityToJson,
  parseOpportunity,
  parseOpportunityEvent,
} from '@kehu/core';
import { namedLogs, OPPORTUNITY_EVENT_LOG, type OpportunityRepository, type PageRequest } from '@kehu/storage';
import { eventLogRepository } from './event-log.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { iso } from './values.js';

/** Sales opportunities and their event logs over SQL (rule MP-3). */
export function opportunityRepository(run: Runner, t: TableNames): OpportunityRepository {
  const { page, ...base } = eventLogRepository(run, t, {
    ...OPPORTUNITY_EVENT_LOG,
    table: t.opportunities,
    eventsTable: t.opportunityEvents,
    idColumn: 'opportunity_id',
    insert: {
      columns: 'id, customer_id, salesperson_id, created_at, expected_revenue',
      values: '$1, $3, $4, $5::timestamptz, $6::numeric',
      params: (o) => [o.id, o.customerId, o.salespersonId, iso(o.createdAt), o.expectedRevenue.toString()],
    },
    toJson: (o) => opportunityToJson(o) as JsonValue,
    parse: parseOpportunity,
    eventToJson: (b) => opportunityEventToJson(b) as JsonValue,
    parseEvent: parseOpportunityEvent,
  });
  const byPerson = (column: 'customer_id' | 'salesperson_id', scope: string) => (id: string, request?: PageRequest) =>
    page(
      `opportunities.${scope}`,
      { timeColumn: 'created_at', equal: { [column]: id }, scope: `opportunities.${scope}:${id}` },
      request,
    );
  return {
    ...base,
    listByCustomer: byPerson('customer_id', 'byCustomer'),
    listBySalesperson: byPerson('salesperson_id', 'bySalesperson'),
    streamLogs: () => namedLogs('opportunity', base.streamLogs()),
  };
}
