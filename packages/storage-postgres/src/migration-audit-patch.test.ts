import { PGlite } from '@electric-sql/pglite';
import { rebuildRecord } from '@kehu/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

const db = new PGlite();
afterAll(() => db.close());

describe('migration 4 (audit patch) on a schema with data', () => {
  it('turns before/after into patches that rebuild every version, and drops the copies', async () => {
    const s = 'kehu_v3';
    await db.exec(`CREATE SCHEMA ${s}`);
    await db.exec(
      `CREATE TABLE ${s}.kehu_migrations
         (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const before4 = MIGRATIONS.filter((m) => m.version < 4);
    for (const m of before4) {
      for (const statement of m
        .sql(s)
        .split(/;\s*\n/)
        .map((x) => x.trim())
        .filter(Boolean))
        await db.exec(statement);
      await db.query(`INSERT INTO ${s}.kehu_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    const v1 = { id: 'c-1', name: '张伟', tags: [] };
    const v2 = { id: 'c-1', name: '张伟', tags: ['vip'] };
    const v3 = { id: 'c-1', name: '张伟', tags: ['vip'], owner: 'am-2' };
    const rows: Array<[string, number, unknown, unknown]> = [
      ['create', 1, null, v1],
      ['update', 2, v1, v2],
      ['update', 3, v2, v3],
      ['delete', 3, v3, null],
    ];
    for (const [action, version, before, after] of rows) {
      await db.query(
        `INSERT INTO ${s}.audit_log (entity, entity_id, action, actor, at, reason, version, before, after)
         VALUES ('customer', 'c-1', $1, 'am-1', '2026-01-05T01:00:00Z', 'test', $2, $3::jsonb, $4::jsonb)`,
        [
          action,
          version,
          before === null ? null : JSON.stringify(before),
          after === null ? null : JSON.stringify(after),
        ],
      );
    }

    const applied = (await migrate(db, { schema: s })).applied;
    expect(applied).toEqual(MIGRATIONS.filter((m) => m.version >= 4).map((m) => m.version));
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'audit_log'`,
      [s],
    );
    const names = columns.rows.map((r) => r.column_name);
    expect(names).toContain('patch');
    expect(names).not.toContain('before');
    expect(names).not.toContain('after');

    const storage = createPostgresStorage({ client: db, schema: s });
    const entries = (await storage.audit.list({ entity: 'customer', entityId: 'c-1' })).items;
    expect(entries.map((e) => e.patch)).toEqual([
      [{ op: 'add', path: '', value: v1 }],
      [{ op: 'replace', path: '', value: v2 }],
      [{ op: 'replace', path: '', value: v3 }],
      [{ op: 'remove', path: '' }],
    ]);
    expect(rebuildRecord(entries, 1)).toEqual(v1);
    expect(rebuildRecord(entries, 2)).toEqual(v2);
    expect(rebuildRecord(entries, 3)).toEqual(v3);
  });
});
