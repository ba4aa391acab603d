import {
  type AuditContext,
  type BudgetActual,
  checkBudgetActualLimits,
  checkOpportunityEventLimits,
  checkOpportunityLimits,
  checkPlanEventLimits,
  checkPlanLimits,
  type MaintenancePlan,
  type Opportunity,
  type OpportunityEventBody,
  parseBudgetActual,
  parseMaintenancePlan,
  parseOpportunity,
  parseOpportunityEvent,
  parsePlanEvent,
  type PlanEventBody,
  type ChurnScoreRecord,
  type Complaint,
  type ComplaintEventBody,
  type ContactRecord,
  type Customer,
  type CustomerExit,
  checkAuditContextLimits,
  checkChurnScoreLimits,
  checkComplaintEventLimits,
  checkComplaintLimits,
  checkContactRecordLimits,
  checkCustomerExitLimits,
  checkCustomerLimits,
  checkGradeLimits,
  checkOwnerLimits,
  checkRevisitActionLimits,
  checkSurveyResponseLimits,
  checkTransactionLimits,
  DEFAULT_LIMITS,
  type GradeAssignment,
  type Owner,
  type RevisitAction,
  parseAuditContext,
  parseChurnScoreRecord,
  parseComplaint,
  parseComplaintEvent,
  parseContactRecord,
  parseCustomer,
  parseCustomerExit,
  parseGradeAssignment,
  parseOwner,
  parseRevisitAction,
  parseSurveyResponse,
  parseTransaction,
  type SurveyResponse,
  type Transaction,
} from '@kehu/core';

/** What validation runs on each aggregate before anything reaches a store; each throws when it refuses. */
export interface HostileValidators {
  /** Customers (rules AR-1 to AR-3, AR-7). */
  readonly customer: (input: unknown) => Customer;
  /** Transactions (rule AR-6). */
  readonly transaction: (input: unknown) => Transaction;
  /** Complaint intakes (rule SL-1). */
  readonly complaint: (input: unknown) => Complaint;
  /** Complaint event bodies (rule SL-1), as the first event appended after the intake. */
  readonly complaintEvent: (input: unknown) => ComplaintEventBody;
  /** Contact records (rules CA-6, CA-9). */
  readonly contactRecord: (input: unknown) => ContactRecord;
  /** Survey responses (rule SA-1). */
  readonly surveyResponse: (input: unknown) => SurveyResponse;
  /** Grade assignments (rule GR-1). */
  readonly gradeAssignment: (input: unknown) => GradeAssignment;
  /** Churn score records (rules CH-1 to CH-3). */
  readonly churnScore: (input: unknown) => ChurnScoreRecord;
  /** Customer exits (rules CH-4, CH-5). */
  readonly customerExit: (input: unknown) => CustomerExit;
  /** Owners with capacity and leave (rules CA-1 to CA-9). */
  readonly owner: (input: unknown) => Owner;
  /** Snoozes and skips of revisit tasks. */
  readonly revisitAction: (input: unknown) => RevisitAction;
  /** Maintenance plans (rule MP-1). */
  readonly plan: (input: unknown) => MaintenancePlan;
  /** Plan event bodies (rules MP-1, MP-2), appended after the `drafted` event. */
  readonly planEvent: (input: unknown) => PlanEventBody;
  /** Actual spend entries against plans (rule MP-2). */
  readonly budgetActual: (input: unknown) => BudgetActual;
  /** Sales opportunities (rule MP-3). */
  readonly opportunity: (input: unknown) => Opportunity;
  /** Opportunity event bodies (rule MP-3), appended after the `created` event. */
  readonly opportunityEvent: (input: unknown) => OpportunityEventBody;
  /** Audit contexts (rule AR-4). */
  readonly auditContext: (input: unknown) => AuditContext;
}

/** `parse`, then `check` against the default limits policy. */
function parseWithin<T>(parse: (input: unknown) => T, check: (value: T) => void): (input: unknown) => T {
  return (input) => {
    const value = parse(input);
    check(value);
    return value;
  };
}

/**
 * The validation the hostile-input suite and the differential tests apply: each aggregate's core parser, which
 * refuses everything some supported store cannot hold exactly, then its limits check under `DEFAULT_LIMITS`. Both
 * refuse with a `KehuValidationError`.
 */
export const HOSTILE_VALIDATORS: HostileValidators = {
  customer: parseWithin(parseCustomer, (v) => checkCustomerLimits(v, DEFAULT_LIMITS)),
  transaction: parseWithin(parseTransaction, (v) => checkTransactionLimits(v, DEFAULT_LIMITS)),
  complaint: parseWithin(parseComplaint, (v) => checkComplaintLimits(v, DEFAULT_LIMITS)),
  complaintEvent: parseWithin(parseComplaintEvent, (v) =>
    checkComplaintEventLimits(v, DEFAULT_LIMITS, { eventsSoFar: 1 }),
  ),
  contactRecord: parseWithin(parseContactRecord, (v) => checkContactRecordLimits(v, DEFAULT_LIMITS)),
  surveyResponse: parseWithin(parseSurveyResponse, (v) => checkSurveyResponseLimits(v, DEFAULT_LIMITS)),
  gradeAssignment: parseWithin(parseGradeAssignment, (v) => checkGradeLimits(v, DEFAULT_LIMITS)),
  churnScore: parseWithin(parseChurnScoreRecord, (v) => checkChurnScoreLimits(v, DEFAULT_LIMITS)),
  customerExit: parseWithin(parseCustomerExit, (v) => checkCustomerExitLimits(v, DEFAULT_LIMITS)),
  owner: parseWithin(parseOwner, (v) => checkOwnerLimits(v, DEFAULT_LIMITS)),
  revisitAction: parseWithin(parseRevisitAction, (v) => checkRevisitActionLimits(v, DEFAULT_LIMITS)),
  plan: parseWithin(parseMaintenancePlan, (v) => checkPlanLimits(v, DEFAULT_LIMITS)),
  planEvent: parseWithin(parsePlanEvent, (v) => checkPlanEventLimits(v, DEFAULT_LIMITS)),
  budgetActual: parseWithin(parseBudgetActual, (v) => checkBudgetActualLimits(v, DEFAULT_LIMITS)),
  opportunity: parseWithin(parseOpportunity, (v) => checkOpportunityLimits(v, DEFAULT_LIMITS)),
  opportunityEvent: parseWithin(parseOpportunityEvent, (v) => checkOpportunityEventLimits(v, DEFAULT_LIMITS)),
  auditContext: parseWithin(parseAuditContext, (v) => checkAuditContextLimits(v, DEFAULT_LIMITS)),
};
