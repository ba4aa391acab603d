import { type JsonValue, KehuConflictError, KehuNotFoundError } from '@kehu/core';
import {
  auditPatch,
  type AuditChange,
  checkExpectedVersion,
  type EventLogAggregate,
  type EventLogOperations,
  type Page,
  type PageRequest,
  streamPages,
  type Versioned,
} from '@kehu/storage';
import { writeAudit, writeAudits } from './audit-log.js';
import { type KeysetQuery, keysetPage } from './keyset-page.js';
import type { Runner } from './runner.js';
import type { Row, SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb } from './values.js';

/** Records per batch of `streamLogs`. */
const LOG_BATCH = 500;

/** Where and how {@link eventLogRepository} stores one kind of logged record (plans, opportunities). */
export interface EventLogTable<R extends { id: string }, B extends { type: string; at: Date }, E>
  extends EventLogAggregate<R, B, E> {
  /** The records' table: `id`, `version`, `data` and the columns of {@link insert}. */
  readonly table: string;
  /** The events' table: `(<idColumn>, seq)` primary key, `type`, `at`, `data`. */
  readonly eventsTable: string;
  /** The events' column naming their record, e.g. `plan_id`. */
  readonly idColumn: string;
  /** The record's columns besides `version` and `data`, `id` first, with their placeholders from `$3` on. */
  readonly insert: { columns: string; values: string; params: (record: R) => unknown[] };
  /** The record's JSON form (its `data`) and back. */
  readonly toJson: (record: R) => JsonValue;
  readonly parse: (json: unknown) => R;
  /** An event body's JSON form (its `data`) and back. */
  readonly eventToJson: (body: B) => JsonValue;
  readonly parseEvent: (json: unknown) => B;
}

/** The shared operations of a logged record, with `page` for the aggregate's own listings. */
export interface EventLogRepository<R, B, E> extends EventLogOperations<R, B, E> {
  /** One page of records under `operation`, filtered and ordered by `query` (on the records' table `c`). */
  page(
    operation: string,
    query: Omit<KeysetQuery, 'table' | 'columns'>,
    request: PageRequest | undefined,
  ): Promise<Page<Versioned<R>>>;
}

/**
 * The shared operations of a logged record over SQL: `open` inserts the record and its first event and one audit
 * `create`; `appendEvents` bumps the version under the row lock (a stale version matches no row), inserts the events
 * and one audit `update` per event adding it at `/events/<seq - 1>`; all on the caller's transaction.
 */
