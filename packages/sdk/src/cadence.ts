import type { BusinessCalendar } from '@kehu/calendar';
import {
  createRevisitPlanner,
  localDayFunction,
  parseCadencePolicy,
  REVISIT_CHANNELS,
  REVISIT_PURPOSES,
  revisitAnalysis,
  revisitTaskRows,
  type CadencePolicy,
  type CadencePolicyInput,
  type CustomerHistory,
  type PlanCallback,
  type PlanCustomer,
  type PlanOwner,
  type PlanReport,
  type PlanRound,
  type PlanSatisfactionFollowUp,
  type PlanTaskAction,
  type PlanVisit,
  type PlanWinBack,
  type RevisitAnalysis,
  type RevisitTask,
  type SkippedEntry,
} from '@kehu/cadence';
import { winBackRequests, type WinBackPolicyInput } from '@kehu/churn';
import {
  checkOwnerLimits,
  checkRevisitActionLimits,
  compareCodePoints,
  dateOfDay,
  DAY_MS,
  dayNumber,
  idSchema,
  instantCodec,
  invalidInput,
  KehuNotFoundError,
  leavePeriodSchema,
  localDateSchema,
  parseContactRecord,
  parseOwner,
  parserFor,
  parseRevisitAction,
  TIERS,
  type ContactRecord,
  type ContactRecordInput,
  type Customer,
  type LeavePeriod,
  type Owner,
  type OwnerInput,
  type RevisitAction,
  type Tier,
} from '@kehu/core';
import { followUpRequests, type FollowUpPolicyInput, type FollowUpQuestion } from '@kehu/satisfaction';
import { DEFAULT_SLA_POLICY, evaluateSla, parseSlaPolicy, type SlaPolicyInput } from '@kehu/sla';
import type { Page, PageRequest, Versioned } from '@kehu/storage';
import * as z from 'zod';
import { optionalPageRequest, requireId, requireObject } from './arguments.js';
import { contactRecordUseCases } from './contact-records.js';
import { auditContextOf, requireCustomers, type UseCaseContext } from './context.js';
import { CustomerCursor } from './customer-cursor.js';
import type { InstantInput } from './instant.js';
import { carrierOf } from './privacy/sealing.js';
import { contextRetry, retryOnConflict } from './retry.js';

/** The most days one plan of the SDK covers. */
export const MAX_SDK_PLAN_DAYS = 366;

/** Where the follow-ups of low satisfaction come from (rule SA-5): one stored survey and the questions checked. */
export interface CadenceSatisfactionSource {
  /** The survey whose stored responses are read. */
  surveyId: string;
  /** The questions checked, each with its scale (as `followUpRequests` of `@kehu/satisfaction` takes them). */
  questions: readonly FollowUpQuestion[];
  /** Triggers and deadline (rule SA-5; default that of `@kehu/satisfaction`). */
  policy?: FollowUpPolicyInput;
}

/** Options of {@link CadenceUseCases.plan}. */
export interface CadencePlanOptions {
  /** The moment planned from: contacts, purchases and events up to it are read. */
  asOf: InstantInput;
  /** The first day of the plan, a local date `YYYY-MM-DD` of the calendar's zone (default `asOf`'s local date). */
  from?: string;
  /** How many days the plan covers (default 14, at most 366); or give `to`. */
  days?: number;
  /** The last day of the plan (inclusive), instead of `days`. */
  to?: string;
  /** The business calendar: working days, holidays and make-up workdays (调休), and the zone of local dates. */
  calendar: BusinessCalendar;
  /** The revisit policy (default `DEFAULT_CADENCE_POLICY` of `@kehu/cadence`). */
  policy?: CadencePolicyInput;
  /** Only the customers of these owners, and so only their tasks. */
  ownerIds?: readonly string[];
  /** Rounds covering every customer, or the listed tiers, within a window (rule CA-8). */
  rounds?: readonly PlanRound[];
  /** Visits to named customers within a window (rule CA-8). */
  visits?: readonly PlanVisit[];
  /** Follow-ups of low satisfaction answers (rule SA-5) from a stored survey. */
  satisfaction?: CadenceSatisfactionSource;
  /**
   * Callbacks of complaints (rule CA-3) as `evaluateSla` of `@kehu/sla` emits them, for the complaints with activity
   * within the policy's overdue grace before the plan.
   */
  sla?: { policy?: SlaPolicyInput };
  /** Win-back calls for customers who left (rule CH-7), from the stored exits by `winBackRequests` of `@kehu/churn`. */
  winBacks?: { policy?: WinBackPolicyInput };
}

/** A plan made from the store: the tasks, what got no task and why, and the plan's report. */
export interface CadencePlan {
  /** Planned revisits in order of due date, owner, priority (highest first) and customer. */
  tasks: RevisitTask[];
  /** Customers or rules that got no task, with the reason: nothing is dropped silently. */
  skipped: SkippedEntry[];
  /** Counts, lateness and each owner's load per day. */
  report: PlanReport;
}

/** Options of {@link CadenceUseCases.dayList}. */
export interface CadenceDayListOptions {
  /** The owner whose list it is. */
  ownerId: string;
  /** The day, a local date `YYYY-MM-DD`, on or after `asOf`'s local date. */
  date: string;
  /** The moment planned from. */
  asOf: InstantInput;
  /** The business calendar. */
  calendar: BusinessCalendar;
  /** The revisit policy. */
  policy?: CadencePolicyInput;
}

