import { quoteSchema } from './identifiers.js';

/** Qualified table names of one schema. */
export interface TableNames {
  /** The schema name (unquoted; a validated identifier). */
  schema: string;
  customers: string;
  transactions: string;
  complaints: string;
  complaintEvents: string;
  contactRecords: string;
  surveyResponses: string;
  gradeAssignments: string;
  churnScores: string;
  customerExits: string;
  owners: string;
  revisitActions: string;
  maintenancePlans: string;
  planEvents: string;
  budgetActuals: string;
  opportunities: string;
  opportunityEvents: string;
  auditLog: string;
}

/** The qualified table names in `schema`. */
export function tableNames(schema: string): TableNames {
  const s = quoteSchema(schema);
  return {
    schema,
    customers: `${s}.customers`,
    transactions: `${s}.transactions`,
    complaints: `${s}.complaints`,
    complaintEvents: `${s}.complaint_events`,
    contactRecords: `${s}.contact_records`,
    surveyResponses: `${s}.survey_responses`,
    gradeAssignments: `${s}.grade_assignments`,
    churnScores: `${s}.churn_scores`,
    customerExits: `${s}.customer_exits`,
    owners: `${s}.owners`,
    revisitActions: `${s}.revisit_actions`,
    maintenancePlans: `${s}.maintenance_plans`,
    planEvents: `${s}.plan_events`,
    budgetActuals: `${s}.budget_actuals`,
    opportunities: `${s}.opportunities`,
    opportunityEvents: `${s}.opportunity_events`,
    auditLog: `${s}.audit_log`,
  };
}
