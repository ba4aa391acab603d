import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { int32Schema, numberSchema } from './numbers.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** How a complaint reached the business (rule SL-1). Letters and e-mails are written complaints (rule CA-3). */
export const complaintChannelSchema = z.enum(['phone', 'email', 'letter', 'in-person', 'online']);
/** Complaint channel. */
export type ComplaintChannel = z.infer<typeof complaintChannelSchema>;

/** Severity (rules SL-3, SL-4): urgent and major complaints get faster handling and escalation. */
export const complaintSeveritySchema = z.enum(['normal', 'urgent', 'major']);
/** Complaint severity. */
export type ComplaintSeverity = z.infer<typeof complaintSeveritySchema>;

/**
 * Complaint intake (rule SL-1): who complained, how to reach them, what happened, when
 * and where, and when and how it was received.
 */
export const complaintSchema = z
  .strictObject({
    id: idSchema,
    customerId: idSchema,
    /** The customer's contact who raised it, if any. */
    contactId: idSchema.optional(),
    /** How to reach the complainant (phone, e-mail, address) as they gave it. */
    contactDetails: textSchema.optional(),
    content: textSchema.min(1, 'must not be empty'),
    /** When the event complained about happened. */
    occurredAt: instantCodec,
    /** Where it happened. */
    place: textSchema.optional(),
    receivedAt: instantCodec,
    channel: complaintChannelSchema,
    severity: complaintSeveritySchema.default('normal'),
    category: textSchema.optional(),
    attributes: attributesSchema.default({}),
  })
  .superRefine((c, ctx) => {
    if (c.receivedAt.getTime() < c.occurredAt.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedAt'],
        message: 'a complaint cannot be received before the event it is about',
      });
    }
  });

/** A complaint's intake record. */
export type Complaint = z.output<typeof complaintSchema>;
/** What {@link parseComplaint} accepts. */
export type ComplaintInput = z.input<typeof complaintSchema>;

/** Validates and decodes a complaint intake. */
export const parseComplaint = parserFor(complaintSchema, 'complaint');
/** Encodes a complaint intake as exact JSON. */
export const complaintToJson = encoderFor(complaintSchema, 'complaint');

/** True when the complaint came in writing (letter or e-mail), which asks for an immediate callback (rule CA-3). */
export function isWrittenComplaint(c: Pick<Complaint, 'channel'>): boolean {
  return c.channel === 'letter' || c.channel === 'email';
}

const eventBase = {
  at: instantCodec,
  actor: idSchema,
  note: textSchema.optional(),
};

/**
 * One entry of a complaint's append-only event log. The complaint's state and SLA
 * status are computed from this log by `@kehu/sla`.
 */
export const complaintEventBodySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('received'), ...eventBase }),
  z.strictObject({ type: z.literal('acknowledged'), ...eventBase }),
  z.strictObject({ type: z.literal('preliminary-solution'), ...eventBase, summary: textSchema.optional() }),
  z.strictObject({
    type: z.literal('escalated'),
    ...eventBase,
    level: int32Schema.min(1),
    to: textSchema.optional(),
  }),
  z.strictObject({ type: z.literal('assigned'), ...eventBase, assignee: idSchema, department: textSchema.optional() }),
  z.strictObject({ type: z.literal('waiting-on-customer'), ...eventBase }),
  z.strictObject({ type: z.literal('resumed'), ...eventBase }),
  z.strictObject({ type: z.literal('resolved'), ...eventBase, resolution: textSchema.optional() }),
  z.strictObject({
    type: z.literal('feedback-recorded'),
    ...eventBase,
    satisfied: z.boolean(),
    score: numberSchema.min(0).max(10).optional(),
  }),
  z.strictObject({ type: z.literal('reopened'), ...eventBase }),
  z.strictObject({ type: z.literal('closed'), ...eventBase }),
  z.strictObject({
    type: z.literal('severity-changed'),
    ...eventBase,
    from: complaintSeveritySchema,
    to: complaintSeveritySchema,
  }),
]);

/** An event before the store numbers it. */
export type ComplaintEventBody = z.output<typeof complaintEventBodySchema>;
/** What {@link parseComplaintEvent} accepts. */
export type ComplaintEventBodyInput = z.input<typeof complaintEventBodySchema>;
/** The event types, in the order they usually occur. */
export type ComplaintEventType = ComplaintEventBody['type'];

/** A stored complaint event: the body plus its complaint and 1-based sequence number. */
export type ComplaintEvent = ComplaintEventBody & {
  /** The complaint the event belongs to. */
  readonly complaintId: string;
  /** Position in the complaint's log, starting at 1 (the `received` event). */
  readonly seq: number;
};

/** Validates and decodes a complaint event body. */
export const parseComplaintEvent = parserFor(complaintEventBodySchema, 'complaint event');
/** Encodes a complaint event body as exact JSON. */
export const complaintEventToJson = encoderFor(complaintEventBodySchema, 'complaint event');
