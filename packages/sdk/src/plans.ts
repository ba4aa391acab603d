import type { BusinessCalendar } from '@kehu/calendar';
import {
  budgetCategorySchema,
  budgetPeriodSchema,
  checkBudgetActualLimits,
  checkPlanEventLimits,
  checkPlanLimits,
  compareTiers,
  dateOfDay,
  dayNumber,
  idSchema,
  instantCodec,
  invalidInput,
  isKehuError,
  KehuCurrencyMismatchError,
  KehuNotFoundError,
  parseBudgetActual,
  parseMaintenancePlan,
  parsePlanEvent,
  parserFor,
  planContentSchema,
  textSchema,
  type AuditContext,
  type BudgetActual,
  type BudgetActualInput,
  type BudgetCategory,
  type Label,
  type LeavePeriod,
  type MaintenancePlanInput,
  type PlanContent,
  type PlanContentInput,
  type PlanEvent,
  type PlanEventBody,
  type Tier,
} from '@kehu/core';
import {
  budgetVsActual,
  checkPlanEvent,
  evaluatePlan,
  evaluationToJson,
  observationsFrom,
  parsePlanPolicy,
  planGroupMembers,
  planResults,
  replayPlan,
  revision,
  submission,
  type BudgetLineGrowth,
  type BudgetReport,
  type PlanEvaluation,
  type PlanObservation,
  type PlanPolicy,
  type PlanPolicyInput,
  type PlanResults,
  type PlanSnapshot,
} from '@kehu/plans';
import { averageScore, isZone } from '@kehu/satisfaction';
import type { Page, PageRequest } from '@kehu/storage';
import * as z from 'zod';
import { optionalPageRequest, requireId } from './arguments.js';
import { cadenceEngine, calendarSchema, localDayOf, MAX_SDK_PLAN_DAYS, startOfLocalDay } from './cadence.js';
import { auditContextOf, type UseCaseContext } from './context.js';
import type { InstantInput } from './instant.js';
import { contextRetry, retryOnConflict } from './retry.js';

/** Who changes a plan and when (rule AR-4: every change is audited with them). */
export interface PlanChangeContext {
  /** Who acts: the person signing, submitting, activating. */
  actor: string;
  /** When (the event's `at`; events are in time order). */
  at: InstantInput;
  /** A remark stored with the event. */
  note?: string;
}

/**
 * Who records a plan or an actual spend entry, and when. No note: the plan's first event and an actual entry have no
 * place for one (a plan's remarks belong in its content, an entry's in its `description`).
 */
export type PlanRecordContext = Omit<PlanChangeContext, 'note'>;

/** {@link PlanChangeContext} with the plan policy the change is checked against. */
export interface PlanPolicyContext extends PlanChangeContext {
  /** The plan policy (default `DEFAULT_PLAN_POLICY` of `@kehu/plans`). */
  policy?: PlanPolicyInput;
}

/** Options of {@link PlanUseCases.sign}. */
export interface PlanSignOptions extends PlanPolicyContext {
  /**
   * The pending signer whose signature this is (default: the actor when pending; else the one pending signer the
   * actor signs for, by a delegation in effect or by covering their leave).
   */
  signerId?: string;
  /** The IANA zone of the leave dates (default `Asia/Shanghai`). */
  timeZone?: string;
}

/** Options of {@link PlanUseCases.sendBack}. */
export interface PlanSendBackOptions extends PlanPolicyContext {
  /** Why the plan goes back (required). */
  reason: string;
  /** The pending signer sending it back (default: the actor, or the one pending signer the actor stands in for). */
  signerId?: string;
}

/** Options of {@link PlanUseCases.addSigner}. */
export interface PlanAddSignerOptions extends PlanPolicyContext {
  /** The signer added to the actor's step (加签). */
  signerId: string;
  /** In a sequential step, before the actor (the added signer signs first) or after (default). */
  position?: 'before' | 'after';
}

/** Options of {@link PlanUseCases.delegate}. */
export interface PlanDelegateOptions extends PlanPolicyContext {
  /** The signer handing over. */
  fromId: string;
  /** Who signs in their place. */
  toId: string;
  /** When the delegation ends (default: never). */
  until?: InstantInput;
  /** The IANA zone of the leave dates, for the policy's `on-leave` delegation (default `Asia/Shanghai`). */
  timeZone?: string;
}

/** Options of {@link PlanUseCases.evaluate}. */
export interface PlanEvaluateOptions extends PlanPolicyContext {
  /** The business calendar whose zone turns the plan's local dates into instants. */
  calendar: BusinessCalendar;
  /**
   * Values of `custom` measures, and of measures whose metric the store does not observe (events held, gifts given,
   * …), by measure id. A value given for a measure whose metric the store observes is not used (a warning says so).
   */
  custom?: Readonly<Record<string, number>>;
  /**
   * Where `satisfaction-change` comes from (rules SA-1, MP-1): one rating question of one stored survey. The change
   * is the mean answer of the group's customers to it in the plan's period (up to `at`) minus the mean in the
   * equally long period just before; with no answer on either side it is unobserved, with a warning.
   */
  satisfaction?: PlanSatisfactionSource;
}

