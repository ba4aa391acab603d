import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { invalidInput, type KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { createPostgresStorage, migrate, type MigrateResult } from '@kehu/storage-postgres';
import pg from 'pg';

/** The demo's default store: PGlite in this directory (relative to the working directory). */
export const DEFAULT_PGLITE_DIR = '.kehu/demo-pglite';

/** A store opened from a `--storage` spec, with a description for humans. */
export interface OpenedStorage {
  /** The adapter. */
  storage: KehuStorage;
  /** Where the data lives, e.g. `PGlite in /home/me/.kehu/demo-pglite`. */
  description: string;
  /** What opening did to the schema, for humans (`…: schema kehu migrated to version 2 (applied 1, 2)`). */
  migration: string;
  /** Closes the adapter and the database client the CLI opened for it. */
  close(): Promise<void>;
}

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /** Refuse `memory` (for commands whose work would vanish with the process, such as `migrate`). */
  persistentOnly?: boolean;
}

function describeMigration(where: string, result: MigrateResult): string {
  return result.applied.length === 0
    ? `${where}: schema kehu already at version ${result.version}, nothing to apply`
    : `${where}: schema kehu migrated to version ${result.version} (applied ${result.applied.join(', ')})`;
}

function unknownStorage(spec: string, expected = 'memory, pglite:DIR or postgres:URL'): KehuValidationError {
  return invalidInput(['storage'], `unknown storage "${spec}": use ${expected}`, 'invalid_value', {
    code: 'UNKNOWN_STORAGE',
  });
}

/**
 * Opens the store a `--storage` spec names and applies the migrations it needs:
 * - `memory`: in process, nothing kept;
 * - `pglite:DIR` (default `pglite:.kehu/demo-pglite`): embedded PostgreSQL in a directory;
 * - `postgres:URL` (e.g. `postgres:postgres://user@localhost:5432/db`): a PostgreSQL server, schema `kehu`.
 * Anything else (and `memory` with `persistentOnly`) throws `KehuValidationError` at
 * `['storage']` with code `UNKNOWN_STORAGE`.
 */
export async function openStorage(spec: string, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  if (spec === 'memory') {
    if (options.persistentOnly) throw unknownStorage(spec, 'pglite:DIR or postgres:URL (memory keeps nothing)');
    const storage = createMemoryStorage();
    const description = 'memory (in process, not kept)';
    return { storage, description, migration: `${description}: no schema`, close: () => storage.close() };
  }
  if (spec.startsWith('pglite:')) {
    const dir = resolve(spec.slice('pglite:'.length) || DEFAULT_PGLITE_DIR);
    await mkdir(dir, { recursive: true });
    const db = new PGlite(dir);
    const migrated = await migrate(db);
    const storage = createPostgresStorage({ client: db });
    const description = `PGlite (embedded PostgreSQL) in ${dir}`;
    return {
      storage,
      description,
      migration: describeMigration(description, migrated),
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
    let migrated: MigrateResult;
    try {
      migrated = await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const storage = createPostgresStorage({ client: pool });
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    const description = `PostgreSQL server ${shown.toString()} (schema kehu)`;
    return {
      storage,
      description,
      migration: describeMigration(description, migrated),
      close: async () => {
        await storage.close();
        await pool.end();
      },
    };
  }
  throw unknownStorage(spec);
}
