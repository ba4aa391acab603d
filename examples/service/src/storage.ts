import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { invalidInput, KehuStorageError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createPostgresStorage, DEFAULT_SCHEMA, MIGRATIONS, migrate, type MigrateResult } from '@kehu/storage-postgres';
import pg from 'pg';

/** The PGlite directory of the service when neither `DATABASE_URL` nor `KEHU_DATA_DIR` is set. */
export const DEFAULT_DATA_DIR = '.kehu/service-pglite';

/** Where the service keeps its data. */
export interface StoreOptions {
  /** A PostgreSQL server (`postgres://user:password@host:5432/db`): a `pg` Pool. Wins over the others. */
  databaseUrl?: string;
  /** A PGlite directory (default {@link DEFAULT_DATA_DIR}, relative to the working directory). */
  dataDir?: string;
  /** PGlite in memory, nothing kept (tests). */
  memory?: boolean;
  /** An open PGlite database to use (tests share one across services); the store leaves it open when it closes. */
  pglite?: PGlite;
  /** The PostgreSQL schema of the Kehu tables (default `kehu`); tests use a fresh one each. */
  schema?: string;
  /** Connections of the `pg` Pool (default 10). */
  poolSize?: number;
}

/** An opened store: the adapter, and the explicit schema steps. */
export interface ServiceStore {
  /** The adapter. */
  storage: KehuStorage;
  /** Where the data lives, for humans (passwords masked). */
  description: string;
  /** Applies the migrations the store lacks (repeatable: a second run applies nothing). */
  migrate(): Promise<MigrateResult>;
  /** Whether every migration this version ships has been applied. */
  isMigrated(): Promise<boolean>;
  /** Closes the adapter and the database client. */
  close(): Promise<void>;
}

interface Queryable {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * The latest migration applied in `schema` (a checked identifier); 0 when it has no migrations table. Any other
 * failure (a refused connection, missing rights) is thrown, not taken for an unmigrated store.
 */
async function appliedVersion(client: Queryable, schema: string): Promise<number> {
  const table = `"${schema}".kehu_migrations`;
  const found = await client.query(`SELECT to_regclass('${table}') IS NOT NULL AS present`);
  if (found.rows[0]?.present !== true) return 0;
  const { rows } = await client.query(`SELECT max(version) AS v FROM ${table}`);
  return Number(rows[0]?.v ?? 0);
}

/**
 * Opens the service's store: PostgreSQL when `databaseUrl` is given, else in-memory PGlite
 * with `memory`, else PGlite in `dataDir`. Opening changes nothing: migrations run only when
 * {@link ServiceStore.migrate} is called (`tsx src/main.ts migrate`).
 */
export async function openStore(options: StoreOptions = {}): Promise<ServiceStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw invalidInput(['schema'], 'the schema name must be lower-case letters, digits and underscores, at most 63');
  const url = options.databaseUrl;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw invalidInput(['databaseUrl'], 'DATABASE_URL must be a postgres:// or postgresql:// URL', 'invalid_format', {
        code: 'UNKNOWN_STORAGE',
      });
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle connection that dies is replaced by the pool; statements report their own errors.
    });
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    const storage = createPostgresStorage({ client: pool, schema });
    return {
      storage,
      description: `PostgreSQL server ${shown.toString()} (schema ${schema})`,
      migrate: () => migrate(pool, { schema }),
      isMigrated: async () => (await appliedVersion(pool, schema)) >= LATEST,
      close: async () => {
        await storage.close();
        await pool.end();
      },
    };
  }
  let db: PGlite;
  let description: string;
  const shared = options.pglite;
  if (shared !== undefined) {
    db = shared;
    description = `PGlite given by the host (schema ${schema})`;
  } else if (options.memory) {
    db = new PGlite();
    description = 'PGlite in memory (nothing kept)';
  } else {
    const dir = resolve(options.dataDir || DEFAULT_DATA_DIR);
    await mkdir(dir, { recursive: true });
    try {
      db = new PGlite(dir);
      await db.waitReady;
    } catch (cause) {
      throw new KehuStorageError('open', `could not open PGlite in ${dir}`, { cause });
    }
    description = `PGlite (embedded PostgreSQL) in ${dir}`;
  }
  const storage = createPostgresStorage({ client: db, schema });
  return {
    storage,
    description,
    migrate: () => migrate(db, { schema }),
    isMigrated: async () => (await appliedVersion(db as unknown as Queryable, schema)) >= LATEST,
    close: async () => {
      await storage.close();
      if (shared === undefined) await db.close();
    },
  };
}