/** An owner's revisits of one day, in order of priority (highest first), each with its reasons. */
export interface CadenceDayList {
  /** The owner. */
  ownerId: string;
  /** The day. */
  date: string;
  /** The tasks due that day, highest priority first. */
  tasks: RevisitTask[];
}

/** What {@link CadenceUseCases.snooze} and {@link CadenceUseCases.skip} take: the task acted on and why. */
export interface RevisitActionRequest {
  /** The action's id; by default derived from its content and `asOf`, so a retried request stores one action. */
  id?: string;
  /** The task's id (as the plan named it). */
  taskId: string;
  /** The task's component keys (its `keys` in the plan). */
  keys: readonly string[];
  /** The task's customer. */
  customerId: string;
  /** Why: required (snoozing or skipping needs a reason). */
  reason: string;
}

/** What {@link CadenceUseCases.snooze} takes: the task, why, and the first local date it may come back. */
export interface SnoozeRequest extends RevisitActionRequest {
  /** The first local date `YYYY-MM-DD` the task may come back. */
  until: string;
}

/** Who acts on a task, and when. */
export interface RevisitActionOptions {
  /** The staff member deciding. */
  actor: string;
  /** When (stored as the action's `at`). */
  asOf: InstantInput;
}

/** What {@link CadenceUseCases.snooze} and {@link CadenceUseCases.skip} did. */
export interface RevisitActionResult {
  /** The stored action. */
  action: RevisitAction;
  /** `false` when the same action was stored already (a retried call). */
  created: boolean;
}

/** What {@link CadenceUseCases.rebalance} takes. */
export interface RebalanceRequest {
  /** The owner going on leave. */
  ownerId: string;
  /** The leave: local dates inclusive, with the owner who covers it (another stored owner). */
  leave: { from: string; to: string; coverId?: string };
  /** The moment planned from. */
  asOf: InstantInput;
  /** The business calendar. */
  calendar: BusinessCalendar;
  /** Days compared from `asOf`'s local date (default: 14, or up to the leave's last day when later). */
  days?: number;
  /** The revisit policy. */
  policy?: CadencePolicyInput;
}

/** One task whose owner or due date the leave changed. */
export interface MovedTask {
  /** The task. */
  taskId: string;
  /** Its customer. */
  customerId: string;
  /** Owner and due date without the leave. */
  before: { ownerId: string; dueDate: string };
  /** Owner and due date with the leave. */
  after: { ownerId: string; dueDate: string };
}

/** What {@link CadenceUseCases.rebalance} did. */
export interface RebalanceResult {
  /** The owner with the leave added. */
  owner: Versioned<Owner>;
  /** Tasks of the owner, the cover and the owners they cover whose owner or due date changed, by new due date. */
  moved: MovedTask[];
}

/** Options of {@link CadenceUseCases.analysis}. */
export interface CadenceAnalysisOptions {
  /** The first day analysed, a local date. */
  from: string;
  /** The last day analysed (inclusive). */
  to: string;
  /** The moment of the analysis. */
  asOf: InstantInput;
  /** The business calendar. */
  calendar: BusinessCalendar;
  /** The revisit policy. */
  policy?: CadencePolicyInput;
}

/** Options of {@link CadenceUseCases.putOwner}: who changes the owner, when, and the version read. */
export interface PutOwnerOptions {
  /** Who makes the change. */
  actor: string;
  /** When. */
  at: InstantInput;
  /** Why (default: "owner capacity and leave (rule CA-8)"). */
  reason?: string;
  /** The version read: replace only when still at it; leave out to create. */
  expectedVersion?: number;
}

/** Who records a contact: the audit context, `at` defaulting to the contact's time. */
export interface RecordContactOptions {
  /** Who records it. */
  actor: string;
  /** When (default: the contact's `at`). */
  at?: InstantInput;
  /** Why (default: "revisit recorded (rules CA-6, CA-9)"). */
  reason?: string;
}

