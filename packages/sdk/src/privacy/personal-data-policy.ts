import { parserFor } from '@kehu/core';
import * as z from 'zod';

/** Personal fields of a customer that can be sealed (rule AR-5). */
export const CUSTOMER_PERSONAL_FIELDS = [
  'name',
  'birthday',
  'channels',
  'address',
  'contacts',
  'needs',
  'preferences',
  'organization.legalRepresentative',
  'organization.generalManager',
  'attributes',
] as const;
/** Personal fields of a sales record. */
export const TRANSACTION_PERSONAL_FIELDS = ['attributes'] as const;
/** Personal fields of a complaint intake. */
export const COMPLAINT_PERSONAL_FIELDS = ['content', 'contactDetails', 'place', 'attributes'] as const;
/** Personal fields of a complaint event (free text). */
export const COMPLAINT_EVENT_PERSONAL_FIELDS = ['note', 'summary', 'resolution'] as const;
/** Personal fields of a contact record. */
export const CONTACT_RECORD_PERSONAL_FIELDS = ['summary', 'followUp.action', 'attributes'] as const;
/** Personal fields of a survey response: `textAnswers` are the answers given as free text. */
export const SURVEY_RESPONSE_PERSONAL_FIELDS = ['textAnswers', 'attributes'] as const;
/** Personal fields of a grade assignment (its reason is free text and may name the person). */
export const GRADE_PERSONAL_FIELDS = ['reason'] as const;
/** Personal fields of a customer exit (the concrete reason and lessons are free text about the person, CH-7). */
export const EXIT_PERSONAL_FIELDS = ['detail', 'lessons', 'attributes'] as const;
/** Personal fields of a revisit action (a snooze or skip): its reason is free text about the person. */
export const REVISIT_ACTION_PERSONAL_FIELDS = ['reason', 'attributes'] as const;
/**
 * Personal fields of a sales opportunity of a person (rule MP-3): its name (often the person's own project, e.g.
 * "欧阳女士 新房装修") and attributes. Sealed only when the customer is a person or is not stored.
 */
export const OPPORTUNITY_PERSONAL_FIELDS = ['name', 'attributes'] as const;
/** Personal fields of an opportunity event of a person: the free-text note. */
export const OPPORTUNITY_EVENT_PERSONAL_FIELDS = ['note'] as const;

const fields = <T extends readonly [string, ...string[]]>(all: T) =>
  z.array(z.enum(all)).default([...all] as T[number][]);

/**
 * Which fields hold personal data and whether Kehu encrypts them (rule AR-5; China's PIPL).
 * Data like every policy, so hosts can store, version and override it. Defaults: every
 * field named here is personal and encrypted. Names, birthdays, phones, e-mails, addresses,
 * contacts, free-text notes and custom attributes are personal; amounts, dates, statuses,
 * tiers and ids are not, so statistics keep working after a person is erased.
 */
export const personalDataPolicySchema = z.strictObject({
  /**
   * Encrypt personal fields with each person's data key (default `true`). Switch it off only
   * when the host encrypts at another layer; then erasure cannot reach copies (see the guide).
   */
  encrypt: z.boolean().default(true),
  /** Customer fields (default: all of {@link CUSTOMER_PERSONAL_FIELDS}). */
  customer: fields(CUSTOMER_PERSONAL_FIELDS),
  /** Sales record fields (default: `attributes`). */
  transaction: fields(TRANSACTION_PERSONAL_FIELDS),
  /** Complaint intake fields (default: content, contact details, place, attributes). */
  complaint: fields(COMPLAINT_PERSONAL_FIELDS),
  /** Complaint event fields (default: note, summary, resolution). */
  complaintEvent: fields(COMPLAINT_EVENT_PERSONAL_FIELDS),
  /** Contact record fields (default: summary, follow-up action, attributes). */
  contactRecord: fields(CONTACT_RECORD_PERSONAL_FIELDS),
  /** Survey response fields (default: free-text answers, attributes). */
  surveyResponse: fields(SURVEY_RESPONSE_PERSONAL_FIELDS),
  /** Grade fields (default: reason). */
  grade: fields(GRADE_PERSONAL_FIELDS),
  /** Customer exit fields (default: detail, lessons, attributes). */
  exit: fields(EXIT_PERSONAL_FIELDS),
  /** Revisit action fields (default: reason, attributes). */
  revisitAction: fields(REVISIT_ACTION_PERSONAL_FIELDS),
  /** Opportunity fields of a person customer (default: name, attributes). */
  opportunity: fields(OPPORTUNITY_PERSONAL_FIELDS),
  /** Opportunity event fields of a person customer (default: note). */
  opportunityEvent: fields(OPPORTUNITY_EVENT_PERSONAL_FIELDS),
});

/** The personal-data policy, as used. */
export type PersonalDataPolicy = z.output<typeof personalDataPolicySchema>;
/** What {@link parsePersonalDataPolicy} accepts (every field optional). */
export type PersonalDataPolicyInput = z.input<typeof personalDataPolicySchema>;

/** Validates a personal-data policy; throws `KehuValidationError` naming the bad field. */
export const parsePersonalDataPolicy = parserFor(personalDataPolicySchema, 'personal data policy');

/** The default personal-data policy: everything personal is encrypted. */
export const DEFAULT_PERSONAL_DATA_POLICY: PersonalDataPolicy = parsePersonalDataPolicy({});
