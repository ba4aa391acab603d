import { KehuStorageError } from '@kehu/core';
import type { KehuRepositories, KehuStorage, StorageCapabilities } from '@kehu/storage';
import { auditLogRepository } from './audit-log.js';
import { budgetActualRepository } from './budget-actuals.js';
import { churnScoreRepository } from './churn-scores.js';
import { complaintRepository } from './complaints.js';
import { contactRecordRepository } from './contact-records.js';
import { customerRepository } from './customers.js';
import { exitRepository } from './exits.js';
import { gradeRepository } from './grades.js';
import { Mutex } from './mutex.js';
import { opportunityRepository } from './opportunities.js';
import { ownerRepository } from './owners.js';
import { planRepository } from './plans.js';
import { revisitActionRepository } from './revisit-actions.js';
import { topLevelScope, transactionScope, type Lifecycle, type Scope } from './scope.js';
import { createState } from './state.js';
import { surveyResponseRepository } from './survey-responses.js';
import { transactionRepository } from './transactions.js';
import { UnitOfWork } from './unit-of-work.js';

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions {
  /** The name reported in `capabilities.name`; default `memory`. */
  name?: string;
}

function repositories(scope: Scope): KehuRepositories {
  return {
    customers: customerRepository(scope),
    transactions: transactionRepository(scope),
    complaints: complaintRepository(scope),
    contactRecords: contactRecordRepository(scope),
    surveyResponses: surveyResponseRepository(scope),
    grades: gradeRepository(scope),
    churnScores: churnScoreRepository(scope),
    exits: exitRepository(scope),
    owners: ownerRepository(scope),
    revisitActions: revisitActionRepository(scope),
    plans: planRepository(scope),
    budgetActuals: budgetActualRepository(scope),
    opportunities: opportunityRepository(scope),
    audit: auditLogRepository(scope),
  };
}

/**
 * Creates an empty in-process store: the reference adapter of the storage contract,
 * passing `@kehu/storage-conformance` in full.
 *
 * - Isolation: one FIFO lock serialises transactions and top-level calls, so a reader
 *   never sees uncommitted writes and concurrent writers are ordered (capabilities:
 *   `parallelWriters: false`).
 * - Atomicity: every change registers an undo step; a failed call or a transaction whose
 *   callback throws is undone exactly.
 * - Records are deep-copied on the way in and out, so neither side can change the other's
 *   objects. Sort orders for paging are built lazily, once per batch of changes.
 * - Not durable: data lives as long as the store object.
 *
 * Inside `withTransaction(fn)`, `fn` must use the repositories it is given: calls on the
 * top-level store wait for the transaction to end, so awaiting one inside `fn` would
 * never finish.
 *
 * @example
 * ```ts
 * const storage = createMemoryStorage();
 * await storage.withTransaction(async (tx) => {
 *   await tx.customers.create(customer, { actor: 'am-7', at: new Date('2026-01-05T01:00:00Z'), reason: 'intake' });
 * });
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): KehuStorage {
  const state = createState();
  const mutex = new Mutex();
  const lifecycle: Lifecycle = { closed: false };
  const lock = <T>(fn: () => T | Promise<T>) => mutex.run(fn);
  const capabilities: StorageCapabilities = {
    name: options.name ?? 'memory',
    durable: false,
    parallelWriters: false,
    transactions: true,
  };
  return {
    ...repositories(topLevelScope(state, lock, lifecycle)),
    capabilities,
    withTransaction: <T>(fn: (tx: KehuRepositories) => Promise<T>) =>
      lock(async () => {
        if (lifecycle.closed) {
          throw new KehuStorageError('withTransaction', 'the store is closed', { code: 'STORAGE_CLOSED' });
        }
        const undo = new UnitOfWork();
        const status = { active: true };
        try {
          const tx = repositories(transactionScope(state, undo, status, lifecycle));
          const result = await fn(tx);
          status.active = false;
          return result;
        } catch (error) {
          status.active = false;
          undo.rollback();
          throw error;
        }
      }),
    close: async () => {
      lifecycle.closed = true;
    },
  };
}
