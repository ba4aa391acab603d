import {
  complaintSeveritySchema,
  complaintStateSchema,
  contactPurposeSchema,
  customerKindSchema,
  customerStatusSchema,
  idSchema,
  instantCodec,
  invalidInput,
  KehuValidationError,
  tierSchema,
  toValidationIssues,
  type ComplaintSeverity,
  type ContactPurpose,
  type CustomerKind,
  type CustomerStatus,
  type Tier,
  type ComplaintState,
} from '@kehu/core';
import type {
  ComplaintFilter,
  ContactRecordFilter,
  CustomerFilter,
  SurveyResponseFilter,
  TransactionFilter,
} from '@kehu/storage';
import type { InstantInput } from './instant.js';

/** A field check: one of core's schemas. */
interface FieldSchema {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown };
}
type Issues = Parameters<typeof toValidationIssues>[0];

/**
 * Validates a filter object against its fields: unknown fields are refused with their
 * path, each known field is checked with core's schema (instants as a `Date` or ISO text).
 */
function filterParser<T>(what: string, fields: Record<string, FieldSchema>): (input: unknown) => T {
  return (input) => {
    if (input === undefined) return {} as T;
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw invalidInput([], `${what} must be an object`, 'invalid_type');
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      const field = fields[key];
      if (field === undefined)
        throw invalidInput([key], `invalid ${what} at ${key}: unknown field`, 'unrecognized_keys');
      if (value === undefined) continue;
      const r = field.safeParse(value);
      if (!r.success) {
        const issues = toValidationIssues((r.error as { issues: Issues }).issues).map((i) => ({
          ...i,
          path: [key, ...i.path],
        }));
        throw new KehuValidationError(`invalid ${what} at ${key}: ${issues[0]?.message ?? 'invalid value'}`, issues);
      }
      out[key] = r.data;
    }
    return out as T;
  };
}

/** Which customers `kehu.customers.list`/`stream` give; every field given must match. */
export interface CustomerListFilter {
  /** Only customers with this status. */
  status?: CustomerStatus;
  /** Only persons or only organizations. */
  kind?: CustomerKind;
  /** Only this account manager's customers. */
  owner?: string;
  /** Only customers whose current grade is this tier. */
  tier?: Tier;
}

/** Which complaints `kehu.complaints.list`/`stream` give; every field given must match. */
export interface ComplaintListFilter {
  /** Only complaints in this state (after their whole log). */
  state?: ComplaintState;
  /** Only complaints of this severity in effect. */
  severity?: ComplaintSeverity;
  /** Only this customer's complaints. */
  customerId?: string;
  /** Only complaints received at or after this instant. */
  receivedFrom?: InstantInput;
  /** Only complaints received before this instant. */
  receivedTo?: InstantInput;
}

/** Which survey responses `kehu.surveys.list`/`stream`/`count` give; every field given must match. */
export interface SurveyListFilter {
  /** Only responses to this survey. */
  surveyId?: string;
  /** Only this customer's responses. */
  customerId?: string;
  /** Only responses answered at or after this instant. */
  from?: InstantInput;
  /** Only responses answered before this instant. */
  to?: InstantInput;
}

/** Which contact records `kehu.contactRecords.list`/`stream` give; every field given must match. */
export interface ContactRecordListFilter {
  /** Only this customer's records. */
  customerId?: string;
  /** Only records made by this staff member. */
  owner?: string;
  /** Only records of this purpose (e.g. `in-depth-interview`, rule SA-2). */
  purpose?: ContactPurpose;
}

/** Which transactions `kehu.transactions.list`/`stream`/`count` give; every field given must match. */
export interface TransactionListFilter {
  /** Only this customer's transactions. */
  customerId?: string;
  /** Only transactions at or after this instant. */
  from?: InstantInput;
  /** Only transactions before this instant. */
  to?: InstantInput;
}

/** Validates a customer filter (`KehuValidationError` with the path of the bad or unknown field). */
export const parseCustomerFilter = filterParser<CustomerFilter>('customer filter', {
  status: customerStatusSchema,
  kind: customerKindSchema,
  owner: idSchema,
  tier: tierSchema,
});
/** Validates a complaint filter. */
export const parseComplaintFilter = filterParser<ComplaintFilter>('complaint filter', {
  state: complaintStateSchema,
  severity: complaintSeveritySchema,
  customerId: idSchema,
  receivedFrom: instantCodec,
  receivedTo: instantCodec,
});
/** Validates a survey response filter. */
export const parseSurveyFilter = filterParser<SurveyResponseFilter>('survey response filter', {
  surveyId: idSchema,
  customerId: idSchema,
  from: instantCodec,
  to: instantCodec,
});
/** Validates a contact record filter. */
export const parseContactRecordFilter = filterParser<ContactRecordFilter>('contact record filter', {
  customerId: idSchema,
  owner: idSchema,
  purpose: contactPurposeSchema,
});
/** Validates a transaction filter. */
export const parseTransactionFilter = filterParser<TransactionFilter>('transaction filter', {
  customerId: idSchema,
  from: instantCodec,
  to: instantCodec,
});
