import { invalidInput, type Label, policyParserFor } from '@kehu/core';
import * as z from 'zod';
import { CHURN_REASONS, type ChurnReasonCategory, type ChurnReasonCode, isChurnReasonCode } from './taxonomy.js';

/**
 * The four kinds of response of rule CH-6: better service, price changes (discounts,
 * promotions), product innovation, better internal management.
 */
export const RESPONSE_KINDS = [
  'improve-service',
  'adjust-pricing',
  'product-innovation',
  'improve-internal-management',
] as const;

/** A kind of response (rule CH-6). */
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** Labels of the response kinds (rule CH-6). */
export const RESPONSE_KIND_LABELS: Readonly<Record<ResponseKind, Label>> = {
  'improve-service': { en: 'Improve service', zh: '提升服务' },
  'adjust-pricing': { en: 'Adjust pricing', zh: '调整价格' },
  'product-innovation': { en: 'Product innovation', zh: '产品创新' },
  'improve-internal-management': { en: 'Improve internal management', zh: '加强内部管理' },
};

/** How soon a response should start, most urgent first. */
export const RESPONSE_URGENCIES = ['immediate', 'high', 'normal'] as const;

/** How soon a response should start: `immediate` (today), `high` (this week), `normal` (this month). */
export type ResponseUrgency = (typeof RESPONSE_URGENCIES)[number];

/** Labels of the urgencies. */
export const RESPONSE_URGENCY_LABELS: Readonly<Record<ResponseUrgency, Label>> = {
  immediate: { en: 'Immediate', zh: '立即处理' },
  high: { en: 'High', zh: '优先处理' },
  normal: { en: 'Normal', zh: '常规处理' },
};

const labelSchema = z.strictObject({
  /** English. */
  en: z.string().min(1, 'must not be empty'),
  /** Simplified Chinese. */
  zh: z.string().min(1, 'must not be empty'),
});

/** One response of the playbook (rule CH-6): what to do, who does it, how soon. */
export const playbookResponseSchema = z.strictObject({
  /** Stable id of the action, e.g. `offer-discount`. */
  id: z.string().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  /** The CH-6 kind of the response. */
  kind: z.enum(RESPONSE_KINDS),
  /** What to do, for people, in English and Simplified Chinese. */
  label: labelSchema,
  /** The role responsible (a host-defined role name such as `account-manager`). */
  role: z.string().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  /** How soon it should start. */
  urgency: z.enum(RESPONSE_URGENCIES),
});

/** One response of the playbook. */
export type PlaybookResponse = z.output<typeof playbookResponseSchema>;

/** The responses to one reason, in the order they should be taken up. */
export const playbookEntrySchema = z.strictObject({
  /** At least one response. */
  responses: z.array(playbookResponseSchema).min(1, 'a reason needs at least one response'),
});

/** The responses to one reason. */
export type PlaybookEntry = z.output<typeof playbookEntrySchema>;

/**
 * The response playbook of rule CH-6 as data: for each CH-5 reason code, the responses.
 * Reasons a policy leaves out take the entry of {@link DEFAULT_PLAYBOOK}, so a host overrides
 * only what it wants to change (an empty object `{}` is the default playbook).
 */
export const playbookPolicySchema = z.strictObject({
  /** Entries by reason code; missing codes fall back to the default playbook. */
  reasons: z.partialRecord(z.enum(Object.keys(CHURN_REASONS) as [ChurnReasonCode]), playbookEntrySchema).default({}),
});

/** A parsed playbook policy. */
export type PlaybookPolicy = z.output<typeof playbookPolicySchema>;
/** What {@link parsePlaybookPolicy} accepts. */
export type PlaybookPolicyInput = z.input<typeof playbookPolicySchema>;

/** Validates a playbook policy; an invalid one throws `KehuPolicyError` naming the first bad field. */
export const parsePlaybookPolicy = policyParserFor(playbookPolicySchema, 'churn playbook policy');

function r(
  id: string,
  kind: ResponseKind,
  role: string,
  urgency: ResponseUrgency,
  en: string,
  zh: string,
): PlaybookResponse {
  return { id, kind, role, urgency, label: { en, zh } };
}

/**
 * The default playbook (rule CH-6). Service reasons call for better service led by the
 * service manager, price reasons for a discount or a promotion led by the sales manager,
 * an outdated product for product innovation, internal reasons for better internal
 * management; the account manager reaches out to the customer first wherever a relationship
 * can still be saved. Roles are names a host maps to people; urgencies are Kehu's choice
 * (no rule gives one): a customer hurt by service or staff is contacted today.
 */
