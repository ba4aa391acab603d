import type { AuditContext, Owner } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** Options of {@link OwnerRepository.put}. */
export interface OwnerPutOptions {
  /**
   * The version the caller read: the owner is replaced only when it is still at this version. Leave it out to
   * create an owner that is not stored yet.
   */
  expectedVersion?: number;
}

/**
 * The owners (account managers) the revisit planner assigns work to (rules CA-1 to CA-9): each with a daily capacity
 * and leave periods. Versioned like customers.
 *
 * Rules every adapter honours:
 * - `put` without `expectedVersion` creates the owner at version 1; when the id is stored already it throws
 *   `KehuConflictError` (entity `owner`) and changes nothing.
 * - `put` with `expectedVersion` replaces the stored owner when its version is `expectedVersion` and returns the next
 *   version; a stale version throws `KehuConflictError` (entity `owner`) and an id that is not stored throws
 *   `KehuNotFoundError`, both changing nothing. A version that is not a whole number from 1 to `MAX_VERSION`
 *   throws `KehuValidationError` at `['expectedVersion']` (`checkOptionalExpectedVersion`) before the store is asked.
 * - every `put` writes one audit entry (`entity: 'owner'`, `entityId` the owner id, `create` or `update`, the version
 *   after the change, the patch from the JSON form before to after) in the same transaction.
 * - records round-trip exactly (leave periods in the order given, attributes deeply equal).
 * - `get` of a missing id is `null`; `list` and `stream` order by `id` (code points) and page by keyset; `stream`
 *   fetches lazily.
 * - values are taken as already validated (`parseOwner` of `@kehu/core`) and are never mutated.
 */
export interface OwnerRepository {
  /** Creates or replaces an owner; see the rules above. */
  put(owner: Owner, options: OwnerPutOptions, context: AuditContext): Promise<Versioned<Owner>>;
  /** The owner with `id`, or `null`. */
  get(id: string): Promise<Versioned<Owner> | null>;
  /** One page of owners in `id` order. */
  list(request?: PageRequest): Promise<Page<Versioned<Owner>>>;
  /** Every owner in `id` order, fetched lazily. */
  stream(): AsyncIterable<Versioned<Owner>>;
}
