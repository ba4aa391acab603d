/**
 * `@kehu/sla`: complaint handling with SLAs (rules SL-1 to SL-10, CA-3). A complaint is an
 * append-only event log; its state and SLA status are a pure function of the log, a
 * versioned policy, a business calendar and `asOf`.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_SLA_POLICY,
  escalationLevelSchema,
  PROGRESS_UPDATES_METRIC,
  parseSlaPolicy,
  slaMetricSchema,
  slaPolicySchema,
  slaTargetSchema,
  type SlaMetric,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaTarget,
} from './policy.js';
export {
  checkNextEvent,
  replayComplaint,
  type ComplaintCycle,
  type ComplaintLog,
} from './lifecycle.js';
export { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES } from './codes.js';
export { checkComplaintColumns, toComplaintColumns, type ComplaintColumns } from './complaint-columns.js';
export { evaluateSla, newlyReached, type EvaluateSlaOptions } from './evaluate.js';
export { slaAt, slaRows, slaTable, type SlaTable, type SlaTableSource } from './table.js';
export { rowEscalationLevel } from './row-escalation.js';
export { SLA_STATES } from './engine.js';
export type {
  CallbackRecord,
  EscalationRecord,
  MetricEvaluation,
  SlaEvaluation,
  SlaState,
  SlaWarning,
} from './result.js';
export {
  COMPENSATION_KIND_LABELS,
  COMPLAINT_NATURE_LABELS,
  compensationOfferSchema,
  compensationPolicySchema,
  compensationRowSchema,
  DEFAULT_COMPENSATION_POLICY,
  parseCompensationPolicy,
  suggestCompensation,
  type CompensationInput,
  type CompensationKind,
  type CompensationOffer,
  type CompensationOfferInput,
  type CompensationPolicy,
  type CompensationPolicyInput,
  type CompensationRow,
  type CompensationSuggestion,
} from './compensation.js';
export {
  classifyRootCause,
  DEFAULT_ROOT_CAUSE_POLICY,
  improvementActionSchema,
  improvementActionsFor,
  parseRootCausePolicy,
  ROOT_CAUSES,
  rootCauseLabel,
  rootCausePolicySchema,
  rootCauseSchema,
  type ImprovementAction,
  type RootCause,
  type RootCauseClassification,
  type RootCauseInfo,
  type RootCausePolicy,
  type RootCausePolicyInput,
  type RootCauseSubject,
} from './root-cause.js';
export {
  monitoringReport,
  percentileNearestRank,
  type DurationPercentiles,
  type DurationSummary,
  type MetricAttainment,
  type MonitoringCounts,
  type MonitoringItem,
  type MonitoringReport,
  type MonitoringReportOptions,
  type ReportWarning,
  type SatisfactionSummary,
  type StaffPerformance,
  type TrendPoint,
} from './report.js';