export const DEFAULT_PLAYBOOK: PlaybookPolicy = {
  reasons: {
    'service.quality': {
      responses: [
        r(
          'apologise-and-fix',
          'improve-service',
          'account-manager',
          'immediate',
          'Call the customer, apologise and fix the service problem',
          '致电客户致歉并解决服务问题',
        ),
        r(
          'service-quality-review',
          'improve-service',
          'service-manager',
          'high',
          'Review service quality standards and train the team',
          '复查服务质量标准并培训团队',
        ),
      ],
    },
    'service.slow-response': {
      responses: [
        r(
          'assign-dedicated-contact',
          'improve-service',
          'account-manager',
          'immediate',
          'Assign a dedicated contact with a guaranteed reply time',
          '指定专人对接并承诺响应时限',
        ),
        r(
          'response-time-review',
          'improve-service',
          'service-manager',
          'high',
          'Review response times and staffing against the service levels',
          '对照服务时限检查响应速度和人员配置',
        ),
      ],
    },
    'service.after-sales': {
      responses: [
        r(
          'after-sales-visit',
          'improve-service',
          'service-manager',
          'immediate',
          'Visit the customer and settle open after-sales issues',
          '上门回访并解决未完结的售后问题',
        ),
        r(
          'after-sales-process-review',
          'improve-internal-management',
          'operations-manager',
          'normal',
          'Review the after-sales process',
          '复查售后服务流程',
        ),
      ],
    },
    'price.too-high': {
      responses: [
        r(
          'offer-discount',
          'adjust-pricing',
          'sales-manager',
          'high',
          'Offer a discount or a better-fitting package',
          '提供折扣或更合适的套餐',
        ),
        r(
          'explain-value',
          'improve-service',
          'account-manager',
          'high',
          'Explain the value the customer gets for the price',
          '向客户说明产品与服务的价值',
        ),
      ],
    },
    'price.competitor-cheaper': {
      responses: [
        r(
          'run-promotion',
          'adjust-pricing',
          'sales-manager',
          'high',
          'Offer a promotion or a price match',
          '提供促销优惠或价格匹配',
        ),
        r(
          'competitor-price-review',
          'adjust-pricing',
          'marketing-manager',
          'normal',
          'Review prices against the competitor',
          '对比竞争对手复查定价',
        ),
      ],
    },
    'market.product-obsolete': {
      responses: [
        r(
          'present-roadmap',
          'product-innovation',
          'account-manager',
          'normal',
          'Present newer products or the product roadmap',
          '介绍新产品或产品规划',
        ),
        r(
          'product-innovation',
          'product-innovation',
          'product-manager',
          'normal',
          'Feed the need into product innovation',
          '将客户需求纳入产品创新',
        ),
      ],
    },
    'internal.process': {
      responses: [
        r(
          'fix-process-for-customer',
          'improve-internal-management',
          'account-manager',
          'high',
          'Resolve the customer\u2019s case by hand and apologise',
          '人工处理客户的问题并致歉',
        ),
        r(
          'process-review',
          'improve-internal-management',
          'operations-manager',
          'normal',
          'Review and simplify the failing process',
          '复查并简化出问题的流程',
        ),
      ],
    },
    'internal.communication': {
      responses: [
        r(
          'clarify-with-customer',
          'improve-internal-management',
          'account-manager',
          'immediate',
          'Call the customer to clear up the misunderstanding',
          '致电客户澄清误解',
        ),
        r(
          'communication-review',
          'improve-internal-management',
          'service-manager',
          'normal',
          'Review how information reaches the customer',
          '复查与客户沟通的渠道和信息',
        ),
      ],
    },
    'internal.staff': {
      responses: [
        r(
          'change-contact-person',
          'improve-internal-management',
          'service-manager',
          'immediate',
          'Apologise and assign another contact person',
          '致歉并更换对接人员',
        ),
        r(
          'staff-training',
          'improve-internal-management',
          'hr-manager',
          'normal',
          'Train or coach the staff involved',
          '对相关员工进行培训或辅导',
        ),
      ],
    },
    other: {
      responses: [
        r(
          'revisit-to-learn',
          'improve-service',
          'account-manager',
          'high',
          'Revisit the customer to learn the reason and what they need',
          '回访客户，了解原因和需求',
        ),
      ],
    },
  },
};

/** The playbook for one reason: its taxonomy entry and the responses to take. */
export interface Playbook {
  /** The reason code. */
  readonly reason: ChurnReasonCode;
  /** Its CH-5 category. */
  readonly category: ChurnReasonCategory;
  /** The reason's label. */
  readonly label: Label;
  /** The responses in the order they should be taken up (most urgent first, then policy order). */
  readonly responses: readonly PlaybookResponse[];
  /** Whether the responses come from the host's policy or from {@link DEFAULT_PLAYBOOK}. */
  readonly source: 'policy' | 'default';
  /** The rules behind it. */
  readonly rules: readonly ['CH-5', 'CH-6'];
}

const parsed = new WeakMap<object, PlaybookPolicy>();

function policyOf(policy: PlaybookPolicyInput | undefined): PlaybookPolicy {
  if (policy === undefined) return DEFAULT_PLAYBOOK;
  if (typeof policy !== 'object' || policy === null) return parsePlaybookPolicy(policy);
  let p = parsed.get(policy);
  if (p === undefined) {
    p = parsePlaybookPolicy(policy);
    parsed.set(policy, p);
  }
  return p;
}

/**
 * The responses of rule CH-6 to a CH-5 reason: the policy's entry for the reason, else the
 * default playbook's. Responses are ordered most urgent first; equal urgencies keep policy order.
 *
 * @param reason - a CH-5 reason code
 * @param policy - a playbook policy (validated here; the default playbook when absent)
 * @throws KehuValidationError (path `['reason']`) for a code outside the taxonomy;
 *   KehuPolicyError for an invalid policy
 */
export function playbookFor(reason: ChurnReasonCode, policy?: PlaybookPolicyInput): Playbook {
  if (!isChurnReasonCode(reason))
    throw invalidInput(['reason'], `unknown churn reason code ${JSON.stringify(reason)} (rule CH-5)`);
  const p = policyOf(policy);
  const own = policy === undefined ? undefined : p.reasons[reason];
  const entry = own ?? DEFAULT_PLAYBOOK.reasons[reason];
  const responses = (entry?.responses ?? [])
    .map((x, i) => ({ x, i }))
    .sort((a, b) => RESPONSE_URGENCIES.indexOf(a.x.urgency) - RESPONSE_URGENCIES.indexOf(b.x.urgency) || a.i - b.i)
    .map(({ x }) => x);
  const info = CHURN_REASONS[reason];
  return {
    reason,
    category: info.category,
    label: info.label,
    responses,
    source: own === undefined ? 'default' : 'policy',
    rules: ['CH-5', 'CH-6'],
  };
}
