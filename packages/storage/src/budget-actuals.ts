import type { AuditContext, BudgetActual } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';

/** Narrows {@link BudgetActualRepository.stream}. */
export interface BudgetActualFilter {
  /** Only the entries of this plan. */
  planId?: string;
}

/** What {@link BudgetActualRepository.record} did. */
export interface BudgetActualRecordResult {
  /** The stored entry (a fresh copy). */
  readonly record: BudgetActual;
  /** `true` when this call stored it; `false` when the same entry was stored already. */
  readonly created: boolean;
}

/**
 * Actual spend entries against maintenance plans (rule MP-2), each a fact recorded once; a correction is a new entry
 * (a negative amount for a credit or refund).
 *
 * Rules every adapter honours:
 * - `record` creates the entry under its `id`. Recording the same content again (the same JSON form,
 *   `budgetActualToJson`) changes nothing and returns `created: false`, so a retried call is safe; different
 *   content under a stored id throws `KehuConflictError` (entity `budget-actual`, the id) and changes nothing.
 * - a created entry writes one audit entry (`entity: 'budget-actual'`, `entityId` the entry id, `create`, version 1,
 *   the whole record added) in the same transaction; an idempotent repeat writes none.
 * - the store does not check that `planId` names a stored plan (the domain and the SDK do).
 * - records round-trip exactly: amounts as the same Decimal value (`1.10` and `1.1` are the same content),
 *   attributes deeply equal.
 * - `forPlan` returns the plan's entries in `(spentOn, id)` order; `list` and `stream` in `id` order (code points),
 *   paged by keyset; `stream` fetches lazily.
 * - values are taken as already validated (`parseBudgetActual` of `@kehu/core`) and are never mutated; callers
 *   check them against their limits policy first (`checkBudgetActualLimits`).
 */
export interface BudgetActualRepository {
  /** Records an entry; see the rules above. */
  record(entry: BudgetActual, context: AuditContext): Promise<BudgetActualRecordResult>;
  /** The entry with `id`, or `null`. */
  get(id: string): Promise<BudgetActual | null>;
  /** The plan's entries in `(spentOn, id)` order. */
  forPlan(planId: string): Promise<BudgetActual[]>;
  /** One page of entries in `id` order. */
  list(request?: PageRequest): Promise<Page<BudgetActual>>;
  /** Every entry matching `filter` in `id` order, fetched lazily. */
  stream(filter?: BudgetActualFilter): AsyncIterable<BudgetActual>;
}