/** Revisit cadence use cases over the store (rules CA-1 to CA-9, CH-7, SA-5). */
export interface CadenceUseCases {
  /** Creates or replaces an owner (account manager) with daily capacity and leave (audited). */
  putOwner(owner: OwnerInput, options: PutOwnerOptions): Promise<Versioned<Owner>>;
  /** The owner, or `null`. */
  getOwner(id: string): Promise<Versioned<Owner> | null>;
  /** One page of owners in id order. */
  listOwners(request?: PageRequest): Promise<Page<Versioned<Owner>>>;
  /**
   * Plans the revisits of the next days from the store (rules CA-1 to CA-9, CH-7, SA-5): customers, current
   * grades, contact records and purchases are streamed together in customer order and planned one customer at a
   * time, so memory follows the plan, not the history.
   */
  plan(options: CadencePlanOptions): Promise<CadencePlan>;
  /** An owner's revisits of one day (their own customers' and those of owners they cover), by priority. */
  dayList(options: CadenceDayListOptions): Promise<CadenceDayList>;
  /** Records a revisit (a contact record, rules CA-6, CA-9); a follow-up in it becomes a task of the next plan. */
  recordContact(record: ContactRecordInput, options: RecordContactOptions): Promise<Versioned<ContactRecord>>;
  /** Snoozes a planned task until a date, with a reason; stored once by id. */
  snooze(request: SnoozeRequest, options: RevisitActionOptions): Promise<RevisitActionResult>;
  /** Skips a planned task, with a reason; stored once by id. */
  skip(request: RevisitActionRequest, options: RevisitActionOptions): Promise<RevisitActionResult>;
  /**
   * Adds a leave to an owner (a versioned update, retried on conflict) and says which tasks moved: to the cover
   * (policy `onLeave: 'reassign'`) or past the leave.
   */
  rebalance(request: RebalanceRequest, options: { actor: string; reason?: string }): Promise<RebalanceResult>;
  /**
   * Completion and overdue rates per owner and tier, contacts per customer and customers out of cadence (CA-9), for
   * the tasks due in `[from, to]` as planned at the period's start (or at `asOf` when earlier), judged as of `asOf`.
   */
  analysis(options: CadenceAnalysisOptions): Promise<RevisitAnalysis>;
}

/** A business calendar argument (`createBusinessCalendar` or `chinaCalendar` of `@kehu/calendar`), checked by shape. */
export const calendarSchema = z.custom<BusinessCalendar>(
  (c) =>
    typeof c === 'object' && c !== null && typeof (c as { spec?: { timeZone?: unknown } }).spec?.timeZone === 'string',
  'calendar must be a business calendar (createBusinessCalendar or chinaCalendar)',
);
const labelSchema = z.strictObject({ en: z.string().min(1).max(500), zh: z.string().min(1).max(500) });
const purposeSchema = z.enum(REVISIT_PURPOSES);
const channelSchema = z.enum(REVISIT_CHANNELS);
const windowRefine = <T extends { from: string; to: string }>(w: T) => w.from <= w.to;
const roundSchema = z
  .strictObject({
    id: idSchema,
    from: localDateSchema,
    to: localDateSchema,
    purpose: purposeSchema,
    channel: channelSchema,
    tiers: z.array(z.enum(TIERS)).optional(),
    label: labelSchema.optional(),
  })
  .refine(windowRefine, { message: 'a round ends on or after its first day', path: ['to'] });
const visitSchema = z
  .strictObject({
    id: idSchema,
    customerId: idSchema,
    from: localDateSchema,
    to: localDateSchema,
    purpose: purposeSchema,
    channel: channelSchema,
    label: labelSchema.optional(),
  })
  .refine(windowRefine, { message: 'a visit ends on or after its first day', path: ['to'] });
const daysSchema = z
  .number()
  .int('days must be a whole number')
  .min(1, 'days must be at least 1')
  .max(MAX_SDK_PLAN_DAYS, `days must be at most ${MAX_SDK_PLAN_DAYS}`);
const anyPolicy = z.unknown().optional();

const planOptionsSchema = z.strictObject({
  asOf: instantCodec,
  from: localDateSchema.optional(),
  days: daysSchema.optional(),
  to: localDateSchema.optional(),
  calendar: calendarSchema,
  policy: anyPolicy,
  ownerIds: z.array(idSchema).max(100_000).optional(),
  rounds: z.array(roundSchema).max(1000).optional(),
  visits: z.array(visitSchema).max(1_000_000).optional(),
  satisfaction: z
    .strictObject({ surveyId: idSchema, questions: z.array(z.unknown()).min(1), policy: anyPolicy })
    .optional(),
  sla: z.strictObject({ policy: anyPolicy }).optional(),
  winBacks: z.strictObject({ policy: anyPolicy }).optional(),
});
const parsePlanOptions = parserFor(planOptionsSchema, 'plan options');

const parseDayListOptions = parserFor(
  z.strictObject({
    ownerId: idSchema,
    date: localDateSchema,
    asOf: instantCodec,
    calendar: calendarSchema,
    policy: anyPolicy,
  }),
  'day list options',
);

const parseAnalysisOptions = parserFor(
  z
    .strictObject({
      from: localDateSchema,
      to: localDateSchema,
      asOf: instantCodec,
      calendar: calendarSchema,
      policy: anyPolicy,
    })
    .refine(windowRefine, { message: 'to must not be before from', path: ['to'] }),
  'analysis options',
);

const parseRebalanceRequest = parserFor(
  z.strictObject({
    ownerId: idSchema,
    leave: leavePeriodSchema.refine(windowRefine, { message: 'a leave ends on or after its first day', path: ['to'] }),
    asOf: instantCodec,
    calendar: calendarSchema,
    days: daysSchema.optional(),
    policy: anyPolicy,
  }),
  'rebalance request',
);

const parseActorOptions = parserFor(
  z.strictObject({ actor: idSchema, reason: z.string().optional() }),
  'rebalance options',
);
const parseActionOptions = parserFor(z.strictObject({ actor: idSchema, asOf: instantCodec }), 'action options');
const parsePutOwnerOptions = parserFor(
  z.strictObject({
    actor: z.unknown(),
    at: z.unknown(),
    reason: z.unknown().optional(),
    expectedVersion: z.unknown().optional(),
  }),
  'owner options',
);
const parseRecordContactOptions = parserFor(
  z.strictObject({ actor: z.unknown(), at: z.unknown().optional(), reason: z.unknown().optional() }),
  'contact options',
);

