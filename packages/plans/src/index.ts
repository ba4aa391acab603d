/**
 * Kehu plans (rules MP-1 to MP-3): customer maintenance plans replayed from their event logs with approval flows as
 * policy data, evaluation and improvement; budget against actual spend with explained variances; sales
 * opportunities with explicit probability sources, time in stage in business days and pipeline analytics.
 *
 * @packageDocumentation
 */

export {
  type PlanPolicy,
  type PlanPolicyInput,
  planPolicySchema,
  parsePlanPolicy,
  DEFAULT_PLAN_POLICY,
} from './plan-policy.js';
export {
  type OpportunityPolicy,
  type OpportunityPolicyInput,
  opportunityPolicySchema,
  parseOpportunityPolicy,
  DEFAULT_OPPORTUNITY_POLICY,
} from './opportunity-policy.js';
export {
  PLAN_STATES,
  type PlanState,
  type PlanSignature,
  type ApprovalStepProgress,
  type ApprovalRound,
  type PlanDelegation,
  type VarianceCause,
  type PlanHistoryEntry,
  type PlanSnapshot,
  PROBABILITY_SOURCES,
  type ProbabilitySource,
  OPPORTUNITY_STATUSES,
  type OpportunityStatus,
  type StageModel,
  type OpportunityColumns,
  type StageTime,
  type ProbabilityResult,
  type OpportunityState,
  type PipelineTable,
} from './types.js';

// MP-1: the plan's life and its approval.
export {
  PLAN_TRANSITIONS,
  emptyPlanSnapshot,
  allowedPlanEvents,
  openRound,
  pendingSigners,
  applyPlanEvent,
  replayPlan,
} from './plan-replay.js';
export { type PlanSigner, type CheckPlanEventOptions, checkPlanEvent } from './plan-check.js';
export {
  type ApprovalFlowChoice,
  type BudgetLineGrowth,
  type PlanEventInput,
  type PlanRevision,
  approvalFlowFor,
  budgetGrowth,
  submission,
  revision,
} from './approval-flow.js';
export { PLAN_STATE_LABELS, PLAN_EVENT_LABELS, APPROVAL_MODE_LABELS, BUDGET_CATEGORY_LABELS } from './plan-labels.js';

// MP-1: evaluation; MP-2: results.
export {
  type PlanGroupCustomer,
  type PlanGroupMatch,
  type PlanGroupMembership,
  planGroupMembership,
  isInPlanGroup,
  planGroupMembers,
} from './plan-group.js';
export {
  type PlanResultsTransaction,
  type PlanResultsCampaign,
  type PlanResultsInput,
  type PlanResultsOptions,
  type PlanResultsRate,
  type PlanCampaignResponse,
  type PlanPeriodResult,
  type PlanResults,
  planResults,
} from './plan-results.js';
export {
  PLAN_METRIC_LABELS,
  type PlanMeasureEvaluation,
  type PlanImprovement,
  type PlanEvaluationSummary,
  type PlanEvaluation,
  type EvaluatePlanOptions,
  evaluatePlan,
  evaluationToJson,
  evaluationFromJson,
} from './evaluate-plan.js';
export {
  type PlanObservation,
  type PlanObservations,
  type ContactsSource,
  type SatisfactionSource,
  type GradesSource,
  type ObservationSources,
  observationsFrom,
} from './plan-observations.js';

// MP-2: budget against actual.
export {
  type BudgetGranularity,
  type BudgetPeriod,
  parseBudgetPeriod,
  localDateDay,
  budgetPeriodOf,
  budgetPeriodContains,
  isMonthInQuarter,
  budgetPeriodsOverlap,
  compareBudgetPeriods,
  budgetPeriodLastDate,
  isBudgetPeriodClosed,
} from './budget-period.js';
export { localDateAt } from './local-time.js';
export {
  type TimingEntry,
  type TimingMatch,
  type TimingResult,
  matchTiming,
  type VarianceQuantities,
  type VarianceInput,
  type VarianceSplit,
  splitVariance,
} from './budget-variance.js';
export {
  type BudgetTotals,
  type BudgetCategoryTotals,
  type BudgetPeriodTotals,
  type BudgetRowCause,
  type BudgetReportRow,
  type BudgetReport,
  type BudgetReportOptions,
  budgetVsActual,
} from './budget-report.js';

// MP-3: opportunities.
export {
  type OpportunityVisit,
  type OpportunityReplay,
  type ReplayOpportunityOptions,
  replayOpportunity,
  checkOpportunityEvent,
} from './opportunity-check.js';
export { STATUS_OPEN, STATUS_WON, STATUS_LOST } from './probability.js';
export { type OpportunityEntry, type OpportunityColumnsOptions, opportunityColumns } from './opportunity-columns.js';
export { type PipelineTableOptions, pipelineTable, pipelineAt, pipelineRows } from './pipeline-table.js';
export { type OpportunityStateOptions, opportunityState, opportunityStates } from './opportunity-state.js';
export {
  type WeightedPipelineOptions,
  type WeightedPipelineRow,
  type WeightedPipelineTotals,
  type WeightedPipeline,
  weightedPipeline,
} from './weighted-pipeline.js';
export {
  type StageDurationStats,
  type StageDurationRow,
  type StageDurationsOptions,
  type StageDurations,
  stageDurations,
} from './stage-durations.js';
export {
  type StageConversionOptions,
  type StageConversionRow,
  type StageConversion,
  stageConversion,
} from './stage-conversion.js';
export { type WinLossRow, type WinLossOutcome, type WinLossByReason, winLossByReason } from './win-loss.js';
export {
  type ProbabilityCalibrationOptions,
  type CalibrationBin,
  type StageCalibration,
  type ProbabilityCalibration,
  probabilityCalibration,
} from './calibration.js';
export { type FitStageModelOptions, fitStageModel } from './stage-model.js';