/** The survey question whose mean answer before and during the plan gives `satisfaction-change` (MP-1). */
export interface PlanSatisfactionSource {
  /** The survey whose stored responses are read. */
  surveyId: string;
  /** The rating question averaged (its answers in the responses' `answers`). */
  questionId: string;
  /** The question's integer scale; an answer off it is refused (default 1-5, that of `averageScore`). */
  scale?: { min: number; max: number };
}

/** What {@link PlanUseCases.evaluate} gives: the plan after its `evaluated` event, and the evaluation. */
export interface PlanEvaluationResult {
  /** The plan, evaluated. */
  plan: PlanSnapshot;
  /** Each measure against its target, with the improvements the misses call for (rule MP-1). */
  evaluation: PlanEvaluation;
}

/** What {@link PlanUseCases.revise} gives. */
export interface PlanRevisionResult {
  /** The plan after the revision. */
  plan: PlanSnapshot;
  /** Whether the revision waits for approval (a budget line grew past the policy's threshold). */
  reapproval: boolean;
  /** Each budget line's growth against the content in effect. */
  growth: BudgetLineGrowth[];
  /** Why it does or does not need approval. */
  explanation: Label;
}

/** A variance cause to record (rule MP-2). */
export interface VarianceExplanationInput {
  /** The budget line explained; without it, the whole category in the period. */
  lineId?: string;
  /** The budget category of the variance (the line's, when `lineId` is given). */
  category: BudgetCategory;
  /** The period `YYYY-MM` or `YYYY-Qn`. */
  period: string;
  /** A cause code of the policy's taxonomy. */
  cause: string;
}

/** Options of {@link PlanUseCases.budget}. */
export interface PlanBudgetOptions {
  /** The moment of the report: actual spend and results up to it. */
  asOf: InstantInput;
  /** The IANA zone of local dates (default `Asia/Shanghai`). */
  timeZone?: string;
  /** The plan policy (thresholds and cause taxonomy). */
  policy?: PlanPolicyInput;
  /** Results per month or quarter (default: quarter when a budget line is quarterly, else month). */
  by?: 'month' | 'quarter';
}

/** The budget against actual of a plan (rule MP-2) with the results of its customers per period. */
export interface PlanBudget extends BudgetReport {
  /** New customers, repurchase rate, revenue and campaign response of the plan's group per period. */
  results: PlanResults;
}

/** What {@link PlanUseCases.recordActual} did. */
export interface RecordActualResult {
  /** The stored entry. */
  record: BudgetActual;
  /** `false` when the same entry was stored already (a retried call). */
  created: boolean;
}

/**
 * Customer maintenance plans over the store (rules MP-1, MP-2, AR-4): each change is an event checked by
 * `@kehu/plans` against the plan's state and the policy, then appended to the plan's log at the version read
 * (re-read and retried on a conflict) with an audit entry. Every mutation returns the plan replayed.
 */
