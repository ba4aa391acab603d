import type { ContactRecord } from '@kehu/core';
import type { AuditedRepository } from './audited-repository.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** Narrows {@link ContactRecordRepository.find}; every field given must match. */
export interface ContactRecordFilter {
  /** Only this customer's records. */
  customerId?: string;
  /** Only records made by this staff member (`owner`). */
  owner?: string;
}

/**
 * Revisit and contact records (rules CA-6, CA-9): every rule of
 * {@link AuditedRepository}, with audit entries of `entity: 'contact-record'`, plus
 * `listByCustomer` and `find` in `(at, id)` order, filtered in the store.
 */
export interface ContactRecordRepository extends AuditedRepository<ContactRecord> {
  /** One page of one customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** One page of the records matching `filter`, in `(at, id)` order. */
  find(filter: ContactRecordFilter, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
}
