import { decodeCursor, encodeCursor, pageLimit, type Page, type PageRequest } from '@kehu/storage';
import type { Row, SqlSession } from './sql-client.js';
import { iso, toDate } from './values.js';

/** A filtered list paged by keyset on `(timeColumn, id)` or on `id` alone. */
export interface KeysetQuery {
  /** Qualified table name; `c` is its alias in `where`. */
  table: string;
  /** Columns selected besides the key columns. */
  columns: string;
  /** The time column of the order, or `undefined` to order by `id` alone. */
  timeColumn?: string;
  /** Equalities `c.<column> = value`, one per column whose value is not `undefined`. */
  equal?: Record<string, unknown>;
  /** Further conditions on `c`, already numbered against `params`. */
  where?: string[];
  /** The parameters of `where`. */
  params?: unknown[];
  /** The list's name in its cursors. */
  scope: string;
}

/**
 * One page of a filtered list: the filter runs in the database and the page starts after
 * the cursor's key, so an index on the filter columns followed by the order serves it.
 */
export async function keysetPage<T>(
  db: SqlSession,
  query: KeysetQuery,
  request: PageRequest | undefined,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const limit = pageLimit(request);
  const { table, timeColumn: time, scope } = query;
  const params = [...(query.params ?? [])];
  const where = [...(query.where ?? [])];
  for (const [column, value] of Object.entries(query.equal ?? {}))
    if (value !== undefined) where.push(`c.${column} = $${params.push(value)}`);
  if (request?.cursor !== undefined) {
    if (time === undefined) {
      where.push(`c.id > $${params.push(decodeCursor(scope, request.cursor, 1)[0])}`);
    } else {
      const [at, id] = decodeCursor(scope, request.cursor, 2);
      const atParam = `$${params.push(iso(new Date(at as number)))}::timestamptz`;
      where.push(`(c.${time}, c.id) > (${atParam}, $${params.push(id)})`);
    }
  }
  const order = time === undefined ? 'c.id' : `c.${time}, c.id`;
  const rows = await db.query(
    `SELECT c.id${time === undefined ? '' : `, c.${time}`}, ${query.columns} FROM ${table} c${
      where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
    } ORDER BY ${order} LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const key = (row: Row) => (time === undefined ? [row.id as string] : [toDate(row[time]).getTime(), row.id as string]);
  return { items: page.map(map), nextCursor: rows.length > limit && last ? encodeCursor(scope, key(last)) : null };
}
