export {
  contributionPolicySchema,
  cutoffSchema,
  DEFAULT_CONTRIBUTION_POLICY,
  contributionAt,
  contributionRows,
  contributionTable,
  gradeByContribution,
  tierRuleSchema,
  type ContributionTable,
  type ContributionGrade,
  type ContributionGrading,
  type ContributionOptions,
  type ContributionPolicy,
  type ContributionPolicyInput,
  type Cutoff,
  type TierDistribution,
} from './contribution.js';
export { contributionWindow, type ContributionWindow } from './contribution-window.js';
export {
  DEFAULT_CONCENTRATION_POINTS,
  DEFAULT_TOP_SHARE,
  valueConcentration,
  type ConcentrationPoint,
  type ValueConcentration,
  type ValueConcentrationOptions,
} from './concentration.js';
export { abcAnalysis, abcPolicySchema, type AbcClass, type AbcPolicy } from './abc.js';
export { apportionShareUnits, exactShares, sharesAndTotal, SHARE_PLACES } from './shares.js';
export { TIER_ENTITLEMENTS, type TierEntitlement } from './entitlements.js';
export { assessRelationship, scorecardSchema, type RelationshipAssessment, type Scorecard } from './relationship.js';
export {
  identifyKeyAccounts,
  keyAccountPolicySchema,
  type KeyAccountCriterion,
  type KeyAccountFacts,
  type KeyAccountResult,
} from './key-accounts.js';
export { parsePolicy } from './policy-error.js';
export {
  gradesAsOf,
  regrade,
  regradePolicySchema,
  toGradeAssignment,
  type GradeChange,
  type GradeHold,
  type RegradePolicy,
  type RegradeOptions,
  type RegradeResult,
} from './regrade.js';
