import * as z from 'zod';
import { currencySchema, idSchema, instantCodec, localDateSchema, nonNegativeDecimalCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** Free text; its length is the limits policy's concern (`checkLimits`), as for every other record's texts. */
const longTextSchema = textSchema.min(1, 'must not be empty');

/** A stage id of the opportunity policy's stages, e.g. `qualified` (at most 64 characters). */
export const stageIdSchema = textSchema
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and hyphens');

/** A win or loss reason code of the policy's taxonomy, e.g. `price` (at most 64 characters). */
export const outcomeReasonSchema = stageIdSchema;

/** A probability in whole percent, 0 to 100. */
export const probabilityPercentSchema = z
  .number()
  .int('a probability is a whole percent')
  .min(0, 'a probability is at least 0')
  .max(100, 'a probability is at most 100');

/**
 * A sales opportunity (rule MP-3) as opened: customer, salesperson, expected revenue and close date, where it came
 * from, when it was created and the stage it starts in. Everything that happens to it later (stage moves, manual
 * probabilities, new amounts and dates, reassignment, the outcome) is its event log; `@kehu/plans` replays it.
 */
export const opportunitySchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  salespersonId: idSchema,
  name: textSchema.min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  expectedRevenue: nonNegativeDecimalCodec,
  currency: currencySchema,
  expectedCloseDate: localDateSchema,
  /** Where the opportunity came from (a lead source such as `referral` or `exhibition`). */
  source: textSchema.min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
  createdAt: instantCodec,
  /** The stage it starts in. */
  stage: stageIdSchema,
  attributes: attributesSchema.default({}),
});
/** An opportunity. */
export type Opportunity = z.output<typeof opportunitySchema>;
/** What {@link parseOpportunity} accepts. */
export type OpportunityInput = z.input<typeof opportunitySchema>;
/** Validates and decodes an opportunity; throws `KehuValidationError` naming the bad field. */
export const parseOpportunity = parserFor(opportunitySchema, 'opportunity');
/** Encodes an opportunity as exact JSON. */
export const opportunityToJson = encoderFor(opportunitySchema, 'opportunity');

const eventBase = {
  at: instantCodec,
  actor: idSchema,
  note: longTextSchema.optional(),
};

/**
 * One entry of an opportunity's append-only event log (rule MP-3). `@kehu/plans` checks which events each state
 * allows and replays the log:
 * - `created`: the first event, written when the opportunity is stored (at `createdAt`, in its first stage).
 * - `stage-changed`: to another stage, forward, backward or skipping stages.
 * - `probability-set`: a manual probability that stays until set again by hand; `null` returns to the policy's.
 * - `revenue-changed`, `close-date-changed`, `reassigned`: new expected revenue, close date or salesperson.
 * - `won` / `lost`: the outcome with a reason code from the policy's taxonomy (mandatory).
 * - `reopened`: a closed opportunity opens again in `stage`.
 */
export const opportunityEventBodySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('created'), ...eventBase, stage: stageIdSchema }),
  z.strictObject({ type: z.literal('stage-changed'), ...eventBase, stage: stageIdSchema }),
  z.strictObject({
    type: z.literal('probability-set'),
    ...eventBase,
    probability: probabilityPercentSchema.nullable(),
  }),
  z.strictObject({ type: z.literal('revenue-changed'), ...eventBase, expectedRevenue: nonNegativeDecimalCodec }),
  z.strictObject({ type: z.literal('close-date-changed'), ...eventBase, expectedCloseDate: localDateSchema }),
  z.strictObject({ type: z.literal('reassigned'), ...eventBase, salespersonId: idSchema }),
  z.strictObject({ type: z.literal('won'), ...eventBase, reason: outcomeReasonSchema }),
  z.strictObject({ type: z.literal('lost'), ...eventBase, reason: outcomeReasonSchema }),
  z.strictObject({ type: z.literal('reopened'), ...eventBase, stage: stageIdSchema }),
]);
/** An opportunity event before the store numbers it. */
export type OpportunityEventBody = z.output<typeof opportunityEventBodySchema>;
/** What {@link parseOpportunityEvent} accepts. */
export type OpportunityEventBodyInput = z.input<typeof opportunityEventBodySchema>;
/** The opportunity event types. */
export type OpportunityEventType = OpportunityEventBody['type'];
/** A stored opportunity event: the body plus its opportunity and 1-based sequence number. */
export type OpportunityEvent = OpportunityEventBody & {
  /** The opportunity the event belongs to. */
  readonly opportunityId: string;
  /** Position in the opportunity's log, starting at 1 (the `created` event). */
  readonly seq: number;
};
/** Validates and decodes an opportunity event body. */
export const parseOpportunityEvent = parserFor(opportunityEventBodySchema, 'opportunity event');
/** Encodes an opportunity event body as exact JSON. */
export const opportunityEventToJson = encoderFor(opportunityEventBodySchema, 'opportunity event');