const ACTION_FIELDS = {
  snooze: new Set(['id', 'taskId', 'keys', 'customerId', 'until', 'reason']),
  skip: new Set(['id', 'taskId', 'keys', 'customerId', 'reason']),
} as const;

/** One past the instant: stream bounds are exclusive at `to`. */
const after = (instant: Date) => new Date(instant.getTime() + 1);

/** A content id of a revisit action: the same request at the same moment gives the same id (idempotent by id). */
async function actionId(parts: readonly unknown[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(parts));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return `ra_${hex}`;
}

const localDays = new Map<string, (ms: number) => number>();

/** The local day (core day number) of instant `ms` in `zone`, by the planner's converter (one per zone, kept). */
export function localDayOf(zone: string, ms: number): number {
  let localDay = localDays.get(zone);
  if (localDay === undefined) {
    localDay = localDayFunction(zone);
    localDays.set(zone, localDay);
  }
  return localDay(ms);
}

/** The first instant (epoch ms) of local day `day` in `zone`: the smallest instant whose local day is `day`. */
export function startOfLocalDay(zone: string, day: number): number {
  // Zone offsets lie within ±15 hours: the day starts in that range around its UTC midnight.
  let lo = day * DAY_MS - 15 * 3_600_000;
  let hi = day * DAY_MS + 15 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDayOf(zone, mid) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The plan's first and last day from the options (`from` defaults to `asOf`'s local date; 14 days). */
function planWindow(
  options: { from?: string | undefined; days?: number | undefined; to?: string | undefined },
  today: number,
): { from: string; to: string } {
  if (options.days !== undefined && options.to !== undefined) throw invalidInput(['to'], 'give days or to, not both');
  const fromDay = options.from === undefined ? today : dayNumber(options.from);
  const toDay = options.to === undefined ? fromDay + (options.days ?? 14) - 1 : dayNumber(options.to);
  if (toDay < fromDay) throw invalidInput(['to'], 'to must not be before from');
  if (toDay - fromDay + 1 > MAX_SDK_PLAN_DAYS)
    throw invalidInput(['to'], `a plan covers at most ${MAX_SDK_PLAN_DAYS} days`);
  return { from: dateOfDay(fromDay), to: dateOfDay(toDay) };
}

/** The owner as the planner takes it. */
function planOwner(owner: Owner): PlanOwner {
  return { id: owner.id, dailyCapacity: owner.dailyCapacity, leave: owner.leave };
}

/** What one plan run reads besides the customers: the owners, actions and events, and which customers. */
interface PlanRun {
  readonly policy: CadencePolicy;
  readonly asOf: Date;
  readonly from: string;
  readonly to: string;
  readonly calendar: BusinessCalendar;
  /** Every owner set of the run (the stored ones, or variants compared by `rebalance`): one planner each. */
  readonly ownerSets: ReadonlyArray<readonly PlanOwner[]>;
  /** Only customers of these owners (`undefined`: every customer). */
  readonly scope: ReadonlySet<string> | undefined;
  readonly rounds: readonly PlanRound[];
  readonly visits: ReadonlyMap<string, PlanVisit[]>;
  readonly satisfaction: CadenceSatisfactionSource | undefined;
  readonly sla: { policy?: SlaPolicyInput } | undefined;
  readonly winBacks: { policy?: WinBackPolicyInput } | undefined;
}

/** Pushes `value` onto the list of `key`. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Builds the cadence use cases over `ctx`. */
export function cadenceUseCases(ctx: UseCaseContext): CadenceUseCases {
  return cadenceEngine(ctx).useCases;
}

/**
 * The revisit analysis of `kehu.cadence.analysis` (rule CA-9) restricted to the customers of `customerIds`: their
 * tasks, contacts and cadence only. The tasks are planned for the whole store first (one whole-store plan), then
 * narrowed to those customers.
 */
export type GroupRevisitAnalysis = (
  options: CadenceAnalysisOptions,
  customerIds?: ReadonlySet<string>,
) => Promise<RevisitAnalysis>;

