import * as z from 'zod';
import {
  currencySchema,
  decimalCodec,
  idSchema,
  instantCodec,
  localDateSchema,
  nonNegativeDecimalCodec,
} from './codecs.js';
import { tierSchema } from './grade.js';
import { attributesSchema } from './json-value.js';
import { numberSchema } from './numbers.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** The most customers a plan's group names one by one. */
export const MAX_PLAN_CUSTOMERS = 10_000;
/** The most measures one plan holds. */
export const MAX_PLAN_MEASURES = 200;
/** The most budget lines one plan holds. */
export const MAX_BUDGET_LINES = 1000;
/** The most steps of an approval flow. */
export const MAX_APPROVAL_STEPS = 20;
/** The most signers one approval step lists. */
export const MAX_STEP_SIGNERS = 50;

const nameSchema = textSchema.min(1, 'must not be empty').max(200, 'at most 200 characters');
/** Free text; its length is the limits policy's concern (`checkLimits`), as for every other record's texts. */
const longTextSchema = textSchema.min(1, 'must not be empty');
const reasonSchema = longTextSchema.refine((s) => s.trim() !== '', 'must not be blank');

/** A rule ID of the project's domain rules, e.g. `GR-3` or `CA-1`. */
export const ruleIdSchema = z.string().regex(/^[A-Z]{2}-[1-9][0-9]?$/, 'expected a rule ID such as GR-3');

/** The kinds of maintenance measure a plan uses (rule MP-1: methods and measures). */
export const PLAN_MEASURE_KINDS = ['visit', 'event', 'gift', 'service-review', 'other'] as const;
/** The kind of a maintenance measure. */
export const planMeasureKindSchema = z.enum(PLAN_MEASURE_KINDS);
/** The kind of a maintenance measure. */
export type PlanMeasureKind = z.infer<typeof planMeasureKindSchema>;

/**
 * What a measure's target counts, and where evaluation takes it from (rule MP-1: evaluate): contacts done and the
 * share done on time (cadence), the change of the mean satisfaction score (satisfaction), upgrades and downgrades
 * (grading), customers who left (churn), new customers, repurchase rate and revenue of the plan's customers, the
 * response rate of its campaigns, and events held or gifts given as recorded; `custom` takes a value the host gives.
 */
export const PLAN_METRICS = [
  'contacts-done',
  'contact-completion-rate',
  'satisfaction-change',
  'upgrades',
  'downgrades',
  'churned-customers',
  'new-customers',
  'repurchase-rate',
  'revenue',
  'campaign-response-rate',
  'events-held',
  'gifts-given',
  'custom',
] as const;
/** A metric a plan measure is evaluated on. */
export const planMetricSchema = z.enum(PLAN_METRICS);
/** A metric a plan measure is evaluated on. */
export type PlanMetric = z.infer<typeof planMetricSchema>;

/** The budget categories of rule MP-2: winning customers, maintaining them, and events. */
export const BUDGET_CATEGORIES = ['development', 'maintenance', 'events'] as const;
/** A budget category. */
export const budgetCategorySchema = z.enum(BUDGET_CATEGORIES);
/** A budget category. */
export type BudgetCategory = z.infer<typeof budgetCategorySchema>;

/** A budget period: a month `YYYY-MM` or a quarter `YYYY-Qn` (rule MP-2: monthly or quarterly). */
export const budgetPeriodSchema = z
  .string()
  .regex(/^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$/, 'expected a month YYYY-MM or a quarter YYYY-Qn');

/**
 * Which customers a plan serves (rule MP-1: the graded roster): customers of the listed tiers, of the listed
 * segments (RFM or the host's), and the customers named by id; a customer in any of them belongs. At least one is
 * not empty.
 */
export const planGroupSchema = z
  .strictObject({
    /** Grade tiers whose customers belong. */
    tiers: z.array(tierSchema).max(10, 'at most 10 tiers').default([]),
    /** Segment names whose customers belong. */
    segments: z.array(nameSchema).max(100, 'at most 100 segments').default([]),
    /** Customers named one by one, at most {@link MAX_PLAN_CUSTOMERS}. */
    customerIds: z.array(idSchema).max(MAX_PLAN_CUSTOMERS, `at most ${MAX_PLAN_CUSTOMERS} customers`).default([]),
  })
  .superRefine((g, ctx) => {
    if (g.tiers.length + g.segments.length + g.customerIds.length === 0)
      ctx.addIssue({ code: 'custom', path: [], message: 'a plan group names at least one tier, segment or customer' });
  });
