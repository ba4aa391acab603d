/**
 * Kehu satisfaction (rules SA-1 to SA-5): survey and metric definitions as versioned data,
 * CSAT, NPS, CES, ACSI and SERVQUAL with intervals and warnings, comparisons, sample sizes,
 * key drivers, the quarterly service-quality evaluation, interviews and the loop back.
 */
export type { Estimate, Interval, SatisfactionWarning, SatisfactionWarningCode } from './estimate.js';
export { SMALL_SAMPLE } from './estimate.js';
export { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';
export type { MetricOptions, ScaledMetricOptions, ScoreScale } from './score-sample.js';
export {
  adjustedWaldInterval,
  wilsonInterval,
  type ProportionInterval,
  type ProportionIntervalMethod,
} from './proportion-interval.js';
export {
  SA1_DIMENSIONS,
  SERVICE_QUALITY_INDICATORS,
  DIMENSION_IDS,
  dimensionSchema,
  DIMENSIONS,
  type Dimension,
  type ServiceQualityIndicator,
  type DimensionInfo,
} from './dimensions.js';
export {
  definitionVersionSchema,
  localizedTextSchema,
  ratingScaleSchema,
  questionScaleSchema,
  surveyQuestionSchema,
  surveyDefinitionSchema,
  parseSurveyDefinition,
  questionsById,
  type RatingScale,
  type QuestionScale,
  type SurveyQuestion,
  type SurveyDefinition,
  type SurveyDefinitionInput,
} from './survey-definition.js';
export {
  METRIC_KINDS,
  metricBucketSchema,
  metricDefinitionSchema,
  parseMetricDefinition,
  bucketOf,
  isTopBox,
  DEFAULT_METRICS,
  type MetricKind,
  type MetricBucket,
  type MetricDefinition,
  type MetricDefinitionInput,
  type DefaultMetrics,
} from './metric-definition.js';
export { validateResponse, validateResponses } from './validate-response.js';
export { scoresOf, type ScoresOfOptions } from './scores.js';
export {
  coolDownPolicySchema,
  parseCoolDownPolicy,
  DEFAULT_COOL_DOWN_POLICY,
  mayBeSurveyed,
  type CoolDownPolicy,
  type CoolDownPolicyInput,
  type SurveyContact,
  type CoolDownCode,
  type CoolDownDecision,
} from './cool-down.js';
export { averageScore, DEFAULT_AVERAGE_SCALE, type MeanEstimate } from './average-score.js';
export { csat, type CsatOptions, type ShareEstimate } from './csat.js';
export { nps, npsFromCounts, npsBucketOf, NPS_SCALE, type NpsEstimate, type NpsBuckets } from './nps.js';
export { ces, DEFAULT_CES_SCALE, type CesOptions, type CesEstimate } from './ces.js';
export {
  acsiIndex,
  DEFAULT_ACSI_SCALE,
  type AcsiItem,
  type AcsiOptions,
  type AcsiPairing,
  type AcsiEstimate,
  type AcsiItemSummary,
} from './acsi.js';
export {
  servqualGaps,
  DEFAULT_SERVQUAL_SCALE,
  type ServqualPair,
  type ServqualOptions,
  type ServqualGap,
  type GapSide,
} from './servqual.js';
export {
  compareNps,
  compareProportions,
  compareMeans,
  welchDifference,
  adjustedNps,
  type Verdict,
  type Comparison,
  type ComparedGroup,
  type GroupNames,
  type CompareOptions,
  type CompareProportionsOptions,
  type CompareMeansOptions,
  type NpsSample,
  type ProportionSample,
  type ProportionCounts,
  type MeanSample,
  type MeanSummary,
  type WelchResult,
  type DifferenceUnit,
  type AdjustedNps,
} from './compare.js';
export {
  npsBenchmark,
  shareBenchmark,
  meanBenchmark,
  type BenchmarkTest,
  type BenchmarkVerdict,
  type BenchmarkDirection,
  type BenchmarkOptions,
  type ShareBenchmarkOptions,
  type MeanBenchmarkOptions,
} from './benchmark.js';
export {
  proportionSampleSize,
  proportionDetectableDifference,
  meanSampleSize,
  meanDetectableDifference,
  npsSampleSize,
  npsDetectableDifference,
  type PlanOptions,
  type SampleSizePlan,
  type DetectableDifference,
} from './sample-size.js';
export {
  adjustPValues,
  adjustComparisons,
  ADJUSTMENT_LABELS,
  type AdjustmentMethod,
  type AdjustOptions,
  type AdjustedPValues,
  type AdjustedComparison,
} from './multiplicity.js';
export {
  accountNps,
  revenueWeightedNps,
  type AccountResponse,
  type AccountNpsOptions,
  type AccountNpsRow,
  type ClusteredNps,
  type AccountNps,
  type RevenueWeightedNps,
} from './account-nps.js';
export {
  keyDrivers,
  keyDriversFromColumns,
  RELATIVE_WEIGHTS_SOURCE,
  type KeyDriverRow,
  type KeyDriverColumns,
  type KeyDriversOptions,
  type KeyDriver,
  type KeyDriversResult,
} from './key-drivers.js';
export {
  DEFAULT_INTERVIEW_THEMES,
  dueForInterview,
  INTERVIEW_DUE_REASON_LABELS,
  INTERVIEW_THEMES,
  interviewNoteSchema,
  interviewNoteToJson,
  interviewPolicySchema,
  interviewThemeLabel,
  isDefaultInterviewTheme,
  parseInterviewNote,
  parseInterviewPolicy,
  type DueForInterviewOptions,
  type InterviewCandidate,
  type InterviewDue,
  type InterviewDueReason,
  type InterviewNote,
  type InterviewNoteInput,
  type InterviewPolicy,
  type InterviewPolicyInput,
  type InterviewTheme,
} from './interviews.js';
export {
  DEFAULT_DEPARTMENT_LABELS,
  DEFAULT_DEPARTMENTS,
  IMPROVEMENT_PRIORITY_LABELS,
  improvementItems,
  improvementPolicySchema,
  parseImprovementPolicy,
  SHORTFALL_STATUS_LABELS,
  type ImprovementItem,
  type ImprovementOptions,
  type ImprovementPolicy,
  type ImprovementPolicyInput,
  type ImprovementPriority,
  type ImprovementReport,
  type IndicatorMean,
  type ShortfallStatus,
} from './improvement.js';
export {
  FOLLOW_UP_REASON_LABELS,
  followUpPolicySchema,
  followUpReasonSchema,
  followUpRequests,
  followUpTriggerSchema,
  parseFollowUpPolicy,
  type FollowUpOptions,
  type FollowUpPolicy,
  type FollowUpPolicyInput,
  type FollowUpQuestion,
  type FollowUpReason,
  type FollowUpRequest,
  type FollowUpResponse,
  type FollowUpTrigger,
} from './follow-ups.js';
export {
  lowSatisfactionList,
  satisfactionSignals,
  type LowSatisfactionEntry,
  type LowSatisfactionOptions,
  type SatisfactionPoint,
  type SatisfactionSignal,
  type SatisfactionSignalOptions,
  type SignalResponse,
} from './signals.js';
export {
  quarterOf,
  quarterBounds,
  quarterLabel,
  quarterSerial,
  quarterOfSerial,
  quarterLocator,
  isZone,
  type Quarter,
  type QuarterLocator,
} from './quarter.js';
export {
  serviceQualityPolicySchema,
  parseServiceQualityPolicy,
  DEFAULT_SERVICE_QUALITY_POLICY,
  type IndicatorNumbers,
  type ServiceQualityPolicy,
  type ServiceQualityPolicyInput,
} from './service-quality-policy.js';
export {
  SERVICE_QUALITY_SOURCES,
  NO_GROUP,
  toServiceQualityColumns,
  type ServiceQualitySource,
  type GroupColumn,
  type ServiceQualityColumns,
  type ServiceQualityResponse,
} from './service-quality-columns.js';
export {
  quarterTable,
  quarterAt,
  quarterRows,
  evaluateQuarter,
  QUARTER_LEVELS,
  type QuarterLevel,
  type QuarterTable,
  type QuarterTableSource,
  type QuarterTableOptions,
  type QuarterEvaluation,
  type QuarterIndicator,
  type QuarterMover,
  type QuarterWarning,
  type QuarterWarningCode,
} from './quarter-table.js';
