import { KehuValidationError } from '@kehu/core';
import { parseTimestamptz, TIMESTAMPTZ_OID } from './timestamptz.js';

/** A result row as the driver returns it. */
export type Row = Record<string, unknown>;

/** Something that runs SQL: a pool, a connection inside a transaction, or PGlite. */
export interface SqlSession {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs `COPY … FROM STDIN` (`FROM '/dev/blob'` on PGlite) with `csv` as its data, when
   * the driver can: the fast path of bulk ingestion. Absent when it cannot (a `pg` Pool
   * without the optional `pg-copy-streams` package); callers then use multi-row inserts.
   */
  copyFrom?(copyStatement: string, csv: string): Promise<void>;
}

/** The database as the adapter uses it: statements, transactions, and what the driver can do. */
export interface SqlClient extends SqlSession {
  /** Which driver is underneath. */
  readonly driver: 'pg' | 'pglite';
  /** Whether several connections run statements truly in parallel. */
  readonly parallel: boolean;
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Streams a query's rows in chunks of `chunk` through a server-side cursor on a
   * dedicated connection, so a large result never sits in memory at once. Absent when
   * the driver has one connection (PGlite): callers then run the query whole.
   */
  cursor?(text: string, params: readonly unknown[], chunk: number): AsyncIterable<Row[]>;
}

/** The parts of a `pg` `PoolClient` the adapter uses. */
export interface PgPoolClientLike {
  /** Runs a statement. */
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a submittable such as a `pg-copy-streams` COPY stream. */
  query<S>(stream: S): S;
  /** Returns the connection to the pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
  /** Subscribes to connection errors (a server that goes away between statements). */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Unsubscribes. */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The parts of a `pg` `Pool` the adapter uses (pass your own `new Pool(...)`). */
export interface PgPoolLike {
  /** Runs a statement on any idle connection. */
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Checks out a connection for a transaction. */
  connect(): Promise<PgPoolClientLike>;
}

/** The PGlite query options the adapter passes. */
export interface PGliteQueryOptions {
  /** Data for `COPY … FROM '/dev/blob'`. */
  blob?: Blob;
  /** Text parsers by type oid, over the instance's own. */
  parsers?: Record<number, (value: string) => unknown>;
}

/** The parts of a PGlite instance the adapter uses (pass your own `new PGlite(...)`). */
export interface PGliteLike {
  /** Runs a statement (`options.blob` feeds `COPY … FROM '/dev/blob'`; `options.parsers` reads types). */
  query(text: string, params?: unknown[], options?: PGliteQueryOptions): Promise<{ rows: unknown[] }>;
  /** Runs `fn` in a transaction. */
  transaction<T>(
    fn: (tx: {
      query(text: string, params?: unknown[], options?: PGliteQueryOptions): Promise<{ rows: unknown[] }>;
    }) => Promise<T>,
  ): Promise<T>;
  /** Resolves when the database is ready. */
  waitReady: Promise<void>;
}

/** A database client the adapter accepts: a `pg` Pool, a PGlite instance, or a ready {@link SqlClient}. */
export type DatabaseClient = PgPoolLike | PGliteLike | SqlClient;

function isSqlClient(c: DatabaseClient): c is SqlClient {
  return (
    typeof (c as SqlClient).transaction === 'function' &&
    ((c as SqlClient).driver === 'pg' || (c as SqlClient).driver === 'pglite')
  );
}

function isPGlite(c: DatabaseClient): c is PGliteLike {
  return typeof (c as PGliteLike).transaction === 'function' && 'waitReady' in c;
}

function isPgPool(c: DatabaseClient): c is PgPoolLike {
  return typeof (c as PgPoolLike).connect === 'function' && typeof (c as PgPoolLike).query === 'function';
}

/** The writable stream `pg-copy-streams` makes for `COPY … FROM STDIN`. */
interface CopyStream {
  on(event: 'error' | 'finish', listener: (error?: Error) => void): unknown;
  end(data: string): unknown;
}

let copyStreamsModule: Promise<{ from(statement: string): CopyStream } | undefined> | undefined;

/**
 * The optional `pg-copy-streams` package, loaded once; `undefined` when it is not
 * installed. (A variable module name keeps bundlers and the type checker from requiring it.)
 */
function copyStreams(): Promise<{ from(statement: string): CopyStream } | undefined> {
  const name = 'pg-copy-streams';
  copyStreamsModule ??= import(name).then(
    (m: { from?: unknown; default?: { from?: unknown } }) => {
      const from = m.from ?? m.default?.from;
      return typeof from === 'function' ? { from: from as (statement: string) => CopyStream } : undefined;
    },
    () => undefined,
  );
  return copyStreamsModule;
}

/**
 * A pooled connection checked out for one unit of work. A connection that dies between
 * statements emits 'error'; without a listener that would crash the host process, so the
 * error is kept and the connection is discarded instead of returned to the pool.
 */
async function checkOut(
  pool: PgPoolLike,
): Promise<{ connection: PgPoolClientLike; markBroken(error: unknown): void; release(): void }> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  const markBroken = (error: unknown) => {
    broken ??= error instanceof Error ? error : new Error(String(error));
  };
  connection.on?.('error', markBroken);
  return {
    connection,
    markBroken,
    release: () => {
      connection.removeListener?.('error', markBroken);
      connection.release(broken ?? false);
    },
  };
}

