import {
  checkGradeLimits,
  parseGradeAssignment,
  type AuditContextInput,
  type GradeAssignment,
  type GradeAssignmentInput,
} from '@kehu/core';
import type { Versioned } from '@kehu/storage';
import { auditContextOf, type UseCaseContext } from './context.js';
import { requireId } from './arguments.js';
import { contextRetry, retryOnConflict, retryOptions, type RetryOptions } from './retry.js';

/** Grade use cases (rules GR-1, GR-4; the grading engine comes with `@kehu/grading`). */
export interface GradeUseCases {
  /**
   * Validates and appends a grade to the customer's history (audited, rule AR-4),
   * after the current version; retries when another writer got there first.
   */
  assign(
    input: GradeAssignmentInput,
    context: AuditContextInput,
    options?: RetryOptions,
  ): Promise<Versioned<GradeAssignment>>;
  /** The current grade, or `null`. */
  current(customerId: string): Promise<Versioned<GradeAssignment> | null>;
  /** The grade history, oldest first. */
  history(customerId: string): Promise<GradeAssignment[]>;
}

/** Builds the grade use cases over `ctx`. */
export function gradeUseCases(ctx: UseCaseContext): GradeUseCases {
  const { repos } = ctx;
  return {
    assign: async (input, context, options) => {
      const retry = retryOptions(options, contextRetry(ctx));
      const assignment = parseGradeAssignment(input);
      checkGradeLimits(assignment, ctx.limits);
      const audit = auditContextOf(ctx, context);
      return retryOnConflict(async () => {
        const current = await repos.grades.current(assignment.customerId);
        return repos.grades.assign(assignment, current?.version ?? 0, audit);
      }, retry);
    },
    current: async (customerId) => repos.grades.current(requireId(customerId, ['customerId'])),
    history: async (customerId) => repos.grades.history(requireId(customerId, ['customerId'])),
  };
}
