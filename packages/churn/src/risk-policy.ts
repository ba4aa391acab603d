import { type Label, policyParserFor } from '@kehu/core';
import * as z from 'zod';
import { reasonCodeSchema } from './taxonomy.js';

/**
 * The factors of the churn-risk score (rules CH-1, CH-2), in a fixed order that the columnar engine
 * uses for its per-factor columns and its bit mask of missing factors.
 */
export const RISK_FACTORS = [
  'recency',
  'frequencyDrop',
  'spendDrop',
  'satisfactionLevel',
  'satisfactionDrop',
  'openComplaints',
  'slaBreaches',
  'modelDropout',
] as const;

/** One factor of the churn-risk score. */
export type RiskFactor = (typeof RISK_FACTORS)[number];

/** Factor labels for end users, English and Simplified Chinese. */
export const RISK_FACTOR_LABELS: Readonly<Record<RiskFactor, Label>> = {
  recency: { en: 'Overdue purchase', zh: '超期未购买' },
  frequencyDrop: { en: 'Fewer purchases', zh: '购买频次下降' },
  spendDrop: { en: 'Lower spend', zh: '消费金额下降' },
  satisfactionLevel: { en: 'Low satisfaction', zh: '满意度低' },
  satisfactionDrop: { en: 'Falling satisfaction', zh: '满意度下降' },
  openComplaints: { en: 'Open complaints', zh: '未结投诉' },
  slaBreaches: { en: 'Missed service deadlines', zh: '服务超时' },
  modelDropout: { en: 'Likely inactive (model)', zh: '模型判断可能已流失' },
};

/**
 * The rules each factor serves: CH-1 names the sources (satisfaction surveys, transactions, feedback),
 * CH-2 the measures the score must combine (how often, how much, how satisfied).
 */
export const RISK_FACTOR_RULES: Readonly<Record<RiskFactor, readonly string[]>> = {
  recency: ['CH-1', 'CH-2'],
  frequencyDrop: ['CH-1', 'CH-2'],
  spendDrop: ['CH-1', 'CH-2'],
  satisfactionLevel: ['CH-1', 'CH-2'],
  satisfactionDrop: ['CH-1', 'CH-2'],
  openComplaints: ['CH-1'],
  slaBreaches: ['CH-1'],
  modelDropout: ['CH-2'],
};

const weight = (fallback: number) => z.number().min(0).max(1000).default(fallback);

/**
 * The churn-risk policy (rules CH-2, CH-3, CH-5). The rules give no numbers: every default below is
 * Kehu's own starting point, to be tuned per business and checked with `evaluateRiskScore` on a holdout.
 *
 * - `weights`: the relative weight of each factor (defaults sum to 100, so a weight is the most points
 *   the factor can add when every factor is measured). A factor that cannot be measured for a customer
 *   (no survey answer, no fitted model) is left out and the others are scaled up to fill 100 points.
 *   CH-2 requires the score to combine purchase frequency, spend and satisfaction, so `frequencyDrop`
 *   (or `recency`), `spendDrop` and `satisfactionLevel` (or `satisfactionDrop`) must weigh more than 0.
 * - `windows`: `recentDays` (default 90) ending at `asOf`, and `previousDays` (default 90) just before
 *   it; frequency and spend drops compare the daily rate of the recent window with the previous one.
 * - `recency`: the ratio of days since the last purchase to the customer's usual gap is no risk at 1 or
 *   less and full risk at `fullRiskRatio` (default 3) or more; `curve` `linear` (default) interpolates
 *   the ratio, `log` its logarithm. `fallbackGapDays` (default 90) stands in for the usual gap of a
 *   customer with a single purchase; `null` leaves the factor out for them.
 * - `satisfactionDropFullRisk`: the fall between the previous and the latest score, as a share of the
 *   scale, that counts as full risk (default 0.5: two points on a 1-5 scale).
 * - `saturation`: the count of open complaints (default 3) and SLA breaches (default 2) at which the
 *   factor reaches full risk; fewer count proportionally.
 * - `bands`: the lower bound of each band above `low` (defaults 25, 50, 75, strictly increasing).
 * - `hysteresis`: points (default 5): a customer stays in a band until the score falls below the band's
 *   lower bound minus this, so a score wavering at a bound does not flap (rule CH-3).
 * - `alertFrom`: the lowest band whose entry raises an alert (default `high`).
 * - `trendFlatWithin`: a change against the previous score smaller than this (default 1 point) is `flat`.
 * - `reasons`: the CH-5 reason each factor suggests. These are SUSPECTED reasons, shown so that a
 *   manager knows where to look; the confirmed one is recorded at exit (CH-7). Defaults: satisfaction
 *   level and drop → `service.quality`, SLA breaches → `service.slow-response`, open complaints →
 *   `service.after-sales`, spend drop → `price.competitor-cheaper` (the customer keeps buying, but
 *   less with us), recency, frequency drop and the model's dropout → `market.product-obsolete` (the
 *   customer no longer needs what we sell).
 * - `version`: recorded on every result, so a stored score says which policy made it.
 */
