import type { Customer, CustomerKind, CustomerStatus, Tier } from '@kehu/core';
import type { AuditedRepository } from './audited-repository.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** Narrows {@link CustomerRepository.find}; every field given must match. */
export interface CustomerFilter {
  /** Only customers with this status. */
  status?: CustomerStatus;
  /** Only persons or only organizations. */
  kind?: CustomerKind;
  /** Only customers of this account manager. */
  owner?: string;
  /** Only customers whose current grade (the last of their grade history) is this tier. */
  tier?: Tier;
  /**
   * Only customers whose record lists this blind-index token in `attributes["kehu:lookup"]`
   * (an array of strings the SDK writes when it seals personal data; adapters index it).
   */
  lookup?: string;
}

/**
 * The customer archive (rules AR-1 to AR-4): every rule of {@link AuditedRepository},
 * with audit entries of `entity: 'customer'`, plus:
 * - `find` filters in the store (never by loading every customer) and pages in `id`
 *   order with keyset cursors of its own list; an empty filter gives what `list` gives.
 * - `missing` answers in one round trip which of a batch of ids are not stored, so an
 *   import checks that its customers exist without one query per row.
 */
export interface CustomerRepository extends AuditedRepository<Customer> {
  /** One page of the customers matching `filter`, in `id` order. */
  find(filter: CustomerFilter, request?: PageRequest): Promise<Page<Versioned<Customer>>>;
  /** The ids of `ids` that are not stored, each once, in the order first given. */
  missing(ids: readonly string[]): Promise<string[]>;
}
