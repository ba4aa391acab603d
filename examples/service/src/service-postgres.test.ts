import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_NOW, serviceCases } from './service-cases.js';
import { startService, type RunningService } from './server.js';

/**
 * The shared HTTP cases on a PostgreSQL server through a `pg` Pool. `.ci/run` starts a server and
 * sets KEHU_TEST_DATABASE_URL; each run uses schemas of its own, dropped afterwards, so it never
 * meets another test's tables.
 */
const url = process.env.KEHU_TEST_DATABASE_URL;

if (url === undefined || url === '') {
  describe('the service on a PostgreSQL server', () => {
    it.skip('needs KEHU_TEST_DATABASE_URL (set by .ci/run)', () => {});
  });
} else {
  const run = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const schema = `kehu_svc_${run}`;
  const unmigrated = `kehu_svc_${run}_none`;
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ databaseUrl: url, schema, migrate: true, port: 0, clock: () => CASES_NOW });
  });
  afterAll(async () => {
    await service?.close();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS ${unmigrated} CASCADE`);
    } finally {
      await pool.end();
    }
  });

  serviceCases('the service on a PostgreSQL server', () => service);

  describe('startService on PostgreSQL', () => {
    it('refuses a schema that is not migrated, saying to run migrate', async () => {
      await expect(startService({ databaseUrl: url, schema: unmigrated, port: 0 })).rejects.toMatchObject({
        code: 'NOT_MIGRATED',
        message: expect.stringContaining('run `migrate`'),
      });
    });
  });
}
