import type { AuditContext, ContactPurpose, ContactRecord } from '@kehu/core';
import type { AuditedRepository } from './audited-repository.js';
import type { InstantRange } from './instant-range.js';
import type { Page, PageRequest } from './pagination.js';
import type { Versioned } from './versioned.js';

/** Narrows {@link ContactRecordRepository.find}; every field given must match. */
export interface ContactRecordFilter {
  /** Only this customer's records. */
  customerId?: string;
  /** Only records made by this staff member (`owner`). */
  owner?: string;
  /** Only records of this purpose (e.g. `in-depth-interview`, rule SA-2). */
  purpose?: ContactPurpose;
}

/**
 * Revisit and contact records (rules CA-6, CA-9): every rule of
 * {@link AuditedRepository}, with audit entries of `entity: 'contact-record'`, plus
 * `listByCustomer` and `find` in `(at, id)` order, filtered in the store, `purge`
 * for retention (rule AR-4), and `streamByCustomer` for planners that read one customer at a time.
 */
export interface ContactRecordRepository extends AuditedRepository<ContactRecord> {
  /** One page of one customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** One page of the records matching `filter`, in `(at, id)` order. */
  find(filter: ContactRecordFilter, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /**
   * Deletes every record whose `at` is earlier than `before` (a retention purge) in one
   * transaction, writing one audit `delete` entry per record with `context`, as `delete`
   * does; returns how many it deleted.
   */
  purge(before: Date, context: AuditContext): Promise<number>;
  /**
   * Every record with `from <= at < to` in `(customerId, at, id)` order (ids by code points), fetched lazily page
   * by page (keyset), so memory stays bounded however many records there are. A bound that is not a valid `Date`
   * throws `KehuValidationError` at `['filter', 'from' | 'to']` (`checkInstantRange`) before the store is asked.
   */
  streamByCustomer(filter?: InstantRange): AsyncIterable<ContactRecord>;
}
