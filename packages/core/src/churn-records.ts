import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { checkLimits, DEFAULT_LIMITS, type LimitsPolicy } from './limits.js';
import { numberSchema } from './numbers.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** The churn risk bands, lowest risk first (rules CH-1 to CH-3). */
export const CHURN_BANDS = ['low', 'medium', 'high', 'critical'] as const;

/** A churn risk band (rules CH-1 to CH-3). */
export const churnBandSchema = z.enum(CHURN_BANDS);
/** A churn risk band. */
export type ChurnBand = z.infer<typeof churnBandSchema>;

/** Compares bands: negative when `a` is a lower risk than `b`, 0 when equal. */
export function compareChurnBands(a: ChurnBand, b: ChurnBand): number {
  return CHURN_BANDS.indexOf(a) - CHURN_BANDS.indexOf(b);
}

/**
 * A churn risk score given to a customer (rules CH-1 to CH-3): the score at one instant, its band, the band of the
 * score before it, whether this score raised an alert, and the explanation (the factors, their contributions, the
 * reason codes and the numbers that produced it) as JSON, so a stored score can be explained later.
 */
export const churnScoreRecordSchema = z.strictObject({
  customerId: idSchema,
  /** When the score was computed (the `asOf` of the risk computation). */
  scoredAt: instantCodec,
  /** The risk score, 0..100, higher meaning more likely to leave; a statistic, so a float. */
  score: numberSchema.min(0, 'a churn score is at least 0').max(100, 'a churn score is at most 100'),
  band: churnBandSchema,
  /** The band of the customer's previous score, or `null` for the first score. */
  previousBand: churnBandSchema.nullable(),
  /** Whether this score raised an alert (the customer crossed into `band`, rule CH-3). */
  alert: z.boolean(),
  /** The version or name of the risk policy that produced the score. */
  policyVersion: textSchema.min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  /** The factors, contributions, reason codes and numbers behind the score (JSON, with the limits of attributes). */
  explanation: attributesSchema,
});

/** A churn score record. */
export type ChurnScoreRecord = z.output<typeof churnScoreRecordSchema>;
/** What {@link parseChurnScoreRecord} accepts. */
export type ChurnScoreRecordInput = z.input<typeof churnScoreRecordSchema>;

/** Validates and decodes a churn score record. */
export const parseChurnScoreRecord = parserFor(churnScoreRecordSchema, 'churn score record');
/** Encodes a churn score record as exact JSON. */
export const churnScoreRecordToJson = encoderFor(churnScoreRecordSchema, 'churn score record');

/** How the accounts of a customer who left were closed (rule CH-4). */
export const EXIT_SETTLEMENTS = ['settled', 'pending', 'written-off', 'disputed'] as const;

/** The settlement status of an exit (rule CH-4). */
export const exitSettlementSchema = z.enum(EXIT_SETTLEMENTS);
/** The settlement status of an exit. */
export type ExitSettlement = z.infer<typeof exitSettlementSchema>;

/**
 * The pattern of an exit reason: a taxonomy code `category.code` (rule CH-5, e.g. `service.slow-response`) or a
 * single word such as `other`. Core checks only the shape: the taxonomy itself belongs to `@kehu/churn`.
 */
export const EXIT_REASON_PATTERN = /^[a-z]+(\.[a-z-]+)?$/;

/** An exit reason code (see {@link EXIT_REASON_PATTERN}). */
export const exitReasonSchema = z
  .string()
  .max(100, 'at most 100 characters')
  .regex(EXIT_REASON_PATTERN, 'must be a reason code such as "service.quality" or "other"');

/**
 * That a customer left (rules CH-4, CH-5): when, the confirmed reason, the settlement status, the lessons drawn, the
 * account manager and who recorded it. `detail` and `lessons` are personal text (the SDK seals them).
 */
export const customerExitSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  /** When the customer left. */
  leftAt: instantCodec,
  /** The confirmed reason: a CH-5 taxonomy code `category.code`, or `other`. */
  reason: exitReasonSchema,
  /** The concrete reason in words. */
  detail: textSchema.min(1, 'must not be empty').optional(),
  settlement: exitSettlementSchema,
  /** What the business learned from the exit (rule CH-4). */
  lessons: textSchema.min(1, 'must not be empty').optional(),
  /** The customer's account manager, who owns the win-back (rule CH-7). */
  ownerId: idSchema.optional(),
  /** The staff member who recorded the exit. */
  recordedBy: idSchema,
  /** When the exit was recorded. */
  recordedAt: instantCodec,
  attributes: attributesSchema.default({}),
});

/** A customer exit. */
export type CustomerExit = z.output<typeof customerExitSchema>;
/** What {@link parseCustomerExit} accepts. */
export type CustomerExitInput = z.input<typeof customerExitSchema>;

/** Validates and decodes a customer exit. */
export const parseCustomerExit = parserFor(customerExitSchema, 'customer exit');
/** Encodes a customer exit as exact JSON. */
export const customerExitToJson = encoderFor(customerExitSchema, 'customer exit');

/**
 * Checks a churn score record against `limits`: its policy version (a name) and explanation (sized as attributes);
 * see {@link checkLimits}.
 */
export function checkChurnScoreLimits(score: ChurnScoreRecord, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('churn-score', score, limits);
}

/** Checks a customer exit against `limits`: its detail, lessons and attributes (see {@link checkLimits}). */
export function checkCustomerExitLimits(exit: CustomerExit, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('exit', exit, limits);
}
