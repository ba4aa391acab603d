import type { PersonalDataPolicy } from './personal-data-policy.js';
import type { SealSpec } from './sealing.js';

/** How each kind of record is sealed under one personal-data policy. */
export interface SealSpecs {
  /** Customers: sealed per field, contacts one envelope each. */
  readonly customer: SealSpec;
  /** Sales records. */
  readonly transaction: SealSpec;
  /** Complaint intakes. */
  readonly complaint: SealSpec;
  /** Complaint events: their free text in one envelope held by `note`. */
  readonly complaintEvent: SealSpec;
  /** Contact records. */
  readonly contactRecord: SealSpec;
  /** Survey responses. */
  readonly surveyResponse: SealSpec;
  /** Grade assignments: the sealed reason rides in `explanation`. */
  readonly grade: SealSpec;
  /** Customer exits: the concrete reason, the lessons and attributes (rule CH-7). */
  readonly exit: SealSpec;
  /** Revisit actions (snoozes and skips): the reason and attributes. */
  readonly revisitAction: SealSpec;
  /** Opportunities of a person: the name and attributes (rule MP-3). */
  readonly opportunity: SealSpec;
  /** Opportunity events of a person: the note, in one envelope held by `note`. */
  readonly opportunityEvent: SealSpec;
}

const none: ReadonlySet<string> = new Set();

/** The seal specs of `policy`. */
export function sealSpecs(policy: PersonalDataPolicy): SealSpecs {
  // The event envelope is held by `note`, so `note` is sealed whenever any event field is.
  const eventFields = policy.complaintEvent.length === 0 ? [] : [...new Set(['note', ...policy.complaintEvent])];
  // A birthday's calendar (rule AR-3) is sealed with the birthday: stored alone it would describe a missing field.
  const customerFields = policy.customer.includes('birthday')
    ? [...policy.customer, 'birthdayCalendar']
    : policy.customer;
  return {
    customer: {
      fields: customerFields,
      required: new Set(['name']),
      carrier: 'attributes',
      perElement: new Set(['contacts']),
    },
    transaction: { fields: policy.transaction, required: none, carrier: 'attributes' },
    complaint: { fields: policy.complaint, required: new Set(['content']), carrier: 'attributes' },
    complaintEvent: { fields: eventFields, required: none, carrier: 'note', inline: 'note' },
    contactRecord: { fields: policy.contactRecord, required: new Set(['followUp.action']), carrier: 'attributes' },
    surveyResponse: { fields: policy.surveyResponse, required: none, carrier: 'attributes' },
    grade: { fields: policy.grade, required: new Set(['reason']), carrier: 'explanation' },
    exit: { fields: policy.exit, required: none, carrier: 'attributes' },
    revisitAction: { fields: policy.revisitAction, required: new Set(['reason']), carrier: 'attributes' },
    opportunity: { fields: policy.opportunity, required: none, carrier: 'attributes' },
    opportunityEvent: { fields: policy.opportunityEvent, required: none, carrier: 'note', inline: 'note' },
  };
}
