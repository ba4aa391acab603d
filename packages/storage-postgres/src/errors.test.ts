import { PGlite } from '@electric-sql/pglite';
import { KehuStorageError, KehuValidationError, parseCustomer } from '@kehu/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';
import { fromPgPool, toSqlClient, type SqlClient } from './sql-client.js';

const db = new PGlite();
afterAll(() => db.close());
const ctx = { actor: 'am-1', at: new Date('2026-01-05T01:00:00Z'), reason: 'test' };
const customer = (id: string) =>
  parseCustomer({ id, kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-01T00:00:00Z' });
const url = process.env.KEHU_TEST_DATABASE_URL;

describe('migrations', () => {
  it('apply once; applying them again is harmless', async () => {
    expect(await migrate(db, { schema: 'kehu_mig' })).toEqual({
      applied: MIGRATIONS.map((m) => m.version),
      version: MIGRATIONS.length,
    });
    expect(await migrate(db, { schema: 'kehu_mig' })).toEqual({ applied: [], version: MIGRATIONS.length });
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kehu_mig.kehu_migrations');
    expect(rows.rows[0]!.n).toBe(MIGRATIONS.length);
  });

  it('refuse a schema name that is not a plain identifier', async () => {
    await expect(migrate(db, { schema: 'x; DROP TABLE y' })).rejects.toMatchObject({ path: ['schema'] });
    expect(() => createPostgresStorage({ client: db, schema: 'Bad-Name' })).toThrow(KehuValidationError);
  });
});

describe('database errors surface as KehuStorageError', () => {
  it('names a store that was never migrated', async () => {
    const storage = createPostgresStorage({ client: db, schema: 'kehu_never_migrated' });
    const error = await storage.customers.get('c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KehuStorageError);
    expect(error).toMatchObject({ code: 'NOT_MIGRATED', operation: 'customers.get' });
  });

  it('refuses a client that is neither a pg Pool nor PGlite', () => {
    expect(() => toSqlClient({} as never)).toThrow(KehuValidationError);
    expect(() => createPostgresStorage({ client: null as never })).toThrow(/pg Pool or a PGlite/);
  });

  it('wraps driver failures with the operation and the cause, and reports nothing as written', async () => {
    await migrate(db, { schema: 'kehu_fail' });
    const failing: SqlClient = {
      driver: 'pglite',
      parallel: false,
      query: (text, params) =>
        db.query(text, params ? [...params] : undefined).then((r) => r.rows as Record<string, unknown>[]),
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: async (text, params) => {
              if (text.includes('audit_log')) throw Object.assign(new Error('disk full'), { code: '53100' });
              return (await tx.query(text, params ? [...params] : undefined)).rows as Record<string, unknown>[];
            },
          }),
        ),
    };
    const storage = createPostgresStorage({ client: failing, schema: 'kehu_fail' });
    const error = (await storage.customers.create(customer('c-1'), ctx).catch((e: unknown) => e)) as KehuStorageError;
    expect(error).toBeInstanceOf(KehuStorageError);
    expect(error.operation).toBe('customers.create');
    expect((error.cause as Error).message).toBe('disk full');
    expect(await createPostgresStorage({ client: db, schema: 'kehu_fail' }).customers.get('c-1')).toBeNull();
  });
});

describe.skipIf(!url)('a connection lost in the middle of a transaction (server)', () => {
  it('rolls back and reports a KehuStorageError', async () => {
    const pool = new pg.Pool({ connectionString: url });
    const admin = new pg.Pool({ connectionString: url });
    const schema = `kehu_lost_${process.pid}`;
    try {
      await migrate(pool, { schema });
      const base = fromPgPool(pool);
      let pid: number | undefined;
      // A client that tells us which server process runs the transaction.
      const spying: SqlClient = {
        ...base,
        transaction: (fn) =>
          base.transaction(async (session) => {
            pid = Number((await session.query('SELECT pg_backend_pid() AS pid'))[0]!.pid);
            return fn(session);
          }),
      };
      const storage = createPostgresStorage({ client: spying, schema });
      const error = await storage
        .withTransaction(async (tx) => {
          await tx.customers.create(customer('c-1'), ctx);
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await tx.customers.create(customer('c-2'), ctx);
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KehuStorageError);
      const fresh = createPostgresStorage({ client: pool, schema });
      expect(await fresh.customers.count()).toBe(0);
      expect((await fresh.audit.list()).items).toEqual([]);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
      await admin.end();
    }
  });
});