export function eventLogRepository<R extends { id: string }, B extends { type: string; at: Date }, E>(
  run: Runner,
  t: TableNames,
  spec: EventLogTable<R, B, E>,
): EventLogRepository<R, B, E> {
  const { table, eventsTable, idColumn, entity, operation } = spec;
  const out = (row: Row): Versioned<R> => ({ record: spec.parse(fromJsonb(row.data)), version: row.version as number });
  const insertEvents = async (db: SqlSession, id: string, first: number, bodies: readonly B[]) => {
    await db.query(
      `INSERT INTO ${eventsTable} (${idColumn}, seq, type, at, data)
       SELECT $1, seq, type, at, data
         FROM jsonb_to_recordset($2::jsonb) AS e(seq integer, type text, at timestamptz, data jsonb)`,
      [
        id,
        JSON.stringify(
          bodies.map((body, i) => ({
            seq: first + i,
            type: body.type,
            at: iso(body.at),
            data: spec.eventToJson(body),
          })),
        ),
      ],
    );
  };
  /** A fresh stored event, as read back from its JSON form. */
  const stored = (body: B, id: string, seq: number): E =>
    spec.numbered(spec.parseEvent(spec.eventToJson(body)), id, seq);
  const page: EventLogRepository<R, B, E>['page'] = (name, query, request) =>
    run.read(name, (db) => keysetPage(db, { table, columns: 'c.version, c.data', ...query }, request, out));
  const list = (request?: PageRequest) => page(`${operation}.list`, { scope: operation }, request);
  const versionRow = async (db: SqlSession, id: string) =>
    (await db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0];
  /** The error of a record whose version row (`undefined` when missing) is not at `expectedVersion`. */
  const conflictOrMissing = (row: Row | undefined, id: string, expectedVersion: number): never => {
    if (row === undefined) throw new KehuNotFoundError(entity, id);
    const actual = row.version as number;
    throw new KehuConflictError(
      entity,
      id,
      `${entity} ${JSON.stringify(id)} is at version ${actual}, not ${expectedVersion}`,
      { expectedVersion, actualVersion: actual },
    );
  };
  return {
    open: (record, context) =>
      run.write(`${operation}.open`, async (db) => {
        const json = spec.toJson(record);
        const inserted = await db.query(
          `INSERT INTO ${table} (${spec.insert.columns}, version, data)
           VALUES (${spec.insert.values}, 1, $2::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [record.id, jsonb(json), ...spec.insert.params(record).slice(1)],
        );
        if (inserted.length === 0)
          throw new KehuConflictError(entity, record.id, `${entity} ${JSON.stringify(record.id)} already exists`);
        const body = spec.firstEvent(record, context);
        await insertEvents(db, record.id, 1, [body]);
        const copy = spec.parse(json);
        await writeAudit(db, t, {
          entity,
          entityId: record.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, spec.logJson(copy, [stored(body, record.id, 1)])),
        });
        return { record: copy, version: 1 };
      }),
    appendEvents: (id, expectedVersion, bodies, context) =>
      run.write(`${operation}.appendEvents`, async (db) => {
        checkExpectedVersion(expectedVersion);
        if (bodies.length === 0) {
          const row = await versionRow(db, id);
          if (row === undefined || row.version !== expectedVersion) conflictOrMissing(row, id, expectedVersion);
          return [];
        }
        // The row lock of this update serialises appenders; a stale version matches no row.
        const updated = await db.query(
          `UPDATE ${table} SET version = version + $3 WHERE id = $1 AND version = $2 RETURNING version`,
          [id, expectedVersion, bodies.length],
        );
        if (updated.length === 0) conflictOrMissing(await versionRow(db, id), id, expectedVersion);
        await insertEvents(db, id, expectedVersion + 1, bodies);
        const events = bodies.map((body, i) => stored(body, id, expectedVersion + i + 1));
        await writeAudits(
          db,
          t,
          events.map(
            (e, i): AuditChange => ({
              entity,
              entityId: id,
              action: 'update',
              context,
              version: expectedVersion + i + 1,
              patch: [{ op: 'add', path: `/events/${expectedVersion + i}`, value: spec.eventJson(e) }],
            }),
          ),
        );
        return events;
      }),
    get: (id) =>
      run.read(`${operation}.get`, async (db) => {
        const [row] = await db.query(`SELECT version, data FROM ${table} WHERE id = $1`, [id]);
        return row === undefined ? null : out(row);
      }),
    events: (id) =>
      run.read(`${operation}.events`, async (db) => {
        const rows = await db.query(`SELECT seq, data FROM ${eventsTable} WHERE ${idColumn} = $1 ORDER BY seq`, [id]);
        return rows.map((r) => spec.numbered(spec.parseEvent(fromJsonb(r.data)), id, r.seq as number));
      }),
    list,
    page,
    stream: () => streamPages(list),
    streamLogs: () => {
      // One statement per batch (keyset on the primary key), so a batch's records and logs come from one snapshot.
      const batch = (after: string | undefined) =>
        run.read(`${operation}.streamLogs`, (db) =>
          db.query(
            `SELECT c.id, c.version, c.data,
                    (SELECT jsonb_agg(jsonb_build_object('seq', e.seq, 'data', e.data) ORDER BY e.seq)
                       FROM ${eventsTable} e WHERE e.${idColumn} = c.id) AS events
               FROM ${table} c${after === undefined ? '' : ' WHERE c.id > $2'}
              ORDER BY c.id LIMIT $1`,
            after === undefined ? [LOG_BATCH] : [LOG_BATCH, after],
          ),
        );
      return (async function* () {
        let after: string | undefined;
        for (;;) {
          const rows = await batch(after);
          for (const row of rows) {
            const id = row.id as string;
            const events = (fromJsonb(row.events) ?? []) as Array<{ seq: number; data: unknown }>;
            yield { record: out(row), events: events.map((e) => spec.numbered(spec.parseEvent(e.data), id, e.seq)) };
          }
          if (rows.length < LOG_BATCH) return;
          after = rows[rows.length - 1]!.id as string;
        }
      })();
    },
    count: () =>
      run.read(`${operation}.count`, async (db) =>
        Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n),
      ),
  };
}
