import { parseAuditEntry, type AuditEntry } from '@kehu/core';
import {
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type AuditChange,
  type AuditFilter,
  type AuditLogRepository,
} from '@kehu/storage';
import type { Runner } from './runner.js';
import type { Row, SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb, toDate, toNumber } from './values.js';

/** Inserts an audit entry on `session`, so it commits or rolls back with the change. */
export async function writeAudit(session: SqlSession, t: TableNames, c: AuditChange): Promise<void> {
  await session.query(
    `INSERT INTO ${t.auditLog} (entity, entity_id, action, actor, at, reason, version, patch)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8::jsonb)`,
    [c.entity, c.entityId, c.action, c.context.actor, iso(c.context.at), c.context.reason, c.version, jsonb(c.patch)],
  );
}

/**
 * Inserts many audit entries on `session` in one statement (one array parameter per column, expanded by `unnest`),
 * in the order given, so they take ascending `seq`s and commit or roll back with the change.
 */
export async function writeAudits(session: SqlSession, t: TableNames, changes: readonly AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  const cols: unknown[][] = Array.from({ length: 8 }, () => new Array<unknown>(changes.length));
  changes.forEach((c, i) => {
    cols[0]![i] = c.entity;
    cols[1]![i] = c.entityId;
    cols[2]![i] = c.action;
    cols[3]![i] = c.context.actor;
    cols[4]![i] = iso(c.context.at);
    cols[5]![i] = c.context.reason;
    cols[6]![i] = c.version;
    cols[7]![i] = jsonb(c.patch);
  });
  await session.query(
    `INSERT INTO ${t.auditLog} (entity, entity_id, action, actor, at, reason, version, patch)
     SELECT entity, entity_id, action, actor, at, reason, version, patch
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::integer[],
         $8::jsonb[]) WITH ORDINALITY AS b(entity, entity_id, action, actor, at, reason, version, patch, n)
      ORDER BY n`,
    cols,
  );
}

function entry(row: Row): AuditEntry {
  return parseAuditEntry({
    seq: toNumber(row.seq),
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: toDate(row.at),
    reason: row.reason,
    version: row.version,
    patch: fromJsonb(row.patch),
  });
}

/** The audit log over SQL, in `seq` order. */
export function auditLogRepository(run: Runner, t: TableNames): AuditLogRepository {
  const list: AuditLogRepository['list'] = (filter: AuditFilter = {}, request) =>
    run.read('audit.list', async (db) => {
      const limit = pageLimit(request);
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.entity !== undefined) where.push(`entity = $${params.push(filter.entity)}`);
      if (filter.entityId !== undefined) where.push(`entity_id = $${params.push(filter.entityId)}`);
      if (filter.before !== undefined) where.push(`at < $${params.push(iso(filter.before))}::timestamptz`);
      if (request?.cursor !== undefined)
        where.push(`seq > $${params.push(decodeCursor('audit', request.cursor, 1)[0])}`);
      const rows = await db.query(
        `SELECT * FROM ${t.auditLog}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
         ORDER BY seq LIMIT $${params.push(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map(entry);
      return { items, nextCursor: rows.length > limit ? encodeCursor('audit', [items[items.length - 1]!.seq]) : null };
    });
  return {
    list,
    stream: (filter) => streamPages((request) => list(filter, request)),
    purge: (before) =>
      run.write('audit.purge', async (db) => {
        const [row] = await db.query(
          `WITH gone AS (DELETE FROM ${t.auditLog} WHERE at < $1::timestamptz RETURNING 1)
           SELECT count(*) AS n FROM gone`,
          [iso(before)],
        );
        return toNumber(row!.n);
      }),
  };
}
