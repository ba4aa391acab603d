import { contactRecordToJson, parseContactRecord } from '@kehu/core';
import { auditPatch, checkInstantRange, streamPages, type ContactRecordRepository } from '@kehu/storage';
import { auditedRepository } from './audited.js';
import { pageByCustomerTime } from './customer-time-page.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { keysetPage } from './keyset-page.js';
import { pageByCustomer } from './page-by-customer.js';
import { fromJsonb, iso, jsonb, toNumber } from './values.js';

/** Contact records over SQL (rules CA-6, CA-9). */
export function contactRecordRepository(run: Runner, t: TableNames): ContactRecordRepository {
  return {
    ...auditedRepository(run, t, {
      entity: 'contact-record',
      operation: 'contactRecords',
      table: t.contactRecords,
      toJson: contactRecordToJson,
      parse: parseContactRecord,
      columns: (r) => [
        ['customer_id', r.customerId, ''],
        ['at', iso(r.at), '::timestamptz'],
        ['owner', r.owner, ''],
      ],
    }),
    listByCustomer: (customerId, request) =>
      run.read('contactRecords.listByCustomer', (db) =>
        pageByCustomer(
          db,
          { table: t.contactRecords, timeColumn: 'at', columns: 'version, data', scope: 'contactRecords.byCustomer' },
          customerId,
          request,
          (row) => ({
            record: parseContactRecord(fromJsonb(row.data)),
            version: row.version as number,
          }),
        ),
      ),
    find: (filter, request) =>
      run.read('contactRecords.find', (db) => {
        const params: unknown[] = [];
        const where = filter.purpose === undefined ? [] : [`c.data->>'purpose' = $${params.push(filter.purpose)}`];
        return keysetPage(
          db,
          {
            table: t.contactRecords,
            columns: 'c.version, c.data',
            timeColumn: 'at',
            equal: { customer_id: filter.customerId, owner: filter.owner },
            where,
            params,
            scope: 'contactRecords.find',
          },
          request,
          (row) => ({ record: parseContactRecord(fromJsonb(row.data)), version: row.version as number }),
        );
      }),
    purge: (before, context) =>
      run.write('contactRecords.purge', async (db) => {
        // One statement: the records deleted and their audit entries (a delete's patch holds no value), in
        // (at, id) order as the other adapters write them.
        const [row] = await db.query(
          `WITH gone AS (DELETE FROM ${t.contactRecords} WHERE at < $1::timestamptz RETURNING id, at, version),
           logged AS (
             INSERT INTO ${t.auditLog} (entity, entity_id, action, actor, at, reason, version, patch)
             SELECT 'contact-record', id, 'delete', $2, $3::timestamptz, $4, version, $5::jsonb
               FROM gone ORDER BY at, id
             RETURNING 1)
           SELECT count(*) AS n FROM logged`,
          [iso(before), context.actor, iso(context.at), context.reason, jsonb(auditPatch({}, null))],
        );
        return toNumber(row!.n);
      }),
    // The first page checks the filter.
    streamByCustomer: (filter = {}) =>
      streamPages((request) =>
        run.read('contactRecords.streamByCustomer', (db) => {
          checkInstantRange(filter);
          return pageByCustomerTime(
            db,
            { table: t.contactRecords, timeColumn: 'at', columns: 'data', scope: 'contactRecords.streamByCustomer' },
            filter,
            request,
            (row) => parseContactRecord(fromJsonb(row.data)),
          );
        }),
      ),
  };
}
