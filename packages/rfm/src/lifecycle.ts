import { DAY_MS, KehuPolicyError, requireAsOf, toValidationIssues, type TransactionSummary } from '@kehu/core';
import * as z from 'zod';

/**
 * Lifecycle and behaviour thresholds (rules AR-7, GR-8). The rules name the stages and
 * classes but give no numbers; these defaults are Kehu's, to be tuned per business.
 */
export const lifecyclePolicySchema = z
  .object({
    /** A customer whose first purchase is at most this many days old is `new`; default 90. */
    newWithinDays: z.number().int().positive().default(90),
    /** No purchase for more than this many days: `dormant` ("sleeping"); default 180. */
    dormantAfterDays: z.number().int().positive().default(180),
    /** No purchase for more than this many days: `lost`; default 365. */
    lostAfterDays: z.number().int().positive().default(365),
    /** A purchase within this many days makes a customer `active`; default 90. */
    activeWithinDays: z.number().int().positive().default(90),
    /** `vip` when the M score is at least this (with 5 bins); default 5. */
    vipMinMonetaryScore: z.number().int().min(1).default(5),
    /** … and the F score at least this; default 4. */
    vipMinFrequencyScore: z.number().int().min(1).default(4),
  })
  .refine((p) => p.lostAfterDays > p.dormantAfterDays, {
    path: ['lostAfterDays'],
    message: 'must be greater than dormantAfterDays',
  });

/** Lifecycle policy with defaults applied. */
export type LifecyclePolicy = z.output<typeof lifecyclePolicySchema>;

/** Validates a lifecycle policy; `KehuPolicyError` with the path of the bad field. */
export function parseLifecyclePolicy(input: unknown = {}): LifecyclePolicy {
  const r = lifecyclePolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid lifecycle policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
    });
  }
  return r.data;
}

/** Options of {@link lifecycleStage}: the lifecycle policy's fields plus the moment judged. */
export type LifecycleOptions = z.input<typeof lifecyclePolicySchema> & {
  /** The moment the stage is judged at. */
  asOf: Date;
};

/** Lifecycle stages of rule AR-7. */
export type LifecycleStage = 'potential' | 'new' | 'mature' | 'dormant' | 'lost';

/** A stage with the numbers that decided it. */
export interface LifecycleResult {
  /** The stage. */
  stage: LifecycleStage;
  /** Days since the first purchase (`null` without purchases). */
  tenureDays: number | null;
  /** Days since the last purchase (`null` without purchases). */
  daysSinceLastPurchase: number | null;
  /** Why, in words, citing the policy field. */
  reason: string;
}

/**
 * The lifecycle stage (rule AR-7) of a customer from their summary (or `null` when they
 * have no transactions) as of `options.asOf`: potential (never bought), new, mature,
 * dormant, lost. The other options are the lifecycle policy's fields.
 */
export function lifecycleStage(
  summary: Pick<TransactionSummary, 'firstPurchaseAt' | 'lastPurchaseAt'> | null,
  options: LifecycleOptions,
): LifecycleResult {
  const asOf = requireAsOf(options);
  const { asOf: _asOf, ...policyInput } = options;
  const p = parseLifecyclePolicy(policyInput);
  if (summary === null || summary.firstPurchaseAt === null || summary.lastPurchaseAt === null) {
    return { stage: 'potential', tenureDays: null, daysSinceLastPurchase: null, reason: 'no purchase yet' };
  }
  const tenureDays = Math.floor((asOf.getTime() - summary.firstPurchaseAt.getTime()) / DAY_MS);
  const since = Math.floor((asOf.getTime() - summary.lastPurchaseAt.getTime()) / DAY_MS);
  if (since > p.lostAfterDays)
    return {
      stage: 'lost',
      tenureDays,
      daysSinceLastPurchase: since,
      reason: `no purchase for ${since} days > lostAfterDays ${p.lostAfterDays}`,
    };
  if (since > p.dormantAfterDays)
    return {
      stage: 'dormant',
      tenureDays,
      daysSinceLastPurchase: since,
      reason: `no purchase for ${since} days > dormantAfterDays ${p.dormantAfterDays}`,
    };
  if (tenureDays <= p.newWithinDays)
    return {
      stage: 'new',
      tenureDays,
      daysSinceLastPurchase: since,
      reason: `first purchase ${tenureDays} days ago <= newWithinDays ${p.newWithinDays}`,
    };
  return {
    stage: 'mature',
    tenureDays,
    daysSinceLastPurchase: since,
    reason: `buying for ${tenureDays} days, last purchase ${since} days ago`,
  };
}

/** Behaviour classes of rule GR-8. */
export type BehaviourLabel = 'vip' | 'active' | 'sleeping';

/**
 * The behaviour labels (rule GR-8) of a scored customer: VIP, active, sleeping (a customer may have several, or
 * none).
 */
export function behaviourLabels(
  score: { recencyDays: number; f: number; m: number },
  policyInput: unknown = {},
): BehaviourLabel[] {
  const p = parseLifecyclePolicy(policyInput);
  const labels: BehaviourLabel[] = [];
  if (score.m >= p.vipMinMonetaryScore && score.f >= p.vipMinFrequencyScore) labels.push('vip');
  if (score.recencyDays <= p.activeWithinDays) labels.push('active');
  if (score.recencyDays > p.dormantAfterDays) labels.push('sleeping');
  return labels;
}
