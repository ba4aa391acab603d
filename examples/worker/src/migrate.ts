import { DEFAULT_SCHEMA, fromPgPool, migrate as migrateKehu, type MigrateResult } from '@kehu/storage-postgres';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { createQueues } from './queues.js';
import { DEFAULT_WORKER_SCHEMA, quoteSchema } from './schema.js';

/**
 * The worker's own tables, in its schema:
 * - `worker_fired`, the outbox: one row per fired action, keyed by its stable id (so an action is recorded once
 *   whatever runs it how often), with `notified_at` set once the notifier has taken it;
 * - `worker_checks`: per complaint, the log version its last check saw and the next check it scheduled, which the
 *   sweep compares with the store to find complaints that changed or lost their check.
 */
function workerTables(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.worker_fired (
      id text PRIMARY KEY,
      complaint_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('escalation', 'callback')),
      action_id text NOT NULL,
      level integer,
      role text,
      reason text NOT NULL,
      due_at timestamptz NOT NULL,
      fired_at timestamptz NOT NULL,
      worker text NOT NULL,
      notified_at timestamptz
    )`,
    `CREATE INDEX IF NOT EXISTS worker_fired_complaint ON ${s}.worker_fired (complaint_id)`,
    `CREATE INDEX IF NOT EXISTS worker_fired_unnotified ON ${s}.worker_fired (fired_at) WHERE notified_at IS NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}.worker_checks (
      complaint_id text PRIMARY KEY,
      version integer NOT NULL,
      checked_at timestamptz NOT NULL,
      next_check_at timestamptz
    )`,
  ];
}

/**
 * Creates the worker's tables in `schema` (default `kehu_worker`) if they are missing, in one transaction under an
 * advisory lock, so workers starting together create them once.
 */
export async function migrateWorkerTables(pool: pg.Pool, schema: string = DEFAULT_WORKER_SCHEMA): Promise<void> {
  const s = quoteSchema(schema, ['schema']);
  await fromPgPool(pool).transaction(async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kehu-worker-migrate:${schema}`]);
    for (const statement of workerTables(s)) await db.query(statement);
  });
}

/** Options of {@link migrateAll}. */
export interface MigrateAllOptions {
  /** The PostgreSQL server, e.g. `postgres://user@host:5432/db`. */
  databaseUrl: string;
  /** The worker's schema (pg-boss and the worker's tables); default `kehu_worker`. */
  schema?: string;
  /** The schema of the Kehu tables; default `kehu`. */
  kehuSchema?: string;
}

/** What {@link migrateAll} did to the Kehu schema. */
export type MigrateAllResult = MigrateResult;

/**
 * Everything a worker needs in the database, each step idempotent: the Kehu schema (`migrate` of
 * `@kehu/storage-postgres`, the same as `kehu migrate`), pg-boss's schema (installed or upgraded by its `start`), the
 * worker's queues and its tables. `tsx src/main.ts migrate` runs it; run it once per deployment, before the workers.
 */
export async function migrateAll(options: MigrateAllOptions): Promise<MigrateAllResult> {
  const schema = options.schema ?? DEFAULT_WORKER_SCHEMA;
  quoteSchema(schema, ['schema']);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on('error', () => {
    // An idle connection that dies is replaced by the pool; statements report their own errors.
  });
  try {
    const result = await migrateKehu(pool, { schema: options.kehuSchema ?? DEFAULT_SCHEMA });
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema,
      max: 2,
      supervise: false,
      schedule: false,
    });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await createQueues(boss);
    } finally {
      await boss.stop({ graceful: false });
    }
    await migrateWorkerTables(pool, schema);
    return result;
  } finally {
    await pool.end();
  }
}
