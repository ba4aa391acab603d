import {
  checkContactRecordLimits,
  parseContactRecord,
  type AuditContextInput,
  type ContactRecord,
  type ContactRecordInput,
} from '@kehu/core';
import { streamPages, type Page, type PageRequest, type Versioned } from '@kehu/storage';
import { optionalPageRequest, requireId } from './arguments.js';
import { auditContextOf, requireCustomers, type UseCaseContext } from './context.js';
import { parseContactRecordFilter, type ContactRecordListFilter } from './filters.js';

/** Revisit and contact record use cases (rules CA-6, CA-9). */
export interface ContactRecordUseCases {
  /**
   * Validates and stores a contact record (audited with `context`). Unknown fields are
   * refused; so is a record for a customer that is not stored (unless `createKehu` was
   * given `requireKnownCustomers: false`).
   */
  record(input: ContactRecordInput, context: AuditContextInput): Promise<Versioned<ContactRecord>>;
  /** The record, or `null`. */
  get(id: string): Promise<Versioned<ContactRecord> | null>;
  /** One page of a customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** One page of the records matching `filter` (customer, owner) in `(at, id)` order; the store filters. */
  list(filter?: ContactRecordListFilter, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** Every record matching `filter` in `(at, id)` order, a page at a time; a bad filter throws at call time. */
  stream(filter?: ContactRecordListFilter): AsyncIterable<Versioned<ContactRecord>>;
  /** How many records are stored. */
  count(): Promise<number>;
}

/** Builds the contact record use cases over `ctx`. */
export function contactRecordUseCases(ctx: UseCaseContext): ContactRecordUseCases {
  const { repos } = ctx;
  return {
    record: async (input, context) => {
      const record = parseContactRecord(input);
      checkContactRecordLimits(record, ctx.limits);
      const audit = auditContextOf(ctx, context);
      if (ctx.requireKnownCustomers) await requireCustomers(repos, [record.customerId], () => ['customerId']);
      return repos.contactRecords.create(record, audit);
    },
    get: async (id) => repos.contactRecords.get(requireId(id, ['id'])),
    listByCustomer: async (customerId, request) =>
      repos.contactRecords.listByCustomer(requireId(customerId, ['customerId']), optionalPageRequest(request)),
    list: async (filter, request) =>
      repos.contactRecords.find(parseContactRecordFilter(filter), optionalPageRequest(request)),
    stream: (filter) => {
      const parsed = parseContactRecordFilter(filter);
      return streamPages((request) => repos.contactRecords.find(parsed, request));
    },
    count: async () => repos.contactRecords.count(),
  };
}
