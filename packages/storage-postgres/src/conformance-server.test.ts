import { runStorageConformance } from '@kehu/storage-conformance';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { migrate } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

/**
 * The suite on a real PostgreSQL server, through a `pg` Pool whose connections run truly
 * in parallel. `.ci/run` starts a server and sets KEHU_TEST_DATABASE_URL; set it locally
 * to run these tests against your own server.
 */
const url = process.env.KEHU_TEST_DATABASE_URL;

if (url === undefined || url === '') {
  describe('postgres on a server', () => {
    it.skip('needs KEHU_TEST_DATABASE_URL (set by .ci/run)', () => {});
  });
} else {
  const pool = new pg.Pool({ connectionString: url, max: 24 });
  const schemas = new Map<object, string>();
  const run = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let n = 0;
  afterAll(() => pool.end());
  runStorageConformance({
    name: 'postgres on a server (pg Pool)',
    create: async () => {
      const schema = `kehu_srv_${run}_${++n}`;
      await migrate(pool, { schema });
      const storage = createPostgresStorage({ client: pool, schema });
      schemas.set(storage, schema);
      return storage;
    },
    teardown: async (storage) => {
      await storage.close();
      await pool.query(`DROP SCHEMA ${schemas.get(storage)!} CASCADE`);
    },
  });
}
