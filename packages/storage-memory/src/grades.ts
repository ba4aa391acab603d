import { gradeAssignmentToJson } from '@kehu/core';
import { checkGradeVersion, type GradeRepository } from '@kehu/storage';
import { customerHistory } from './customer-history.js';
import type { Scope } from './scope.js';

/** The grade histories of a memory store (rules GR-1, GR-4). */
export function gradeRepository(scope: Scope): GradeRepository {
  const { ensureVersion, append, current, history, listCurrent, streamCurrent } = customerHistory(scope, {
    collection: scope.state.grades,
    byCustomer: scope.state.gradesByCustomer,
    entity: 'grade',
    noun: 'grade',
    operation: 'grades',
    toJson: gradeAssignmentToJson,
  });
  return {
    assign: (assignment, expectedVersion, context) =>
      scope.write('grades.assign', (uow) => {
        checkGradeVersion(expectedVersion);
        ensureVersion(assignment.customerId, expectedVersion);
        return append(uow, assignment, context);
      }),
    current,
    history,
    listCurrent,
    streamCurrent,
  };
}