export interface PlanUseCases {
  /** Stores a new plan (a draft) with its `drafted` event. */
  create(plan: MaintenancePlanInput, context: PlanRecordContext): Promise<PlanSnapshot>;
  /**
   * Replaces the plan's content: at once in a draft or a returned plan; in an approved or active plan at once when no
   * budget line grew past the policy's threshold, else it waits for approval along the flow the content's budget
   * calls for (re-approval).
   */
  revise(planId: string, content: PlanContentInput, context: PlanPolicyContext): Promise<PlanRevisionResult>;
  /** Submits a draft or returned plan along the approval flow its total budget calls for. */
  submit(planId: string, context: PlanPolicyContext): Promise<PlanSnapshot>;
  /** Takes a submitted plan back to draft. */
  withdraw(planId: string, context: PlanChangeContext): Promise<PlanSnapshot>;
  /**
   * Signs the current step. When the actor covers the leave of a pending signer (their owner record's leave with
   * `coverId` the actor) and the policy allows delegation, appends `delegated` (until the leave's end) and `signed`
   * together.
   */
  sign(planId: string, options: PlanSignOptions): Promise<PlanSnapshot>;
  /** Sends the plan back with a reason (a pending signer or their delegate). */
  sendBack(planId: string, options: PlanSendBackOptions): Promise<PlanSnapshot>;
  /** Adds a signer to the actor's step (加签). */
  addSigner(planId: string, options: PlanAddSignerOptions): Promise<PlanSnapshot>;
  /** Lets `toId` sign in place of `fromId` (by the policy's delegation mode). */
  delegate(planId: string, options: PlanDelegateOptions): Promise<PlanSnapshot>;
  /** Puts an approved plan into effect. */
  activate(planId: string, context: PlanChangeContext): Promise<PlanSnapshot>;
  /**
   * Evaluates an active plan (rule MP-1): each measure against what the store holds for the plan's customers in the
   * plan's period up to `at`, and appends the evaluation as its `evaluated` event:
   * - revisits (CA-9) from the engine of `kehu.cadence.analysis` (default cadence policy) narrowed to the group:
   *   `contacts-done` = tasks done, `contact-completion-rate` = done / (done + overdue). It plans the revisits
   *   of the whole store for the period first (as `kehu.cadence.analysis` does), so its cost is one whole-store plan;
   *   a period past 366 days is not analysed (a warning says so);
   * - `satisfaction-change` from `options.satisfaction` (a survey question's mean answer during the plan minus
   *   before it), unobserved with a warning without answers on either side;
   * - upgrades and downgrades (GR-4), churned customers (CH-4), new customers, repurchase rate, revenue and campaign
   *   response (MP-2); host values for the rest (`options.custom`).
   * What could not be observed is in the evaluation's `warnings`, never a fake 0.
   */
  evaluate(planId: string, options: PlanEvaluateOptions): Promise<PlanEvaluationResult>;
  /** Archives an evaluated plan, or abandons a draft or returned one (a `note` is then required). */
  archive(planId: string, context: PlanChangeContext): Promise<PlanSnapshot>;
  /** The plan replayed from its log, or `null`. */
  get(planId: string): Promise<PlanSnapshot | null>;
  /** One page of plans in id order, each replayed. */
  list(request?: PageRequest): Promise<Page<PlanSnapshot>>;
  /** Records an actual spend entry against a plan, once by id (rule MP-2). */
  recordActual(entry: BudgetActualInput, context: PlanRecordContext): Promise<RecordActualResult>;
  /** Records the cause of a budget variance (rule MP-2). */
  explainVariance(
    planId: string,
    variance: VarianceExplanationInput,
    context: PlanPolicyContext,
  ): Promise<PlanSnapshot>;
  /** Budget against actual per line and period with variance split and causes, and the group's results (MP-2). */
  budget(planId: string, options: PlanBudgetOptions): Promise<PlanBudget>;
}

const zoneSchema = z.string().refine(isZone, 'expected an IANA time zone name');
const noteSchema = textSchema.optional();
const policySchema = z.unknown().optional();
const contextShape = { actor: idSchema, at: instantCodec, note: noteSchema };

const parseChangeContext = parserFor(z.strictObject(contextShape), 'plan change context');
const parseRecordContext = parserFor(z.strictObject({ actor: idSchema, at: instantCodec }), 'plan record context');
const parsePolicyContext = parserFor(z.strictObject({ ...contextShape, policy: policySchema }), 'plan change context');
const parseSignOptions = parserFor(
  z.strictObject({
    ...contextShape,
    policy: policySchema,
    signerId: idSchema.optional(),
    timeZone: zoneSchema.optional(),
  }),
  'sign options',
);
const parseSendBackOptions = parserFor(
  z.strictObject({ ...contextShape, policy: policySchema, reason: textSchema, signerId: idSchema.optional() }),
  'send-back options',
);
const parseAddSignerOptions = parserFor(
  z.strictObject({
    ...contextShape,
    policy: policySchema,
    signerId: idSchema,
    position: z.enum(['before', 'after']).optional(),
  }),
  'add-signer options',
);
const parseDelegateOptions = parserFor(
  z.strictObject({
    ...contextShape,
    policy: policySchema,
    fromId: idSchema,
    toId: idSchema,
    until: instantCodec.optional(),
    timeZone: zoneSchema.optional(),
  }),
  'delegate options',
);
const parseEvaluateOptions = parserFor(
  z.strictObject({
    ...contextShape,
    policy: policySchema,
    calendar: calendarSchema,
    custom: z.record(idSchema, z.number().refine(Number.isFinite, 'must be a finite number')).optional(),
    satisfaction: z
      .strictObject({
        surveyId: idSchema,
        questionId: idSchema,
        scale: z
          .strictObject({ min: z.number().int(), max: z.number().int() })
          .refine((s) => s.min < s.max, { message: 'a scale needs min < max', path: ['max'] })
          .optional(),
      })
      .optional(),
  }),
  'evaluate options',
);
const parseVariance = parserFor(
  z.strictObject({
    lineId: idSchema.optional(),
    category: budgetCategorySchema,
    period: budgetPeriodSchema,
    cause: idSchema,
  }),
  'variance',
);
const parseBudgetOptions = parserFor(
  z.strictObject({
    asOf: instantCodec,
    timeZone: zoneSchema.optional(),
    policy: policySchema,
    by: z.enum(['month', 'quarter']).optional(),
  }),
  'budget options',
);
const parseContent = parserFor(planContentSchema, 'plan content');

