import { KehuConflictError, parseSurveyResponse, surveyResponseToJson } from '@kehu/core';
import {
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type SurveyResponseFilter,
  type SurveyResponseRepository,
} from '@kehu/storage';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, toNumber } from './values.js';

function filterSql(filter: SurveyResponseFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.surveyId !== undefined) where.push(`survey_id = $${params.push(filter.surveyId)}`);
  if (filter.customerId !== undefined) where.push(`customer_id = $${params.push(filter.customerId)}`);
  if (filter.from !== undefined) where.push(`answered_at >= $${params.push(iso(filter.from))}::timestamptz`);
  if (filter.to !== undefined) where.push(`answered_at < $${params.push(iso(filter.to))}::timestamptz`);
  return where;
}

/** Survey responses over SQL (rule SA-1): idempotent, atomic appends. */
export function surveyResponseRepository(run: Runner, t: TableNames): SurveyResponseRepository {
  const list: SurveyResponseRepository['list'] = (filter = {}, request) =>
    run.read('surveyResponses.list', async (db) => {
      const limit = pageLimit(request);
      const params: unknown[] = [];
      const where = filterSql(filter, params);
      if (request?.cursor !== undefined)
        where.push(`id > $${params.push(decodeCursor('surveyResponses', request.cursor, 1)[0])}`);
      const rows = await db.query(
        `SELECT id, data FROM ${t.surveyResponses}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
          ORDER BY id LIMIT $${params.push(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map((r) => parseSurveyResponse(fromJsonb(r.data)));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor('surveyResponses', [last.id]) : null };
    });
  return {
    append: (batch) =>
      run.write('surveyResponses.append', async (db) => {
        if (batch.length === 0) return { inserted: 0, duplicates: 0 };
        const payload = JSON.stringify(
          batch.map((r) => ({
            id: r.id,
            survey_id: r.surveyId,
            customer_id: r.customerId,
            answered_at: iso(r.answeredAt),
            data: surveyResponseToJson(r),
          })),
        );
        const recordset = `jsonb_to_recordset($1::jsonb)
          AS b(id text, survey_id text, customer_id text, answered_at timestamptz, data jsonb)`;
        const inserted = await db.query(
          `INSERT INTO ${t.surveyResponses} (id, survey_id, customer_id, answered_at, data)
           SELECT id, survey_id, customer_id, answered_at, data FROM ${recordset}
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [payload],
        );
        if (inserted.length < batch.length) {
          const [differs] = await db.query(
            `SELECT b.id FROM ${recordset} JOIN ${t.surveyResponses} x ON x.id = b.id
              WHERE x.data IS DISTINCT FROM b.data LIMIT 1`,
            [payload],
          );
          if (differs !== undefined) {
            const id = differs.id as string;
            throw new KehuConflictError(
              'survey-response',
              id,
              `survey response ${JSON.stringify(id)} is already stored with different content`,
            );
          }
        }
        return { inserted: inserted.length, duplicates: batch.length - inserted.length };
      }),
    get: (id) =>
      run.read('surveyResponses.get', async (db) => {
        const [row] = await db.query(`SELECT data FROM ${t.surveyResponses} WHERE id = $1`, [id]);
        return row === undefined ? null : parseSurveyResponse(fromJsonb(row.data));
      }),
    list,
    stream: (filter) => streamPages((request) => list(filter, request)),
    count: (filter = {}) =>
      run.read('surveyResponses.count', async (db) => {
        const params: unknown[] = [];
        const where = filterSql(filter, params);
        const [row] = await db.query(
          `SELECT count(*) AS n FROM ${t.surveyResponses}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
          params,
        );
        return toNumber(row!.n);
      }),
  };
}
