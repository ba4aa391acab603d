import type { AuditContext, GradeAssignment } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Grade assignments (rules GR-1, GR-4): per customer an append-only history whose last
 * entry is the current grade. The version of a customer's grade is the length of its
 * history (0 when it has none).
 *
 * Rules every adapter honours:
 * - `assign` appends when the customer's grade version is `expectedVersion` (0 for the
 *   first grade); a stale version throws `KehuConflictError` and appends nothing.
 * - every `assign` writes an audit entry (`entity: 'grade'`, before and after) in the
 *   same transaction.
 * - `current` of a customer without grades is `null`; `history` is oldest first.
 * - `listCurrent` and `streamCurrent` order by `customerId`.
 */
export interface GradeRepository {
  /** Appends a grade to the customer's history. */
  assign(
    assignment: GradeAssignment,
    expectedVersion: number,
    context: AuditContext,
  ): Promise<Versioned<GradeAssignment>>;
  /** The customer's current grade, or `null`. */
  current(customerId: string): Promise<Versioned<GradeAssignment> | null>;
  /** The customer's grade history, oldest first. */
  history(customerId: string): Promise<GradeAssignment[]>;
  /** One page of current grades in `customerId` order. */
  listCurrent(request?: PageRequest): Promise<Page<Versioned<GradeAssignment>>>;
  /** Every current grade in `customerId` order, fetched lazily. */
  streamCurrent(): AsyncIterable<Versioned<GradeAssignment>>;
}