const DEFAULT_ZONE = 'Asia/Shanghai';
const HOST_VALUE: Label = { en: 'value given by the host', zh: '由宿主系统提供的数值' };

/** The audit context of a plan change: who, when, and the event types in the reason (rule AR-4). */
function planAudit(
  ctx: UseCaseContext,
  planId: string,
  context: { actor: string; at: Date },
  what: string,
  rule = 'MP-1',
): AuditContext {
  return auditContextOf(ctx, {
    actor: context.actor,
    at: context.at,
    reason: `plan ${planId}: ${what} (rule ${rule})`,
  });
}

/** The event base of a change: `at`, `actor` and the note when given. */
function base(context: { actor: string; at: Date; note?: string | undefined }) {
  return { at: context.at, actor: context.actor, ...(context.note === undefined ? {} : { note: context.note }) };
}

/** The pending signers of the plan's current approval step ([] when none). */
function pendingOf(snapshot: PlanSnapshot): string[] {
  if (snapshot.state !== 'submitted') return [];
  const round = snapshot.rounds.at(-1);
  return round?.steps[round.current]?.pending ?? [];
}

/** Every signer of the plan's latest round, added ones included. */
function roundSigners(snapshot: PlanSnapshot): string[] {
  const round = snapshot.rounds.at(-1);
  return [...new Set(round?.steps.flatMap((s) => s.signers) ?? [])];
}

