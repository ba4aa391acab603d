import { KehuValidationError } from '@kehu/core';

/** A result row as the driver returns it. */
export type Row = Record<string, unknown>;

/** Something that runs SQL: a pool, a connection inside a transaction, or PGlite. */
export interface SqlSession {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** The database as the adapter uses it: statements, transactions, and what the driver can do. */
export interface SqlClient extends SqlSession {
  /** Which driver is underneath. */
  readonly driver: 'pg' | 'pglite';
  /** Whether several connections run statements truly in parallel. */
  readonly parallel: boolean;
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}

/** The parts of a `pg` `PoolClient` the adapter uses. */
export interface PgPoolClientLike {
  /** Runs a statement. */
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Returns the connection to the pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/** The parts of a `pg` `Pool` the adapter uses (pass your own `new Pool(...)`). */
export interface PgPoolLike {
  /** Runs a statement on any idle connection. */
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Checks out a connection for a transaction. */
  connect(): Promise<PgPoolClientLike>;
}

/** The parts of a PGlite instance the adapter uses (pass your own `new PGlite(...)`). */
export interface PGliteLike {
  /** Runs a statement. */
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Runs `fn` in a transaction. */
  transaction<T>(fn: (tx: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> }) => Promise<T>): Promise<T>;
  /** Resolves when the database is ready. */
  waitReady: Promise<void>;
}

/** A database client the adapter accepts: a `pg` Pool, a PGlite instance, or a ready {@link SqlClient}. */
export type DatabaseClient = PgPoolLike | PGliteLike | SqlClient;

function isSqlClient(c: DatabaseClient): c is SqlClient {
  return typeof (c as SqlClient).transaction === 'function' && ((c as SqlClient).driver === 'pg' || (c as SqlClient).driver === 'pglite');
}

function isPGlite(c: DatabaseClient): c is PGliteLike {
  return typeof (c as PGliteLike).transaction === 'function' && 'waitReady' in c;
}

function isPgPool(c: DatabaseClient): c is PgPoolLike {
  return typeof (c as PgPoolLike).connect === 'function' && typeof (c as PgPoolLike).query === 'function';
}

/** A {@link SqlClient} over a `pg` Pool: each transaction on its own pooled connection. */
export function fromPgPool(pool: PgPoolLike): SqlClient {
  return {
    driver: 'pg',
    parallel: true,
    query: async (text, params) => (await pool.query(text, params ? [...params] : undefined)).rows,
    transaction: async (fn) => {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN');
        const result = await fn({ query: async (text, params) => (await connection.query(text, params ? [...params] : undefined)).rows });
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is gone (or unusable): the server rolls the transaction back
          // when the session ends; the pool must not reuse this connection.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        connection.release(broken ?? false);
      }
    },
  };
}

/** A {@link SqlClient} over PGlite (one connection: transactions and statements are serialised). */
export function fromPGlite(db: PGliteLike): SqlClient {
  return {
    driver: 'pglite',
    parallel: false,
    query: async (text, params) => (await db.query(text, params ? [...params] : undefined)).rows as Row[],
    transaction: (fn) => db.transaction((tx) => fn({ query: async (text, params) => (await tx.query(text, params ? [...params] : undefined)).rows as Row[] })),
  };
}

/** Wraps whatever client the host passed; anything else throws `KehuValidationError` at `['client']`. */
export function toSqlClient(client: DatabaseClient): SqlClient {
  if (client !== null && typeof client === 'object') {
    if (isSqlClient(client)) return client;
    if (isPGlite(client)) return fromPGlite(client);
    if (isPgPool(client)) return fromPgPool(client);
  }
  throw new KehuValidationError('client must be a pg Pool or a PGlite instance', [
    { path: ['client'], message: 'expected a pg Pool or a PGlite instance', code: 'invalid_type' },
  ]);
}
