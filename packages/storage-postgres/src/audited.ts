import { KehuConflictError, KehuNotFoundError, type JsonValue } from '@kehu/core';
import {
  auditPatch,
  checkExpectedVersion,
  checkOptionalExpectedVersion,
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type AuditedRepository,
  type Versioned,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import type { Runner } from './runner.js';
import type { Row } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, jsonb } from './values.js';

/** How one versioned, audited aggregate maps to its table (customers, contact records). */
export interface AuditedTable<T extends { id: string }> {
  /** Audit and error entity. */
  entity: 'customer' | 'contact-record' | 'owner';
  /** Operation prefix, e.g. `customers`. */
  operation: string;
  /** Qualified table name. */
  table: string;
  /** The JSON form kept in `data` and in the audit log. */
  toJson: (record: T) => unknown;
  /** Decodes `data`. */
  parse: (json: unknown) => T;
  /** Key columns besides `id`, `version` and `data`, with their SQL casts. */
  columns: (record: T) => Array<[column: string, value: unknown, cast: string]>;
}

/** The JSON form kept in the store. */
const asJson = (v: unknown) => v as JsonValue;

/** Get, create, update, delete, list, stream and count over one table, audited (rule AR-4). */
export function auditedRepository<T extends { id: string }>(
  run: Runner,
  t: TableNames,
  spec: AuditedTable<T>,
): AuditedRepository<T> {
  const { entity, operation, table } = spec;
  const out = (row: Row): Versioned<T> => ({
    record: spec.parse(fromJsonb(row.data)),
    version: row.version as number,
  });
  const stale = (id: string, expected: number, actual: number) =>
    new KehuConflictError(entity, id, `${entity} ${JSON.stringify(id)} is at version ${actual}, not ${expected}`, {
      expectedVersion: expected,
      actualVersion: actual,
    });
  const list: AuditedRepository<T>['list'] = (request) =>
    run.read(`${operation}.list`, async (db) => {
      const limit = pageLimit(request);
      const after = request?.cursor === undefined ? undefined : decodeCursor(operation, request.cursor, 1)[0];
      const rows =
        after === undefined
          ? await db.query(`SELECT id, version, data FROM ${table} ORDER BY id LIMIT $1`, [limit + 1])
          : await db.query(`SELECT id, version, data FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2`, [
              after,
              limit + 1,
            ]);
      const items = rows.slice(0, limit).map(out);
      return {
        items,
        nextCursor: rows.length > limit ? encodeCursor(operation, [items[items.length - 1]!.record.id]) : null,
      };
    });
  return {
    get: (id) =>
      run.read(`${operation}.get`, async (db) => {
        const [row] = await db.query(`SELECT version, data FROM ${table} WHERE id = $1`, [id]);
        return row === undefined ? null : out(row);
      }),
    create: (record, context) =>
      run.write(`${operation}.create`, async (db) => {
        const json = asJson(spec.toJson(record));
        const cols = spec.columns(record);
        const names = ['id', 'version', 'data', ...cols.map(([c]) => c)];
        const values = [record.id, 1, jsonb(json), ...cols.map(([, v]) => v)];
        const casts = ['', '', '::jsonb', ...cols.map(([, , cast]) => cast)];
        const inserted = await db.query(
          `INSERT INTO ${table} (${names.join(', ')})
           VALUES (${names.map((_, i) => `$${i + 1}${casts[i]}`).join(', ')})
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          values,
        );
        if (inserted.length === 0)
          throw new KehuConflictError(entity, record.id, `${entity} ${JSON.stringify(record.id)} already exists`);
        await writeAudit(db, t, {
          entity,
          entityId: record.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, json),
        });
        return { record: spec.parse(json), version: 1 };
      }),
    update: (next, expectedVersion, context) =>
      run.write(`${operation}.update`, async (db) => {
        checkExpectedVersion(expectedVersion);
        const [current] = await db.query(`SELECT version, data FROM ${table} WHERE id = $1 FOR UPDATE`, [next.id]);
        if (current === undefined) throw new KehuNotFoundError(entity, next.id);
        const actual = current.version as number;
        if (actual !== expectedVersion) throw stale(next.id, expectedVersion, actual);
        const json = asJson(spec.toJson(next));
        const cols = spec.columns(next);
        await db.query(
          `UPDATE ${table}
           SET version = $2, data = $3::jsonb${cols.map(([c, , cast], i) => `, ${c} = $${i + 4}${cast}`).join('')}
           WHERE id = $1`,
          [next.id, actual + 1, jsonb(json), ...cols.map(([, v]) => v)],
        );
        await writeAudit(db, t, {
          entity,
          entityId: next.id,
          action: 'update',
          context,
          version: actual + 1,
          patch: auditPatch(fromJsonb(current.data), json),
        });
        return { record: spec.parse(json), version: actual + 1 };
      }),
    delete: (id, context, expectedVersion) =>
      run.write(`${operation}.delete`, async (db) => {
        checkOptionalExpectedVersion(expectedVersion);
        const [current] = await db.query(`SELECT version, data FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
        if (current === undefined) return false;
        const actual = current.version as number;
        if (expectedVersion !== undefined && actual !== expectedVersion) throw stale(id, expectedVersion, actual);
        await db.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
        await writeAudit(db, t, {
          entity,
          entityId: id,
          action: 'delete',
          context,
          version: actual,
          patch: auditPatch(fromJsonb(current.data), null),
        });
        return true;
      }),
    list,
    stream: () => streamPages(list),
    count: () =>
      run.read(`${operation}.count`, async (db) =>
        Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n),
      ),
  };
}
