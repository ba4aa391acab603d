import { invalidInput } from '@kehu/core';
import type { AuditLogRepository, KehuRepositories, KehuStorage } from '@kehu/storage';
import { complaintUseCases, type ComplaintUseCases } from './complaints.js';
import { contactRecordUseCases, type ContactRecordUseCases } from './contact-records.js';
import { checkBoolean, type UseCaseContext } from './context.js';
import { customerUseCases, type CustomerUseCases } from './customers.js';
import { gradeUseCases, type GradeUseCases } from './grades.js';
import { slaUseCases, type SlaUseCases } from './sla.js';
import { surveyUseCases, type SurveyUseCases } from './surveys.js';
import { transactionUseCases, type TransactionUseCases } from './transactions.js';
import { valueUseCases, type ValueUseCases } from './value.js';

/** Options of {@link createKehu}. */
export interface KehuOptions {
  /** The storage adapter (`@kehu/storage-memory`, `@kehu/storage-postgres`, your own). */
  storage: KehuStorage;
  /** Retries after an optimistic-concurrency conflict in read-change-write use cases; default 5. */
  maxRetries?: number;
  /**
   * Whether transactions, complaints, contact records and survey responses must name a
   * stored customer (default `true`: one that does not is refused with a
   * `KehuValidationError` at its `customerId`). Set `false` for hosts that import orders
   * before customers; `transactions.import` also takes it per import.
   */
  requireKnownCustomers?: boolean;
}

/** The validated use cases per aggregate: the same at the top level and inside {@link Kehu.transaction}. */
export interface KehuUseCases {
  /** Customer archive (AR-1 to AR-4). */
  readonly customers: CustomerUseCases;
  /** Sales records (AR-6). */
  readonly transactions: TransactionUseCases;
  /** Complaints (SL-1). */
  readonly complaints: ComplaintUseCases;
  /** Revisit and contact records (CA-6, CA-9). */
  readonly contactRecords: ContactRecordUseCases;
  /** Survey responses (SA-1). */
  readonly surveys: SurveyUseCases;
  /** Grades (GR-1, GR-4). */
  readonly grades: GradeUseCases;
  /** Value analysis: summaries, RFM, grading and re-grading (RF-1, GR-1 to GR-4). */
  readonly value: ValueUseCases;
  /** Complaint SLAs: evaluations, the board and the monitoring report (SL-2 to SL-4, SL-7 to SL-9). */
  readonly sla: SlaUseCases;
  /** The audit log (AR-4), read-only. */
  readonly audit: AuditLogRepository;
}

/** Kehu wired to one store: validated use cases per aggregate. */
export interface Kehu extends KehuUseCases {
  /**
   * Runs `fn` with the same validated use cases bound to one storage transaction: what
   * `fn` writes is committed when it resolves and rolled back, all of it, when it throws
   * (the error is rethrown). Inside, use the `k` given, not `kehu`: on single-connection
   * stores a top-level call waits for the transaction to end.
   *
   * @example
   * ```ts
   * await kehu.transaction(async (k) => {
   *   await k.customers.create(customer, context);
   *   await k.transactions.import(orders);
   * });
   * ```
   */
  transaction<T>(fn: (k: KehuUseCases) => Promise<T>): Promise<T>;
  /** The adapter, for what the use cases do not cover. */
  readonly storage: KehuStorage;
  /** Closes the adapter. */
  close(): Promise<void>;
}

function useCases(ctx: UseCaseContext): KehuUseCases {
  return {
    customers: customerUseCases(ctx),
    transactions: transactionUseCases(ctx),
    complaints: complaintUseCases(ctx),
    contactRecords: contactRecordUseCases(ctx),
    surveys: surveyUseCases(ctx),
    grades: gradeUseCases(ctx),
    value: valueUseCases(ctx),
    sla: slaUseCases(ctx),
    audit: ctx.repos.audit,
  };
}

/**
 * Wires Kehu to a storage adapter. Every use case validates raw input with the core
 * parsers (so ISO strings and decimal strings are accepted, unknown fields are refused)
 * before it touches storage, takes `at`/`asOf` from the caller (nothing reads the clock),
 * and throws typed `KehuError`s.
 *
 * @example
 * ```ts
 * const kehu = createKehu({ storage: createMemoryStorage() });
 * await kehu.customers.create(
 *   { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-05T09:00:00+08:00' },
 *   { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'new customer' },
 * );
 * ```
 */
export function createKehu(options: KehuOptions): Kehu {
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'createKehu needs an options object with a storage adapter', 'invalid_type');
  const { storage } = options;
  const maxRetries = options.maxRetries ?? 5;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw invalidInput(['maxRetries'], 'maxRetries must be a non-negative integer', 'too_small');
  if (typeof storage?.withTransaction !== 'function')
    throw invalidInput(['storage'], 'storage must be a KehuStorage adapter', 'invalid_type');
  const requireKnownCustomers = checkBoolean(options.requireKnownCustomers, ['requireKnownCustomers']) ?? true;
  const top = useCases({
    repos: storage,
    atomic: (fn) => storage.withTransaction(fn),
    maxRetries,
    requireKnownCustomers,
  });
  return {
    ...top,
    transaction: (fn) => {
      if (typeof fn !== 'function')
        throw invalidInput([], 'transaction needs a function of the use cases', 'invalid_type');
      return storage.withTransaction((tx: KehuRepositories) =>
        fn(useCases({ repos: tx, atomic: (inner) => inner(tx), maxRetries, requireKnownCustomers })),
      );
    },
    storage,
    close: () => storage.close(),
  };
}
