import { TZDate } from '@date-fns/tz';
import {
  type ExitSettlement,
  dateOfDay,
  dayFromCivil,
  EXIT_SETTLEMENTS,
  invalidInput,
  type Label,
  policyParserFor,
  requireAsOf,
} from '@kehu/core';
import * as z from 'zod';
import {
  CHURN_REASON_CODES,
  CHURN_REASONS,
  type ChurnReasonCode,
  isChurnReasonCode,
  reasonCodeSchema,
} from './taxonomy.js';
import { isZone } from './zone.js';

const zoneSchema = z.string().refine(isZone, 'expected an IANA time zone name');

const daysSchema = z
  .number()
  .int('must be a whole number of days')
  .min(0, 'must not be negative')
  .max(3650, 'at most 3650 days');

/**
 * When and for whom a win-back revisit is requested after a customer leaves (rules CH-7,
 * CH-4). Every default is Kehu's choice, not a rule's: CH-7 says winning a customer back
 * starts with a revisit and CH-4 that lost customers are revisited to learn what they need,
 * but no rule gives a number of days or excludes a reason.
 */
export const winBackPolicySchema = z.strictObject({
  /**
   * Days after leaving before the first revisit (default 30): long enough for the account to
   * be settled and the decision to cool, short enough that the relationship is remembered.
   */
  delayDays: daysSchema.default(30),
  /** A different delay for some reasons (default none), e.g. a quicker call after `service.slow-response`. */
  delayDaysByReason: z.partialRecord(reasonCodeSchema, daysSchema).default({}),
  /**
   * The reasons worth a win-back (default: every CH-5 reason). `market.product-obsolete` is
   * included on purpose: CH-4 revisits lost customers to learn what they need, and what a
   * customer who found the product outdated needs is the input of product innovation (CH-6).
   */
  reasons: z.array(reasonCodeSchema).default([...CHURN_REASON_CODES]),
  /**
   * Settlement statuses that hold the request back (default `disputed` and `written-off`): a
   * disputed account is settled before anyone asks the customer back (CH-7), and courting a
   * customer whose debt is written off is a credit decision the host makes on purpose.
   */
  excludeSettlements: z.array(z.enum(EXIT_SETTLEMENTS)).default(['disputed', 'written-off']),
  /** Who revisits when the exit names no account manager; without it such exits are skipped (`no-owner`). */
  fallbackOwnerId: z.string().min(1, 'must not be empty').max(256, 'at most 256 characters').optional(),
  /** The IANA time zone of `earliestDate` (default `Asia/Shanghai`). */
  zone: zoneSchema.default('Asia/Shanghai'),
});

/** A parsed win-back policy. */
export type WinBackPolicy = z.output<typeof winBackPolicySchema>;
/** What {@link parseWinBackPolicy} accepts (every field optional). */
export type WinBackPolicyInput = z.input<typeof winBackPolicySchema>;

/** Validates a win-back policy; an invalid one throws `KehuPolicyError` naming the first bad field. */
export const parseWinBackPolicy = policyParserFor(winBackPolicySchema, 'win-back policy');

/** The default win-back policy: 30 days, every reason, no request while disputed or written off, Asia/Shanghai. */
export const DEFAULT_WIN_BACK_POLICY: WinBackPolicy = parseWinBackPolicy({});

/** An exit as the win-back needs it: a `ChurnExit` or core's `CustomerExit` fits. */
export interface WinBackExit {
  /** The exit record's id. */
  readonly id: string;
  /** Who left. */
  readonly customerId: string;
  /** When they left. */
  readonly leftAt: Date;
  /** The confirmed reason, a CH-5 code. */
  readonly reason: string;
  /** How the accounts were closed. */
  readonly settlement: ExitSettlement;
  /** The account manager who owns the win-back (rule CH-7). */
  readonly ownerId?: string | undefined;
}

/** A revisit for the cadence module to schedule (rules CH-7, CH-4). */
export interface WinBackRequest {
  /** Who to revisit. */
  readonly customerId: string;
  /** The exit it follows; requests are idempotent by this id. */
  readonly exitId: string;
  /** The confirmed reason of the exit. */
  readonly reason: ChurnReasonCode;
  /** Who revisits: the exit's owner, else the policy's `fallbackOwnerId`. */
  readonly ownerId: string;
  /** First local date (`YYYY-MM-DD`, policy zone) the revisit may happen: leaving date + delay, not before `asOf`. */
  readonly earliestDate: string;
  /** Always `win-back`. */
  readonly purpose: 'win-back';
  /** The rules behind the request. */
  readonly rules: readonly ['CH-7', 'CH-4'];
  /** Why, for people: the reason and what the revisit is for. */
  readonly reasons: Label;
}

/** Why an exit got no request. */
export type WinBackSkipReason = 'reason-excluded' | 'settlement-excluded' | 'not-yet-left' | 'no-owner' | 'superseded';

/** An exit that got no request, and why: nothing is dropped silently. */
export interface WinBackSkip {
  /** The exit record. */
  readonly exitId: string;
  /** Who left. */
  readonly customerId: string;
  /**
   * `reason-excluded` / `settlement-excluded` (the policy), `not-yet-left` (`leftAt` after
   * `asOf`), `no-owner` (no owner and no fallback), `superseded` (a later exit of the same customer).
   */
  readonly why: WinBackSkipReason;
}

