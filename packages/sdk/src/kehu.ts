import { invalidInput, parseLimitsPolicy, type LimitsPolicyInput } from '@kehu/core';
import { SubjectCipher } from './privacy/cipher.js';
import type { KeyProvider } from './privacy/key-provider.js';
import { parsePersonalDataPolicy, type PersonalDataPolicyInput } from './privacy/personal-data-policy.js';
import { sealSpecs } from './privacy/seal-specs.js';
import { sealedRepositories, type Sealer } from './privacy/sealed-repositories.js';
import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { auditUseCases, type AuditUseCases } from './audit.js';
import { retentionUseCases, type RetentionUseCases } from './retention.js';
import { satisfactionUseCases, type SatisfactionUseCases } from './satisfaction.js';
import { churnUseCases, type ChurnUseCases } from './churn.js';
import { cadenceUseCases, type CadenceUseCases } from './cadence.js';
import { opportunityUseCases, type OpportunityUseCases } from './opportunities.js';
import { planUseCases, type PlanUseCases } from './plans.js';
import { parseRetryOptions, type RetryOptions } from './retry.js';
import { authorizeUseCases, checkBoundActor, type KehuAuthorize } from './authorize.js';
import { complaintUseCases, type ComplaintUseCases } from './complaints.js';
import { contactRecordUseCases, type ContactRecordUseCases } from './contact-records.js';
import { checkBoolean, type UseCaseContext } from './context.js';
import { customerUseCases, type CustomerUseCases } from './customers.js';
import { gradeUseCases, type GradeUseCases } from './grades.js';
import { slaUseCases, type SlaUseCases } from './sla.js';
import { surveyUseCases, type SurveyUseCases } from './surveys.js';
import { transactionUseCases, type TransactionUseCases } from './transactions.js';
import { valueUseCases, type ValueUseCases } from './value.js';
import { reportUseCases, type ReportUseCases } from './report/report.js';

/** Options of {@link createKehu}. */
export interface KehuOptions {
  /** The storage adapter (`@kehu/storage-memory`, `@kehu/storage-postgres`, your own). */
  storage: KehuStorage;
  /**
   * Retries after an optimistic-concurrency conflict in read-change-write use cases, with
   * jittered exponential backoff; defaults `DEFAULT_RETRY_OPTIONS` (10 retries, 2 ms doubling
   * up to 100 ms). Use cases that retry also take these per call.
   */
  retry?: RetryOptions;
  /** Shorthand for `retry.maxRetries`. */
  maxRetries?: number;
  /**
   * Whether transactions, complaints, contact records and survey responses must name a
   * stored customer (default `true`: one that does not is refused with a
   * `KehuValidationError` at its `customerId`). Set `false` for hosts that import orders
   * before customers; `transactions.import` also takes it per import.
   */
  requireKnownCustomers?: boolean;
  /**
   * The host's authorization hook, asked before every use case reads or writes (see
   * {@link KehuAuthorize}); a refusal throws `KehuForbiddenError` and writes nothing.
   * Without it every call is allowed.
   */
  authorize?: KehuAuthorize;
  /**
   * The host's key provider (rule AR-5). With it, personal fields (by `personalData`) are
   * sealed with each person's data key before they reach the store, customers can be found
   * by exact phone, e-mail or name through a blind index, and `customers.erase` destroys the
   * person's key. Without it Kehu stores personal data as given (for hosts that encrypt at
   * another layer) and erasure cannot reach copies such as audit entries or backups.
   */
  keys?: KeyProvider;
  /** Which fields are personal and whether they are encrypted; defaults: all listed, encrypted. */
  personalData?: PersonalDataPolicyInput;
  /**
   * Size limits (text lengths, contacts per customer, events per complaint, attribute size
   * and depth, records per call), checked before anything reaches the store; defaults
   * `DEFAULT_LIMITS` of `@kehu/core`.
   */
  limits?: LimitsPolicyInput;
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
  readonly audit: AuditUseCases;
  /** Retention (AR-4): archive, then purge, audit entries and contact records past the policy's years. */
  readonly retention: RetentionUseCases;
  /** Satisfaction (SA-1 to SA-5): the quarter's report, interviews, the survey cool-down and follow-ups. */
  readonly satisfaction: SatisfactionUseCases;
  /** Churn risk scores, alerts, exits, reports, win-back and customer-base models (rules CH-1 to CH-7). */
  readonly churn: ChurnUseCases;
  /** Revisit plans from the store, day lists, contacts, snoozes, skips, leave and analysis (CA-1 to CA-9). */
  readonly cadence: CadenceUseCases;
  /** Maintenance plans through approval, evaluation and archive; budget against actual (MP-1, MP-2). */
  readonly plans: PlanUseCases;
  /** Sales opportunities: stages, probabilities, outcomes and pipeline analytics (MP-3). */
  readonly opportunities: OpportunityUseCases;
  /** The report: every module's charts as a model or one self-contained HTML page, read from the store. */
  readonly report: ReportUseCases;
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
  /**
   * The use cases (and `transaction`) bound to `actor`, the caller the host has
   * authenticated: the `authorize` hook is asked about every call as `actor`, reads
   * included, and a write naming another actor (audit context, complaint or event actor)
   * throws `KehuForbiddenError`.
   */
  as(actor: string): KehuActorScope;
  /** The adapter, for what the use cases do not cover (the stored form: sealed values stay sealed). */
  readonly storage: KehuStorage;
  /**
   * The adapter behind Kehu's sealing layer (the adapter itself when Kehu has no `keys`):
   * what goes in is sealed, what comes out is opened. Hand it to tools that write through
   * the storage contract, such as `@kehu/ingest`'s `importCsv`, so that their records are
   * sealed like the use cases'.
   */
  readonly sealedStorage: KehuStorage;
  /** Closes the adapter. */
  close(): Promise<void>;
}

