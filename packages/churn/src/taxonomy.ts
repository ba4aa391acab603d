import { invalidInput, type Label } from '@kehu/core';
import * as z from 'zod';

/**
 * The four families of churn reasons of rule CH-5: service problems, price, market change
 * and internal causes. `other` holds a confirmed reason that fits none of them.
 */
export type ChurnReasonCategory = 'service' | 'price' | 'market' | 'internal' | 'other';

/** Every category, in the order rule CH-5 lists them, `other` last. */
export const CHURN_REASON_CATEGORIES: readonly ChurnReasonCategory[] = [
  'service',
  'price',
  'market',
  'internal',
  'other',
] as const;

/** Category labels for end users (rule CH-5). */
export const CHURN_REASON_CATEGORY_LABELS: Readonly<Record<ChurnReasonCategory, Label>> = {
  service: { en: 'Service problems', zh: '服务问题' },
  price: { en: 'Price', zh: '价格因素' },
  market: { en: 'Market change', zh: '市场变化' },
  internal: { en: 'Internal causes', zh: '内部原因' },
  other: { en: 'Other', zh: '其他原因' },
};

/** The reason codes, as a tuple so that zod and TypeScript share one list. */
const CODES = [
  'service.quality',
  'service.slow-response',
  'service.after-sales',
  'price.too-high',
  'price.competitor-cheaper',
  'market.product-obsolete',
  'internal.process',
  'internal.communication',
  'internal.staff',
  'other',
] as const;

/**
 * A churn reason code of rule CH-5: `<category>.<sub-reason>`, or `other` for a confirmed
 * reason outside the taxonomy (its words go in the exit record's concrete reason).
 */
export type ChurnReasonCode = (typeof CODES)[number];

/** One entry of the taxonomy: the code, its category and its labels. */
export interface ChurnReason {
  /** The machine-readable code. */
  readonly code: ChurnReasonCode;
  /** The CH-5 family the code belongs to. */
  readonly category: ChurnReasonCategory;
  /** What end users see, English and Simplified Chinese. */
  readonly label: Label;
  /** The rule that defines the reason. */
  readonly rule: 'CH-5';
}

/**
 * The churn reason taxonomy of rule CH-5 (docs/domain-rules.md): service problems (quality,
 * slow response, weak after-sales), price (too high, a cheaper competitor), market change
 * (the product is outdated), internal causes (process, communication, staff quality), and
 * `other`. Keyed by code; the order of the keys is the order of the rule.
 */
export const CHURN_REASONS: Readonly<Record<ChurnReasonCode, ChurnReason>> = {
  'service.quality': {
    code: 'service.quality',
    category: 'service',
    label: { en: 'Service quality', zh: '服务质量差' },
    rule: 'CH-5',
  },
  'service.slow-response': {
    code: 'service.slow-response',
    category: 'service',
    label: { en: 'Slow response', zh: '响应速度慢' },
    rule: 'CH-5',
  },
  'service.after-sales': {
    code: 'service.after-sales',
    category: 'service',
    label: { en: 'Weak after-sales service', zh: '售后服务不到位' },
    rule: 'CH-5',
  },
  'price.too-high': {
    code: 'price.too-high',
    category: 'price',
    label: { en: 'Price too high', zh: '价格过高' },
    rule: 'CH-5',
  },
  'price.competitor-cheaper': {
    code: 'price.competitor-cheaper',
    category: 'price',
    label: { en: 'A competitor is cheaper', zh: '竞争对手价格更低' },
    rule: 'CH-5',
  },
  'market.product-obsolete': {
    code: 'market.product-obsolete',
    category: 'market',
    label: { en: 'Product outdated', zh: '产品过时' },
    rule: 'CH-5',
  },
  'internal.process': {
    code: 'internal.process',
    category: 'internal',
    label: { en: 'Internal process', zh: '内部流程问题' },
    rule: 'CH-5',
  },
  'internal.communication': {
    code: 'internal.communication',
    category: 'internal',
    label: { en: 'Poor communication', zh: '沟通不畅' },
    rule: 'CH-5',
  },
  'internal.staff': {
    code: 'internal.staff',
    category: 'internal',
    label: { en: 'Staff quality', zh: '员工素质问题' },
    rule: 'CH-5',
  },
  other: {
    code: 'other',
    category: 'other',
    label: { en: 'Other reason', zh: '其他原因' },
    rule: 'CH-5',
  },
};

/** Every reason code, in the order of rule CH-5, `other` last. */
export const CHURN_REASON_CODES: readonly ChurnReasonCode[] = CODES;

/** Zod schema of a reason code (rule CH-5): exactly one of {@link CHURN_REASON_CODES}. */
export const reasonCodeSchema = z.enum(CODES);

/** Zod schema of a reason category (rule CH-5). */
export const reasonCategorySchema = z.enum(['service', 'price', 'market', 'internal', 'other']);

const CODE_SET: ReadonlySet<string> = new Set(CODES);

/** True when `value` is a reason code of the CH-5 taxonomy. */
export function isChurnReasonCode(value: unknown): value is ChurnReasonCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

/**
 * The CH-5 category of a reason code (`price.too-high` → `price`).
 *
 * @throws KehuValidationError (path `[]`) when `code` is not a taxonomy code
 */
export function categoryOf(code: ChurnReasonCode): ChurnReasonCategory {
  if (!isChurnReasonCode(code)) throw invalidInput([], `unknown churn reason code ${JSON.stringify(code)} (rule CH-5)`);
  return CHURN_REASONS[code].category;
}

/** The reason codes of one category, in the order of rule CH-5. */
export function reasonsIn(category: ChurnReasonCategory): ChurnReasonCode[] {
  return CODES.filter((c) => CHURN_REASONS[c].category === category);
}