export const riskPolicySchema = z
  .strictObject({
    version: z.string().min(1).max(100).default('kehu-churn-risk-default-1'),
    weights: z
      .strictObject({
        recency: weight(25),
        frequencyDrop: weight(15),
        spendDrop: weight(15),
        satisfactionLevel: weight(15),
        satisfactionDrop: weight(5),
        openComplaints: weight(10),
        slaBreaches: weight(5),
        modelDropout: weight(10),
      })
      .prefault({}),
    windows: z
      .strictObject({
        recentDays: z.number().int().min(1).max(3660).default(90),
        previousDays: z.number().int().min(1).max(3660).default(90),
      })
      .prefault({}),
    recency: z
      .strictObject({
        fullRiskRatio: z.number().gt(1).max(1000).default(3),
        curve: z.enum(['linear', 'log']).default('linear'),
        fallbackGapDays: z.number().gt(0).max(36600).nullable().default(90),
      })
      .prefault({}),
    satisfactionDropFullRisk: z.number().gt(0).max(1).default(0.5),
    saturation: z
      .strictObject({
        openComplaints: z.number().int().min(1).max(1_000_000).default(3),
        slaBreaches: z.number().int().min(1).max(1_000_000).default(2),
      })
      .prefault({}),
    bands: z
      .strictObject({
        medium: z.number().gt(0).max(100).default(25),
        high: z.number().gt(0).max(100).default(50),
        critical: z.number().gt(0).max(100).default(75),
      })
      .prefault({})
      .check((ctx) => {
        const { medium, high, critical } = ctx.value;
        if (!(high > medium))
          ctx.issues.push({ code: 'custom', message: 'high must be above medium', path: ['high'], input: high });
        if (!(critical > high))
          ctx.issues.push({
            code: 'custom',
            message: 'critical must be above high',
            path: ['critical'],
            input: critical,
          });
      }),
    hysteresis: z.number().min(0).max(100).default(5),
    alertFrom: z.enum(['medium', 'high', 'critical']).default('high'),
    trendFlatWithin: z.number().min(0).max(100).default(1),
    reasons: z
      .strictObject({
        recency: reasonCodeSchema.default('market.product-obsolete'),
        frequencyDrop: reasonCodeSchema.default('market.product-obsolete'),
        spendDrop: reasonCodeSchema.default('price.competitor-cheaper'),
        satisfactionLevel: reasonCodeSchema.default('service.quality'),
        satisfactionDrop: reasonCodeSchema.default('service.quality'),
        openComplaints: reasonCodeSchema.default('service.after-sales'),
        slaBreaches: reasonCodeSchema.default('service.slow-response'),
        modelDropout: reasonCodeSchema.default('market.product-obsolete'),
      })
      .prefault({}),
  })
  .check((ctx) => {
    const { weights: w, hysteresis, bands } = ctx.value;
    const need = (ok: boolean, path: string[], message: string) => {
      if (!ok) ctx.issues.push({ code: 'custom', message, path, input: w });
    };
    need(
      w.frequencyDrop > 0 || w.recency > 0,
      ['weights', 'frequencyDrop'],
      'rule CH-2: the score must weigh purchase frequency (frequencyDrop or recency above 0)',
    );
    need(w.spendDrop > 0, ['weights', 'spendDrop'], 'rule CH-2: the score must weigh spend (spendDrop above 0)');
    need(
      w.satisfactionLevel > 0 || w.satisfactionDrop > 0,
      ['weights', 'satisfactionLevel'],
      'rule CH-2: the score must weigh satisfaction (satisfactionLevel or satisfactionDrop above 0)',
    );
    if (!(hysteresis < bands.medium))
      ctx.issues.push({
        code: 'custom',
        message: 'hysteresis must be below the medium bound, or a medium customer could never return to low',
        path: ['hysteresis'],
        input: hysteresis,
      });
  });

/** A churn-risk policy with every default applied. */
export type RiskPolicy = z.output<typeof riskPolicySchema>;
/** What {@link parseRiskPolicy} accepts: any part of a policy; the rest takes the defaults. */
export type RiskPolicyInput = z.input<typeof riskPolicySchema>;

/**
 * Validates a churn-risk policy and applies the defaults (see {@link riskPolicySchema}).
 *
 * @throws KehuPolicyError (code `POLICY_INVALID`) naming the first bad field
 */
export const parseRiskPolicy = policyParserFor(riskPolicySchema, 'churn risk policy');

/** Kehu's default churn-risk policy: `parseRiskPolicy({})`. */
export const DEFAULT_RISK_POLICY: RiskPolicy = parseRiskPolicy({});

/** The lower bound of `band` under `policy` (0 for `low`). */
export function bandLowerBound(policy: RiskPolicy, band: 'low' | 'medium' | 'high' | 'critical'): number {
  return band === 'low' ? 0 : policy.bands[band];
}
