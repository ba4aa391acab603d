import { PGlite } from '@electric-sql/pglite';
import { complaintEventToJson, complaintToJson, parseComplaint, parseComplaintEvent } from '@kehu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

const db = new PGlite();
afterAll(() => db.close());

const minute = (m: number) => new Date(Date.UTC(2026, 0, 5, 10, m));

describe('migration 3 (complaint head) on a schema with data', () => {
  it('fills last_event_at from the event of the highest seq, NOT NULL; open and appendEvents keep it', async () => {
    const s = 'kehu_v2';
    await db.exec(`CREATE SCHEMA ${s}`);
    await db.exec(
      `CREATE TABLE ${s}.kehu_migrations
         (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const m of MIGRATIONS.filter((x) => x.version < 3)) {
      await db.exec(m.sql(s));
      await db.query(`INSERT INTO ${s}.kehu_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    // Each complaint's state in effect (as migration 2 keeps it) and its events after `received` at minute 0.
    const logs: Array<[string, string, Array<[string, number]>]> = [
      ['k-received', 'open', []],
      [
        'k-closed',
        'closed',
        [
          ['acknowledged', 3],
          ['closed', 7],
        ],
      ],
      [
        'k-same-instant',
        'open',
        [
          ['closed', 5],
          ['reopened', 5],
        ],
      ],
    ];
    for (const [id, state, events] of logs) {
      const c = parseComplaint({
        id,
        customerId: 'c-1',
        content: '破损',
        occurredAt: minute(-60),
        receivedAt: minute(0),
        channel: 'phone',
        severity: 'normal',
      });
      await db.query(
        `INSERT INTO ${s}.complaints (id, customer_id, received_at, severity, state, version, data)
         VALUES ($1, 'c-1', $2, 'normal', $3, $4, $5)`,
        [id, c.receivedAt.toISOString(), state, events.length + 1, JSON.stringify(complaintToJson(c))],
      );
      const all: Array<[string, number]> = [['received', 0], ...events];
      for (const [i, [type, m]] of all.entries()) {
        const body = complaintEventToJson(parseComplaintEvent({ type, at: minute(m), actor: 'a' }));
        await db.query(
          `INSERT INTO ${s}.complaint_events (complaint_id, seq, type, at, data) VALUES ($1, $2, $3, $4, $5)`,
          [id, i + 1, type, minute(m).toISOString(), JSON.stringify(body)],
        );
      }
    }

    expect((await migrate(db, { schema: s })).applied).toEqual(
      MIGRATIONS.filter((m) => m.version >= 3).map((m) => m.version),
    );
    const column = await db.query<{ is_nullable: string }>(
      `SELECT is_nullable FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = 'complaints' AND column_name = 'last_event_at'`,
      [s],
    );
    expect(column.rows).toEqual([{ is_nullable: 'NO' }]);

    const storage = createPostgresStorage({ client: db, schema: s });
    const head = async (id: string) => {
      const h = (await storage.complaints.head(id))!;
      return [h.complaint.version, h.state, h.lastEventAt.getTime()];
    };
    expect(await head('k-received')).toEqual([1, 'open', minute(0).getTime()]);
    expect(await head('k-closed')).toEqual([3, 'closed', minute(7).getTime()]);
    expect(await head('k-same-instant')).toEqual([3, 'open', minute(5).getTime()]);

    await storage.complaints.appendEvents('k-closed', 3, [
      parseComplaintEvent({ type: 'reopened', at: minute(9), actor: 'a' }),
    ]);
    expect(await head('k-closed')).toEqual([4, 'open', minute(9).getTime()]);
    await storage.complaints.open(
      parseComplaint({
        id: 'k-new',
        customerId: 'c-1',
        content: '破损',
        occurredAt: minute(10),
        receivedAt: minute(11),
        channel: 'phone',
        severity: 'urgent',
      }),
      'a',
    );
    expect(await head('k-new')).toEqual([1, 'open', minute(11).getTime()]);
  });
});
