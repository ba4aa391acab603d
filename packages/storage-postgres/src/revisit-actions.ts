import { KehuConflictError, parseRevisitAction, revisitActionToJson, type JsonValue } from '@kehu/core';
import { auditPatch, checkInstantRange, streamPages, type RevisitActionRepository } from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { pageByCustomerTime } from './customer-time-page.js';
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
      run.write('revisitActions.record', async (db) => {
        const json = revisitActionToJson(action) as JsonValue;
        const inserted = await db.query(
          `INSERT INTO ${t.revisitActions} (id, customer_id, at, kind, data)
           VALUES ($1, $2, $3::timestamptz, $4, $5::jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [action.id, action.customerId, iso(action.at), action.kind, jsonb(json)],
        );
        if (inserted.length === 0) {
          const [row] = await db.query(`SELECT data, data = $2::jsonb AS same FROM ${t.revisitActions} WHERE id = $1`, [
            action.id,
            jsonb(json),
          ]);
          if (row !== undefined && row.same === true) return { record: actionOf(row), created: false };
          throw new KehuConflictError(
            'revisit-action',
            action.id,
            `revisit action ${JSON.stringify(action.id)} is already stored with different content`,
          );
        }
        await writeAudit(db, t, {
          entity: 'revisit-action',
          entityId: action.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, json),
        });
        return { record: parseRevisitAction(json), created: true };
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
