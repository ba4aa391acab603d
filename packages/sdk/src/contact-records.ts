import { parseAuditContext, parseContactRecord, type ContactRecord } from '@kehu/core';
import type { KehuStorage, Page, PageRequest, Versioned } from '@kehu/storage';

/** Revisit and contact record use cases (rules CA-6, CA-9). */
export interface ContactRecordUseCases {
  /** Validates and stores a contact record (audited with `context`). */
  record(input: unknown, context: unknown): Promise<Versioned<ContactRecord>>;
  /** The record, or `null`. */
  get(id: string): Promise<Versioned<ContactRecord> | null>;
  /** One page of a customer's records in `(at, id)` order. */
  listByCustomer(customerId: string, request?: PageRequest): Promise<Page<Versioned<ContactRecord>>>;
  /** How many records are stored. */
  count(): Promise<number>;
}

/** Builds the contact record use cases over `storage`. */
export function contactRecordUseCases(storage: KehuStorage): ContactRecordUseCases {
  return {
    record: async (input, context) =>
      storage.contactRecords.create(parseContactRecord(input), parseAuditContext(context)),
    get: (id) => storage.contactRecords.get(id),
    listByCustomer: (customerId, request) => storage.contactRecords.listByCustomer(customerId, request),
    count: () => storage.contactRecords.count(),
  };
}
