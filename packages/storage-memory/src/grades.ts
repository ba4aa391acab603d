import { gradeAssignmentToJson, KehuConflictError, type GradeAssignment, type JsonValue } from '@kehu/core';
import { auditPatch, streamPages, type GradeRepository, type Versioned } from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

const currentOf = (e: Entry<readonly GradeAssignment[]>): Versioned<GradeAssignment> => ({
  record: cloneRecord(e.record[e.record.length - 1]!),
  version: e.version,
});
const json = (g: GradeAssignment): JsonValue => gradeAssignmentToJson(g) as JsonValue;

/** The grade histories of a memory store (rules GR-1, GR-4). */
export function gradeRepository(scope: Scope): GradeRepository {
  const { state } = scope;
  const listCurrent: GradeRepository['listCurrent'] = (request) =>
    scope.read('grades.listCurrent', () => state.gradesByCustomer.page('grades', request, currentOf));
  return {
    assign: (assignment, expectedVersion, context) =>
      scope.write('grades.assign', (uow) => {
        const id = assignment.customerId;
        const entry = state.grades.byId.get(id);
        const actual = entry?.version ?? 0;
        if (actual !== expectedVersion) {
          throw new KehuConflictError(
            'grade',
            id,
            `grade of customer ${JSON.stringify(id)} is at version ${actual}, not ${expectedVersion}`,
            {
              expectedVersion,
              actualVersion: actual,
            },
          );
        }
        const stored = cloneRecord(assignment);
        let current: Entry<readonly GradeAssignment[]>;
        if (entry === undefined) {
          current = { id, record: [stored], version: 1 };
          state.grades.insert(uow, current);
        } else {
          current = entry;
          state.grades.replace(uow, entry, [...entry.record, stored], entry.version + 1);
        }
        const previous = current.record.length > 1 ? current.record[current.record.length - 2]! : null;
        writeAudit(state, uow, {
          entity: 'grade',
          entityId: id,
          action: entry === undefined ? 'create' : 'update',
          context,
          version: current.version,
          patch: auditPatch(previous === null ? null : json(previous), json(stored)),
        });
        return currentOf(current);
      }),
    current: (customerId) =>
      scope.read('grades.current', () => {
        const e = state.grades.byId.get(customerId);
        return e === undefined ? null : currentOf(e);
      }),
    history: (customerId) =>
      scope.read('grades.history', () => (state.grades.byId.get(customerId)?.record ?? []).map(cloneRecord)),
    listCurrent,
    streamCurrent: () => streamPages(listCurrent),
  };
}