/** A plan's customer group. */
export type PlanGroup = z.output<typeof planGroupSchema>;

/**
 * One measure of a plan with its target (rule MP-1): what is done (`kind`, `description`), what is counted
 * (`metric`), and whether the result must be at least or at most `target`.
 */
export const planMeasureSchema = z.strictObject({
  id: idSchema,
  kind: planMeasureKindSchema,
  description: longTextSchema,
  metric: planMetricSchema,
  /** `at-least` (the default): the result meets the target when it is not below it; `at-most`: not above it. */
  direction: z.enum(['at-least', 'at-most']).default('at-least'),
  /** The target in the metric's unit (a count, a share 0..1, a score change, or an amount of money). */
  target: numberSchema.refine(Number.isFinite, 'must be a finite number'),
  /** The rule IDs this measure serves, e.g. `CA-1` or `GR-3`. */
  rules: z.array(ruleIdSchema).max(20, 'at most 20 rule IDs').default([]),
});
/** A plan measure. */
export type PlanMeasure = z.output<typeof planMeasureSchema>;

/**
 * One budget line (rule MP-2): an amount for one category and period, in the plan's currency. With `quantity`
 * and `unitPrice` (both or neither), `amount` is exactly `quantity × unitPrice`, and variances split into volume
 * and price.
 */
export const budgetLineSchema = z
  .strictObject({
    id: idSchema,
    category: budgetCategorySchema,
    period: budgetPeriodSchema,
    amount: nonNegativeDecimalCodec,
    /** Planned units (visits, events, gifts). */
    quantity: nonNegativeDecimalCodec.optional(),
    /** Planned price of one unit. */
    unitPrice: nonNegativeDecimalCodec.optional(),
    /**
     * Lines of one series (the same activity in successive periods, e.g. `visits`) offset each other's timing;
     * default: the line's category.
     */
    series: idSchema.optional(),
    description: longTextSchema.optional(),
  })
  .superRefine((line, ctx) => {
    if ((line.quantity === undefined) !== (line.unitPrice === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [line.quantity === undefined ? 'quantity' : 'unitPrice'],
        message: 'quantity and unitPrice are given together or not at all',
      });
    else if (
      line.quantity !== undefined &&
      line.unitPrice !== undefined &&
      !line.quantity.times(line.unitPrice).eq(line.amount)
    )
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'amount must equal quantity × unitPrice' });
  });
/** A budget line. */
export type BudgetLine = z.output<typeof budgetLineSchema>;

function uniqueIds(items: ReadonlyArray<{ id: string }>, field: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [field, i, 'id'], message: `duplicate ${field} id` });
    seen.add(item.id);
  });
}

const planContentShape = {
  name: nameSchema,
  /** The person responsible for the plan. */
  ownerId: idSchema,
  group: planGroupSchema,
  /** The local dates the plan runs, inclusive. */
  period: z.strictObject({ from: localDateSchema, to: localDateSchema }),
  currency: currencySchema,
  measures: z.array(planMeasureSchema).max(MAX_PLAN_MEASURES, `at most ${MAX_PLAN_MEASURES} measures`).default([]),
  budgetLines: z.array(budgetLineSchema).max(MAX_BUDGET_LINES, `at most ${MAX_BUDGET_LINES} budget lines`).default([]),
  /** The rule IDs the plan serves, e.g. `GR-3` (entitlements), `CA-1` (cadence), `CA-7` (events). */
  rules: z.array(ruleIdSchema).max(50, 'at most 50 rule IDs').default([]),
  /** The plan this one improves on (rule MP-1: improve). */
  previousPlanId: idSchema.optional(),
  attributes: attributesSchema.default({}),
};

function checkContent(
  p: { period: { from: string; to: string }; measures: Array<{ id: string }>; budgetLines: Array<{ id: string }> },
  ctx: z.RefinementCtx,
): void {
  if (p.period.to < p.period.from)
    ctx.addIssue({ code: 'custom', path: ['period', 'to'], message: 'a plan ends on or after its first day' });
  uniqueIds(p.measures, 'measures', ctx);
  uniqueIds(p.budgetLines, 'budgetLines', ctx);
}

