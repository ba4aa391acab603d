import { namedLogs, OPPORTUNITY_EVENT_LOG, type OpportunityRepository } from '@kehu/storage';
import { eventLogRepository, versioned } from './event-log.js';
import type { Scope } from './scope.js';

/** The sales opportunities and their event logs of a memory store (rule MP-3). */
export function opportunityRepository(scope: Scope): OpportunityRepository {
  const { state } = scope;
  const base = eventLogRepository(scope, {
    ...OPPORTUNITY_EVENT_LOG,
    collection: state.opportunities,
    byId: state.opportunitiesById,
  });
  return {
    ...base,
    listByCustomer: (customerId, request) =>
      scope.read('opportunities.listByCustomer', () =>
        state.opportunitiesByCustomer.page('opportunities.byCustomer', request, versioned, { prefix: [customerId] }),
      ),
    listBySalesperson: (salespersonId, request) =>
      scope.read('opportunities.listBySalesperson', () =>
        state.opportunitiesBySalesperson.page('opportunities.bySalesperson', request, versioned, {
          prefix: [salespersonId],
        }),
      ),
    streamLogs: () => namedLogs('opportunity', base.streamLogs()),
  };
}
