import { contactRecordToJson } from '@kehu/core';
import type { ContactRecordRepository } from '@kehu/storage';
import { auditedRepository, versionedCopy } from './audited-collection.js';
import type { Scope } from './scope.js';

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
  };
}
