import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { toSqlClient } from './sql-client.js';

describe('toSqlClient', () => {
  it('recognises PGlite and a pg Pool, and passes a SqlClient through', async () => {
    const db = new PGlite();
    const lite = toSqlClient(db);
    expect([lite.driver, lite.parallel]).toEqual(['pglite', false]);
    expect(await lite.query('SELECT $1::int + 1 AS n', [1])).toEqual([{ n: 2 }]);
    expect(toSqlClient(lite)).toBe(lite);
    await expect(
      lite.transaction(async (s) => {
        await s.query('CREATE TABLE t (x int)');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await lite.query("SELECT to_regclass('t') AS t")).toEqual([{ t: null }]);
    await db.close();
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const server = toSqlClient(pool);
    expect([server.driver, server.parallel]).toEqual(['pg', true]);
    await pool.end();
  });
});