/** What a plan says (everything but its id): the content a `revised` event replaces as a whole. */
export const planContentSchema = z.strictObject(planContentShape).superRefine(checkContent);
/** A plan's content. */
export type PlanContent = z.output<typeof planContentSchema>;
/** What {@link planContentSchema} accepts. */
export type PlanContentInput = z.input<typeof planContentSchema>;

/**
 * A customer maintenance plan (rule MP-1) as drafted: the customer group, measures with targets, owner, period,
 * budget lines and the rules it serves. Its life (submission, approval, activation, evaluation, archive) is its
 * event log; `@kehu/plans` replays it.
 */
export const maintenancePlanSchema = z.strictObject({ id: idSchema, ...planContentShape }).superRefine(checkContent);
/** A maintenance plan. */
export type MaintenancePlan = z.output<typeof maintenancePlanSchema>;
/** What {@link parseMaintenancePlan} accepts. */
export type MaintenancePlanInput = z.input<typeof maintenancePlanSchema>;
/** Validates and decodes a maintenance plan; throws `KehuValidationError` naming the bad field. */
export const parseMaintenancePlan = parserFor(maintenancePlanSchema, 'maintenance plan');
/** Encodes a maintenance plan as exact JSON. */
export const maintenancePlanToJson = encoderFor(maintenancePlanSchema, 'maintenance plan');

/**
 * How the signers of one approval step sign: `sequential` one after another in the listed order; `all` every one in
 * any order (会签); `any` one of them (或签).
 */
export const APPROVAL_MODES = ['sequential', 'all', 'any'] as const;
/** How the signers of one approval step sign. */
export const approvalModeSchema = z.enum(APPROVAL_MODES);
/** How the signers of one approval step sign. */
export type ApprovalMode = z.infer<typeof approvalModeSchema>;

/** A label in English and Simplified Chinese. */
const labelSchema = z.strictObject({ en: nameSchema, zh: nameSchema });

/** One step of an approval flow: its signers and how they sign. Steps run one after another. */
export const approvalStepSchema = z
  .strictObject({
    id: idSchema,
    name: labelSchema,
    mode: approvalModeSchema,
    signers: z
      .array(idSchema)
      .min(1, 'a step has at least one signer')
      .max(MAX_STEP_SIGNERS, `at most ${MAX_STEP_SIGNERS} signers`),
  })
  .superRefine((step, ctx) => {
    const seen = new Set<string>();
    step.signers.forEach((s, i) => {
      if (seen.has(s)) ctx.addIssue({ code: 'custom', path: ['signers', i], message: 'a signer is listed once' });
      seen.add(s);
    });
  });
/** An approval step. */
export type ApprovalStep = z.output<typeof approvalStepSchema>;

/** An approval flow (rule MP-1: review and approve): steps in order. A submission records the flow it follows. */
export const approvalFlowSchema = z
  .strictObject({
    id: idSchema,
    steps: z
      .array(approvalStepSchema)
      .min(1, 'a flow has at least one step')
      .max(MAX_APPROVAL_STEPS, `at most ${MAX_APPROVAL_STEPS} steps`),
  })
  .superRefine((flow, ctx) => uniqueIds(flow.steps, 'steps', ctx));
/** An approval flow. */
export type ApprovalFlow = z.output<typeof approvalFlowSchema>;
/** What {@link approvalFlowSchema} accepts. */
export type ApprovalFlowInput = z.input<typeof approvalFlowSchema>;

const eventBase = {
  at: instantCodec,
  /** Who did it (for `signed` and `returned`: the person who actually signed). */
  actor: idSchema,
  note: longTextSchema.optional(),
};

/**
 * One entry of a maintenance plan's append-only event log (rules MP-1, MP-2, AR-4). `@kehu/plans` checks which
 * events each state allows and replays the log into the plan's state:
 * - `drafted`: the first event, written when the plan is stored.
 * - `revised`: the plan's content replaced whole (in a draft or a returned plan at once; in an approved or active
 *   plan, a revision with a `flow` waits for approval along it, and returning it keeps the approved content:
 *   `@kehu/plans` gives it a flow when a budget line grew past the policy's threshold).
 * - `submitted`: sent for approval along `flow` (recorded, so later policy changes do not rewrite the past);
 *   `withdrawn`: taken back by the submitter before it is decided.
 * - `signed` / `returned`: a signer of the current step signs, or sends the plan back with a reason. `signerId` is
 *   the listed signer; `actor` who signed (a delegate when they differ).
 * - `signer-added` (加签): a signer of the current step adds `signerId` to it, before or after themselves.
 * - `delegated`: `fromId` lets `toId` sign in their place, until `until` when given.
 * - `activated`, `evaluated` (with the evaluation as JSON), `archived`.
 * - `variance-explained`: the cause of a budget variance of one line (or category) and period (rule MP-2).
 */
