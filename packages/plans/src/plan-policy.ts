import { approvalFlowSchema, decimalStringSchema, idSchema, type PlanMetric, policyParserFor } from '@kehu/core';
import * as z from 'zod';

const labelSchema = z.strictObject({
  en: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  zh: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'),
});
const share = z.number().min(0, 'must not be negative').max(10, 'at most 10');
/** Amounts in policies are exact decimal strings, so a policy stays plain JSON. */
const nonNegativeAmount = decimalStringSchema;

/** An approval flow with the smallest total budget it applies to. */
const flowChoiceSchema = z.strictObject({
  /** The flow applies to plans whose total budget is at least this (the flow with the largest such minimum wins). */
  minBudget: nonNegativeAmount,
  flow: approvalFlowSchema,
});

const defaultFlows = [
  {
    minBudget: '0',
    flow: {
      id: 'standard',
      steps: [
        {
          id: 'manager',
          name: { en: 'Sales manager', zh: '销售经理' },
          mode: 'sequential',
          signers: ['sales-manager'],
        },
        {
          id: 'finance',
          name: { en: 'Finance (any one)', zh: '财务（或签）' },
          mode: 'any',
          signers: ['finance-1', 'finance-2'],
        },
      ],
    },
  },
  {
    minBudget: '100000',
    flow: {
      id: 'major',
      steps: [
        {
          id: 'manager',
          name: { en: 'Sales manager', zh: '销售经理' },
          mode: 'sequential',
          signers: ['sales-manager'],
        },
        {
          id: 'joint',
          name: { en: 'Sales and finance directors (all sign)', zh: '销售与财务总监（会签）' },
          mode: 'all',
          signers: ['sales-director', 'finance-director'],
        },
        {
          id: 'general-manager',
          name: { en: 'General manager', zh: '总经理' },
          mode: 'sequential',
          signers: ['general-manager'],
        },
      ],
    },
  },
];

const causeSchema = z.strictObject({ code: idSchema, label: labelSchema });

const defaultCauses = [
  { code: 'price', label: { en: 'Prices differed from the plan', zh: '价格变动' } },
  { code: 'volume', label: { en: 'More or fewer activities than planned', zh: '活动数量变化' } },
  { code: 'timing', label: { en: 'Spent in another period than planned', zh: '支出时间差' } },
  { code: 'scope', label: { en: 'Plan scope changed', zh: '计划范围变更' } },
  { code: 'one-off', label: { en: 'One-off item', zh: '一次性事项' } },
  { code: 'estimate', label: { en: 'Budget estimate was off', zh: '预算编制偏差' } },
  { code: 'external', label: { en: 'External factor', zh: '外部因素' } },
  { code: 'other', label: { en: 'Other', zh: '其他' } },
];

const defaultImprovements: Record<PlanMetric, { en: string; zh: string }> = {
  'contacts-done': {
    en: 'Revisit the call plan and owners’ capacity; reassign customers of overloaded owners',
    zh: '复核回访计划与负责人产能，调整超负荷负责人的客户',
  },
  'contact-completion-rate': {
    en: 'Follow up overdue revisits weekly and agree dates with the customers',
    zh: '每周跟进逾期回访，与客户约定回访日期',
  },
  'satisfaction-change': {
    en: 'Hand the low-scoring answers to the departments responsible as improvement actions',
    zh: '将低分反馈转交责任部门制定改进措施',
  },
  upgrades: {
    en: 'Review development measures for customers near the next tier',
    zh: '针对接近上一等级的客户加强开发措施',
  },
  downgrades: {
    en: 'Review maintenance of downgraded customers and contact each of them',
    zh: '复核降级客户的维护情况并逐一联系',
  },
  'churned-customers': {
    en: 'Start win-back for customers who left and check the early-warning signals',
    zh: '对流失客户启动挽回，并复查预警信号',
  },
  'new-customers': { en: 'Strengthen development activities and lead follow-up', zh: '加强开发活动与线索跟进' },
  'repurchase-rate': {
    en: 'Add post-purchase revisits and offers for repeat purchases',
    zh: '增加售后回访与复购优惠',
  },
  revenue: { en: 'Review pricing and the opportunity pipeline of the group', zh: '复核该客户群的定价与商机储备' },
  'campaign-response-rate': {
    en: 'Review campaign targeting, channel and timing',
    zh: '复核活动的目标客户、渠道与时间',
  },
  'events-held': { en: 'Reschedule the events that did not take place', zh: '重新安排未举办的活动' },
  'gifts-given': { en: 'Check gift logistics and the customer list', zh: '核查礼品配送与客户名单' },
  custom: { en: 'Agree an improvement action with the plan’s owner', zh: '与计划负责人商定改进措施' },
};

/**
 * The maintenance plan policy (rules MP-1, MP-2). The rules give the workflow and that each budget difference gets
 * a cause; every number here is Kehu's default for a host to override (`parsePlanPolicy` fills the rest).
 */
