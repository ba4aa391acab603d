export { createKehu, type Kehu, type KehuActorScope, type KehuOptions, type KehuUseCases } from './kehu.js';
export {
  KEHU_ACTIONS,
  type AuthorizationRequest,
  type KehuAction,
  type KehuAuthorize,
  type KehuResource,
  type KehuResourceType,
} from './authorize.js';
export type {
  AuditContextInput,
  ComplaintEventInput,
  ComplaintInput,
  ContactRecordInput,
  CustomerInput,
  GradeAssignmentInput,
  SurveyResponseInput,
  TransactionInput,
} from './inputs.js';
export { toInstant, type InstantInput } from './instant.js';
export type {
  ComplaintListFilter,
  ContactRecordListFilter,
  CustomerListFilter,
  SurveyListFilter,
  TransactionListFilter,
} from './filters.js';
export type { CustomerUseCases } from './customers.js';
export type { ImportOptions, ImportProgress, ImportResult, InvalidRow, TransactionUseCases } from './transactions.js';
export type { AppendEventsOptions, ComplaintUseCases } from './complaints.js';
export type { ContactRecordUseCases } from './contact-records.js';
export type { SurveyUseCases } from './surveys.js';
export type { GradeUseCases } from './grades.js';
export {
  DEFAULT_RETRY_OPTIONS,
  parseRetryOptions,
  retryOnConflict,
  type ResolvedRetryOptions,
  type RetryHooks,
  type RetryOptions,
} from './retry.js';
export type {
  RegradeAllOptions,
  RegradeAllResult,
  ScoreRfmOptions,
  SummarizeWindow,
  ValueUseCases,
} from './value.js';
export type {
  ChurnBacktest,
  ChurnBacktestOptions,
  ChurnFit,
  ChurnFitOptions,
  ChurnModelSource,
  ChurnSatisfactionSource,
  ChurnScoreOptions,
  ChurnScoreRun,
  ChurnUseCases,
} from './churn.js';
export {
  MAX_SDK_PLAN_DAYS,
  type CadenceAnalysisOptions,
  type CadenceDayList,
  type CadenceDayListOptions,
  type CadencePlan,
  type CadencePlanOptions,
  type CadenceSatisfactionSource,
  type CadenceUseCases,
  type MovedTask,
  type PutOwnerOptions,
  type RebalanceRequest,
  type RebalanceResult,
  type RecordContactOptions,
  type RevisitActionOptions,
  type RevisitActionRequest,
  type RevisitActionResult,
  type SnoozeRequest,
} from './cadence.js';
export type {
  PlanAddSignerOptions,
  PlanBudget,
  PlanBudgetOptions,
  PlanChangeContext,
  PlanRecordContext,
  PlanDelegateOptions,
  PlanEvaluateOptions,
  PlanEvaluationResult,
  PlanPolicyContext,
  PlanRevisionResult,
  PlanSendBackOptions,
  PlanSignOptions,
  PlanUseCases,
  RecordActualResult,
  VarianceExplanationInput,
} from './plans.js';
export type {
  OpportunityChange,
  OpportunityChangeContext,
  OpportunityOpenContext,
  OpportunityPipeline,
  OpportunityStateOptions,
  OpportunityUseCases,
  PipelineOptions,
} from './opportunities.js';
export type { SlaBoard, SlaBoardEntry, SlaBoardOptions, SlaOptions, SlaReportOptions, SlaUseCases } from './sla.js';
export type { ReportUseCases } from './report/report.js';
export type { ReportOptions, ReportPolicies } from './report/report-options.js';
export { REPORT_SECTION_IDS, type ReportSectionId } from './report/section.js';
export { createMemoryKeyProvider, DATA_KEY_BYTES, type KeyProvider } from './privacy/key-provider.js';
export {
  CONTACT_RECORD_PERSONAL_FIELDS,
  COMPLAINT_EVENT_PERSONAL_FIELDS,
  COMPLAINT_PERSONAL_FIELDS,
  CUSTOMER_PERSONAL_FIELDS,
  DEFAULT_PERSONAL_DATA_POLICY,
  GRADE_PERSONAL_FIELDS,
  EXIT_PERSONAL_FIELDS,
  REVISIT_ACTION_PERSONAL_FIELDS,
  OPPORTUNITY_EVENT_PERSONAL_FIELDS,
  OPPORTUNITY_PERSONAL_FIELDS,
  parsePersonalDataPolicy,
  personalDataPolicySchema,
  SURVEY_RESPONSE_PERSONAL_FIELDS,
  TRANSACTION_PERSONAL_FIELDS,
  type PersonalDataPolicy,
  type PersonalDataPolicyInput,
} from './privacy/personal-data-policy.js';
export { ENVELOPE_PREFIX } from './privacy/cipher.js';
export { ERASED_TEXT, LOOKUP_KEY, SEALED_KEY, SEALED_TEXT } from './privacy/sealing.js';
export type { CustomerLookup } from './privacy/lookup.js';
export {
  erasureRequestSchema,
  parseErasureRequest,
  type ErasureRequest,
  type ErasureRequestInput,
  type ErasureResult,
} from './privacy/erase.js';
export type { PersonalDataExport } from './privacy/export-data.js';
export {
  parseRetentionPolicy,
  retentionPolicySchema,
  yearsBefore,
  type RetentionApplyOptions,
  type RetentionBatch,
  type RetentionPolicy,
  type RetentionPolicyInput,
  type RetentionResult,
  type RetentionUseCases,
} from './retention.js';
