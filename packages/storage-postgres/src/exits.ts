import { type CustomerExit, customerExitToJson, parseCustomerExit, type JsonValue } from '@kehu/core';
import { checkExitFilter, streamPages, type ExitFilter, type ExitRepository } from '@kehu/storage';
import { keysetPage } from './keyset-page.js';
import { type RecordOnceTarget, recordOnce } from './record-once.js';
import type { Runner } from './runner.js';
import type { Row } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb } from './values.js';

const exitOf = (r: Row) => parseCustomerExit(fromJsonb(r.data));

function boundsSql(filter: ExitFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.from !== undefined) where.push(`c.left_at >= $${params.push(iso(filter.from))}::timestamptz`);
  if (filter.to !== undefined) where.push(`c.left_at < $${params.push(iso(filter.to))}::timestamptz`);
  return where;
}

/**
 * Customer exits over SQL (rules CH-4, CH-5, CH-7): created once by id; a repeat is compared with the stored row by
 * `jsonb` equality (object keys in any order), as the memory store compares.
 */
export function exitRepository(run: Runner, t: TableNames): ExitRepository {
  const target: RecordOnceTarget<CustomerExit> = {
    table: t.customerExits,
    columns: 'id, customer_id, left_at, reason, data',
    values: '$1, $2, $3::timestamptz, $4, $5::jsonb',
    entity: 'exit',
    noun: 'exit',
    parse: parseCustomerExit,
  };
  const list: ExitRepository['list'] = (filter = {}, request) =>
    run.read('exits.list', (db) => {
      checkExitFilter(filter);
      const params: unknown[] = [];
      const where = boundsSql(filter, params);
      return keysetPage(
        db,
        { table: t.customerExits, columns: 'c.data', timeColumn: 'left_at', where, params, scope: 'exits' },
        request,
        exitOf,
      );
    });
  return {
    record: (exit, context) =>
      run.write('exits.record', (db) => {
        const json = customerExitToJson(exit) as JsonValue;
        const params = [exit.id, exit.customerId, iso(exit.leftAt), exit.reason, jsonb(json)] as const;
        return recordOnce(db, t, target, params, json, context);
      }),
    get: (id) =>
      run.read('exits.get', async (db) => {
        const [row] = await db.query(`SELECT data FROM ${t.customerExits} WHERE id = $1`, [id]);
        return row === undefined ? null : exitOf(row);
      }),
    forCustomer: (customerId) =>
      run.read('exits.forCustomer', async (db) =>
        (
          await db.query(`SELECT data FROM ${t.customerExits} WHERE customer_id = $1 ORDER BY left_at, id`, [
            customerId,
          ])
        ).map(exitOf),
      ),
    list,
    // `list` checks the filter when the first page is fetched.
    stream: (filter = {}) => streamPages((request) => list(filter, request)),
  };
}
