export { summarize, type CustomerSummary } from './summarize.js';
export {
  binningSchema,
  DEFAULT_RFM_POLICY,
  parseRfmPolicy,
  quantileSchema,
  rfmPolicySchema,
  tiesSchema,
  type RfmPolicy,
  type RfmPolicyInput,
} from './options.js';
export { ntile } from './binning.js';
export {
  rfmAt,
  rfmRows,
  rfmTable,
  scoreRfm,
  type RfmOptions,
  type RfmResult,
  type RfmScore,
  type RfmTable,
  type RfmThreshold,
  type Unscored,
} from './score.js';
export {
  meets,
  segmentConditionSchema,
  segmentMapSchema,
  segmentOf,
  segmentRuleSchema,
  validateSegmentMap,
  type SegmentCondition,
  type SegmentMap,
  type SegmentMapReport,
  type SegmentRule,
  type Scores,
} from './segments.js';
export { RF_GRID, RFM_11_SEGMENTS, SEGMENT_PRESETS, VALUE_RATING } from './presets.js';
export {
  behaviourLabels,
  lifecyclePolicySchema,
  lifecycleStage,
  parseLifecyclePolicy,
  type BehaviourLabel,
  type LifecycleOptions,
  type LifecyclePolicy,
  type LifecycleResult,
  type LifecycleStage,
} from './lifecycle.js';
export { migrationMatrix, NONE, type MigrationMatrix, type SegmentAssignment } from './migration.js';
