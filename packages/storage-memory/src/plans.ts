import { type MaintenancePlanRepository, namedLogs, PLAN_EVENT_LOG } from '@kehu/storage';
import { eventLogRepository, versioned } from './event-log.js';
import type { Scope } from './scope.js';

/** The maintenance plans and their event logs of a memory store (rule MP-1). */
export function planRepository(scope: Scope): MaintenancePlanRepository {
  const { state } = scope;
  const base = eventLogRepository(scope, { ...PLAN_EVENT_LOG, collection: state.plans, byId: state.plansById });
  return {
    ...base,
    listByOwner: (ownerId, request) =>
      scope.read('plans.listByOwner', () =>
        state.plansByOwner.page('plans.byOwner', request, versioned, { prefix: [ownerId] }),
      ),
    streamLogs: () => namedLogs('plan', base.streamLogs()),
  };
}
