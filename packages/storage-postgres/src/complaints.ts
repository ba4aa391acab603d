import {
  complaintEventToJson,
  complaintToJson,
  KehuConflictError,
  KehuNotFoundError,
  parseComplaint,
  parseComplaintEvent,
  type ComplaintEvent,
  type ComplaintEventBody,
  complaintSeverityAfter,
  complaintStateSetBy,
  type ComplaintState,
} from '@kehu/core';
import {
  checkExpectedVersion,
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type ComplaintHead,
  type ComplaintLogEntry,
  type ComplaintRepository,
  type Versioned,
} from '@kehu/storage';
import type { Runner } from './runner.js';
import type { Row, SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { keysetPage } from './keyset-page.js';
import { pageByCustomer } from './page-by-customer.js';
import { fromJsonb, iso, jsonb, toDate } from './values.js';

const out = (row: Row): Versioned<ReturnType<typeof parseComplaint>> => ({
  record: parseComplaint(fromJsonb(row.data)),
  version: row.version as number,
});

/** A row with `version`, `data`, `state`, `severity` and `last_event_at` as a {@link ComplaintHead}. */
const headOut = (row: Row): ComplaintHead => ({
  complaint: out(row),
  state: row.state as ComplaintHead['state'],
  severity: row.severity as ComplaintHead['severity'],
  lastEventAt: toDate(row.last_event_at),
});

/** Complaints per batch of `streamLogs`. */
const LOG_BATCH = 500;

/** A row of the `streamLogs` query: the intake and its log as a `jsonb` array of `{ seq, data }` in `seq` order. */
const logEntry = (row: Row): ComplaintLogEntry => {
  const complaintId = row.id as string;
  const events = (fromJsonb(row.events) ?? []) as Array<{ seq: number; data: unknown }>;
  return {
    complaint: out(row),
    events: events.map((e) => ({ ...parseComplaintEvent(e.data), complaintId, seq: e.seq })),
  };
};

/** The state a batch of events leaves, or `null` when none of its events changes the state. */
function stateAfterBatch(bodies: readonly ComplaintEventBody[]): ComplaintState | null {
  let state: ComplaintState | null = null;
  for (const b of bodies) state = complaintStateSetBy(b.type) ?? state;
  return state;
}

/**
 * Complaints and their event logs over SQL (rule SL-1); the `state`, `severity` and
 * `last_event_at` columns hold the head of the log (state and severity in effect, the
 * instant of the last event), so that appending never reads the log.
 */
export function complaintRepository(run: Runner, t: TableNames): ComplaintRepository {
  const list: ComplaintRepository['list'] = (request) =>
    run.read('complaints.list', async (db) => {
      const limit = pageLimit(request);
      const after = request?.cursor === undefined ? undefined : decodeCursor('complaints', request.cursor, 1)[0];
      const rows =
        after === undefined
          ? await db.query(`SELECT id, version, data FROM ${t.complaints} ORDER BY id LIMIT $1`, [limit + 1])
          : await db.query(`SELECT id, version, data FROM ${t.complaints} WHERE id > $1 ORDER BY id LIMIT $2`, [
              after,
              limit + 1,
            ]);
      const items = rows.slice(0, limit).map(out);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor('complaints', [last.record.id]) : null };
    });
  const insertEvents = async (db: SqlSession, events: ComplaintEvent[]) => {
    if (events.length === 0) return;
    await db.query(
      `INSERT INTO ${t.complaintEvents} (complaint_id, seq, type, at, data)
       SELECT complaint_id, seq, type, at, data
         FROM jsonb_to_recordset($1::jsonb)
           AS e(complaint_id text, seq integer, type text, at timestamptz, data jsonb)`,
      [
        JSON.stringify(
          events.map(({ complaintId, seq, ...body }) => ({
            complaint_id: complaintId,
            seq,
            type: body.type,
            at: iso(body.at),
            data: complaintEventToJson(body),
          })),
        ),
      ],
    );
  };
  return {
    open: (complaint, actor) =>
      run.write('complaints.open', async (db) => {
        const inserted = await db.query(
          `INSERT INTO ${t.complaints} (id, customer_id, received_at, last_event_at, severity, version, data)
           VALUES ($1, $2, $3::timestamptz, $3::timestamptz, $4, 1, $5::jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            complaint.id,
            complaint.customerId,
            iso(complaint.receivedAt),
            complaint.severity,
            jsonb(complaintToJson(complaint)),
          ],
        );
        if (inserted.length === 0)
          throw new KehuConflictError(
            'complaint',
            complaint.id,
            `complaint ${JSON.stringify(complaint.id)} already exists`,
          );
        await insertEvents(db, [
          { type: 'received', at: complaint.receivedAt, actor, complaintId: complaint.id, seq: 1 },
        ]);
        return { record: parseComplaint(complaintToJson(complaint)), version: 1 };
      }),
    get: (id) =>
      run.read('complaints.get', async (db) => {
        const [row] = await db.query(`SELECT version, data FROM ${t.complaints} WHERE id = $1`, [id]);
        return row === undefined ? null : out(row);
      }),
    head: (id) =>
      run.read('complaints.head', async (db) => {
        const [row] = await db.query(
          `SELECT version, data, state, severity, last_event_at FROM ${t.complaints} WHERE id = $1`,
          [id],
        );
        return row === undefined ? null : headOut(row);
      }),
    appendEvents: (complaintId, expectedVersion, bodies) =>
      run.write('complaints.appendEvents', async (db) => {
        checkExpectedVersion(expectedVersion);
        // The row lock of this update serialises appenders; a stale version matches no row.
        const updated = await db.query(
          `UPDATE ${t.complaints}
              SET version = version + $3, state = coalesce($4, state), severity = coalesce($5, severity),
                  last_event_at = coalesce($6::timestamptz, last_event_at)
            WHERE id = $1 AND version = $2 RETURNING version`,
          [
            complaintId,
            expectedVersion,
            bodies.length,
            stateAfterBatch(bodies),
            bodies.some((b) => b.type === 'severity-changed') ? complaintSeverityAfter(bodies, 'normal') : null,
            bodies.length === 0 ? null : iso(bodies[bodies.length - 1]!.at),
          ],
        );
        if (updated.length === 0) {
          const [row] = await db.query(`SELECT version FROM ${t.complaints} WHERE id = $1`, [complaintId]);
          if (row === undefined) throw new KehuNotFoundError('complaint', complaintId);
          const actual = row.version as number;
          throw new KehuConflictError(
            'complaint',
            complaintId,
            `complaint ${JSON.stringify(complaintId)} is at version ${actual}, not ${expectedVersion}`,
            { expectedVersion, actualVersion: actual },
          );
        }
        const events = bodies.map(
          (body, i): ComplaintEvent => ({
            ...parseComplaintEvent(complaintEventToJson(body)),
            complaintId,
            seq: expectedVersion + i + 1,
          }),
        );
        await insertEvents(db, events);
        return events;
      }),
    events: (complaintId) =>
      run.read('complaints.events', async (db) => {
        const rows = await db.query(`SELECT seq, data FROM ${t.complaintEvents} WHERE complaint_id = $1 ORDER BY seq`, [
          complaintId,
        ]);
        return rows.map((r) => ({
          ...parseComplaintEvent(fromJsonb(r.data)),
          complaintId,
          seq: r.seq as number,
        }));
      }),
    list,
    listByCustomer: (customerId, request) =>
      run.read('complaints.listByCustomer', (db) =>
        pageByCustomer(
          db,
          { table: t.complaints, timeColumn: 'received_at', columns: 'version, data', scope: 'complaints.byCustomer' },
          customerId,
          request,
          out,
        ),
      ),
    find: (filter, request) =>
      run.read('complaints.find', (db) => {
        const params: unknown[] = [];
        const where: string[] = [];
        if (filter.receivedFrom !== undefined)
          where.push(`c.received_at >= $${params.push(iso(filter.receivedFrom))}::timestamptz`);
        if (filter.receivedTo !== undefined)
          where.push(`c.received_at < $${params.push(iso(filter.receivedTo))}::timestamptz`);
        return keysetPage(
          db,
          {
            table: t.complaints,
            columns: 'c.version, c.data',
            timeColumn: 'received_at',
            equal: { customer_id: filter.customerId, state: filter.state, severity: filter.severity },
            where,
            params,
            scope: 'complaints.find',
          },
          request,
          out,
        );
      }),
    stream: () => streamPages(list),
    streamLogs: (query = {}) => {
      const openAt = query.openAt === undefined ? undefined : iso(query.openAt);
      // One statement per batch (keyset on the primary key), so a batch's intakes and logs
      // come from one snapshot: an entry's version always equals the length of its log.
      const batch = (after: string | undefined) =>
        run.read('complaints.streamLogs', (db) => {
          const params: unknown[] = [LOG_BATCH];
          const where: string[] = [];
          const afterParam = after === undefined ? undefined : `$${params.push(after)}`;
          if (afterParam !== undefined) where.push(`c.id > ${afterParam}`);
          if (openAt !== undefined) {
            const at = `$${params.push(openAt)}::timestamptz`;
            // The redundant bound on l.complaint_id keeps a merge anti-join (which the planner
            // picks at mid sizes) from scanning the events index from its start on every batch.
            where.push(
              `c.received_at <= ${at}`,
              `NOT EXISTS (SELECT 1 FROM ${t.complaintEvents} l WHERE l.complaint_id = c.id${
                afterParam === undefined ? '' : ` AND l.complaint_id > ${afterParam}`
              } AND l.seq = c.version AND l.type = 'closed' AND l.at <= ${at})`,
            );
          }
          return db.query(
            `SELECT c.id, c.version, c.data,
                    (SELECT jsonb_agg(jsonb_build_object('seq', e.seq, 'data', e.data) ORDER BY e.seq)
                       FROM ${t.complaintEvents} e WHERE e.complaint_id = c.id) AS events
               FROM ${t.complaints} c${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
              ORDER BY c.id LIMIT $1`,
            params,
          );
        });
      return (async function* () {
        let after: string | undefined;
        for (;;) {
          const rows = await batch(after);
          for (const row of rows) yield logEntry(row);
          if (rows.length < LOG_BATCH) return;
          after = rows[rows.length - 1]!.id as string;
        }
      })();
    },
    count: () =>
      run.read('complaints.count', async (db) =>
        Number((await db.query(`SELECT count(*)::int AS n FROM ${t.complaints}`))[0]!.n),
      ),
  };
}
