import type {
  AuditEntry,
  BudgetActual,
  ChurnScoreRecord,
  Complaint,
  ComplaintEvent,
  ComplaintSeverity,
  ComplaintState,
  ContactRecord,
  Customer,
  CustomerExit,
  GradeAssignment,
  MaintenancePlan,
  Opportunity,
  OpportunityEvent,
  Owner,
  PlanEvent,
  RevisitAction,
  SurveyResponse,
  Transaction,
} from '@kehu/core';
import { Collection } from './collection.js';
import type { LogAggregate } from './event-log.js';

/**
 * A complaint with its event log and the head of the log (what appending needs); its
 * version is the length of the log.
 */
export interface ComplaintAggregate {
  /** The intake. */
  readonly complaint: Complaint;
  /**
   * The log, `seq` 1..n. Appends push onto this array in place (their undo step shortens it
   * back), so that an append never copies the log.
   */
  readonly events: ComplaintEvent[];
  /** The state in effect after the whole log. */
  readonly state: ComplaintState;
  /** The severity in effect after the whole log. */
  readonly severity: ComplaintSeverity;
  /** The `at` of the log's last event, in ms. */
  readonly lastEventAt: number;
}

/** Everything one memory store holds, with the sort orders of its lists. */
export function createState() {
  const customers = new Collection<Customer>();
  const transactions = new Collection<Transaction>();
  const complaints = new Collection<ComplaintAggregate>();
  const contactRecords = new Collection<ContactRecord>();
  const surveyResponses = new Collection<SurveyResponse>();
  const grades = new Collection<readonly GradeAssignment[]>();
  const churnScores = new Collection<readonly ChurnScoreRecord[]>();
  const exits = new Collection<CustomerExit>();
  const owners = new Collection<Owner>();
  const revisitActions = new Collection<RevisitAction>();
  const plans = new Collection<LogAggregate<MaintenancePlan, PlanEvent>>();
  const budgetActuals = new Collection<BudgetActual>();
  const opportunities = new Collection<LogAggregate<Opportunity, OpportunityEvent>>();
  const audit = new Collection<AuditEntry>();
  return {
    customers,
    customersById: customers.index((e) => [e.id], 1),
    transactions,
    transactionsByCustomer: transactions.index((e) => [e.record.customerId, e.record.occurredAt.getTime(), e.id], 3),
    complaints,
    complaintsById: complaints.index((e) => [e.id], 1),
    complaintsByCustomer: complaints.index(
      (e) => [e.record.complaint.customerId, e.record.complaint.receivedAt.getTime(), e.id],
      3,
    ),
    complaintsByReceived: complaints.index((e) => [e.record.complaint.receivedAt.getTime(), e.id], 2),
    contactRecords,
    contactRecordsById: contactRecords.index((e) => [e.id], 1),
    contactRecordsByCustomer: contactRecords.index((e) => [e.record.customerId, e.record.at.getTime(), e.id], 3),
    contactRecordsByTime: contactRecords.index((e) => [e.record.at.getTime(), e.id], 2),
    surveyResponses,
    surveyResponsesById: surveyResponses.index((e) => [e.id], 1),
    grades,
    gradesByCustomer: grades.index((e) => [e.id], 1),
    churnScores,
    churnScoresByCustomer: churnScores.index((e) => [e.id], 1),
    exits,
    exitsByLeftAt: exits.index((e) => [e.record.leftAt.getTime(), e.id], 2),
    exitsByCustomer: exits.index((e) => [e.record.customerId, e.record.leftAt.getTime(), e.id], 3),
    owners,
    ownersById: owners.index((e) => [e.id], 1),
    revisitActions,
    revisitActionsByCustomer: revisitActions.index((e) => [e.record.customerId, e.record.at.getTime(), e.id], 3),
    plans,
    plansById: plans.index((e) => [e.id], 1),
    plansByOwner: plans.index((e) => [e.record.record.ownerId, e.id], 2),
    budgetActuals,
    budgetActualsById: budgetActuals.index((e) => [e.id], 1),
    budgetActualsByPlan: budgetActuals.index((e) => [e.record.planId, e.record.spentOn, e.id], 3),
    opportunities,
    opportunitiesById: opportunities.index((e) => [e.id], 1),
    opportunitiesByCustomer: opportunities.index(
      (e) => [e.record.record.customerId, e.record.record.createdAt.getTime(), e.id],
      3,
    ),
    opportunitiesBySalesperson: opportunities.index(
      (e) => [e.record.record.salespersonId, e.record.record.createdAt.getTime(), e.id],
      3,
    ),
    audit,
    auditBySeq: audit.index((e) => [e.record.seq], 1),
    auditByEntity: audit.index((e) => [e.record.entity, e.record.entityId, e.record.seq], 3),
    /** The last audit `seq` handed out. */
    auditSeq: { value: 0 },
  };
}

/** The state of one memory store. */
export type MemoryState = ReturnType<typeof createState>;
