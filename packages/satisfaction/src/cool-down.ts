import { invalidInput, policyParserFor, requireAsOf } from '@kehu/core';
import * as z from 'zod';

const DAY_MS = 86_400_000;

/**
 * A survey cool-down policy (rule SA-1 surveys every purchasing customer; the cool-down keeps
 * the same customer from being asked again too soon). `minDays` is Kehu's default of 90: no
 * rule (SA-1 to SA-5) gives a number.
 */
export const coolDownPolicySchema = z.strictObject({
  /**
   * The least time between two surveys of one customer, in days of 24 hours (elapsed time,
   * independent of time zones). Default 90, Kehu's own default; 0 turns the cool-down off.
   */
  minDays: z.number().int('must be a whole number of days').min(0).max(36_500).default(90),
});

/** A cool-down policy with defaults applied. */
export type CoolDownPolicy = z.output<typeof coolDownPolicySchema>;
/** What {@link parseCoolDownPolicy} accepts. */
export type CoolDownPolicyInput = z.input<typeof coolDownPolicySchema>;

/** Validates a cool-down policy; throws `KehuValidationError` with the path of the bad field. */
export const parseCoolDownPolicy = policyParserFor(coolDownPolicySchema, 'cool-down policy');

/** Kehu's default cool-down: 90 days (no rule gives a number). */
export const DEFAULT_COOL_DOWN_POLICY: CoolDownPolicy = Object.freeze(parseCoolDownPolicy({}));

/** One survey sent to (or answered by) a customer. */
export interface SurveyContact {
  /** The customer surveyed. */
  readonly customerId: string;
  /** When. */
  readonly surveyedAt: Date;
}

/** Why a customer may or may not be surveyed. */
export type CoolDownCode = 'never-surveyed' | 'cool-down-over' | 'in-cool-down';

/** The answer of {@link mayBeSurveyed}, explained. */
export interface CoolDownDecision {
  /** The customer asked about. */
  readonly customerId: string;
  /** Whether the customer may be surveyed at `asOf`. */
  readonly allowed: boolean;
  /** Why, as a code. */
  readonly code: CoolDownCode;
  /** The latest survey of the customer at or before `asOf`, or `null` when there is none. */
  readonly lastSurveyedAt: Date | null;
  /**
   * The earliest instant the customer may be surveyed again: `lastSurveyedAt` plus `minDays`
   * days (at or before `asOf` when `allowed`), or `null` when the customer was never surveyed.
   */
  readonly nextAllowedAt: Date | null;
  /** The cool-down applied, in days. */
  readonly minDays: number;
  /** Why, in a sentence. */
  readonly reason: string;
}

/**
 * Whether `customerId` may be surveyed at `asOf` under the cool-down `policy`: allowed when
 * the customer has no survey in `history` at or before `asOf`, or when `minDays` days (of 24
 * hours) have passed since the latest one (exactly `minDays` days later is allowed). Surveys
 * after `asOf` are ignored, so a decision can be recomputed for any past moment. The
 * result says when the customer was last surveyed, when the cool-down ends and why.
 *
 * @param customerId - the customer to survey
 * @param history - past surveys of any customers (others are ignored); not mutated
 * @param policy - the cool-down policy (default {@link DEFAULT_COOL_DOWN_POLICY})
 * @param options - `asOf`, the moment of the decision (required; no clock is read)
 */
export function mayBeSurveyed(
  customerId: string,
  history: Iterable<SurveyContact>,
  policy: CoolDownPolicyInput | undefined,
  options: { readonly asOf: Date },
): CoolDownDecision {
  const asOf = requireAsOf(options);
  const { minDays } = parseCoolDownPolicy(policy ?? {});
  if (typeof customerId !== 'string' || customerId.length === 0)
    throw invalidInput(['customerId'], 'customerId must be a non-empty string', 'invalid_type');
  let last: Date | null = null;
  let index = 0;
  for (const contact of history) {
    if (typeof contact !== 'object' || contact === null)
      throw invalidInput(['history', index], 'a survey contact must be an object', 'invalid_type');
    if (typeof contact.customerId !== 'string')
      throw invalidInput(['history', index, 'customerId'], 'customerId must be a string', 'invalid_type');
    const at = contact.surveyedAt;
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw invalidInput(['history', index, 'surveyedAt'], 'surveyedAt must be a valid Date', 'invalid_type');
    if (contact.customerId === customerId && at.getTime() <= asOf.getTime() && (last === null || at > last)) last = at;
    index += 1;
  }
  const days = `${minDays} day${minDays === 1 ? '' : 's'}`;
  if (last === null)
    return {
      customerId,
      allowed: true,
      code: 'never-surveyed',
      lastSurveyedAt: null,
      nextAllowedAt: null,
      minDays,
      reason: `customer ${customerId} has no survey at or before ${asOf.toISOString()}`,
    };
  const next = new Date(last.getTime() + minDays * DAY_MS);
  const allowed = next.getTime() <= asOf.getTime();
  const lastText = `customer ${customerId} was last surveyed at ${last.toISOString()}`;
  return {
    customerId,
    allowed,
    code: allowed ? 'cool-down-over' : 'in-cool-down',
    lastSurveyedAt: new Date(last.getTime()),
    nextAllowedAt: next,
    minDays,
    reason: allowed
      ? `${lastText}; the cool-down of ${days} ended at ${next.toISOString()}`
      : `${lastText}; the cool-down of ${days} lasts until ${next.toISOString()}`,
  };
}
