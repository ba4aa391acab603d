import { KehuStorageError } from '@kehu/core';
import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { commitGeneration, loadGeneration } from './generations.js';
import { repositories, type Runner } from './repositories.js';
import type { Tables } from './tables.js';
import { View } from './view.js';

/** Options of {@link createJsonFileStorage}. */
export interface JsonFileStorageOptions {
  /** The directory holding the store (created if missing). One process at a time may open it. */
  directory: string;
}

/**
 * Opens a Kehu store kept as JSON files in a directory: one file per table and
 * generation, committed by atomically replacing `manifest.json`. Written from the
 * `@kehu/storage` contract's documentation as an example for adapter authors; it passes
 * `@kehu/storage-conformance`.
 *
 * One promise-chain lock serialises every call; each call or `withTransaction` works on
 * a copy-on-write view that is committed to disk when it succeeds and dropped when it
 * fails.
 */
export async function createJsonFileStorage(options: JsonFileStorageOptions): Promise<KehuStorage> {
  const { directory } = options;
  let { manifest, tables } = await loadGeneration(directory);
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const lock = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const ensureOpen = (operation: string) => {
    if (closed) throw new KehuStorageError(operation, 'the store is closed', { code: 'STORAGE_CLOSED' });
  };
  const commit = async (view: View): Promise<void> => {
    const touched = view.touched();
    if (touched.length === 0) return;
    const changed: Partial<Tables> = {};
    for (const table of touched) (changed as Record<string, unknown>)[table] = view.merged(table);
    try {
      manifest = await commitGeneration(directory, manifest, changed, view.auditSeq);
    } catch (cause) {
      throw new KehuStorageError('commit', `could not write the store in ${directory}`, { cause });
    }
    tables = { ...tables, ...changed };
  };
  const topLevel: Runner = {
    read: (fn) =>
      lock(async () => {
        ensureOpen('read');
        return fn(new View(tables, manifest.auditSeq));
      }),
    write: (fn) =>
      lock(async () => {
        ensureOpen('write');
        const view = new View(tables, manifest.auditSeq);
        const result = fn(view);
        await commit(view);
        return result;
      }),
  };
  return {
    ...repositories(topLevel),
    capabilities: { name: 'json-file', durable: true, parallelWriters: false, transactions: true },
    withTransaction: <T>(fn: (tx: KehuRepositories) => Promise<T>) =>
      lock(async () => {
        ensureOpen('withTransaction');
        const view = new View(tables, manifest.auditSeq);
        let active = true;
        const inTransaction = async <R>(f: (v: View) => R): Promise<R> => {
          if (!active)
            throw new KehuStorageError('transaction', 'the transaction has ended', { code: 'TRANSACTION_ENDED' });
          return f(view);
        };
        try {
          const result = await fn(repositories({ read: inTransaction, write: inTransaction }));
          await commit(view);
          return result;
        } finally {
          active = false;
        }
      }),
    close: async () => {
      closed = true;
      await chain;
    },
  };
}
