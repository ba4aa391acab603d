export { runStorageConformance } from './run.js';
export type { StorageConformanceOptions } from './options.js';
export {
  fixtureInstant,
  sampleAuditContext,
  sampleComplaint,
  sampleComplaintEvent,
  sampleContactRecord,
  sampleCustomer,
  sampleGrade,
  sampleSurveyResponse,
  sampleTransaction,
} from './fixtures.js';
export { CONTRACT_METHODS } from './capabilities.suite.js';
export { sampleChurnScore, sampleExit } from './churn.suite.js';
export { sampleOwner, sampleRevisitAction } from './cadence.suite.js';
export {
  sampleBudgetActual,
  sampleOpportunity,
  sampleOpportunityEvent,
  samplePlan,
  samplePlanEvent,
} from './plans.suite.js';
export {
  hostileAttributes,
  hostileAuditContext,
  hostileBudgetActual,
  hostileChurnScore,
  hostileComplaint,
  hostileComplaintEvent,
  hostileContactRecord,
  hostileCustomer,
  hostileCustomerExit,
  hostileDecimal,
  hostileGradeAssignment,
  hostileId,
  hostileInstant,
  hostileInteger,
  hostileOpportunity,
  hostileOpportunityEvent,
  hostileOwner,
  hostilePlan,
  hostilePlanEvent,
  hostileRevisitAction,
  hostileSurveyResponse,
  hostileText,
  hostileTransaction,
  INVALID_TEXT,
  NASTY_IDS,
  NASTY_TEXT,
  nestedArrays,
  nestedObjects,
  type HostileTransactionOptions,
} from './arbitraries.js';
export { tryParse, uniqueId, withUniqueKey, type HostileOutcome } from './hostile-parse.js';
export { HOSTILE_VALIDATORS, type HostileValidators } from './hostile-validators.js';
