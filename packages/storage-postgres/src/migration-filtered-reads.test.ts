import { PGlite } from '@electric-sql/pglite';
import {
  complaintEventToJson,
  complaintToJson,
  contactRecordToJson,
  parseComplaint,
  parseContactRecord,
} from '@kehu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

const db = new PGlite();
afterAll(() => db.close());

const complaint = (id: string, severity: string) =>
  parseComplaint({
    id,
    customerId: 'c-1',
    content: '破损',
    occurredAt: '2026-01-05T09:00:00Z',
    receivedAt: '2026-01-05T10:00:00Z',
    channel: 'phone',
    severity,
  });

describe('migration 2 (filtered reads) on a schema with data', () => {
  it('fills complaint state and severity in effect from the logs, and contact record owners', async () => {
    const s = 'kehu_v1';
    await db.exec(`CREATE SCHEMA ${s}`);
    await db.exec(
      `CREATE TABLE ${s}.kehu_migrations
         (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await db.exec(MIGRATIONS[0]!.sql(s));
    await db.query(`INSERT INTO ${s}.kehu_migrations (version, name) VALUES (1, 'initial schema')`);
    const logs: Array<[string, string, Array<Record<string, unknown>>]> = [
      ['k-open', 'normal', []],
      ['k-resolved', 'normal', [{ type: 'resolved' }, { type: 'feedback-recorded', satisfied: true }]],
      ['k-waiting', 'urgent', [{ type: 'waiting-on-customer' }, { type: 'assigned', assignee: 'b' }]],
      [
        'k-reopened',
        'normal',
        [{ type: 'closed' }, { type: 'reopened' }, { type: 'severity-changed', from: 'normal', to: 'major' }],
      ],
    ];
    for (const [id, severity, events] of logs) {
      const c = complaint(id, severity);
      await db.query(
        `INSERT INTO ${s}.complaints (id, customer_id, received_at, severity, version, data)
         VALUES ($1, 'c-1', $2, $3, $4, $5)`,
        [id, c.receivedAt.toISOString(), severity, events.length + 1, JSON.stringify(complaintToJson(c))],
      );
      const all = [{ type: 'received' }, ...events];
      for (const [i, e] of all.entries()) {
        const at = new Date(Date.UTC(2026, 0, 5, 10, i)).toISOString();
        const body = complaintEventToJson({ ...e, at: new Date(at), actor: 'a' } as never);
        await db.query(
          `INSERT INTO ${s}.complaint_events (complaint_id, seq, type, at, data) VALUES ($1, $2, $3, $4, $5)`,
          [id, i + 1, e.type, at, JSON.stringify(body)],
        );
      }
    }
    const record = parseContactRecord({
      id: 'r-1',
      customerId: 'c-1',
      at: '2026-01-06T10:00:00Z',
      channel: 'phone',
      purpose: 'post-purchase',
      owner: 'am-3',
      outcome: 'completed',
    });
    await db.query(
      `INSERT INTO ${s}.contact_records (id, customer_id, at, version, data) VALUES ('r-1', 'c-1', $1, 1, $2)`,
      [record.at.toISOString(), JSON.stringify(contactRecordToJson(record))],
    );

    expect((await migrate(db, { schema: s })).applied).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    const storage = createPostgresStorage({ client: db, schema: s });
    const find = async (filter: Parameters<typeof storage.complaints.find>[0]) =>
      (await storage.complaints.find(filter)).items.map((c) => c.record.id).sort();
    expect(await find({ state: 'open' })).toEqual(['k-open', 'k-reopened']);
    expect(await find({ state: 'resolved' })).toEqual(['k-resolved']);
    expect(await find({ state: 'waiting-on-customer' })).toEqual(['k-waiting']);
    expect(await find({ severity: 'major' })).toEqual(['k-reopened']);
    expect(await find({ severity: 'urgent' })).toEqual(['k-waiting']);
    expect((await storage.contactRecords.find({ owner: 'am-3' })).items.map((r) => r.record.id)).toEqual(['r-1']);
  });
});