export const planEventBodySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('drafted'), ...eventBase }),
  z.strictObject({
    type: z.literal('revised'),
    ...eventBase,
    content: planContentSchema,
    /** Given when the revision needs approval before it applies (a budget line grew past the threshold). */
    flow: approvalFlowSchema.optional(),
  }),
  z.strictObject({ type: z.literal('submitted'), ...eventBase, flow: approvalFlowSchema }),
  z.strictObject({ type: z.literal('withdrawn'), ...eventBase }),
  z.strictObject({ type: z.literal('signed'), ...eventBase, signerId: idSchema }),
  z.strictObject({ type: z.literal('returned'), ...eventBase, signerId: idSchema, reason: reasonSchema }),
  z.strictObject({
    type: z.literal('signer-added'),
    ...eventBase,
    signerId: idSchema,
    position: z.enum(['before', 'after']).default('after'),
  }),
  z.strictObject({
    type: z.literal('delegated'),
    ...eventBase,
    fromId: idSchema,
    toId: idSchema,
    until: instantCodec.optional(),
  }),
  z.strictObject({ type: z.literal('activated'), ...eventBase }),
  z.strictObject({ type: z.literal('evaluated'), ...eventBase, evaluation: attributesSchema }),
  z.strictObject({ type: z.literal('archived'), ...eventBase }),
  z.strictObject({
    type: z.literal('variance-explained'),
    ...eventBase,
    /** The budget line explained; without it, the whole category of `category` in `period`. */
    lineId: idSchema.optional(),
    category: budgetCategorySchema,
    period: budgetPeriodSchema,
    /** A cause code of the policy's taxonomy. */
    cause: idSchema,
  }),
]);
/** A plan event before the store numbers it. */
export type PlanEventBody = z.output<typeof planEventBodySchema>;
/** What {@link parsePlanEvent} accepts. */
export type PlanEventBodyInput = z.input<typeof planEventBodySchema>;
/** The plan event types. */
export type PlanEventType = PlanEventBody['type'];
/** A stored plan event: the body plus its plan and 1-based sequence number. */
export type PlanEvent = PlanEventBody & {
  /** The plan the event belongs to. */
  readonly planId: string;
  /** Position in the plan's log, starting at 1 (the `drafted` event). */
  readonly seq: number;
};
/** Validates and decodes a plan event body. */
export const parsePlanEvent = parserFor(planEventBodySchema, 'plan event');
/** Encodes a plan event body as exact JSON. */
export const planEventToJson = encoderFor(planEventBodySchema, 'plan event');

/**
 * One actual spend entry against a plan (rule MP-2), recorded once: the amount (negative for a credit or refund),
 * the local date it was spent, its category, and optionally the budget line it books to and the units it bought
 * (for the volume and price split). Without `lineId` it books to the plan's line of that category whose period
 * holds `spentOn`.
 */
export const budgetActualSchema = z.strictObject({
  id: idSchema,
  planId: idSchema,
  lineId: idSchema.optional(),
  category: budgetCategorySchema,
  spentOn: localDateSchema,
  amount: decimalCodec,
  currency: currencySchema,
  /** Units bought (visits, events, gifts), when known. */
  quantity: nonNegativeDecimalCodec.optional(),
  description: longTextSchema.optional(),
  attributes: attributesSchema.default({}),
});
/** An actual spend entry. */
export type BudgetActual = z.output<typeof budgetActualSchema>;
/** What {@link parseBudgetActual} accepts. */
export type BudgetActualInput = z.input<typeof budgetActualSchema>;
/** Validates and decodes an actual spend entry. */
export const parseBudgetActual = parserFor(budgetActualSchema, 'budget actual');
/** Encodes an actual spend entry as exact JSON. */
export const budgetActualToJson = encoderFor(budgetActualSchema, 'budget actual');
