import { contactRecordToJson, type ContactRecord, type JsonValue } from '@kehu/core';
import {
  auditPatch,
  checkInstantRange,
  compareKeys,
  streamPages,
  type ContactRecordFilter,
  type ContactRecordRepository,
  type InstantRange,
  type PageRequest,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { auditedRepository, versionedCopy } from './audited-collection.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

const matches =
  (filter: ContactRecordFilter) =>
  ({ record: r }: Entry<ContactRecord>): boolean =>
    (filter.customerId === undefined || r.customerId === filter.customerId) &&
    (filter.owner === undefined || r.owner === filter.owner) &&
    (filter.purpose === undefined || r.purpose === filter.purpose);

/** The contact records of a memory store (rules CA-6, CA-9). */
export function contactRecordRepository(scope: Scope): ContactRecordRepository {
  const { state } = scope;
  const byCustomerPage = (filter: InstantRange, request: PageRequest) =>
    scope.read('contactRecords.streamByCustomer', () => {
      checkInstantRange(filter);
      const from = filter.from?.getTime();
      const to = filter.to?.getTime();
      const inRange = ({ record }: Entry<ContactRecord>) => {
        const t = record.at.getTime();
        return (from === undefined || t >= from) && (to === undefined || t < to);
      };
      const project = (e: Entry<ContactRecord>) => cloneRecord(e.record);
      const unbounded = from === undefined && to === undefined;
      return state.contactRecordsByCustomer.page('contactRecords.streamByCustomer', request, project, {
        ...(unbounded ? {} : { filter: inRange }),
      });
    });
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
    purge: (before, context) =>
      scope.write('contactRecords.purge', (uow) => {
        const cutoff = before.getTime();
        // In (at, id) order, so the audit entries come in the order the other adapters write them.
        const doomed = [...state.contactRecords.byId.values()]
          .filter((e) => e.record.at.getTime() < cutoff)
          .sort((a, b) => compareKeys([a.record.at.getTime(), a.id], [b.record.at.getTime(), b.id]));
        for (const e of doomed) {
          state.contactRecords.remove(uow, e);
          writeAudit(state, uow, {
            entity: 'contact-record',
            entityId: e.id,
            action: 'delete',
            context,
            version: e.version,
            patch: auditPatch(contactRecordToJson(e.record) as JsonValue, null),
          });
        }
        return doomed.length;
      }),
    // The first page checks the filter.
    streamByCustomer: (filter = {}) => streamPages((request) => byCustomerPage(filter, request)),
  };
}
