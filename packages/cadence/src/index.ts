/**
 * `@kehu/cadence`: revisit plans (rules CA-1 to CA-9, with AR-3, CH-7 and SA-5). Plans revisits against the
 * business calendar (调休 included), each owner's daily capacity and leave, and each customer's actual history
 * (contacts, purchases, complaints, survey answers, exits); merges overlapping tasks of one customer; explains
 * every date and priority; chooses whom to call when not everyone can be called; gives each task's status; and
 * analyses the revisit records. Pure functions on plain data: no hidden clock, policies as data.
 *
 * @packageDocumentation
 */
export {
  DEMAND_KINDS,
  REVISIT_CHANNELS,
  REVISIT_PURPOSES,
  type CustomerHistory,
  type Demand,
  type DemandKind,
  type Importance,
  type LocalDate,
  type OwnerLeave,
  type PassedDay,
  type Placement,
  type PlanCallback,
  type PlanContact,
  type PlanCustomer,
  type PlanInput,
  type PlanOwner,
  type PlanPurchase,
  type PlanRound,
  type PlanSatisfactionFollowUp,
  type PlanTaskAction,
  type PlanVisit,
  type PlanWinBack,
  type PriorityPart,
  type RevisitChannel,
  type RevisitPurpose,
  type RevisitTask,
  type SkippedEntry,
  type SkipReason,
} from './types.js';
export {
  cadencePolicySchema,
  DEFAULT_CADENCE_POLICY,
  parseCadencePolicy,
  type CadencePolicy,
  type CadencePolicyInput,
} from './policy.js';
export { planRevisits, type RevisitPlan } from './plan-revisits.js';
export {
  createRevisitPlanner,
  revisitTaskAt,
  revisitTaskRows,
  type RevisitPlanner,
  type RevisitPlannerOptions,
  type RevisitPlanSource,
  type RevisitPlanTable,
} from './plan-table.js';
export type { PlanWindowOptions } from './plan-context.js';
export type { PlanClosedWindows, PlanReport, PlanReportDay, PlanReportOwner, PlanReportPolicy } from './plan-report.js';
export { importanceOf } from './demands.js';
export {
  DEMAND_KIND_LABELS,
  REVISIT_CHANNEL_LABELS,
  REVISIT_PURPOSE_LABELS,
  SKIP_REASON_LABELS,
} from './labels.js';
export { localDayFunction } from './local-day.js';
export { birthdayOccurrences, type BirthdayOccurrence } from './lunar.js';
export {
  selectForRevisit,
  selectStrategySchema,
  type RevisitSelection,
  type SelectCandidate,
  type SelectedCustomer,
  type SelectFactor,
  type SelectFactorName,
  type SelectOptions,
  type SelectStrategy,
  type SelectWarning,
  type SelectWarningCode,
} from './select.js';
export {
  REVISIT_TASK_STATUSES,
  revisitTaskStatus,
  revisitTaskStatuses,
  type RevisitTaskStatus,
  type RevisitTaskStatusName,
  type StatusContact,
  type StatusTask,
  type TaskStatusOptions,
} from './task-status.js';
export {
  revisitAnalysis,
  type AnalysisContact,
  type AnalysisCustomer,
  type AnalysisRate,
  type AnalysisTask,
  type ContactFigures,
  type OutOfCadenceCustomer,
  type RevisitAnalysis,
  type RevisitAnalysisGroup,
  type RevisitAnalysisInput,
  type RevisitAnalysisOptions,
  type RevisitAnalysisWarning,
  type RevisitAnalysisWarningCode,
  type StaffRevisitMeasure,
  type TaskFigures,
} from './analysis.js';
