import type { ContactRecord } from '@kehu/core';
import type { AuditedRepository } from './audited-repository.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/**
 * Revisit and contact records (rules CA-6, CA-9): every rule of
 * {@link AuditedRepository}, with audit entries of `entity: 'contact-record'`, plus
 * `listByCustomer` in `(at, id)` order.
 */
export interface ContactRecordRepository extends AuditedRepository<ContactRecord> {
  /** One page of one customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
}
