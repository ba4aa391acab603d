// Test fixture (not exported by the package): the stores the SDK's storage-dependent tests run on.
import { PGlite } from '@electric-sql/pglite';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';
import { afterAll } from 'vitest';

/**
 * The memory adapter and PGlite, each opened fresh per call: PGlite in one in-process
 * database shared by the test file, a new schema `<prefix>_<n>` each time, closed after
 * the file's tests. Use with `describe.each`.
 */
export function storesUnderTest(prefix: string): Array<[string, () => Promise<KehuStorage>]> {
  const db = new PGlite();
  let schemas = 0;
  afterAll(() => db.close());
  return [
    ['memory', async () => createMemoryStorage()],
    [
      'PGlite',
      async () => {
        const schema = `${prefix}_${++schemas}`;
        await migrate(db, { schema });
        return createPostgresStorage({ client: db, schema });
      },
    ],
  ];
}
