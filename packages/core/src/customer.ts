import * as z from 'zod';
import {
  birthdayTextSchema,
  currencySchema,
  idSchema,
  instantCodec,
  isBirthdayOf,
  nonNegativeDecimalCodec,
} from './codecs.js';
import { attributesSchema } from './json-value.js';
import { int32Schema } from './numbers.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** Person or organization (rule AR-1). */
export const customerKindSchema = z.enum(['person', 'organization']);
/** Person or organization. */
export type CustomerKind = z.infer<typeof customerKindSchema>;

/**
 * Where the customer stands with the business (rule AR-7): a prospect (potential
 * customer), an active existing customer, a dormant ("sleeping") one, or a lost one.
 * Finer lifecycle stages (potential, new, mature, dormant, lost) are computed from
 * behaviour by `@kehu/rfm`.
 */
export const customerStatusSchema = z.enum(['prospect', 'active', 'dormant', 'lost']);
/** Customer status. */
export type CustomerStatus = z.infer<typeof customerStatusSchema>;

/** Customer or partner (rule AR-7: existing customers, prospects, partners). */
export const relationshipSchema = z.enum(['customer', 'partner']);
/** Customer or partner. */
export type Relationship = z.infer<typeof relationshipSchema>;

/** A way to reach someone (rule AR-1: contact channels). */
export const contactPointSchema = z.strictObject({
  type: z.enum(['phone', 'mobile', 'email', 'wechat', 'qq', 'fax', 'other']),
  value: textSchema.min(1),
  label: textSchema.optional(),
});
/** A way to reach someone. */
export type ContactPoint = z.infer<typeof contactPointSchema>;

/** The part a contact plays in the customer's decisions (rule AR-2). */
export const decisionRoleSchema = z.enum(['decision-maker', 'influencer', 'purchaser', 'user', 'gatekeeper', 'other']);
/** Decision role of a contact. */
export type DecisionRole = z.infer<typeof decisionRoleSchema>;

/**
 * The calendar of a birthday's month and day (rule AR-3): `solar` (Gregorian, the default when absent) or `lunar`
 * (the Chinese lunar calendar; a lunar birthday falls on a different Gregorian date every year).
 */
export const birthdayCalendarSchema = z.enum(['solar', 'lunar']);
/** The calendar of a birthday. */
export type BirthdayCalendar = z.infer<typeof birthdayCalendarSchema>;

/** A birthday must be a date of its calendar; `birthdayCalendar` needs a `birthday` (rule AR-3). */
function checkBirthday(
  r: { birthday?: string | undefined; birthdayCalendar?: BirthdayCalendar | undefined },
  ctx: z.RefinementCtx,
): void {
  if (r.birthday === undefined) {
    if (r.birthdayCalendar !== undefined)
      ctx.addIssue({ code: 'custom', path: ['birthdayCalendar'], message: 'a birthday calendar needs a birthday' });
    return;
  }
  const calendar = r.birthdayCalendar ?? 'solar';
  if (!isBirthdayOf(calendar, r.birthday))
    ctx.addIssue({
      code: 'custom',
      path: ['birthday'],
      message:
        calendar === 'solar'
          ? 'expected YYYY-MM-DD or --MM-DD'
          : 'expected a lunar YYYY-MM-DD or --MM-DD with a day from 01 to 30',
    });
}

/** A contact person at a customer (rules AR-2, AR-3). */
export const contactSchema = z
  .strictObject({
    id: idSchema,
    name: textSchema.min(1),
    /** Job title or role in the organization, e.g. "采购经理". */
    title: textSchema.optional(),
    decisionRole: decisionRoleSchema.optional(),
    /** Marks a key decision maker (rule AR-2). */
    isKeyContact: z.boolean().default(false),
    birthday: birthdayTextSchema.optional(),
    /** `lunar`: the month and day of `birthday` are Chinese lunar (rule AR-3); needs a `birthday`. Default solar. */
    birthdayCalendar: birthdayCalendarSchema.optional(),
    channels: z.array(contactPointSchema).default([]),
    notes: textSchema.optional(),
  })
  .superRefine((c, ctx) => checkBirthday(c, ctx));