/** A {@link SqlClient} over a `pg` Pool: each transaction on its own pooled connection. */
export function fromPgPool(pool: PgPoolLike): SqlClient {
  return {
    driver: 'pg',
    parallel: true,
    cursor: (text, params, chunk) => pgCursor(pool, text, params, chunk),
    query: async (text, params) => (await pool.query(text, params ? [...params] : undefined)).rows,
    transaction: async (fn) => {
      const { connection, markBroken, release } = await checkOut(pool);
      try {
        await connection.query('BEGIN');
        const copy = await copyStreams();
        const session: SqlSession = {
          query: async (text, params) => (await connection.query(text, params ? [...params] : undefined)).rows,
        };
        if (copy !== undefined) {
          session.copyFrom = (statement, csv) =>
            new Promise<void>((resolve, reject) => {
              const stream = connection.query(copy.from(statement));
              stream.on('error', reject);
              stream.on('finish', () => resolve());
              stream.end(csv);
            });
        }
        const result = await fn(session);
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        // If the connection is gone, the server rolls the transaction back when the
        // session ends, and the pool must not reuse this connection.
        await connection.query('ROLLBACK').catch(markBroken);
        throw error;
      } finally {
        release();
      }
    },
  };
}

/** Server-side cursor over a `pg` Pool: `DECLARE … CURSOR` in a read-only transaction on its own connection. */
async function* pgCursor(
  pool: PgPoolLike,
  text: string,
  params: readonly unknown[],
  chunk: number,
): AsyncGenerator<Row[]> {
  const { connection, markBroken, release } = await checkOut(pool);
  try {
    await connection.query('BEGIN READ ONLY');
    await connection.query(`DECLARE kehu_cursor NO SCROLL CURSOR FOR ${text}`, [...params]);
    for (;;) {
      const { rows } = await connection.query(`FETCH ${chunk} FROM kehu_cursor`);
      if (rows.length > 0) yield rows;
      if (rows.length < chunk) break;
    }
  } finally {
    // Also reached when the consumer stops early: end the read-only transaction first.
    await connection.query('ROLLBACK').catch(markBroken);
    release();
  }
}

// PGlite's own timestamptz parser is `new Date(text)`, which reads years 0001-0099 as 2001-2099.
const PGLITE_READ = { parsers: { [TIMESTAMPTZ_OID]: parseTimestamptz } };

/** A {@link SqlClient} over PGlite (one connection: transactions and statements are serialised). */
export function fromPGlite(db: PGliteLike): SqlClient {
  return {
    driver: 'pglite',
    parallel: false,
    query: async (text, params) => (await db.query(text, params ? [...params] : undefined, PGLITE_READ)).rows as Row[],
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (text, params) =>
            (await tx.query(text, params ? [...params] : undefined, PGLITE_READ)).rows as Row[],
          copyFrom: async (statement, csv) => {
            await tx.query(statement.replace(/FROM STDIN/i, "FROM '/dev/blob'"), [], { blob: new Blob([csv]) });
          },
        }),
      ),
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
