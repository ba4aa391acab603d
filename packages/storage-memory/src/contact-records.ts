import { contactRecordToJson, type ContactRecord } from '@kehu/core';
import type { ContactRecordFilter, ContactRecordRepository } from '@kehu/storage';
import { auditedRepository, versionedCopy } from './audited-collection.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

const matches =
  (filter: ContactRecordFilter) =>
  ({ record: r }: Entry<ContactRecord>): boolean =>
    (filter.customerId === undefined || r.customerId === filter.customerId) &&
    (filter.owner === undefined || r.owner === filter.owner);

/** The contact records of a memory store (rules CA-6, CA-9). */
export function contactRecordRepository(scope: Scope): ContactRecordRepository {
  const { state } = scope;
  return {
    ...auditedRepository(scope, {
      entity: 'contact-record',
      operation: 'contactRecords',
      collection: state.contactRecords,
      byId: state.contactRecordsById,
      toJson: contactRecordToJson,
    }),
    listByCustomer: (customerId, request) =>
      scope.read('contactRecords.listByCustomer', () =>
        state.contactRecordsByCustomer.page('contactRecords.byCustomer', request, versionedCopy, {
          prefix: [customerId],
        }),
      ),
    find: (filter, request) =>
      scope.read('contactRecords.find', () =>
        state.contactRecordsByTime.page('contactRecords.find', request, versionedCopy, { filter: matches(filter) }),
      ),
  };
}
