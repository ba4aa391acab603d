import { type BudgetActual, budgetActualToJson, type JsonValue, parseBudgetActual } from '@kehu/core';
import { type BudgetActualFilter, type BudgetActualRepository, type PageRequest, streamPages } from '@kehu/storage';
import { keysetPage } from './keyset-page.js';
import { type RecordOnceTarget, recordOnce } from './record-once.js';
import type { Runner } from './runner.js';
import type { Row } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, jsonb } from './values.js';

const actualOf = (r: Row) => parseBudgetActual(fromJsonb(r.data));

/**
 * Actual spend entries against plans over SQL (rule MP-2): created once by id; a repeat is compared with the stored
 * row by `jsonb` equality (object keys in any order, amounts as their exact strings), as the memory store compares.
 */
export function budgetActualRepository(run: Runner, t: TableNames): BudgetActualRepository {
  const target: RecordOnceTarget<BudgetActual> = {
    table: t.budgetActuals,
    columns: 'id, plan_id, spent_on, amount, data',
    values: '$1, $2, $3, $4::numeric, $5::jsonb',
    entity: 'budget-actual',
    noun: 'budget actual',
    parse: parseBudgetActual,
  };
  const page = (filter: BudgetActualFilter, request?: PageRequest) =>
    run.read('budgetActuals.list', (db) =>
      keysetPage(
        db,
        {
          table: t.budgetActuals,
          columns: 'c.data',
          equal: { plan_id: filter.planId },
          scope: filter.planId === undefined ? 'budgetActuals' : `budgetActuals.byPlan:${filter.planId}`,
        },
        request,
        actualOf,
      ),
    );
  return {
    record: (entry, context) =>
      run.write('budgetActuals.record', (db) => {
        const json = budgetActualToJson(entry) as JsonValue;
        const params = [entry.id, entry.planId, entry.spentOn, entry.amount.toString(), jsonb(json)] as const;
        return recordOnce(db, t, target, params, json, context);
      }),
    get: (id) =>
      run.read('budgetActuals.get', async (db) => {
        const [row] = await db.query(`SELECT data FROM ${t.budgetActuals} WHERE id = $1`, [id]);
        return row === undefined ? null : actualOf(row);
      }),
    forPlan: (planId) =>
      run.read('budgetActuals.forPlan', async (db) =>
        (await db.query(`SELECT data FROM ${t.budgetActuals} WHERE plan_id = $1 ORDER BY spent_on, id`, [planId])).map(
          actualOf,
        ),
      ),
    list: (request) => page({}, request),
    stream: (filter = {}) => streamPages((request) => page(filter, request)),
  };
}
