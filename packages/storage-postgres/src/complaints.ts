import {
  complaintEventToJson,
  complaintToJson,
  KehuConflictError,
  KehuNotFoundError,
  parseComplaint,
  parseComplaintEvent,
  type ComplaintEvent,
} from '@kehu/core';
import { decodeCursor, encodeCursor, pageLimit, streamPages, type ComplaintRepository, type Versioned } from '@kehu/storage';
import type { Runner } from './runner.js';
import type { Row, SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { pageByCustomer } from './page-by-customer.js';
import { fromJsonb, iso, jsonb } from './values.js';

const out = (row: Row): Versioned<ReturnType<typeof parseComplaint>> => ({ record: parseComplaint(fromJsonb(row['data'])), version: row['version'] as number });

/** Complaints and their event logs over SQL (rule SL-1). */
export function complaintRepository(run: Runner, t: TableNames): ComplaintRepository {
  const list: ComplaintRepository['list'] = (request) =>
    run.read('complaints.list', async (db) => {
      const limit = pageLimit(request);
      const after = request?.cursor === undefined ? undefined : decodeCursor('complaints', request.cursor, 1)[0];
      const rows = after === undefined
        ? await db.query(`SELECT id, version, data FROM ${t.complaints} ORDER BY id LIMIT $1`, [limit + 1])
        : await db.query(`SELECT id, version, data FROM ${t.complaints} WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit + 1]);
      const items = rows.slice(0, limit).map(out);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor('complaints', [last.record.id]) : null };
    });
  const insertEvents = async (db: SqlSession, events: ComplaintEvent[]) => {
    if (events.length === 0) return;
    await db.query(
      `INSERT INTO ${t.complaintEvents} (complaint_id, seq, type, at, data) SELECT complaint_id, seq, type, at, data FROM jsonb_to_recordset($1::jsonb) AS e(complaint_id text, seq integer, type text, at timestamptz, data jsonb)`,
      [JSON.stringify(events.map(({ complaintId, seq, ...body }) => ({ complaint_id: complaintId, seq, type: body.type, at: iso(body.at), data: complaintEventToJson(body) })))],
    );
  };
  return {
    open: (complaint, actor) =>
      run.write('complaints.open', async (db) => {
        const inserted = await db.query(
          `INSERT INTO ${t.complaints} (id, customer_id, received_at, severity, version, data) VALUES ($1, $2, $3::timestamptz, $4, 1, $5::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [complaint.id, complaint.customerId, iso(complaint.receivedAt), complaint.severity, jsonb(complaintToJson(complaint))],
        );
        if (inserted.length === 0) throw new KehuConflictError('complaint', complaint.id, `complaint ${JSON.stringify(complaint.id)} already exists`);
        await insertEvents(db, [{ type: 'received', at: complaint.receivedAt, actor, complaintId: complaint.id, seq: 1 }]);
        return { record: parseComplaint(complaintToJson(complaint)), version: 1 };
      }),
    get: (id) =>
      run.read('complaints.get', async (db) => {
        const [row] = await db.query(`SELECT version, data FROM ${t.complaints} WHERE id = $1`, [id]);
        return row === undefined ? null : out(row);
      }),
    appendEvents: (complaintId, expectedVersion, bodies) =>
      run.write('complaints.appendEvents', async (db) => {
        // The row lock of this update serialises appenders; a stale version matches no row.
        const updated = await db.query(`UPDATE ${t.complaints} SET version = version + $3 WHERE id = $1 AND version = $2 RETURNING version`, [complaintId, expectedVersion, bodies.length]);
        if (updated.length === 0) {
          const [row] = await db.query(`SELECT version FROM ${t.complaints} WHERE id = $1`, [complaintId]);
          if (row === undefined) throw new KehuNotFoundError('complaint', complaintId);
          const actual = row['version'] as number;
          throw new KehuConflictError('complaint', complaintId, `complaint ${JSON.stringify(complaintId)} is at version ${actual}, not ${expectedVersion}`, { expectedVersion, actualVersion: actual });
        }
        const events = bodies.map((body, i): ComplaintEvent => ({ ...parseComplaintEvent(complaintEventToJson(body)), complaintId, seq: expectedVersion + i + 1 }));
        await insertEvents(db, events);
        return events;
      }),
    events: (complaintId) =>
      run.read('complaints.events', async (db) => {
        const rows = await db.query(`SELECT seq, data FROM ${t.complaintEvents} WHERE complaint_id = $1 ORDER BY seq`, [complaintId]);
        return rows.map((r) => ({ ...parseComplaintEvent(fromJsonb(r['data'])), complaintId, seq: r['seq'] as number }));
      }),
    list,
    listByCustomer: (customerId, request) =>
      run.read('complaints.listByCustomer', (db) =>
        pageByCustomer(db, { table: t.complaints, timeColumn: 'received_at', columns: 'version, data', scope: 'complaints.byCustomer' }, customerId, request, out),
      ),
    stream: () => streamPages(list),
    count: () => run.read('complaints.count', async (db) => Number((await db.query(`SELECT count(*)::int AS n FROM ${t.complaints}`))[0]!['n'])),
  };
}