export const planPolicySchema = z.strictObject({
  /** Approval (rule MP-1: review and approve). */
  approval: z
    .strictObject({
      /**
       * The approval flows by total budget: a plan follows the flow with the largest `minBudget` not above its
       * total. Default: `standard` (sales manager, then one of two finance signers, 或签) from 0, and `major`
       * (sales manager; sales and finance directors all sign, 会签; general manager) from 100,000. The signer ids
       * are placeholders: a host lists its people's ids.
       */
      flows: z
        .array(flowChoiceSchema)
        .min(1, 'at least one approval flow')
        .max(20, 'at most 20 flows')
        .default(
          // The defaults are parsed by the schema itself, so they are valid by construction.
          defaultFlows as never,
        ),
      /**
       * A revision of an approved or active plan goes for approval again when a budget line grows by more than
       * `growthShare` of its approved amount and by more than `growthAmount` (a new line counts as grown from 0).
       * Default: more than 10% and more than 0.
       */
      reapproval: z
        .strictObject({ growthShare: share.default(0.1), growthAmount: nonNegativeAmount.default('0') })
        .prefault({}),
      /** Whether a signer may add a signer to their step (加签), and how many per step. Default: yes, up to 5. */
      addSigner: z
        .strictObject({
          allowed: z.boolean().default(true),
          maxPerStep: z.number().int().min(0).max(50).default(5),
        })
        .prefault({}),
      /**
       * When a signer may let someone else sign for them: `on-leave` (default) only while on leave (the owner
       * record's leave), `any-time`, or `never`.
       */
      delegation: z.enum(['on-leave', 'any-time', 'never']).default('on-leave'),
    })
    .prefault({}),
  /** Budget against actual (rule MP-2). */
  budget: z
    .strictObject({
      /**
       * A variance needs a cause when its size is more than `share` of the budget and more than `amount` (both).
       * Default: more than 10% and more than 1,000.
       */
      causeThreshold: z
        .strictObject({ share: share.default(0.1), amount: nonNegativeAmount.default('1000') })
        .prefault({}),
      /**
       * The cause taxonomy, codes unique. Default: price, volume, timing, scope, one-off, estimate, external, other.
       */
      causes: z.array(causeSchema).min(1, 'at least one cause').max(200).default(defaultCauses),
    })
    .prefault({}),
  /** Evaluation (rule MP-1: evaluate and improve). */
  evaluation: z
    .strictObject({
      /** The improvement action proposed for a missed target, per metric (English and Chinese). */
      improvements: z
        .strictObject({
          /** Contacts done (cadence, CA-9). */
          'contacts-done': labelSchema.default(defaultImprovements['contacts-done']),
          /** Share of planned contacts done on time (cadence, CA-9). */
          'contact-completion-rate': labelSchema.default(defaultImprovements['contact-completion-rate']),
          /** Change of the mean satisfaction score (SA-4). */
          'satisfaction-change': labelSchema.default(defaultImprovements['satisfaction-change']),
          /** Customers upgraded (GR-4). */
          upgrades: labelSchema.default(defaultImprovements.upgrades),
          /** Customers downgraded (GR-4). */
          downgrades: labelSchema.default(defaultImprovements.downgrades),
          /** Customers who left (CH-4). */
          'churned-customers': labelSchema.default(defaultImprovements['churned-customers']),
          /** New customers (MP-2). */
          'new-customers': labelSchema.default(defaultImprovements['new-customers']),
          /** Repurchase rate (MP-2). */
          'repurchase-rate': labelSchema.default(defaultImprovements['repurchase-rate']),
          /** Revenue of the plan's customers (MP-2). */
          revenue: labelSchema.default(defaultImprovements.revenue),
          /** Campaign response rate (MP-2). */
          'campaign-response-rate': labelSchema.default(defaultImprovements['campaign-response-rate']),
          /** Events held (CA-7). */
          'events-held': labelSchema.default(defaultImprovements['events-held']),
          /** Gifts given (GR-3). */
          'gifts-given': labelSchema.default(defaultImprovements['gifts-given']),
          /** A value the host gives. */
          custom: labelSchema.default(defaultImprovements.custom),
        })
        .prefault({}),
    })
    .prefault({}),
});

/** The plan policy with defaults filled in. */
export type PlanPolicy = z.output<typeof planPolicySchema>;
/** A partial plan policy as a host writes it. */
export type PlanPolicyInput = z.input<typeof planPolicySchema>;

/** Validates a plan policy and fills its defaults; throws `KehuPolicyError` naming the bad field. */
export const parsePlanPolicy: (input?: unknown) => PlanPolicy = policyParserFor(planPolicySchema, 'plan policy');

/** The default plan policy. */
export const DEFAULT_PLAN_POLICY: PlanPolicy = parsePlanPolicy({});