/** The requests and the exits skipped. */
export interface WinBackPlan {
  /** Requests in order of earliest date, then exit id. */
  readonly requests: readonly WinBackRequest[];
  /** Exits with no request, in input order. */
  readonly skipped: readonly WinBackSkip[];
}

const MAX_INSTANT = 8.64e15;

interface Checked {
  readonly exit: WinBackExit;
  readonly reason: ChurnReasonCode;
  readonly ms: number;
}

function localDay(ms: number, zone: string): number {
  const d = new TZDate(ms, zone);
  return dayFromCivil(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/**
 * Win-back revisit requests for customers who left (rule CH-7: winning the customer back
 * starts with a revisit; CH-4: lost customers are revisited to learn what they need), for the
 * cadence module to schedule. One request per customer, for their latest exit at or before
 * `asOf`, when the policy covers its reason and settlement and someone owns it. The earliest
 * date is the local leaving date plus the reason's delay, moved up to `asOf`'s local date when
 * that has passed.
 *
 * @param exits - exits as recorded (see `parseChurnExit`)
 * @param policy - a win-back policy (validated here; `{}` is the default)
 * @param options - `asOf`: the moment the requests are made
 * @throws KehuValidationError at `['exits', i, field]` for a bad exit (a reason outside the
 *   taxonomy, an invalid date) and at `['asOf']`; KehuPolicyError for an invalid policy
 */
export function winBackRequests(
  exits: readonly WinBackExit[],
  policy: WinBackPolicyInput,
  options: { readonly asOf: Date },
): WinBackPlan {
  const asOf = requireAsOf(options).getTime();
  const p = parseWinBackPolicy(policy);
  if (!Array.isArray(exits)) throw invalidInput(['exits'], 'exits must be an array');
  const reasons = new Set(p.reasons);
  const excluded = new Set(p.excludeSettlements);
  const today = localDay(asOf, p.zone);

  const checked = exits.map((e, i): Checked => {
    for (const field of ['id', 'customerId'] as const)
      if (typeof e?.[field] !== 'string' || e[field].length === 0)
        throw invalidInput(['exits', i, field], 'expected a non-empty id', 'invalid_type');
    const ms = e.leftAt instanceof Date ? e.leftAt.getTime() : Number.NaN;
    if (!(Math.abs(ms) <= MAX_INSTANT))
      throw invalidInput(['exits', i, 'leftAt'], 'expected a valid Date', 'invalid_type');
    if (!isChurnReasonCode(e.reason))
      throw invalidInput(['exits', i, 'reason'], `${JSON.stringify(e.reason)} is not a churn reason code (rule CH-5)`);
    if (!(EXIT_SETTLEMENTS as readonly string[]).includes(e.settlement))
      throw invalidInput(['exits', i, 'settlement'], `unknown settlement ${JSON.stringify(e.settlement)}`);
    if (e.ownerId !== undefined && (typeof e.ownerId !== 'string' || e.ownerId.length === 0))
      throw invalidInput(['exits', i, 'ownerId'], 'expected a non-empty id', 'invalid_type');
    return { exit: e, reason: e.reason, ms };
  });

  // The latest exit at or before asOf of each customer (ties: the larger exit id) is the one that counts.
  const latest = new Map<string, Checked>();
  for (const c of checked) {
    if (c.ms > asOf) continue;
    const prev = latest.get(c.exit.customerId);
    if (prev === undefined || c.ms > prev.ms || (c.ms === prev.ms && c.exit.id > prev.exit.id))
      latest.set(c.exit.customerId, c);
  }

  const requests: WinBackRequest[] = [];
  const skipped: WinBackSkip[] = [];
  for (const c of checked) {
    const { exit, reason } = c;
    const skip = (why: WinBackSkipReason) => skipped.push({ exitId: exit.id, customerId: exit.customerId, why });
    if (c.ms > asOf) skip('not-yet-left');
    else if (latest.get(exit.customerId) !== c) skip('superseded');
    else if (!reasons.has(reason)) skip('reason-excluded');
    else if (excluded.has(exit.settlement)) skip('settlement-excluded');
    else {
      const ownerId = exit.ownerId ?? p.fallbackOwnerId;
      if (ownerId === undefined) skip('no-owner');
      else {
        const delay = p.delayDaysByReason[reason] ?? p.delayDays;
        const earliest = Math.max(localDay(c.ms, p.zone) + delay, today);
        const label = CHURN_REASONS[reason].label;
        requests.push({
          customerId: exit.customerId,
          exitId: exit.id,
          reason,
          ownerId,
          earliestDate: dateOfDay(earliest),
          purpose: 'win-back',
          rules: ['CH-7', 'CH-4'],
          reasons: {
            en: `Left because of: ${label.en}. Revisit to learn what they need and win them back (CH-7, CH-4).`,
            zh: `流失原因：${label.zh}。回访客户，了解需求，争取挽回（CH-7、CH-4）。`,
          },
        });
      }
    }
  }
  requests.sort((a, b) =>
    a.earliestDate < b.earliestDate
      ? -1
      : a.earliestDate > b.earliestDate
        ? 1
        : a.exitId < b.exitId
          ? -1
          : a.exitId > b.exitId
            ? 1
            : 0,
  );
  return { requests, skipped };
}
