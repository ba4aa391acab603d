import { parseAuditContext, parseGradeAssignment, type GradeAssignment } from '@kehu/core';
import type { KehuStorage, Versioned } from '@kehu/storage';
import { retryOnConflict, type RetryOptions } from './retry.js';

/** Grade use cases (rules GR-1, GR-4; the grading engine comes with `@kehu/grading`). */
export interface GradeUseCases {
  /**
   * Validates and appends a grade to the customer's history (audited, rule AR-4),
   * after the current version; retries when another writer got there first.
   */
  assign(input: unknown, context: unknown, options?: RetryOptions): Promise<Versioned<GradeAssignment>>;
  /** The current grade, or `null`. */
  current(customerId: string): Promise<Versioned<GradeAssignment> | null>;
  /** The grade history, oldest first. */
  history(customerId: string): Promise<GradeAssignment[]>;
}

/** Builds the grade use cases over `storage`. */
export function gradeUseCases(storage: KehuStorage, maxRetries: number): GradeUseCases {
  return {
    assign: async (input, context, options = {}) => {
      const assignment = parseGradeAssignment(input);
      const ctx = parseAuditContext(context);
      return retryOnConflict(async () => {
        const current = await storage.grades.current(assignment.customerId);
        return storage.grades.assign(assignment, current?.version ?? 0, ctx);
      }, options.maxRetries ?? maxRetries);
    },
    current: (customerId) => storage.grades.current(customerId),
    history: (customerId) => storage.grades.history(customerId),
  };
}
