import { type AuditContext, type AuditEntity, type JsonValue, KehuConflictError } from '@kehu/core';
import { auditPatch } from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import type { SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, jsonb } from './values.js';

/** Where and how {@link recordOnce} stores a fact recorded once by id (an exit, a revisit action). */
export interface RecordOnceTarget<T> {
  /** The table, its first column `id` and its last `data` (the record's JSON form). */
  readonly table: string;
  /** The column list of the insert, e.g. `id, customer_id, at, kind, data`. */
  readonly columns: string;
  /** The placeholders of the insert, `$1` the id, e.g. `$1, $2, $3::timestamptz, $4, $5::jsonb`. */
  readonly values: string;
  /** The audit entity, also the conflict's entity. */
  readonly entity: AuditEntity;
  /** The fact's name in the conflict message, e.g. `revisit action`. */
  readonly noun: string;
  /** Reads a record back from its JSON form. */
  readonly parse: (json: unknown) => T;
}

/**
 * Stores a fact recorded once by id, idempotently: an id not stored yet is inserted with one audit `create`; an id
 * stored with `jsonb`-equal data (object keys in any order, as the memory store compares) returns the stored record
 * with `created: false`; an id stored with different data is refused with `KehuConflictError`.
 *
 * @param params - the insert's parameters in the order of `target.values`, the id first
 * @param json - the record's JSON form, the insert's `data`
 */
export async function recordOnce<T>(
  db: SqlSession,
  t: TableNames,
  target: RecordOnceTarget<T>,
  params: readonly [id: string, ...rest: unknown[]],
  json: JsonValue,
  context: AuditContext,
): Promise<{ record: T; created: boolean }> {
  const { table, entity, noun, parse } = target;
  const id = params[0];
  const inserted = await db.query(
    `INSERT INTO ${table} (${target.columns}) VALUES (${target.values}) ON CONFLICT (id) DO NOTHING RETURNING id`,
    params,
  );
  if (inserted.length === 0) {
    const [row] = await db.query(`SELECT data, data = $2::jsonb AS same FROM ${table} WHERE id = $1`, [
      id,
      jsonb(json),
    ]);
    if (row !== undefined && row.same === true) return { record: parse(fromJsonb(row.data)), created: false };
    throw new KehuConflictError(entity, id, `${noun} ${JSON.stringify(id)} is already stored with different content`);
  }
  await writeAudit(db, t, {
    entity,
    entityId: id,
    action: 'create',
    context,
    version: 1,
    patch: auditPatch(null, json),
  });
  return { record: parse(json), created: true };
}
