import { parseRevisitAction, type RevisitAction, revisitActionToJson, type JsonValue } from '@kehu/core';
import { checkInstantRange, streamPages, type RevisitActionRepository } from '@kehu/storage';
import { pageByCustomerTime } from './customer-time-page.js';
import { type RecordOnceTarget, recordOnce } from './record-once.js';
import type { Runner } from './runner.js';
import type { Row } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb } from './values.js';

const actionOf = (r: Row) => parseRevisitAction(fromJsonb(r.data));

/**
 * Snoozes and skips of revisit tasks over SQL: created once by id; a repeat is compared with the stored row by
 * `jsonb` equality (object keys in any order), as the memory store compares.
 */
export function revisitActionRepository(run: Runner, t: TableNames): RevisitActionRepository {
  const target: RecordOnceTarget<RevisitAction> = {
    table: t.revisitActions,
    columns: 'id, customer_id, at, kind, data',
    values: '$1, $2, $3::timestamptz, $4, $5::jsonb',
    entity: 'revisit-action',
    noun: 'revisit action',
    parse: parseRevisitAction,
  };
  const list: RevisitActionRepository['list'] = (filter = {}, request) =>
    run.read('revisitActions.list', (db) => {
      checkInstantRange(filter);
      return pageByCustomerTime(
        db,
        { table: t.revisitActions, timeColumn: 'at', columns: 'data', scope: 'revisitActions' },
        filter,
        request,
        actionOf,
      );
    });
  return {
    record: (action, context) =>
      run.write('revisitActions.record', (db) => {
        const json = revisitActionToJson(action) as JsonValue;
        const params = [action.id, action.customerId, iso(action.at), action.kind, jsonb(json)] as const;
        return recordOnce(db, t, target, params, json, context);
      }),
    get: (id) =>
      run.read('revisitActions.get', async (db) => {
        const [row] = await db.query(`SELECT data FROM ${t.revisitActions} WHERE id = $1`, [id]);
        return row === undefined ? null : actionOf(row);
      }),
    forCustomer: (customerId) =>
      run.read('revisitActions.forCustomer', async (db) =>
        (
          await db.query(`SELECT data FROM ${t.revisitActions} WHERE customer_id = $1 ORDER BY at, id`, [customerId])
        ).map(actionOf),
      ),
    list,
    // `list` checks the filter when the first page is fetched.
    stream: (filter = {}) => streamPages((request) => list(filter, request)),
  };
}
