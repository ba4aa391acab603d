import { decodeCursor, encodeCursor, pageLimit, type Page, type PageRequest } from '@kehu/storage';
import type { Row, SqlSession } from './sql-client.js';
import { iso, toDate } from './values.js';

/** One page of a customer's records in `(time, id)` order, by keyset on the `(customer_id, time, id)` index. */
export async function pageByCustomer<T>(
  db: SqlSession,
  spec: { table: string; timeColumn: string; columns: string; scope: string },
  customerId: string,
  request: PageRequest | undefined,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const limit = pageLimit(request);
  const scope = `${spec.scope}:${customerId}`;
  const after = request?.cursor === undefined ? undefined : decodeCursor(scope, request.cursor, 2);
  const { table, timeColumn: at, columns } = spec;
  const rows =
    after === undefined
      ? await db.query(
          `SELECT id, ${at}, ${columns} FROM ${table} WHERE customer_id = $1 ORDER BY ${at}, id LIMIT $2`,
          [customerId, limit + 1],
        )
      : await db.query(
          `SELECT id, ${at}, ${columns} FROM ${table}
           WHERE customer_id = $1 AND (${at}, id) > ($2::timestamptz, $3) ORDER BY ${at}, id LIMIT $4`,
          [customerId, iso(new Date(after[0] as number)), after[1], limit + 1],
        );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor:
      rows.length > limit && last ? encodeCursor(scope, [toDate(last[at]).getTime(), last.id as string]) : null,
  };
}
