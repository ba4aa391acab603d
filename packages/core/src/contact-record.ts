import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** Channels of contact (rule CA-8). */
export const contactChannelSchema = z.enum(['phone', 'email', 'sms', 'face-to-face', 'instant-message', 'other']);
/** Contact channel. */
export type ContactChannel = z.infer<typeof contactChannelSchema>;

/**
 * Why the contact happened: the revisit purposes of rule CA-5, the post-purchase and
 * event-driven callbacks of rules CA-2 and CA-3, the reminders of rule CA-7, and the
 * in-depth interviews of high-value customers of rule SA-2.
 */
export const contactPurposeSchema = z.enum([
  'explanation',
  'promotion',
  'emotional',
  'mediation',
  'suggestion',
  'guidance',
  'post-purchase',
  'complaint-callback',
  'greeting',
  'win-back',
  'in-depth-interview',
  'other',
]);
/** Contact purpose. */
export type ContactPurpose = z.infer<typeof contactPurposeSchema>;

/** What came of the contact (rule CA-6: ask whether the customer can talk now). */
export const contactOutcomeSchema = z.enum(['completed', 'callback-requested', 'no-answer', 'declined', 'unreachable']);
/** Contact outcome. */
export type ContactOutcome = z.infer<typeof contactOutcomeSchema>;

/**
 * A revisit or other contact with a customer (rules CA-6, CA-9): when, how, why, by
 * whom, what came of it and what follows.
 */
export const contactRecordSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  contactId: idSchema.optional(),
  at: instantCodec,
  channel: contactChannelSchema,
  direction: z.enum(['outbound', 'inbound']).default('outbound'),
  purpose: contactPurposeSchema,
  /** The staff member who made the contact. */
  owner: idSchema,
  outcome: contactOutcomeSchema,
  /** What was said, as recorded on the service card right after the call (rule CA-6). */
  summary: textSchema.optional(),
  followUp: z
    .strictObject({
      action: textSchema.min(1),
      dueAt: instantCodec.optional(),
    })
    .optional(),
  relatedComplaintId: idSchema.optional(),
  /** What the contact was about, as themes (an in-depth interview's findings, rule SA-2), e.g. `delivery`. */
  themes: z.array(textSchema.min(1).max(200)).max(100).optional(),
  attributes: attributesSchema.default({}),
});

/** A contact record. */
export type ContactRecord = z.output<typeof contactRecordSchema>;
/** What {@link parseContactRecord} accepts. */
export type ContactRecordInput = z.input<typeof contactRecordSchema>;

/** Validates and decodes a contact record. */
export const parseContactRecord = parserFor(contactRecordSchema, 'contact record');
/** Encodes a contact record as exact JSON. */
export const contactRecordToJson = encoderFor(contactRecordSchema, 'contact record');