/** Builds the plan use cases over `ctx`. */
export function planUseCases(ctx: UseCaseContext): PlanUseCases {
  const { repos, raw } = ctx;
  const retry = contextRetry(ctx);
  const cadence = cadenceEngine(ctx);

  /** The plan's log replayed, with the events read; a missing plan is `KehuNotFoundError`. */
  async function load(planId: string): Promise<{ events: PlanEvent[]; snapshot: PlanSnapshot }> {
    const stored = await repos.plans.get(planId);
    if (stored === null) throw new KehuNotFoundError('maintenance plan', planId);
    const events = await repos.plans.events(planId);
    return { events, snapshot: replayPlan(stored.record, events) };
  }

  /** The leave of `ids` as the owners repository holds it (people without an owner record have none). */
  async function leaveOf(ids: readonly string[]): Promise<Array<{ id: string; leave: readonly LeavePeriod[] }>> {
    const out: Array<{ id: string; leave: readonly LeavePeriod[] }> = [];
    for (const id of ids) {
      const owner = await raw.owners.get(id);
      out.push({ id, leave: owner?.record.leave ?? [] });
    }
    return out;
  }

  /**
   * Reads the plan, builds the events from its snapshot, checks each against the state before it and the policy
   * (`checkPlanEvent`), and appends them at the version read; a conflict re-reads and starts over.
   */
  async function change(
    planId: string,
    policy: PlanPolicy,
    audit: (events: readonly PlanEventBody[]) => AuditContext,
    build: (snapshot: PlanSnapshot) => Promise<{
      events: PlanEventBody[];
      signers?: ReadonlyArray<{ id: string; leave: readonly LeavePeriod[] }>;
      timeZone?: string;
    }>,
  ): Promise<PlanSnapshot> {
    return retryOnConflict(async () => {
      const { events, snapshot } = await load(planId);
      const built = await build(snapshot);
      let next = snapshot;
      const checkOptions = {
        ...(built.signers === undefined ? {} : { signers: built.signers }),
        ...(built.timeZone === undefined ? {} : { timeZone: built.timeZone }),
      };
      for (const body of built.events) {
        checkPlanEventLimits(body, ctx.limits);
        next = checkPlanEvent(next, body, policy, checkOptions);
      }
      await repos.plans.appendEvents(planId, events.length, built.events, audit(built.events));
      return next;
    }, retry);
  }

  /** A change of one event built from the snapshot, audited as its type. */
  const single = (
    planId: string,
    policy: PlanPolicy,
    context: { actor: string; at: Date },
    build: (snapshot: PlanSnapshot) => PlanEventBody,
    rule?: string,
  ) =>
    change(
      planId,
      policy,
      (events) => planAudit(ctx, planId, context, events.map((e) => e.type).join(', '), rule),
      async (snapshot) => ({ events: [build(snapshot)] }),
    );

  /**
   * Who the actor signs (or sends back) for: the given signer, the actor when pending, the one pending signer with a
   * delegation to the actor in effect, or (with `byLeave`, unless the policy never delegates) the one pending signer
   * whose leave the actor covers on the local date of `at` in `zone`; `cover` is then that leave (a delegation is to
   * be appended). Otherwise the given signer or the actor, for `checkPlanEvent` to refuse.
   */
  async function signerFor(
    snapshot: PlanSnapshot,
    options: { actor: string; at: Date; signerId?: string | undefined },
    policy: PlanPolicy,
    zone: string,
    byLeave: boolean,
  ): Promise<{ signerId: string; cover?: LeavePeriod }> {
    const { actor, at } = options;
    const pending = pendingOf(snapshot);
    const round = snapshot.rounds.at(-1)?.round;
    const delegated = (fromId: string) =>
      snapshot.delegations.some(
        (d) =>
          d.fromId === fromId &&
          d.toId === actor &&
          d.round === round &&
          d.at <= at &&
          (d.until === undefined || at < d.until),
      );
    const candidates = options.signerId === undefined ? pending : pending.filter((p) => p === options.signerId);
    if (options.signerId !== undefined && (options.signerId === actor || delegated(options.signerId)))
      return { signerId: options.signerId };
    if (options.signerId === undefined && pending.includes(actor)) return { signerId: actor };
    const standing = candidates.filter(delegated);
    if (standing.length === 1) return { signerId: standing[0]! };
    if (standing.length > 1)
      throw invalidInput(['signerId'], `${actor} signs for ${standing.join(', ')}: say which with signerId`);
    if (byLeave && policy.approval.delegation !== 'never') {
      const today = localDayOf(zone, at.getTime());
      const covered: Array<{ signerId: string; cover: LeavePeriod }> = [];
      for (const { id, leave } of await leaveOf(candidates)) {
        const cover = leave.find((l) => l.coverId === actor && dayNumber(l.from) <= today && today <= dayNumber(l.to));
        if (cover !== undefined) covered.push({ signerId: id, cover });
      }
      if (covered.length === 1) return covered[0]!;
      if (covered.length > 1)
        throw invalidInput(
          ['signerId'],
          `${actor} covers the leave of ${covered.map((c) => c.signerId).join(', ')}: say which with signerId`,
        );
    }
    return { signerId: options.signerId ?? actor };
  }

  /** The customers of the plan's group: by current grade tier, by tag (the host's segments), by id. */
  async function groupOf(content: PlanContent): Promise<string[]> {
    const tiers = new Map<string, Tier>();
    if (content.group.tiers.length > 0)
      for await (const g of raw.grades.streamCurrent()) tiers.set(g.record.customerId, g.record.tier);
    const customers: Array<{ id: string; tier?: Tier; segments?: readonly string[] }> = [];
    for await (const { record } of raw.customers.stream()) {
      const tier = tiers.get(record.id);
      customers.push({ id: record.id, ...(tier === undefined ? {} : { tier }), segments: record.tags });
    }
    return planGroupMembers(content.group, customers);
  }

  /**
   * The group's transactions up to `asOf` (inclusive), for `planResults`: one customer's read per member, in the
   * members' code-point order (the store's order), so that the rest of the store's sales are never read.
   */
  async function groupTransactions(members: readonly string[], asOf: Date) {
    const to = new Date(asOf.getTime() + 1);
    const out = [];
    for (const customerId of members) for await (const t of raw.transactions.stream({ customerId, to })) out.push(t);
    return out;
  }

  /** The results of the group per period of the plan (rule MP-2). */
  async function resultsOf(
    content: PlanContent,
    members: readonly string[],
    options: { asOf: Date; timeZone: string; by: 'month' | 'quarter' },
  ): Promise<PlanResults> {
    return planResults(
      { customerIds: members, transactions: await groupTransactions(members, options.asOf) },
      {
        periods: options.by,
        from: content.period.from,
        to: content.period.to,
        asOf: options.asOf,
        timeZone: options.timeZone,
        currency: content.currency,
      },
    );
  }

  /**
   * The mean answer of `members` to the source's question in `[from, to)` and in the equally long period before
   * (rule SA-1, `averageScore` of `@kehu/satisfaction`), each with its number of answers.
   */
  async function satisfactionOf(
    source: PlanSatisfactionSource,
    members: ReadonlySet<string>,
    period: { from: number; to: number; beforeFrom: number },
  ) {
    const scale = source.scale ?? { min: 1, max: 5 };
    const before: number[] = [];
    const after: number[] = [];
    const stream = raw.surveyResponses.stream({
      surveyId: source.surveyId,
      from: new Date(period.beforeFrom),
      to: new Date(period.to),
    });
    for await (const r of stream) {
      const answer = r.answers[source.questionId];
      if (!members.has(r.customerId) || answer === null || answer === undefined) continue;
      if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < scale.min || answer > scale.max)
        throw invalidInput(
          ['satisfaction', 'questionId'],
          `response ${r.id} answers ${source.questionId} with ${JSON.stringify(answer)}, ` +
            `not an integer on the scale ${scale.min}-${scale.max}`,
        );
      (r.answeredAt.getTime() < period.from ? before : after).push(answer);
    }
    return { before: averageScore(before, { scale }), after: averageScore(after, { scale }) };
  }

  /**
   * What the store holds about the plan's customers in its period, as evaluation observations (rule MP-1), with
   * warnings for what it could not observe. Revisits come from `kehu.cadence.analysis`'s engine (CA-9) narrowed to
   * the group, which plans the whole store's revisits of the period first.
   */
  async function observe(
    content: PlanContent,
    options: { asOf: Date; calendar: BusinessCalendar; satisfaction?: PlanSatisfactionSource | undefined },
  ): Promise<{ observations: ReturnType<typeof observationsFrom>; warnings: string[] }> {
    const { asOf, calendar } = options;
    const zone = calendar.spec.timeZone;
    const warnings: string[] = [];
    const members = await groupOf(content);
    const inGroup = new Set(members);
    const fromDay = dayNumber(content.period.from);
    const lastDay = Math.min(dayNumber(content.period.to), localDayOf(zone, asOf.getTime()));
    const from = new Date(startOfLocalDay(zone, fromDay));
    const end = Math.min(startOfLocalDay(zone, dayNumber(content.period.to) + 1), asOf.getTime() + 1);
    const to = new Date(Math.max(end, from.getTime()));
    const span = `${content.period.from}..${dateOfDay(Math.max(lastDay, fromDay))}`;
    let contacts: { done: number; planned?: number } | undefined;
    let why: string | undefined;
    if (lastDay < fromDay) why = `the plan's period starts after ${asOf.toISOString()}, no revisit was due`;
    else if (lastDay - fromDay + 1 > MAX_SDK_PLAN_DAYS)
      why = `the period ${span} is longer than the ${MAX_SDK_PLAN_DAYS} days a revisit analysis covers`;
    else {
      try {
        const analysis = await cadence.analyse(
          { from: content.period.from, to: dateOfDay(lastDay), asOf, calendar },
          inGroup,
        );
        const t = analysis.overall.tasks;
        // Done of planned over the plan's period: a period-long analysis judges "on time" against one plan made at
        // its start, which says more about that plan than about the work (cadence's own analysis reports it).
        contacts = { done: t.done, planned: t.done + t.overdue };
        if (t.done + t.overdue === 0)
          warnings.push(
            `contact-completion-rate: no revisit of the group's customers was due and judged in ${span} (CA-9, MP-1)`,
          );
      } catch (error) {
        // Stored data the revisit planner refuses (an owner's leave covered by someone who is no owner, …) leaves
        // the rate unobserved, with the planner's reason; anything else is not the data's fault and goes on.
        if (!isKehuError(error)) throw error;
        why = `the revisit analysis (CA-9) refused the stored data: ${error.message}`;
      }
    }
    if (contacts === undefined) {
      let done = 0;
      for await (const c of raw.contactRecords.streamByCustomer({ from, to }))
        if (inGroup.has(c.customerId) && c.outcome === 'completed') done++;
      contacts = { done };
      warnings.push(
        `contact-completion-rate: unobserved, ${why}; contacts-done counts the group's completed contacts (MP-1)`,
      );
    }
    let upgrades = 0;
    let downgrades = 0;
    for (const id of members) {
      let previous: Tier | undefined;
      for (const g of await raw.grades.history(id)) {
        const t = g.effectiveFrom.getTime();
        if (previous !== undefined && t >= from.getTime() && t < to.getTime()) {
          const order = compareTiers(g.tier, previous);
          if (order < 0) upgrades++;
          else if (order > 0) downgrades++;
        }
        previous = g.tier;
      }
    }
    let churned = 0;
    for await (const exit of raw.exits.stream({ from, to })) if (inGroup.has(exit.customerId)) churned++;
    const results = await resultsOf(content, members, { asOf, timeZone: zone, by: 'month' });
    let satisfaction: { before: number; after: number; n: number } | undefined;
    const source = options.satisfaction;
    if (source === undefined) {
      if (content.measures.some((m) => m.metric === 'satisfaction-change'))
        warnings.push(
          'satisfaction-change: give options.satisfaction (a survey and its question) to observe it (MP-1)',
        );
    } else {
      const days = Math.max(lastDay - fromDay + 1, 0);
      const beforeFrom = startOfLocalDay(zone, fromDay - days);
      const means = await satisfactionOf(source, inGroup, {
        from: from.getTime(),
        to: to.getTime(),
        beforeFrom,
      });
      const question = `question ${source.questionId} of survey ${source.surveyId}`;
      const beforeSpan = `${dateOfDay(fromDay - days)}..${dateOfDay(fromDay - 1)}`;
      if (days === 0) warnings.push(`satisfaction-change: the plan's period starts after ${asOf.toISOString()} (MP-1)`);
      else if (means.before.n === 0 || means.after.n === 0)
        warnings.push(
          `satisfaction-change: the group's customers gave no answer to ${question} ` +
            `${means.before.n === 0 ? `before the plan (${beforeSpan})` : `during the plan (${span})`}, ` +
            'so the change is unobserved (SA-1, MP-1)',
        );
      else satisfaction = { before: means.before.estimate, after: means.after.estimate, n: means.after.n };
    }
    const observations = observationsFrom({
      contacts,
      grades: { upgrades, downgrades },
      churned,
      results,
      ...(satisfaction === undefined ? {} : { satisfaction }),
    });
    return { observations, warnings };
  }

  return {
    create: async (input, contextInput) => {
      const context = parseRecordContext(contextInput);
      const plan = parseMaintenancePlan(input);
      checkPlanLimits(plan, ctx.limits);
      const stored = await repos.plans.open(plan, planAudit(ctx, plan.id, context, 'drafted'));
      return replayPlan(stored.record, await repos.plans.events(plan.id));
    },
    revise: async (planId, contentInput, contextInput) => {
      requireId(planId, ['planId']);
      const content = parseContent(contentInput);
      const context = parsePolicyContext(contextInput);
      const policy = parsePlanPolicy(context.policy ?? {});
      let result: Omit<PlanRevisionResult, 'plan'> | undefined;
      const plan = await change(
        planId,
        policy,
        () => planAudit(ctx, planId, context, result?.reapproval ? 'revised, for re-approval' : 'revised'),
        async (snapshot) => {
          const built = revision(snapshot, content, policy, base(context));
          result = { reapproval: built.reapproval, growth: built.growth, explanation: built.explanation };
          return { events: [built.event] };
        },
      );
      return { plan, ...result! };
    },
    submit: async (planId, contextInput) => {
      requireId(planId, ['planId']);
      const context = parsePolicyContext(contextInput);
      const policy = parsePlanPolicy(context.policy ?? {});
      return single(planId, policy, context, (snapshot) => submission(snapshot, policy, base(context)));
    },
    withdraw: async (planId, contextInput) => {
      requireId(planId, ['planId']);
      const context = parseChangeContext(contextInput);
      return single(planId, parsePlanPolicy({}), context, () => ({ type: 'withdrawn', ...base(context) }));
    },
    sign: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseSignOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      const zone = options.timeZone ?? DEFAULT_ZONE;
      return change(
        planId,
        policy,
        (events) => planAudit(ctx, planId, options, events.map((e) => e.type).join(', ')),
        async (snapshot) => {
          const { signerId, cover } = await signerFor(snapshot, options, policy, zone, true);
          const signed: PlanEventBody = { type: 'signed', ...base(options), signerId };
          if (cover === undefined)
            return { events: [signed], signers: await leaveOf(roundSigners(snapshot)), timeZone: zone };
          const until = new Date(startOfLocalDay(zone, dayNumber(cover.to) + 1));
          const delegated: PlanEventBody = {
            type: 'delegated',
            at: options.at,
            actor: options.actor,
            fromId: signerId,
            toId: options.actor,
            until,
            note: `covers the leave of ${signerId} ${cover.from}..${cover.to}`,
          };
          return { events: [delegated, signed], signers: await leaveOf(roundSigners(snapshot)), timeZone: zone };
        },
      );
    },
    sendBack: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseSendBackOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      return change(
        planId,
        policy,
        () => planAudit(ctx, planId, options, 'returned'),
        async (snapshot) => {
          const { signerId } = await signerFor(snapshot, options, policy, DEFAULT_ZONE, false);
          return { events: [{ type: 'returned', ...base(options), signerId, reason: options.reason }] };
        },
      );
    },
    addSigner: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseAddSignerOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      return single(planId, policy, options, () => ({
        type: 'signer-added',
        ...base(options),
        signerId: options.signerId,
        position: options.position ?? 'after',
      }));
    },
    delegate: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseDelegateOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      return change(
        planId,
        policy,
        () => planAudit(ctx, planId, options, 'delegated'),
        async (snapshot) => ({
          events: [
            {
              type: 'delegated',
              ...base(options),
              fromId: options.fromId,
              toId: options.toId,
              ...(options.until === undefined ? {} : { until: options.until }),
            },
          ],
          signers: await leaveOf([...new Set([...roundSigners(snapshot), options.fromId])]),
          timeZone: options.timeZone ?? DEFAULT_ZONE,
        }),
      );
    },
    activate: async (planId, contextInput) => {
      requireId(planId, ['planId']);
      const context = parseChangeContext(contextInput);
      return single(planId, parsePlanPolicy({}), context, () => ({ type: 'activated', ...base(context) }));
    },
    evaluate: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseEvaluateOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      let evaluation: PlanEvaluation | undefined;
      const plan = await change(
        planId,
        policy,
        () => planAudit(ctx, planId, options, 'evaluated'),
        async (snapshot) => {
          // Only an active plan takes an evaluation: for any other the check refuses the event, so nothing is read.
          const { observations, warnings } =
            snapshot.state === 'active'
              ? await observe(snapshot.content, {
                  asOf: options.at,
                  calendar: options.calendar,
                  satisfaction: options.satisfaction,
                })
              : { observations: {}, warnings: [] };
          // A host value of a measure whose metric the store does not observe (events held, …) stands for it.
          const given = new Map(Object.entries(options.custom ?? {}));
          const hosted: Record<string, PlanObservation> = {};
          for (const m of snapshot.content.measures) {
            const value = given.get(m.id);
            if (m.metric === 'custom' || value === undefined) continue;
            given.delete(m.id);
            if (m.metric in observations || m.metric in hosted)
              warnings.push(
                `host value for measure ${m.id} is not used: ${m.metric} is observed from the store (MP-1)`,
              );
            else hosted[m.metric] = { value, source: HOST_VALUE };
          }
          const custom = Object.fromEntries(given);
          const evaluated = evaluatePlan(
            snapshot.content,
            { ...observations, ...hosted, ...(options.custom === undefined ? {} : { custom }) },
            policy,
            { asOf: options.at },
          );
          evaluation = { ...evaluated, warnings: [...warnings, ...evaluated.warnings] };
          const event = parsePlanEvent({
            type: 'evaluated',
            ...base(options),
            evaluation: evaluationToJson(evaluation),
          });
          return { events: [event] };
        },
      );
      return { plan, evaluation: evaluation! };
    },
    archive: async (planId, contextInput) => {
      requireId(planId, ['planId']);
      const context = parseChangeContext(contextInput);
      return single(planId, parsePlanPolicy({}), context, () => ({ type: 'archived', ...base(context) }));
    },
    get: async (planId) => {
      requireId(planId, ['planId']);
      const stored = await repos.plans.get(planId);
      if (stored === null) return null;
      return replayPlan(stored.record, await repos.plans.events(planId));
    },
    list: async (request) => {
      const page = await repos.plans.list(optionalPageRequest(request));
      const items: PlanSnapshot[] = [];
      for (const { record } of page.items) items.push(replayPlan(record, await repos.plans.events(record.id)));
      return { ...page, items };
    },
    recordActual: async (input, contextInput) => {
      const context = parseRecordContext(contextInput);
      const entry = parseBudgetActual(input);
      checkBudgetActualLimits(entry, ctx.limits);
      const stored = await repos.plans.get(entry.planId);
      if (stored === null)
        throw invalidInput(['planId'], `plan ${JSON.stringify(entry.planId)} does not exist`, 'unknown_plan');
      const { content } = replayPlan(stored.record, await repos.plans.events(entry.planId));
      if (entry.currency !== content.currency) throw new KehuCurrencyMismatchError([content.currency, entry.currency]);
      if (entry.lineId !== undefined) {
        const line = content.budgetLines.find((l) => l.id === entry.lineId);
        if (line === undefined)
          throw invalidInput(['lineId'], `plan ${entry.planId} has no budget line ${JSON.stringify(entry.lineId)}`);
        if (line.category !== entry.category)
          throw invalidInput(['category'], `budget line ${entry.lineId} is of category ${line.category}`);
      }
      const audit = auditContextOf(ctx, {
        actor: context.actor,
        at: context.at,
        reason: `actual spend ${entry.id} of plan ${entry.planId} (rule MP-2)`,
      });
      return repos.budgetActuals.record(entry, audit);
    },
    explainVariance: async (planId, varianceInput, contextInput) => {
      requireId(planId, ['planId']);
      const variance = parseVariance(varianceInput);
      const context = parsePolicyContext(contextInput);
      const policy = parsePlanPolicy(context.policy ?? {});
      return single(
        planId,
        policy,
        context,
        () => ({
          type: 'variance-explained',
          ...base(context),
          ...(variance.lineId === undefined ? {} : { lineId: variance.lineId }),
          category: variance.category,
          period: variance.period,
          cause: variance.cause,
        }),
        'MP-2',
      );
    },
    budget: async (planId, optionsInput) => {
      requireId(planId, ['planId']);
      const options = parseBudgetOptions(optionsInput);
      const policy = parsePlanPolicy(options.policy ?? {});
      const zone = options.timeZone ?? DEFAULT_ZONE;
      const { snapshot } = await load(planId);
      const { content } = snapshot;
      const actuals = await repos.budgetActuals.forPlan(planId);
      const report = budgetVsActual(content, actuals, snapshot.causes, policy, {
        asOf: options.asOf,
        timeZone: zone,
      });
      const by = options.by ?? (content.budgetLines.some((l) => l.period.includes('Q')) ? 'quarter' : 'month');
      const results = await resultsOf(content, await groupOf(content), { asOf: options.asOf, timeZone: zone, by });
      return { ...report, results };
    },
  };
}
