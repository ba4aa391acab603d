import type { ComplaintEventBodyInput } from '@kehu/core';

export type {
  AuditContextInput,
  ComplaintInput,
  ContactRecordInput,
  CustomerInput,
  GradeAssignmentInput,
  SurveyResponseInput,
  TransactionInput,
} from '@kehu/core';

/** What `complaints.appendEvents` accepts per event (the body; the store numbers it). */
export type ComplaintEventInput = ComplaintEventBodyInput;
