import type { AuditEntry } from '@kehu/core';
import { streamPages, type AuditChange, type AuditFilter, type AuditLogRepository } from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Scope } from './scope.js';
import type { MemoryState } from './state.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Appends an audit entry in the same unit of work as the change it records. */
export function writeAudit(state: MemoryState, uow: UnitOfWork, change: AuditChange): void {
  const seq = state.auditSeq.value + 1;
  state.auditSeq.value = seq;
  uow.onUndo(() => {
    state.auditSeq.value = seq - 1;
  });
  const entry: AuditEntry = {
    seq,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    actor: change.context.actor,
    at: new Date(change.context.at.getTime()),
    reason: change.context.reason,
    version: change.version,
    patch: change.patch,
  };
  state.audit.insert(uow, { id: String(seq), record: entry, version: 1 });
}

/** The audit log of a memory store. */
export function auditLogRepository(scope: Scope): AuditLogRepository {
  const { state } = scope;
  const list: AuditLogRepository['list'] = (filter = {}, request) =>
    scope.read('audit.list', () => {
      const project = (e: { record: AuditEntry }) => cloneRecord(e.record);
      const { entity, entityId, before } = filter;
      const cutoff = before?.getTime();
      const early = (e: { record: AuditEntry }) => cutoff === undefined || e.record.at.getTime() < cutoff;
      if (entity !== undefined && entityId !== undefined) {
        // One record's entries: a prefix of the (entity, entityId, seq) order, which is seq order.
        return state.auditByEntity.page('audit.byRecord', request, project, {
          prefix: [entity, entityId],
          ...(cutoff === undefined ? {} : { filter: early }),
        });
      }
      if (entity !== undefined || entityId !== undefined || cutoff !== undefined) {
        return state.auditBySeq.page('audit', request, project, {
          filter: (e) =>
            (entity === undefined || e.record.entity === entity) &&
            (entityId === undefined || e.record.entityId === entityId) &&
            early(e),
        });
      }
      return state.auditBySeq.page('audit', request, project);
    });
  return {
    list,
    stream: (filter?: AuditFilter) => streamPages((request) => list(filter, request)),
    purge: (before) =>
      scope.write('audit.purge', (uow) => {
        const cutoff = before.getTime();
        const doomed = [...state.audit.byId.values()].filter((e) => e.record.at.getTime() < cutoff);
        for (const e of doomed) state.audit.remove(uow, e);
        return doomed.length;
      }),
  };
}
