import type { AuditLogRepository } from './audit-log.js';
import type { StorageCapabilities } from './capabilities.js';
import type { ChurnScoreRepository } from './churn-scores.js';
import type { ComplaintRepository } from './complaints.js';
import type { ContactRecordRepository } from './contact-records.js';
import type { CustomerRepository } from './customers.js';
import type { ExitRepository } from './exits.js';
import type { GradeRepository } from './grades.js';
import type { BudgetActualRepository } from './budget-actuals.js';
import type { OpportunityRepository } from './opportunities.js';
import type { OwnerRepository } from './owners.js';
import type { MaintenancePlanRepository } from './plans.js';
import type { RevisitActionRepository } from './revisit-actions.js';
import type { SurveyResponseRepository } from './survey-responses.js';
import type { TransactionRepository } from './transactions.js';

/** The repositories of one store, or of one transaction on it. */
export interface KehuRepositories {
  /** The customer archive. */
  readonly customers: CustomerRepository;
  /** Sales records. */
  readonly transactions: TransactionRepository;
  /** Complaints and their event logs. */
  readonly complaints: ComplaintRepository;
  /** Revisit and contact records. */
  readonly contactRecords: ContactRecordRepository;
  /** Survey responses. */
  readonly surveyResponses: SurveyResponseRepository;
  /** Grade assignments. */
  readonly grades: GradeRepository;
  /** Churn risk scores with their explanations. */
  readonly churnScores: ChurnScoreRepository;
  /** Customer exits. */
  readonly exits: ExitRepository;
  /** Owners (account managers) with their daily capacity and leave. */
  readonly owners: OwnerRepository;
  /** Snoozes and skips of planned revisit tasks. */
  readonly revisitActions: RevisitActionRepository;
  /** Customer maintenance plans and their event logs (rule MP-1). */
  readonly plans: MaintenancePlanRepository;
  /** Actual spend entries against plans (rule MP-2). */
  readonly budgetActuals: BudgetActualRepository;
  /** Sales opportunities and their event logs (rule MP-3). */
  readonly opportunities: OpportunityRepository;
  /** The audit log. */
  readonly audit: AuditLogRepository;
}

/**
 * A storage adapter: the repositories, transactions, capabilities and lifecycle.
 *
 * `withTransaction(fn)` runs `fn` with repositories scoped to one transaction: `fn`
 * sees its own writes; when `fn` resolves, everything it wrote is committed at once;
 * when it throws or rejects, nothing it wrote remains and the error is rethrown.
 * Calls on the top-level repositories each run in a transaction of their own. Nested
 * `withTransaction` calls on the scoped repositories are not part of the contract.
 */
export interface KehuStorage extends KehuRepositories {
  /** What the adapter supports. */
  readonly capabilities: StorageCapabilities;
  /** Runs `fn` in one transaction; see above. */
  withTransaction<T>(fn: (tx: KehuRepositories) => Promise<T>): Promise<T>;
  /** Releases what the adapter holds (connections, file handles). Idempotent. */
  close(): Promise<void>;
}
