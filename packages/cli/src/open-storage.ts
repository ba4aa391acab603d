import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';
import pg from 'pg';

/** The demo's default store: PGlite in this directory (relative to the working directory). */
export const DEFAULT_PGLITE_DIR = '.kehu/demo-pglite';

/** A store opened from a `--storage` spec, with a description for humans. */
export interface OpenedStorage {
  /** The adapter. */
  storage: KehuStorage;
  /** Where the data lives, e.g. `PGlite in /home/me/.kehu/demo-pglite`. */
  description: string;
  /** Closes the adapter and the database client the CLI opened for it. */
  close(): Promise<void>;
}

function unknownStorage(spec: string): KehuValidationError {
  return new KehuValidationError(
    `unknown storage "${spec}": use memory, pglite:DIR or postgres:URL`,
    [{ path: ['storage'], message: 'expected memory, pglite:DIR or postgres:URL', code: 'UNKNOWN_STORAGE' }],
    { code: 'UNKNOWN_STORAGE' },
  );
}

/**
 * Opens the store a `--storage` spec names and applies the migrations it needs:
 * - `memory`: in process, nothing kept;
 * - `pglite:DIR` (default `pglite:.kehu/demo-pglite`): embedded PostgreSQL in a directory;
 * - `postgres:URL` (e.g. `postgres:postgres://user@localhost:5432/db`): a PostgreSQL server, schema `kehu`.
 * Anything else throws `KehuValidationError` at `['storage']` with code `UNKNOWN_STORAGE`.
 */
export async function openStorage(spec: string): Promise<OpenedStorage> {
  if (spec === 'memory') {
    const storage = createMemoryStorage();
    return { storage, description: 'memory (in process, not kept)', close: () => storage.close() };
  }
  if (spec.startsWith('pglite:')) {
    const dir = resolve(spec.slice('pglite:'.length) || DEFAULT_PGLITE_DIR);
    await mkdir(dir, { recursive: true });
    const db = new PGlite(dir);
    await migrate(db);
    const storage = createPostgresStorage({ client: db });
    return {
      storage,
      description: `PGlite (embedded PostgreSQL) in ${dir}`,
      close: async () => {
        await storage.close();
        await db.close();
      },
    };
  }
  if (spec.startsWith('postgres:')) {
    const url = spec.slice('postgres:'.length);
    if (!/^postgres(ql)?:\/\//.test(url)) throw unknownStorage(spec);
    const pool = new pg.Pool({ connectionString: url });
    pool.on('error', () => {
      // An idle connection that dies is replaced by the pool; statements report their own errors.
    });
    await migrate(pool);
    const storage = createPostgresStorage({ client: pool });
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    return {
      storage,
      description: `PostgreSQL server ${shown.toString()} (schema kehu)`,
      close: async () => {
        await storage.close();
        await pool.end();
      },
    };
  }
  throw unknownStorage(spec);
}
