import { isKehuError, KehuStorageError } from '@kehu/core';
import type { Row, SqlClient, SqlSession } from './sql-client.js';

/**
 * How a repository call reaches the database. At the top level a read runs on the pool
 * and a write in a transaction of its own; inside `withTransaction` both run on the
 * transaction's connection, and each write inside a savepoint so that a failed call
 * (a conflicting batch, say) leaves nothing behind even if the caller catches its error
 * and carries on.
 */
export interface Runner {
  /** Runs a read. */
  read<T>(operation: string, fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs a write atomically. */
  write<T>(operation: string, fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Streams a query's rows in chunks (a server-side cursor where the driver has one; else the whole result at
   * once).
   */
  chunks(operation: string, text: string, params: readonly unknown[], chunk: number): AsyncIterable<Row[]>;
}

/** Database errors become `KehuStorageError`s naming the operation; Kehu errors pass through. */
export function storageError(operation: string, error: unknown): Error {
  if (isKehuError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '42P01' || code === '3F000') {
    return new KehuStorageError(operation, 'the Kehu tables do not exist: run migrate() first', {
      code: 'NOT_MIGRATED',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KehuStorageError(operation, message, { cause: error });
}

/** Lifecycle shared by the store and its transactions. */
export interface Lifecycle {
  /** Set by `close()`. */
  closed: boolean;
}

/** Throws `KehuStorageError` code `STORAGE_CLOSED` once the store is closed. */
export function ensureOpen(lifecycle: Lifecycle, operation: string): void {
  if (lifecycle.closed) throw new KehuStorageError(operation, 'the store is closed', { code: 'STORAGE_CLOSED' });
}

/** The runner of top-level calls. */
export function topLevelRunner(client: SqlClient, lifecycle: Lifecycle): Runner {
  return {
    read: async (operation, fn) => {
      ensureOpen(lifecycle, operation);
      try {
        return await fn(client);
      } catch (error) {
        throw storageError(operation, error);
      }
    },
    write: async (operation, fn) => {
      ensureOpen(lifecycle, operation);
      try {
        return await client.transaction(fn);
      } catch (error) {
        throw storageError(operation, error);
      }
    },
    chunks: (operation, text, params, chunk) =>
      (async function* () {
        ensureOpen(lifecycle, operation);
        try {
          if (client.cursor === undefined) {
            yield await client.query(text, params);
            return;
          }
          yield* client.cursor(text, params, chunk);
        } catch (error) {
          throw storageError(operation, error);
        }
      })(),
  };
}

/** The runner of calls inside one `withTransaction`. */
export function transactionRunner(session: SqlSession, status: { active: boolean }, lifecycle: Lifecycle): Runner {
  const check = (operation: string) => {
    ensureOpen(lifecycle, operation);
    if (!status.active) {
      throw new KehuStorageError(operation, 'the transaction has ended; use the top-level store', {
        code: 'TRANSACTION_ENDED',
      });
    }
  };
  return {
    read: async (operation, fn) => {
      check(operation);
      try {
        return await fn(session);
      } catch (error) {
        throw storageError(operation, error);
      }
    },
    write: async (operation, fn) => {
      check(operation);
      try {
        await session.query('SAVEPOINT kehu_call');
        const result = await fn(session);
        await session.query('RELEASE SAVEPOINT kehu_call');
        return result;
      } catch (error) {
        try {
          await session.query('ROLLBACK TO SAVEPOINT kehu_call');
        } catch {
          // The transaction is broken (connection lost): the outer transaction fails and rolls back.
        }
        throw storageError(operation, error);
      }
    },
    chunks: (operation, text, params) =>
      (async function* () {
        check(operation);
        try {
          yield await session.query(text, params);
        } catch (error) {
          throw storageError(operation, error);
        }
      })(),
  };
}