/** A contact person. */
export type Contact = z.output<typeof contactSchema>;

/** A postal address. */
export const addressSchema = z.strictObject({
  country: textSchema.optional(),
  province: textSchema.optional(),
  city: textSchema.optional(),
  district: textSchema.optional(),
  street: textSchema.optional(),
  postalCode: textSchema.optional(),
});
/** A postal address. */
export type Address = z.output<typeof addressSchema>;

/** Company facts (rule AR-1: legal representative, general manager, business status). */
export const organizationProfileSchema = z.strictObject({
  legalRepresentative: textSchema.optional(),
  generalManager: textSchema.optional(),
  mainBusiness: textSchema.optional(),
  headcount: int32Schema.nonnegative().optional(),
  operatingStatus: z.enum(['operating', 'suspended', 'closed', 'unknown']).optional(),
});
/** Company facts. */
export type OrganizationProfile = z.output<typeof organizationProfileSchema>;

/** Credit status (rule AR-1: rating, payment history). */
export const creditStatusSchema = z.strictObject({
  rating: textSchema.optional(),
  limit: nonNegativeDecimalCodec.optional(),
  currency: currencySchema.optional(),
  paymentHistory: z.enum(['good', 'occasionally-late', 'often-late', 'defaulted', 'unknown']).optional(),
  reviewedAt: instantCodec.optional(),
});
/** Credit status. */
export type CreditStatus = z.output<typeof creditStatusSchema>;

/**
 * The customer archive (rules AR-1, AR-2, AR-3, AR-7). Orders, revisits and complaints
 * live in their own repositories and refer to the customer by `id`.
 */
export const customerSchema = z
  .strictObject({
    id: idSchema,
    kind: customerKindSchema,
    name: textSchema.min(1, 'must not be empty'),
    status: customerStatusSchema,
    relationship: relationshipSchema.default('customer'),
    createdAt: instantCodec,
    /** Account manager responsible for the customer. */
    owner: idSchema.optional(),
    contacts: z.array(contactSchema).default([]),
    /** Person customers only (rule AR-3). */
    birthday: birthdayTextSchema.optional(),
    /** `lunar`: the month and day of `birthday` are Chinese lunar (rule AR-3); needs a `birthday`. Default solar. */
    birthdayCalendar: birthdayCalendarSchema.optional(),
    channels: z.array(contactPointSchema).default([]),
    address: addressSchema.optional(),
    industry: textSchema.optional(),
    organization: organizationProfileSchema.optional(),
    /** Needs and preferences (rule AR-1). */
    needs: z.array(textSchema).default([]),
    preferences: z.array(textSchema).default([]),
    credit: creditStatusSchema.optional(),
    tags: z.array(textSchema.min(1)).default([]),
    attributes: attributesSchema.default({}),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'organization' && c.birthday !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthday'],
        message: 'organizations have no birthday; record it on a contact',
      });
    }
    if (c.kind === 'person' && c.organization !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization'],
        message: 'only organizations have an organization profile',
      });
    }
    checkBirthday(c, ctx);
    const seen = new Set<string>();
    c.contacts.forEach((contact, i) => {
      if (seen.has(contact.id))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'id'], message: `duplicate contact id ${contact.id}` });
      seen.add(contact.id);
    });
  });

/** A customer archive record, as the domain uses it (`Date`s, `Decimal`s). */
export type Customer = z.output<typeof customerSchema>;
/** What {@link parseCustomer} accepts (ISO strings, decimal strings, optional defaults). */
export type CustomerInput = z.input<typeof customerSchema>;

/** Validates and decodes a customer; throws `KehuValidationError` naming the bad field. */
export const parseCustomer = parserFor(customerSchema, 'customer');
/** Encodes a customer as exact JSON (ISO-8601 instants, decimal strings). */
export const customerToJson = encoderFor(customerSchema, 'customer');
