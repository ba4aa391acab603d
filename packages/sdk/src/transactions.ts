import {
  checkTransactionLimits,
  invalidInput,
  KehuValidationError,
  parseTransaction,
  type Transaction,
  type TransactionInput,
} from '@kehu/core';
import type { Page, PageRequest } from '@kehu/storage';
import {
  optionalFunction,
  optionalInteger,
  optionalObject,
  optionalPageRequest,
  requireId,
  requireIterable,
} from './arguments.js';
import { atIndex } from './batch-validation.js';
import { checkBoolean, unknownCustomer, type UseCaseContext } from './context.js';
import { parseTransactionFilter, type TransactionListFilter } from './filters.js';

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
  /**
   * Whether every row must name a stored customer (checked with one store call per batch);
   * a row that does not is refused at `[index, 'customerId']` like any invalid row. Default:
   * the `requireKnownCustomers` given to `createKehu` (true). Pass `false` to import orders
   * before their customers.
   */
  requireKnownCustomers?: boolean;
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
   * the row's index. Unknown fields are refused; so is a row whose customer is not stored
   * (unless `requireKnownCustomers: false`).
   */
  import(
    rows: Iterable<TransactionInput> | AsyncIterable<TransactionInput>,
    options?: ImportOptions,
  ): Promise<ImportResult>;
  /** The transaction, or `null`. */
  get(id: string): Promise<Transaction | null>;
  /** One page in `(customerId, occurredAt, id)` order. */
  list(filter?: TransactionListFilter, request?: PageRequest): Promise<Page<Transaction>>;
  /** Every matching transaction, lazily; a bad filter throws `KehuValidationError` at call time. */
  stream(filter?: TransactionListFilter): AsyncIterable<Transaction>;
  /** How many transactions match. */
  count(filter?: TransactionListFilter): Promise<number>;
}

/** Builds the transaction use cases over `ctx`. */
export function transactionUseCases(ctx: UseCaseContext): TransactionUseCases {
  const { repos } = ctx;
  return {
    import: async (rowsInput, optionsInput) => {
      const rows = requireIterable<TransactionInput>(rowsInput, [], 'rows');
      const options = optionalObject<ImportOptions>(optionsInput, [], 'import options');
      const batchSize = optionalInteger(options.batchSize, ['batchSize'], 1) ?? 1000;
      if (options.onInvalid !== undefined && options.onInvalid !== 'throw' && options.onInvalid !== 'skip')
        throw invalidInput(['onInvalid'], "onInvalid must be 'throw' or 'skip'");
      const onProgress = optionalFunction<(progress: ImportProgress) => void>(options.onProgress, ['onProgress']);
      const requireKnown =
        checkBoolean(options.requireKnownCustomers, ['requireKnownCustomers']) ?? ctx.requireKnownCustomers;
      const result: ImportResult = { processed: 0, inserted: 0, duplicates: 0, invalid: [] };
      let batch: Transaction[] = [];
      let indexes: number[] = [];
      const refuse = (index: number, error: KehuValidationError) => {
        if (options.onInvalid === 'skip') result.invalid.push({ index, error: atIndex(index, error, 'row') });
        else throw atIndex(index, error, 'row');
      };
      const flush = async () => {
        if (requireKnown && batch.length > 0) {
          // One store call per batch tells which customers are missing.
          const missing = new Set(await repos.customers.missing(batch.map((t) => t.customerId)));
          if (missing.size > 0) {
            const kept: Transaction[] = [];
            batch.forEach((t, k) => {
              if (!missing.has(t.customerId)) kept.push(t);
              else {
                const issue = unknownCustomer(t.customerId, ['customerId']);
                refuse(indexes[k]!, new KehuValidationError(issue.message, [issue]));
              }
            });
            batch = kept;
          }
        }
        if (batch.length > 0) {
          const r = await repos.transactions.append(batch);
          result.inserted += r.inserted;
          result.duplicates += r.duplicates;
        }
        batch = [];
        indexes = [];
        onProgress?.({
          processed: result.processed,
          inserted: result.inserted,
          duplicates: result.duplicates,
          invalid: result.invalid.length,
        });
      };
      for await (const row of rows) {
        const index = result.processed++;
        try {
          const transaction = parseTransaction(row);
          checkTransactionLimits(transaction, ctx.limits);
          batch.push(transaction);
          indexes.push(index);
        } catch (error) {
          if (!(error instanceof KehuValidationError)) throw error;
          refuse(index, error);
        }
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      return result;
    },
    get: async (id) => repos.transactions.get(requireId(id, ['id'])),
    list: async (filter, request) =>
      repos.transactions.list(parseTransactionFilter(filter), optionalPageRequest(request)),
    stream: (filter) => repos.transactions.stream(parseTransactionFilter(filter)),
    count: async (filter) => repos.transactions.count(parseTransactionFilter(filter)),
  };
}
