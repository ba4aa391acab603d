import { KehuValidationError } from '@kehu/core';
import type { AuditLogRepository, KehuStorage } from '@kehu/storage';
import { complaintUseCases, type ComplaintUseCases } from './complaints.js';
import { contactRecordUseCases, type ContactRecordUseCases } from './contact-records.js';
import { customerUseCases, type CustomerUseCases } from './customers.js';
import { gradeUseCases, type GradeUseCases } from './grades.js';
import { surveyUseCases, type SurveyUseCases } from './surveys.js';
import { transactionUseCases, type TransactionUseCases } from './transactions.js';
import { slaUseCases, type SlaUseCases } from './sla.js';
import { valueUseCases, type ValueUseCases } from './value.js';

/** Options of {@link createKehu}. */
export interface KehuOptions {
  /** The storage adapter (`@kehu/storage-memory`, `@kehu/storage-postgres`, your own). */
  storage: KehuStorage;
  /** Retries after an optimistic-concurrency conflict in read-change-write use cases; default 5. */
  maxRetries?: number;
}

/** Kehu wired to one store: validated use cases per aggregate. */
export interface Kehu {
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
  /** The adapter, for what the use cases do not cover. */
  readonly storage: KehuStorage;
  /** Closes the adapter. */
  close(): Promise<void>;
}

/**
 * Wires Kehu to a storage adapter. Every use case validates raw input with the core
 * parsers (so ISO strings and decimal strings are accepted) before it touches storage,
 * takes `at`/`asOf` from the caller (nothing reads the clock), and throws typed
 * `KehuError`s.
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
  const { storage } = options;
  const maxRetries = options.maxRetries ?? 5;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new KehuValidationError('maxRetries must be a non-negative integer', [
      { path: ['maxRetries'], message: 'expected an integer >= 0', code: 'too_small' },
    ]);
  }
  if (typeof storage?.withTransaction !== 'function') {
    throw new KehuValidationError('storage must be a KehuStorage adapter', [
      { path: ['storage'], message: 'expected a KehuStorage', code: 'invalid_type' },
    ]);
  }
  return {
    customers: customerUseCases(storage, maxRetries),
    transactions: transactionUseCases(storage),
    complaints: complaintUseCases(storage),
    contactRecords: contactRecordUseCases(storage),
    surveys: surveyUseCases(storage),
    grades: gradeUseCases(storage, maxRetries),
    value: valueUseCases(storage),
    sla: slaUseCases(storage),
    audit: storage.audit,
    storage,
    close: () => storage.close(),
  };
}
