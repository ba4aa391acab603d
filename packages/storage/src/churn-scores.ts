import { invalidInput, type AuditContext, type ChurnScoreRecord, type ErrorPath } from '@kehu/core';
import { checkExpectedVersion } from './expected-version.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Churn risk scores (rules CH-1 to CH-3): per customer an append-only history whose last entry is the current score,
 * each with the explanation that produced it. The version of a customer's scores is the length of the history (0
 * when it has none).
 *
 * Rules every adapter honours:
 * - `record` appends when the customer's score version is `expectedVersion` (0 for the first score); a stale version
 *   throws `KehuConflictError` (entity `churn-score`, the customer id) and appends nothing; a version that is not a
 *   whole number from 0 to `MAX_VERSION` throws `KehuValidationError` at `['expectedVersion']`
 *   ({@link checkScoreVersion}) before the store is asked.
 * - every `record` writes an audit entry (`entity: 'churn-score'`, `entityId` the customer id, `create` for the first
 *   score and `update` after it, the version after the append, the patch from the previous score to this one) in
 *   the same transaction.
 * - `recordBatch` appends many scores at once, all or nothing: each entry's `expectedVersion` is checked with
 *   {@link checkScoreVersion} at `[index, 'expectedVersion']` and a customer appearing twice in one batch throws
 *   `KehuValidationError` at `[index, 'score', 'customerId']` (the later entry), both before the store is asked
 *   ({@link checkScoreBatch}); when any entry's version is stale it throws `KehuConflictError` (entity
 *   `churn-score`, that customer) and appends nothing; otherwise it writes one audit entry per appended score exactly
 *   as `record` writes it and returns the stored scores in the order given. An empty batch returns `[]` and writes
 *   nothing.
 * - records round-trip exactly: the score as the same binary64 number, instants to the millisecond, the explanation
 *   deeply equal (it is JSON).
 * - `current` of a customer without scores is `null`; `history` is oldest first (the order of the appends).
 * - `listCurrent` and `streamCurrent` order by `customerId` (code points) and page by keyset.
 */
export interface ChurnScoreRepository {
  /** Appends a score to the customer's history; see the rules above. */
  record(score: ChurnScoreRecord, expectedVersion: number, context: AuditContext): Promise<Versioned<ChurnScoreRecord>>;
  /** Appends many scores at once, each after its customer's expected version; see the rules above. */
  recordBatch(entries: readonly ChurnScoreBatchEntry[], context: AuditContext): Promise<Versioned<ChurnScoreRecord>[]>;
  /** The customer's current score, or `null`. */
  current(customerId: string): Promise<Versioned<ChurnScoreRecord> | null>;
  /** The customer's score history, oldest first. */
  history(customerId: string): Promise<ChurnScoreRecord[]>;
  /** One page of current scores in `customerId` order. */
  listCurrent(request?: PageRequest): Promise<Page<Versioned<ChurnScoreRecord>>>;
  /** Every current score in `customerId` order, fetched lazily. */
  streamCurrent(): AsyncIterable<Versioned<ChurnScoreRecord>>;
}

/** One entry of {@link ChurnScoreRepository.recordBatch}: a score and the version its customer is expected at. */
export interface ChurnScoreBatchEntry {
  /** The score to append. */
  score: ChurnScoreRecord;
  /** The customer's score version before the append (0 for the first score). */
  expectedVersion: number;
}

/**
 * Checks the `expectedVersion` given to {@link ChurnScoreRepository.record}: 0 (the first score) or what
 * `checkExpectedVersion` accepts; anything else throws `KehuValidationError` at `path` (default
 * `['expectedVersion']`). Adapters call it first, so every store refuses `1.5`, `NaN` or `-1` the same way instead
 * of with its database's own error.
 */
export function checkScoreVersion(value: unknown, path: ErrorPath = ['expectedVersion']): number {
  return value === 0 ? 0 : checkExpectedVersion(value, path);
}

/**
 * Checks a batch given to {@link ChurnScoreRepository.recordBatch} before the store is asked: an array, each entry's
 * version by {@link checkScoreVersion} at `[index, 'expectedVersion']`, and no customer twice (the later entry is
 * refused at `[index, 'score', 'customerId']`). Throws `KehuValidationError`; returns the entries.
 */
export function checkScoreBatch(entries: unknown): readonly ChurnScoreBatchEntry[] {
  if (!Array.isArray(entries))
    throw invalidInput([], 'a churn score batch must be an array of entries', 'invalid_type');
  const seen = new Set<string>();
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null)
      throw invalidInput([i], 'a churn score batch entry must be { score, expectedVersion }', 'invalid_type');
    const { score, expectedVersion } = entry as Partial<ChurnScoreBatchEntry>;
    checkScoreVersion(expectedVersion, [i, 'expectedVersion']);
    const customerId = (score as Partial<ChurnScoreRecord> | undefined)?.customerId;
    if (typeof customerId !== 'string')
      throw invalidInput([i, 'score', 'customerId'], 'a churn score needs a customerId string', 'invalid_type');
    if (seen.has(customerId))
      throw invalidInput(
        [i, 'score', 'customerId'],
        `customer ${JSON.stringify(customerId)} appears more than once in one churn score batch`,
      );
    seen.add(customerId);
  });
  return entries as readonly ChurnScoreBatchEntry[];
}