/** The cadence use cases over `ctx` and the analysis they share with `kehu.plans.evaluate` (rules CA-9, MP-1). */
export function cadenceEngine(ctx: UseCaseContext): { useCases: CadenceUseCases; analyse: GroupRevisitAnalysis } {
  // `raw` (the stored form) serves the reads that need no personal field: ids, owners, statuses, dates, tiers and
  // outcomes are stored in the clear. Only birthdays (sealed with the person's key) are opened, one by one.
  const { repos, raw } = ctx;
  const contacts = contactRecordUseCases(ctx);

  /** The stored owners. */
  async function storedOwners(): Promise<Owner[]> {
    const out: Owner[] = [];
    for await (const { record } of raw.owners.stream()) out.push(record);
    return out;
  }

  /** The snoozes and skips up to `asOf`, reasons opened (the plan shows them). */
  async function storedActions(asOf: Date): Promise<PlanTaskAction[]> {
    const out: PlanTaskAction[] = [];
    for await (const a of repos.revisitActions.stream({ to: after(asOf) }))
      out.push({
        id: a.id,
        keys: a.keys,
        kind: a.kind,
        reason: a.reason,
        at: a.at,
        ...(a.until === undefined ? {} : { until: a.until }),
      });
    return out;
  }

  /** The customer as the planner needs it; birthdays opened when sealed and the birthday rule is on. */
  async function planCustomer(record: Customer, tier: Tier | undefined, birthdays: boolean): Promise<PlanCustomer> {
    let birthday = record.birthday;
    let birthdayCalendar: unknown = record.birthdayCalendar;
    let people = record.contacts as ReadonlyArray<Record<string, unknown>>;
    const sealer = ctx.sealer;
    if (birthdays && sealer !== undefined) {
      const sealed = carrierOf(record as unknown as Record<string, unknown>, sealer.specs.customer);
      if (sealed !== undefined) {
        const bday = sealed.birthday;
        if (record.kind === 'person' && typeof bday === 'string')
          birthday = (await sealer.cipher.open(record.id, bday)) as string | undefined;
        // The calendar of a sealed birthday (rule AR-3) is sealed with it.
        const bdayCalendar = sealed.birthdayCalendar;
        if (record.kind === 'person' && typeof bdayCalendar === 'string')
          birthdayCalendar = await sealer.cipher.open(record.id, bdayCalendar);
        const sealedContacts = sealed.contacts;
        if (record.kind === 'organization' && Array.isArray(sealedContacts)) {
          const opened: unknown[] = await Promise.all(sealedContacts.map((e) => sealer.cipher.open(record.id, e)));
          people = opened.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null);
        }
      }
    }
    const keyContacts = people
      .filter((c) => c.isKeyContact === true && typeof c.birthday === 'string')
      .map((c) => ({
        id: String(c.id),
        isKeyContact: true,
        birthday: c.birthday as string,
        ...(c.birthdayCalendar === 'lunar' || c.birthdayCalendar === 'solar'
          ? { birthdayCalendar: c.birthdayCalendar as 'lunar' | 'solar' }
          : {}),
      }));
    return {
      id: record.id,
      ...(record.owner === undefined ? {} : { owner: record.owner }),
      ...(tier === undefined ? {} : { tier }),
      createdAt: record.createdAt,
      kind: record.kind,
      status: record.status,
      ...(typeof birthday === 'string' ? { birthday } : {}),
      ...(typeof birthday === 'string' && (birthdayCalendar === 'lunar' || birthdayCalendar === 'solar')
        ? { birthdayCalendar }
        : {}),
      ...(keyContacts.length === 0 ? {} : { contacts: keyContacts }),
    };
  }

  /** Callbacks of complaints with activity since `since` (rule CA-3), per customer. */
  async function callbacksSince(run: PlanRun, since: number): Promise<Map<string, PlanCallback[]>> {
    const out = new Map<string, PlanCallback[]>();
    if (run.sla === undefined) return out;
    const policy = run.sla.policy === undefined ? DEFAULT_SLA_POLICY : parseSlaPolicy(run.sla.policy);
    for await (const { complaint, events } of raw.complaints.streamLogs()) {
      const record = complaint.record;
      const last = events.length === 0 ? record.receivedAt.getTime() : events[events.length - 1]!.at.getTime();
      if (Math.max(last, record.receivedAt.getTime()) < since || record.receivedAt > run.asOf) continue;
      const evaluation = evaluateSla(
        { id: record.id, severity: record.severity, channel: record.channel, events },
        policy,
        { asOf: run.asOf, calendar: run.calendar },
      );
      for (const c of evaluation.callbacks)
        push(out, record.customerId, {
          id: c.id,
          customerId: record.customerId,
          complaintId: record.id,
          reason: c.reason,
          at: c.at,
        });
    }
    return out;
  }

  /** Follow-ups of low satisfaction answers since `since` (rule SA-5), per customer. */
  async function followUpsSince(run: PlanRun, since: number): Promise<Map<string, PlanSatisfactionFollowUp[]>> {
    const out = new Map<string, PlanSatisfactionFollowUp[]>();
    const source = run.satisfaction;
    if (source === undefined) return out;
    const responses = [];
    for await (const r of raw.surveyResponses.stream({
      surveyId: source.surveyId,
      from: new Date(since),
      to: after(run.asOf),
    }))
      responses.push(r);
    const requests = followUpRequests(responses, source.policy ?? {}, {
      asOf: run.asOf,
      calendar: run.calendar,
      questions: source.questions,
    });
    for (const r of requests)
      push(out, r.customerId, {
        customerId: r.customerId,
        responseId: r.responseId,
        answeredAt: r.answeredAt,
        dueAt: r.dueAt,
      });
    return out;
  }

  /** Win-back requests from the stored exits (rule CH-7), per customer. */
  async function winBacksOf(run: PlanRun): Promise<Map<string, PlanWinBack[]>> {
    const out = new Map<string, PlanWinBack[]>();
    if (run.winBacks === undefined) return out;
    const exits = [];
    for await (const exit of raw.exits.stream({ to: after(run.asOf) })) exits.push(exit);
    const plan = winBackRequests(exits, run.winBacks.policy ?? {}, { asOf: run.asOf });
    for (const r of plan.requests)
      push(out, r.customerId, {
        customerId: r.customerId,
        exitId: r.exitId,
        ownerId: r.ownerId,
        earliestDate: r.earliestDate,
      });
    return out;
  }

  /**
   * Plans from the store: customers, current grades, contact records and purchases streamed together in customer
   * order, one {@link CustomerHistory} at a time into one planner per owner set; returns their tables.
   */
  async function runPlans(run: PlanRun) {
    const { policy, asOf } = run;
    const actions = await storedActions(asOf);
    // Events since the grace before the plan (a day early: local days start before UTC ones east of Greenwich).
    const since =
      (Math.min(dayNumber(run.from), localDayOf(run.calendar.spec.timeZone, asOf.getTime())) -
        policy.overdueGraceDays -
        1) *
      DAY_MS;
    const callbacks = await callbacksSince(run, since);
    const followUps = await followUpsSince(run, since);
    const winBacks = await winBacksOf(run);
    const planners = run.ownerSets.map((owners) =>
      createRevisitPlanner(policy, {
        from: run.from,
        to: run.to,
        asOf,
        calendar: run.calendar,
        owners,
        rounds: run.rounds,
        actions,
      }),
    );
    const to = after(asOf);
    const grades = new CustomerCursor(raw.grades.streamCurrent(), (g) => g.record.customerId);
    const contactRecords = new CustomerCursor(raw.contactRecords.streamByCustomer({ to }), (r) => r.customerId);
    const purchases = new CustomerCursor(raw.transactions.stream({ to }), (t) => t.customerId);
    const birthdays = policy.reminders.birthday.enabled;
    try {
      for await (const { record } of raw.customers.stream()) {
        const grade = (await grades.take(record.id)).at(-1);
        const made = await contactRecords.take(record.id);
        const bought = await purchases.take(record.id);
        if (run.scope !== undefined && (record.owner === undefined || !run.scope.has(record.owner))) continue;
        const contactTimes: number[] = [];
        const contactFollowUps: Array<{ contactId: string; at: number; dueAt?: number }> = [];
        for (const c of made) {
          if (c.outcome === 'completed') contactTimes.push(c.at.getTime());
          if (c.followUp !== undefined)
            contactFollowUps.push({
              contactId: c.id,
              at: c.at.getTime(),
              ...(c.followUp.dueAt === undefined ? {} : { dueAt: c.followUp.dueAt.getTime() }),
            });
        }
        const purchaseTimes: number[] = [];
        for (const t of bought) if (t.kind === 'purchase') purchaseTimes.push(t.occurredAt.getTime());
        const history: CustomerHistory = {
          customer: await planCustomer(record, grade?.record.tier, birthdays),
          contactTimes: contactTimes.sort((a, b) => a - b),
          contactFollowUps,
          purchaseTimes: purchaseTimes.sort((a, b) => a - b),
          callbacks: callbacks.get(record.id) ?? [],
          winBacks: winBacks.get(record.id) ?? [],
          followUps: followUps.get(record.id) ?? [],
          visits: run.visits.get(record.id) ?? [],
        };
        for (const planner of planners) planner.add(history);
      }
    } finally {
      await Promise.all([grades.close(), contactRecords.close(), purchases.close()]);
    }
    return planners.map((planner) => planner.finish());
  }

  /** The local date of `asOf` in the calendar's zone, as a day number. */
  const todayOf = (calendar: BusinessCalendar, asOf: Date) => localDayOf(calendar.spec.timeZone, asOf.getTime());

  /**
   * The plan of `options` (checked) over the store, every owner's customers or those of `scope`; `owners` are the
   * stored owners when the caller has read them already.
   */
  async function planFor(
    options: ReturnType<typeof parsePlanOptions>,
    scope?: ReadonlySet<string>,
    owners?: readonly Owner[],
  ) {
    const policy = parseCadencePolicy(options.policy ?? {});
    const { from, to } = planWindow(options, todayOf(options.calendar, options.asOf));
    const visits = new Map<string, PlanVisit[]>();
    for (const v of options.visits ?? []) push(visits, v.customerId, v as PlanVisit);
    const planOwners = (owners ?? (await storedOwners())).map(planOwner);
    const ownerScope = options.ownerIds === undefined ? scope : new Set(options.ownerIds);
    const [table] = await runPlans({
      policy,
      asOf: options.asOf,
      from,
      to,
      calendar: options.calendar,
      ownerSets: [planOwners],
      scope: ownerScope,
      rounds: (options.rounds ?? []) as PlanRound[],
      visits,
      satisfaction: options.satisfaction as CadenceSatisfactionSource | undefined,
      sla: options.sla as { policy?: SlaPolicyInput } | undefined,
      winBacks: options.winBacks as { policy?: WinBackPolicyInput } | undefined,
    });
    return table!;
  }

  /** Records a snooze or skip. */
  async function act(kind: 'snooze' | 'skip', input: unknown, options: unknown): Promise<RevisitActionResult> {
    const request = requireObject<Record<string, unknown>>(input, [], `${kind} request`);
    for (const key of Object.keys(request))
      if (!ACTION_FIELDS[kind].has(key))
        throw invalidInput([key], `${kind} request: unknown field ${JSON.stringify(key)}`, 'unrecognized_keys');
    const { actor, asOf } = parseActionOptions(options);
    const content = {
      customerId: request.customerId,
      taskId: request.taskId,
      keys: request.keys,
      kind,
      ...(request.until === undefined ? {} : { until: request.until }),
      reason: request.reason,
      actor,
      at: asOf,
    };
    // Checked first, so that only valid content is hashed into the default id.
    const checked = parseRevisitAction({ id: request.id === undefined ? 'pending' : request.id, ...content });
    const action: RevisitAction =
      request.id === undefined
        ? {
            ...checked,
            id: await actionId([
              kind,
              checked.customerId,
              checked.taskId,
              checked.keys,
              checked.until,
              checked.reason,
              actor,
              asOf.toISOString(),
            ]),
          }
        : checked;
    checkRevisitActionLimits(action, ctx.limits);
    const audit = auditContextOf(ctx, {
      actor,
      at: asOf,
      reason: `${kind} of revisit task ${action.taskId} (rules CA-6, CA-9)`,
    });
    if (ctx.requireKnownCustomers) await requireCustomers(repos, [action.customerId], () => ['customerId']);
    const result = await repos.revisitActions.record(action, audit);
    return { action: result.record, created: result.created };
  }

  const useCases: CadenceUseCases = {
    putOwner: async (input, options) => {
      const o = parsePutOwnerOptions(options);
      const owner = parseOwner(input);
      checkOwnerLimits(owner, ctx.limits);
      const audit = auditContextOf(ctx, {
        actor: o.actor as string,
        at: o.at as InstantInput,
        reason: (o.reason as string | undefined) ?? 'owner capacity and leave (rule CA-8)',
      });
      return repos.owners.put(
        owner,
        o.expectedVersion === undefined ? {} : { expectedVersion: o.expectedVersion as number },
        audit,
      );
    },
    getOwner: async (id) => repos.owners.get(requireId(id, ['id'])),
    listOwners: async (request) => repos.owners.list(optionalPageRequest(request, ['request'])),
    plan: async (input) => {
      const table = await planFor(parsePlanOptions(input));
      return { tasks: revisitTaskRows(table), skipped: [...table.skipped], report: table.report };
    },
    dayList: async (input) => {
      const options = parseDayListOptions(input);
      const owners = await storedOwners();
      if (!owners.some((o) => o.id === options.ownerId)) throw new KehuNotFoundError('owner', options.ownerId);
      const today = todayOf(options.calendar, options.asOf);
      const day = dayNumber(options.date);
      if (day < today) throw invalidInput(['date'], "date must not be before asOf's local date");
      if (day - today + 1 > MAX_SDK_PLAN_DAYS)
        throw invalidInput(['date'], `date must be within ${MAX_SDK_PLAN_DAYS} days of asOf`);
      // The owner's customers and those of every owner whose leave they cover.
      const scope = new Set([options.ownerId]);
      for (const o of owners) if (o.leave.some((l) => l.coverId === options.ownerId)) scope.add(o.id);
      // The plan `plan` makes by default (two weeks), or up to the date: a plan ending on the date would leave out
      // the windows opening after it, which merge with the date's tasks and take days back into it.
      const table = await planFor(
        {
          asOf: options.asOf,
          from: dateOfDay(today),
          to: dateOfDay(Math.max(day, today + 13)),
          calendar: options.calendar,
          policy: options.policy,
        },
        scope,
        owners,
      );
      const tasks = revisitTaskRows(table)
        .filter((t) => t.ownerId === options.ownerId && t.dueDate === options.date)
        .sort((a, b) => b.priority.score - a.priority.score || compareCodePoints(a.customerId, b.customerId));
      return { ownerId: options.ownerId, date: options.date, tasks };
    },
    recordContact: async (input, options) => {
      const o = parseRecordContactOptions(options);
      const record = parseContactRecord(input);
      return contacts.record(input, {
        actor: o.actor as string,
        at: (o.at as InstantInput | undefined) ?? record.at,
        reason: (o.reason as string | undefined) ?? 'revisit recorded (rules CA-6, CA-9)',
      });
    },
    snooze: async (input, options) => act('snooze', input, options),
    skip: async (input, options) => act('skip', input, options),
    rebalance: async (input, options) => {
      const request = parseRebalanceRequest(input);
      const { actor, reason } = parseActorOptions(options);
      const policy = parseCadencePolicy(request.policy ?? {});
      const leave: LeavePeriod = request.leave;
      const owners = await storedOwners();
      const stored = owners.find((o) => o.id === request.ownerId);
      if (stored === undefined) throw new KehuNotFoundError('owner', request.ownerId);
      if (leave.coverId !== undefined && !owners.some((o) => o.id === leave.coverId))
        throw invalidInput(['leave', 'coverId'], `owner ${JSON.stringify(leave.coverId)} does not exist`);
      const same = (l: LeavePeriod) => l.from === leave.from && l.to === leave.to && l.coverId === leave.coverId;
      const without = { ...stored, leave: stored.leave.filter((l) => !same(l)) };
      const withLeave = parseOwner({ ...without, leave: [...without.leave, leave] });
      checkOwnerLimits(withLeave, ctx.limits);
      const today = todayOf(request.calendar, request.asOf);
      const toDay = request.days === undefined ? Math.max(today + 13, dayNumber(leave.to)) : today + request.days - 1;
      if (toDay - today + 1 > MAX_SDK_PLAN_DAYS)
        throw invalidInput(['leave', 'to'], `the leave must end within ${MAX_SDK_PLAN_DAYS} days of asOf`);
      // The owner, the cover, and the owners either of them covers: whose work the leave can move.
      const scope = new Set([request.ownerId]);
      if (leave.coverId !== undefined) scope.add(leave.coverId);
      for (const o of owners) if (o.leave.some((l) => l.coverId !== undefined && scope.has(l.coverId))) scope.add(o.id);
      const variant = (owner: Owner) => owners.map((o) => planOwner(o.id === owner.id ? owner : o));
      const [before, withIt] = await runPlans({
        policy,
        asOf: request.asOf,
        from: dateOfDay(today),
        to: dateOfDay(toDay),
        calendar: request.calendar,
        ownerSets: [variant(without), variant(withLeave)],
        scope,
        rounds: [],
        visits: new Map(),
        satisfaction: undefined,
        sla: undefined,
        winBacks: undefined,
      });
      const was = new Map(revisitTaskRows(before!).map((t) => [t.id, t]));
      const moved: MovedTask[] = [];
      for (const t of revisitTaskRows(withIt!)) {
        const b = was.get(t.id);
        if (b === undefined || (b.ownerId === t.ownerId && b.dueDate === t.dueDate)) continue;
        moved.push({
          taskId: t.id,
          customerId: t.customerId,
          before: { ownerId: b.ownerId, dueDate: b.dueDate },
          after: { ownerId: t.ownerId, dueDate: t.dueDate },
        });
      }
      moved.sort(
        (a, b) =>
          compareCodePoints(a.after.dueDate, b.after.dueDate) ||
          compareCodePoints(a.customerId, b.customerId) ||
          compareCodePoints(a.taskId, b.taskId),
      );
      const cover = leave.coverId === undefined ? '' : `, covered by ${leave.coverId}`;
      const audit = auditContextOf(ctx, {
        actor,
        at: request.asOf,
        reason: reason ?? `leave ${leave.from}..${leave.to}${cover} (rule CA-8)`,
      });
      const owner = await retryOnConflict(async () => {
        const current = await repos.owners.get(request.ownerId);
        if (current === null) throw new KehuNotFoundError('owner', request.ownerId);
        if (current.record.leave.some(same)) return current;
        const next = parseOwner({ ...current.record, leave: [...current.record.leave, leave] });
        checkOwnerLimits(next, ctx.limits);
        return repos.owners.put(next, { expectedVersion: current.version }, audit);
      }, contextRetry(ctx));
      return { owner, moved };
    },
    analysis: (input) => analyse(input),
  };
  return { useCases, analyse };

  /** The analysis of `input` (checked), of the customers of `only` when given. */
  async function analyse(input: unknown, only?: ReadonlySet<string>): Promise<RevisitAnalysis> {
    const options = parseAnalysisOptions(input);
    const policy = parseCadencePolicy(options.policy ?? {});
    const fromDay = dayNumber(options.from);
    if (dayNumber(options.to) - fromDay + 1 > MAX_SDK_PLAN_DAYS)
      throw invalidInput(['to'], `an analysis covers at most ${MAX_SDK_PLAN_DAYS} days`);
    // The tasks as planned at the period's start (or at asOf when earlier): contacts made during the period
    // then count as the work done on them, not as what made them unnecessary.
    const start = startOfLocalDay(options.calendar.spec.timeZone, fromDay);
    const table = await planFor({
      asOf: new Date(Math.min(options.asOf.getTime(), start)),
      from: options.from,
      to: options.to,
      calendar: options.calendar,
      policy,
    });
    const longest = Math.max(policy.cadence.important.everyDays, policy.cadence.general.everyDays);
    const since = new Date((Math.min(fromDay, todayOf(options.calendar, options.asOf)) - longest - 1) * DAY_MS);
    const made = [];
    for await (const c of raw.contactRecords.streamByCustomer({ from: since, to: after(options.asOf) }))
      if (only === undefined || only.has(c.customerId))
        made.push({ customerId: c.customerId, at: c.at, owner: c.owner, outcome: c.outcome, purpose: c.purpose });
    const tiers = new Map<string, Tier>();
    for await (const g of raw.grades.streamCurrent()) tiers.set(g.record.customerId, g.record.tier);
    const customers = [];
    for await (const { record } of raw.customers.stream()) {
      if (only !== undefined && !only.has(record.id)) continue;
      customers.push({
        id: record.id,
        ...(tiers.has(record.id) ? { tier: tiers.get(record.id)! } : {}),
        ...(record.owner === undefined ? {} : { ownerId: record.owner }),
        createdAt: record.createdAt,
        status: record.status,
      });
    }
    const tasks = revisitTaskRows(table).filter((t) => only === undefined || only.has(t.customerId));
    return revisitAnalysis({ tasks, contacts: made, customers, actions: await storedActions(options.asOf) }, policy, {
      from: options.from,
      to: options.to,
      asOf: options.asOf,
      zone: options.calendar.spec.timeZone,
    });
  }
}
