import { PGlite } from '@electric-sql/pglite';
import { runStorageConformance } from '@kehu/storage-conformance';
import { afterAll } from 'vitest';
import { migrate } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

// One embedded database for the file; every test gets a fresh schema of its own.
const db = new PGlite();
let n = 0;
const schemas = new Map<object, string>();
afterAll(() => db.close());

runStorageConformance({
  name: 'postgres on PGlite',
  create: async () => {
    const schema = `kehu_pglite_${++n}`;
    await migrate(db, { schema });
    const storage = createPostgresStorage({ client: db, schema });
    schemas.set(storage, schema);
    return storage;
  },
  teardown: async (storage) => {
    await storage.close();
    await db.exec(`DROP SCHEMA ${schemas.get(storage)!} CASCADE`);
  },
});