/** The use cases bound to one actor: {@link Kehu.as}. */
export interface KehuActorScope extends KehuUseCases {
  /** The bound actor. */
  readonly actor: string;
  /** {@link Kehu.transaction}, bound to the same actor. */
  transaction<T>(fn: (k: KehuUseCases) => Promise<T>): Promise<T>;
}

function useCases(ctx: UseCaseContext): KehuUseCases {
  const readers = {
    customers: customerUseCases(ctx),
    transactions: transactionUseCases(ctx),
    complaints: complaintUseCases(ctx),
    contactRecords: contactRecordUseCases(ctx),
    surveys: surveyUseCases(ctx),
    grades: gradeUseCases(ctx),
    value: valueUseCases(ctx),
    sla: slaUseCases(ctx),
    audit: auditUseCases(ctx.repos.audit),
    retention: retentionUseCases(ctx),
    satisfaction: satisfactionUseCases(ctx),
    churn: churnUseCases(ctx),
    cadence: cadenceUseCases(ctx),
    plans: planUseCases(ctx),
    opportunities: opportunityUseCases(ctx),
  };
  // The report reads through the use cases of the same context, unauthorised: it is authorised as one action.
  return { ...readers, report: reportUseCases(readers) };
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
  const { maxRetries } = parseRetryOptions(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries });
  const retry = parseRetryOptions(options.retry, ['retry']);
  if (typeof storage?.withTransaction !== 'function')
    throw invalidInput(['storage'], 'storage must be a KehuStorage adapter', 'invalid_type');
  const requireKnownCustomers = checkBoolean(options.requireKnownCustomers, ['requireKnownCustomers']) ?? true;
  const { authorize } = options;
  if (authorize !== undefined && typeof authorize !== 'function')
    throw invalidInput(['authorize'], 'authorize must be a function', 'invalid_type');
  const { keys } = options;
  if (keys !== undefined && (typeof keys !== 'object' || keys === null || typeof keys.getOrCreateKey !== 'function'))
    throw invalidInput(['keys'], 'keys must be a KeyProvider', 'invalid_type');
  const policy = parsePersonalDataPolicy(options.personalData ?? {});
  const limits = parseLimitsPolicy(options.limits ?? {});
  const sealer: Sealer | undefined =
    keys === undefined
      ? undefined
      : { cipher: new SubjectCipher(keys), specs: sealSpecs(policy), encrypt: policy.encrypt };
  const seal = (repos: KehuRepositories) => (sealer === undefined ? repos : sealedRepositories(repos, sealer));
  const sealedRepos = seal(storage);
  const sealedStorage: KehuStorage =
    sealer === undefined
      ? storage
      : {
          ...sealedRepos,
          capabilities: storage.capabilities,
          withTransaction: (fn) => storage.withTransaction((tx) => fn(seal(tx))),
          close: () => storage.close(),
        };
  const top = useCases({
    repos: sealedRepos,
    raw: storage,
    sealer,
    limits,
    atomic: (fn) => storage.withTransaction((tx) => fn(seal(tx), tx)),
    maxRetries,
    retry,
    requireKnownCustomers,
  });
  // The use cases and transactions as `actor` (undefined: unbound), each call authorized first.
  const scope = (actor: string | undefined) => ({
    ...authorizeUseCases(top, sealedRepos, { authorize, actor }),
    transaction: <T>(fn: (k: KehuUseCases) => Promise<T>): Promise<T> => {
      if (typeof fn !== 'function')
        return Promise.reject(invalidInput([], 'transaction needs a function of the use cases', 'invalid_type'));
      return storage.withTransaction((tx: KehuRepositories) =>
        fn(
          authorizeUseCases(
            useCases({
              repos: seal(tx),
              raw: tx,
              sealer,
              limits,
              atomic: (inner) => inner(seal(tx), tx),
              maxRetries,
              retry,
              requireKnownCustomers,
            }),
            seal(tx),
            { authorize, actor },
          ),
        ),
      );
    },
  });
  return {
    ...scope(undefined),
    as: (actor) => {
      const bound = checkBoundActor(actor);
      return { ...scope(bound), actor: bound };
    },
    storage,
    sealedStorage,
    close: () => storage.close(),
  };
}
