import type { AuditContext, ErrorPath, GradeAssignment } from '@kehu/core';
import { checkExpectedVersion } from './expected-version.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Grade assignments (rules GR-1, GR-4): per customer an append-only history whose last
 * entry is the current grade. The version of a customer's grade is the length of its
 * history (0 when it has none).
 *
 * Rules every adapter honours:
 * - `assign` appends when the customer's grade version is `expectedVersion` (0 for the
 *   first grade); a stale version throws `KehuConflictError` and appends nothing; a
 *   version that is not a whole number from 0 to `MAX_VERSION` (`1.5`, `NaN`, `'2'`,
 *   `-1`, `2 ** 31`) throws `KehuValidationError` at `['expectedVersion']`
 *   ({@link checkGradeVersion}) before the store is asked (rule AR-4).
 * - every `assign` writes an audit entry (`entity: 'grade'`, a JSON Patch of the change) in the
 *   same transaction.
 * - `current` of a customer without grades is `null`; `history` is oldest first.
 * - `listCurrent` and `streamCurrent` order by `customerId`.
 */
export interface GradeRepository {
  /**
   * Appends a grade to the customer's history when its grade version is `expectedVersion`
   * (0 for the first grade, a whole number up to `MAX_VERSION`); see the rules above.
   */
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

/**
 * Checks the `expectedVersion` given to {@link GradeRepository.assign}: 0 (the first grade) or what
 * `checkExpectedVersion` accepts (a whole number from 1 to `MAX_VERSION`); anything else throws
 * `KehuValidationError` at `path` (default `['expectedVersion']`). Adapters call it first, so every store refuses
 * `1.5`, `NaN`, `'2'` or `-1` the same way instead of with its database's own error. Returns the value.
 */
export function checkGradeVersion(value: unknown, path: ErrorPath = ['expectedVersion']): number {
  return value === 0 ? 0 : checkExpectedVersion(value, path);
}
