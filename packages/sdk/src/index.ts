export { createKehu, type Kehu, type KehuOptions, type KehuUseCases } from './kehu.js';
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
export { retryOnConflict, type RetryOptions } from './retry.js';
export type {
  RegradeAllOptions,
  RegradeAllResult,
  ScoreRfmOptions,
  SummarizeWindow,
  ValueUseCases,
} from './value.js';
export type { SlaBoard, SlaBoardEntry, SlaBoardOptions, SlaOptions, SlaReportOptions, SlaUseCases } from './sla.js';
