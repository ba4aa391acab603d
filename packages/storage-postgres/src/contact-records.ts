import { contactRecordToJson, parseContactRecord } from '@kehu/core';
import { decodeCursor, encodeCursor, pageLimit, type ContactRecordRepository } from '@kehu/storage';
import { auditedRepository } from './audited.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, toDate } from './values.js';

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
      ],
    }),
    listByCustomer: (customerId, request) =>
      run.read('contactRecords.listByCustomer', async (db) => {
        const limit = pageLimit(request);
        const scope = `contactRecords.byCustomer:${customerId}`;
        const after = request?.cursor === undefined ? undefined : decodeCursor(scope, request.cursor, 2);
        const rows = after === undefined
          ? await db.query(`SELECT id, at, version, data FROM ${t.contactRecords} WHERE customer_id = $1 ORDER BY at, id LIMIT $2`, [customerId, limit + 1])
          : await db.query(
              `SELECT id, at, version, data FROM ${t.contactRecords} WHERE customer_id = $1 AND (at, id) > ($2::timestamptz, $3) ORDER BY at, id LIMIT $4`,
              [customerId, iso(new Date(after[0] as number)), after[1], limit + 1],
            );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: page.map((row) => ({ record: parseContactRecord(fromJsonb(row['data'])), version: row['version'] as number })),
          nextCursor: rows.length > limit && last ? encodeCursor(scope, [toDate(last['at']).getTime(), last['id'] as string]) : null,
        };
      }),
  };
}
