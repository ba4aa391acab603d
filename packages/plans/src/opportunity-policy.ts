import { outcomeReasonSchema, policyParserFor, probabilityPercentSchema, stageIdSchema } from '@kehu/core';
import * as z from 'zod';

const labelSchema = z.strictObject({
  en: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  zh: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'),
});

const stageSchema = z.strictObject({
  id: stageIdSchema,
  name: labelSchema,
  /** The stage's default probability of winning, in whole percent (0..100). */
  probability: probabilityPercentSchema,
});

const reasonSchema = z.strictObject({ code: outcomeReasonSchema, label: labelSchema });

function uniqueCodes<T>(key: (t: T) => string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} ${k}` });
      seen.add(k);
    });
  };
}

const defaultStages = [
  { id: 'lead', name: { en: 'Lead', zh: '线索' }, probability: 10 },
  { id: 'qualified', name: { en: 'Qualified', zh: '商机确认' }, probability: 20 },
  { id: 'needs-analysis', name: { en: 'Needs analysis', zh: '需求分析' }, probability: 40 },
  { id: 'proposal', name: { en: 'Proposal and quote', zh: '方案报价' }, probability: 60 },
  { id: 'negotiation', name: { en: 'Negotiation', zh: '商务谈判' }, probability: 80 },
];

const defaultWonReasons = [
  { code: 'price', label: { en: 'Price', zh: '价格优势' } },
  { code: 'product-fit', label: { en: 'Product fit', zh: '产品契合' } },
  { code: 'relationship', label: { en: 'Relationship', zh: '客户关系' } },
  { code: 'service', label: { en: 'Service', zh: '服务' } },
  { code: 'brand', label: { en: 'Brand and references', zh: '品牌与案例' } },
  { code: 'other', label: { en: 'Other', zh: '其他' } },
];

const defaultLostReasons = [
  { code: 'price', label: { en: 'Price too high', zh: '价格过高' } },
  { code: 'competitor', label: { en: 'Went to a competitor', zh: '选择竞争对手' } },
  { code: 'no-budget', label: { en: 'No budget', zh: '无预算' } },
  { code: 'no-decision', label: { en: 'No decision made', zh: '未做决定' } },
  { code: 'product-fit', label: { en: 'Product did not fit', zh: '产品不符合需求' } },
  { code: 'timing', label: { en: 'Timing', zh: '时机不对' } },
  { code: 'relationship', label: { en: 'Relationship', zh: '客户关系' } },
  { code: 'service', label: { en: 'Service', zh: '服务问题' } },
  { code: 'other', label: { en: 'Other', zh: '其他' } },
];

/**
 * The sales opportunity policy (rule MP-3). The rule asks for stage, date, expected revenue, customer, salesperson
 * and win/loss reasons; the stages, their probabilities, the reason taxonomy and the model's thresholds are Kehu's
 * defaults for a host to override (`parseOpportunityPolicy` fills the rest).
 */
export const opportunityPolicySchema = z.strictObject({
  /**
   * The open stages in their forward order, ids unique (won and lost are outcomes, not stages). Default: lead 10%,
   * qualified 20%, needs analysis 40%, proposal and quote 60%, negotiation 80%.
   */
  stages: z
    .array(stageSchema)
    .min(1, 'at least one stage')
    .max(50, 'at most 50 stages')
    .superRefine(uniqueCodes((s: { id: string }) => s.id, 'stage'))
    .default(defaultStages),
  /** The reasons an opportunity is won or lost (mandatory on the outcome), codes unique within each list. */
  reasons: z
    .strictObject({
      won: z
        .array(reasonSchema)
        .min(1, 'at least one reason')
        .max(200)
        .superRefine(uniqueCodes((r: { code: string }) => r.code, 'reason'))
        .default(defaultWonReasons),
      lost: z
        .array(reasonSchema)
        .min(1, 'at least one reason')
        .max(200)
        .superRefine(uniqueCodes((r: { code: string }) => r.code, 'reason'))
        .default(defaultLostReasons),
    })
    .prefault({}),
  /**
   * Where an open opportunity's probability comes from when nobody set one by hand: `stage` (default) the stage's
   * default, or `model` the stage's win rate among closed opportunities that reached it, when at least `minClosed`
   * did (else the stage's default). A manual value always wins while it is set; won is always 100 and lost 0.
   */
  probability: z
    .strictObject({
      source: z.enum(['stage', 'model']).default('stage'),
      minClosed: z.number().int().min(1).max(1_000_000).default(30),
    })
    .prefault({}),
  /** Open hours that make one business day when time in stage is given in days. Default: 8. */
  businessDayHours: z.number().positive('must be positive').max(24, 'at most 24').default(8),
  /** Calibration: equal-width probability bins (default 10) and the z of the Wilson intervals (default 1.96). */
  calibration: z
    .strictObject({
      bins: z.number().int().min(1).max(100).default(10),
      z: z.number().positive().max(10).default(1.96),
    })
    .prefault({}),
});

/** The opportunity policy with defaults filled in. */
export type OpportunityPolicy = z.output<typeof opportunityPolicySchema>;
/** A partial opportunity policy as a host writes it. */
export type OpportunityPolicyInput = z.input<typeof opportunityPolicySchema>;

/** Validates an opportunity policy and fills its defaults; throws `KehuPolicyError` naming the bad field. */
export const parseOpportunityPolicy: (input?: unknown) => OpportunityPolicy = policyParserFor(
  opportunityPolicySchema,
  'opportunity policy',
);

/** The default opportunity policy. */
export const DEFAULT_OPPORTUNITY_POLICY: OpportunityPolicy = parseOpportunityPolicy({});
