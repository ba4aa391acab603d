import { decodeCursor, encodeCursor, pageLimit, type InstantRange, type Page, type PageRequest } from '@kehu/storage';
import type { Row, SqlSession } from './sql-client.js';
import { iso, toDate } from './values.js';

/**
 * One page of a table in `(customer_id, time, id)` order within `from <= time < to`, by keyset on the
 * `(customer_id, time, id)` index: what a planner streams one customer at a time.
 */
export async function pageByCustomerTime<T>(
  db: SqlSession,
  spec: { table: string; timeColumn: string; columns: string; scope: string },
  filter: InstantRange,
  request: PageRequest | undefined,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const limit = pageLimit(request);
  const { table, timeColumn: at, columns, scope } = spec;
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.from !== undefined) where.push(`${at} >= $${params.push(iso(filter.from))}::timestamptz`);
  if (filter.to !== undefined) where.push(`${at} < $${params.push(iso(filter.to))}::timestamptz`);
  if (request?.cursor !== undefined) {
    const [customer, time, id] = decodeCursor(scope, request.cursor, 3);
    where.push(
      `(customer_id, ${at}, id) >
       ($${params.push(customer)}, $${params.push(iso(new Date(time as number)))}::timestamptz, $${params.push(id)})`,
    );
  }
  const rows = await db.query(
    `SELECT customer_id, ${at}, id, ${columns} FROM ${table}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
     ORDER BY customer_id, ${at}, id LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(scope, [last.customer_id as string, toDate(last[at]).getTime(), last.id as string])
        : null,
  };
}
