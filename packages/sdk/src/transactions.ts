import { KehuValidationError, parseTransaction, type Transaction } from '@kehu/core';
import type { KehuStorage, Page, PageRequest, TransactionFilter } from '@kehu/storage';
import { atIndex } from './batch-validation.js';

/** Progress of an import, reported after every batch. */
export interface ImportProgress {
  /** Rows read so far. */
  processed: number;
  /** Rows stored so far. */
  inserted: number;
  /** Rows already stored with identical content (replays). */
  duplicates: number;
  /** Rows refused by validation so far (only with `onInvalid: 'skip'`). */
  invalid: number;
}

/** Options of {@link TransactionUseCases.import}. */
export interface ImportOptions {
  /** Rows per atomic batch; default 1,000. */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * What to do with a row that fails validation: `'throw'` (default) stops before the
   * batch holding it is written (earlier batches stay: each batch is atomic and a rerun is
   * idempotent); `'skip'` leaves the row out and reports it.
   */
  onInvalid?: 'throw' | 'skip';
}

/** A row refused by validation. */
export interface InvalidRow {
  /** Position of the row in the input, from 0. */
  index: number;
  /** Why it was refused. */
  error: KehuValidationError;
}

/** What an import did. */
export interface ImportResult {
  /** Rows read. */
  processed: number;
  /** Rows stored. */
  inserted: number;
  /** Rows already stored with identical content. */
  duplicates: number;
  /** Rows refused (with `onInvalid: 'skip'`). */
  invalid: InvalidRow[];
}

/** Sales record use cases (rule AR-6). */
export interface TransactionUseCases {
  /**
   * Validates and appends transactions in atomic, idempotent batches; running the same
   * import twice stores nothing the second time. A validation error's path starts with
   * the row's index.
   */
  import(rows: Iterable<unknown> | AsyncIterable<unknown>, options?: ImportOptions): Promise<ImportResult>;
  /** The transaction, or `null`. */
  get(id: string): Promise<Transaction | null>;
  /** One page in `(customerId, occurredAt, id)` order. */
  list(filter?: TransactionFilter, request?: PageRequest): Promise<Page<Transaction>>;
  /** Every matching transaction, lazily. */
  stream(filter?: TransactionFilter): AsyncIterable<Transaction>;
  /** How many transactions match. */
  count(filter?: TransactionFilter): Promise<number>;
}

/** Builds the transaction use cases over `storage`. */
export function transactionUseCases(storage: KehuStorage): TransactionUseCases {
  return {
    import: async (rows, options = {}) => {
      const batchSize = options.batchSize ?? 1000;
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new KehuValidationError('batchSize must be a positive integer', [
          { path: ['batchSize'], message: 'expected a positive integer', code: 'too_small' },
        ]);
      }
      const result: ImportResult = { processed: 0, inserted: 0, duplicates: 0, invalid: [] };
      let batch: Transaction[] = [];
      const flush = async () => {
        if (batch.length > 0) {
          const r = await storage.transactions.append(batch);
          result.inserted += r.inserted;
          result.duplicates += r.duplicates;
          batch = [];
        }
        options.onProgress?.({
          processed: result.processed,
          inserted: result.inserted,
          duplicates: result.duplicates,
          invalid: result.invalid.length,
        });
      };
      for await (const row of rows) {
        const index = result.processed++;
        try {
          batch.push(parseTransaction(row));
        } catch (error) {
          if (!(error instanceof KehuValidationError)) throw error;
          if (options.onInvalid === 'skip') result.invalid.push({ index, error: atIndex(index, error, 'row') });
          else throw atIndex(index, error, 'row');
        }
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      return result;
    },
    get: (id) => storage.transactions.get(id),
    list: (filter, request) => storage.transactions.list(filter, request),
    stream: (filter) => storage.transactions.stream(filter),
    count: (filter) => storage.transactions.count(filter),
  };
}
