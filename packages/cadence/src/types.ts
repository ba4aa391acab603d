import type { Label, Tier } from '@kehu/core';

/** A local date `YYYY-MM-DD` in the calendar's time zone. */
export type LocalDate = string;

/** How important a customer is for the revisit cadence (rule CA-1). */
export type Importance = 'important' | 'general';

/** The purposes of a revisit (rule CA-5). */
export const REVISIT_PURPOSES = [
  'explanation',
  'promotion',
  'emotional',
  'mediation',
  'suggestion',
  'guidance',
] as const;
/** A revisit purpose (rule CA-5). */
export type RevisitPurpose = (typeof REVISIT_PURPOSES)[number];

/** The channels of a revisit (rule CA-8); the same values as core's contact channels. */
export const REVISIT_CHANNELS = ['phone', 'email', 'sms', 'face-to-face', 'instant-message'] as const;
/** A revisit channel (rule CA-8). */
export type RevisitChannel = (typeof REVISIT_CHANNELS)[number];

/**
 * What produced a task component: the cadence by importance and the new-customer cadence (CA-1), a post-purchase
 * window (CA-2), an event callback (CA-3), a follow-up of low satisfaction (SA-5) or of a contact record (CA-9), a
 * birthday, a statutory holiday or the annual conference (CA-7), a win-back (CH-7), a round covering all customers
 * or a visit to a named customer (CA-8).
 */
export const DEMAND_KINDS = [
  'cadence',
  'new-customer',
  'post-purchase',
  'callback',
  'satisfaction-follow-up',
  'contact-follow-up',
  'birthday',
  'holiday',
  'conference',
  'win-back',
  'round',
  'visit',
] as const;
/** What produced a task component. */
export type DemandKind = (typeof DEMAND_KINDS)[number];

/**
 * A customer as the planner needs it. Core's `Customer` works as it is (`owner`); `ownerId` is accepted too
 * (both given and different: refused). `tier` is the current grade (rule GR-1); without it the policy's
 * `ungraded` importance applies. Extra fields are allowed and ignored.
 */
export interface PlanCustomer {
  readonly id: string;
  readonly ownerId?: string | undefined;
  readonly owner?: string | undefined;
  readonly tier?: Tier | undefined;
  readonly createdAt: Date;
  /** `person` or `organization` (core's kind); birthdays of persons, key contacts' of organizations. */
  readonly kind?: 'person' | 'organization' | undefined;
  /** Core's birthday codec: `YYYY-MM-DD` or `--MM-DD`. */
  readonly birthday?: string | undefined;
  /** `lunar`: the month and day of `birthday` are in the Chinese lunar calendar (rule AR-3). Default `solar`. */
  readonly birthdayCalendar?: 'solar' | 'lunar' | undefined;
  /** Contact persons; key contacts' birthdays are reminded (rules AR-2, AR-3, CA-7). */
  readonly contacts?:
    | ReadonlyArray<{
        readonly id: string;
        readonly isKeyContact?: boolean | undefined;
        readonly birthday?: string | undefined;
        readonly birthdayCalendar?: 'solar' | 'lunar' | undefined;
      }>
    | undefined;
  /** Core's status: `lost` customers get no cadence tasks (their revisit is the win-back of CH-7). */
  readonly status?: 'prospect' | 'active' | 'dormant' | 'lost' | undefined;
}

/** A contact that happened (core's contact record works as it is). Only `completed` outcomes count (default). */
export interface PlanContact {
  readonly customerId: string;
  readonly at: Date;
  readonly outcome?: 'completed' | 'callback-requested' | 'no-answer' | 'declined' | 'unreachable' | undefined;
  /** A follow-up promised in the contact (rule CA-9): it becomes a task. */
  readonly followUp?: { readonly action: string; readonly dueAt?: Date | undefined } | undefined;
  readonly id?: string | undefined;
}

/** A purchase (core's transaction works as it is; only `at` is read). */
export interface PlanPurchase {
  readonly customerId: string;
  readonly at: Date;
}

/** A leave of an owner: local dates inclusive, with an optional named cover (another owner's id). */
export interface OwnerLeave {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly coverId?: string | undefined;
}

/** An account manager (an owner of customers) with a daily capacity of revisits and their leave. */
export interface PlanOwner {
  readonly id: string;
  /** Revisits per working day, a whole number of at least 1. */
  readonly dailyCapacity: number;
  readonly leave?: readonly OwnerLeave[] | undefined;
}

/** A callback of rule CA-3 as `evaluateSla` emits it (`CallbackRecord`), with the complaint's customer. */
export interface PlanCallback {
  readonly id: string;
  readonly customerId: string;
  readonly complaintId?: string | undefined;
  readonly reason: 'written-complaint' | 'resolved' | 'deadline-passed';
  readonly at: Date;
}

/** A win-back request as `@kehu/churn`'s `winBackRequests` emits it (rule CH-7). */
export interface PlanWinBack {
  readonly customerId: string;
  readonly exitId: string;
  readonly ownerId: string;
  readonly earliestDate: LocalDate;
}

/** A satisfaction follow-up as `@kehu/satisfaction`'s `followUpRequests` emits it (rule SA-5). */
export interface PlanSatisfactionFollowUp {
  readonly customerId: string;
  readonly responseId: string;
  readonly answeredAt: Date;
  readonly dueAt: Date;
}

/** A round covering every customer (or the listed tiers) within a window (rule CA-8). */
export interface PlanRound {
  readonly id: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly purpose: RevisitPurpose;
  readonly channel: RevisitChannel;
  readonly tiers?: readonly Tier[] | undefined;
  readonly label?: Label | undefined;
}

/** A visit to a named customer within a window (rule CA-8). */
export interface PlanVisit {
  readonly id: string;
  readonly customerId: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly purpose: RevisitPurpose;
  readonly channel: RevisitChannel;
  readonly label?: Label | undefined;
}

/** A snooze or skip decided by a person on a task (by the task's component keys). */
export interface PlanTaskAction {
  readonly id: string;
  /** The component keys of the task it acts on (a task's `keys`). */
  readonly keys: readonly string[];
  readonly kind: 'snooze' | 'skip';
  /** Snooze: the first local date the task may come back. */
  readonly until?: LocalDate | undefined;
  /** Required: why (shown in the plan). */
  readonly reason: string;
  readonly at: Date;
}

/** What {@link planRevisits} plans from. Every list but `customers` and `owners` is optional. */
export interface PlanInput {
  readonly customers: Iterable<PlanCustomer>;
  readonly owners: Iterable<PlanOwner>;
  readonly contacts?: Iterable<PlanContact> | undefined;
  readonly purchases?: Iterable<PlanPurchase> | undefined;
  readonly callbacks?: Iterable<PlanCallback> | undefined;
  readonly winBacks?: Iterable<PlanWinBack> | undefined;
  readonly followUps?: Iterable<PlanSatisfactionFollowUp> | undefined;
  readonly rounds?: Iterable<PlanRound> | undefined;
  readonly visits?: Iterable<PlanVisit> | undefined;
  readonly actions?: Iterable<PlanTaskAction> | undefined;
}

/**
 * One customer's history, the unit the streaming planner consumes: what `planRevisits` groups from its input, and
 * what the SDK streams from storage one customer at a time. Instants are epoch milliseconds, sorted ascending.
 */
export interface CustomerHistory {
  readonly customer: PlanCustomer;
  /** Instants (ms) of completed contacts, ascending. */
  readonly contactTimes: readonly number[];
  /** Follow-ups promised in contacts (rule CA-9). */
  readonly contactFollowUps: ReadonlyArray<{
    readonly contactId: string;
    readonly at: number;
    readonly dueAt?: number;
  }>;
  /** Instants (ms) of purchases, ascending. */
  readonly purchaseTimes: readonly number[];
  readonly callbacks: readonly PlanCallback[];
  readonly winBacks: readonly PlanWinBack[];
  readonly followUps: readonly PlanSatisfactionFollowUp[];
  readonly visits: readonly PlanVisit[];
}

/**
 * A task component before merging and placement: one rule's wish to contact one customer within a window. Days
 * are day numbers (core's `dayNumber`: days since 1970-01-01 of the local date).
 */
export interface Demand {
  /** Stable key `customerId|kind|anchor` (a local date or a source id), e.g. `c1|post-purchase:1-week|2026-11-02`. */
  readonly key: string;
  /**
   * The key after the customer id (`|kind|anchor`), when the generator gives it: `key` is `customerId` and this.
   * Demands of different customers with the same suffix share the string, so the planner reads it once.
   */
  readonly keySuffix?: string | undefined;
  readonly customerId: string;
  /** Set when the demand names its own owner (a win-back's); otherwise the customer's owner does it. */
  readonly ownerId?: string | undefined;
  readonly kind: DemandKind;
  /** The rule IDs behind it. */
  readonly rules: readonly string[];
  /** Why, for people (English and Simplified Chinese), with the dates and numbers. */
  readonly reason: Label;
  readonly purpose: RevisitPurpose;
  readonly channel: RevisitChannel;
  /** Preferred day. */
  readonly due: number;
  /** Window, inclusive: `earliest <= due <= latest`. */
  readonly earliest: number;
  readonly latest: number;
  /** Priority points of the kind (policy `priority`), before the tier and overdue parts. */
  readonly basePriority: number;
  /** Days overdue at the plan's start (0 when not overdue): a window that opened before `from`. */
  readonly overdueDays: number;
}

/** Why a customer, or one rule for a customer, produced no task. */
export type SkipReason =
  | 'no-owner'
  | 'unknown-owner'
  | 'ungraded'
  | 'no-birthday'
  | 'lunar-date-not-found'
  | 'window-passed'
  | 'satisfied-by-contact'
  | 'skipped-by-user'
  | 'lost-customer';

/** A customer or one of its rules that got no task, and why: nothing is dropped silently. */
export interface SkippedEntry {
  readonly customerId: string;
  /** The rule kind concerned, or `null` for the whole customer. */
  readonly kind: DemandKind | null;
  readonly why: SkipReason;
  /** The component key concerned, when one rule was skipped. */
  readonly key: string | null;
  /** In words (English and Simplified Chinese). */
  readonly reason: Label;
}

/** One part of a priority: what it is and its points. */
export interface PriorityPart {
  readonly label: Label;
  readonly points: number;
}

/** Why a day was passed over when placing a task. */
export interface PassedDay {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly why: 'non-working' | 'holiday' | 'leave' | 'capacity' | 'before-start';
  /** The holiday's name, when the calendar has one. */
  readonly name?: Label | undefined;
}

/** How a task came to its date and owner. */
export interface Placement {
  /** The preferred day, before placement. */
  readonly preferredDate: LocalDate;
  /** Days passed over between the preferred day and `dueDate` (ranges), in the order they were tried. */
  readonly passedOver: readonly PassedDay[];
  /** Set when the owner was on leave and the task went to the cover. */
  readonly reassignedFrom?: string | undefined;
  /** Set when a snooze moved the task. */
  readonly snoozedUntil?: LocalDate | undefined;
  /** In words, e.g. `moved from 2026-10-01: National Day; capacity full on 2026-10-09`. */
  readonly explanation: Label;
}

/** A planned revisit. */
export interface RevisitTask {
  /** Stable id derived from `keys`. */
  readonly id: string;
  /** The component keys merged into this task (sorted). */
  readonly keys: readonly string[];
  readonly customerId: string;
  readonly ownerId: string;
  readonly dueDate: LocalDate;
  readonly earliestDate: LocalDate;
  readonly latestDate: LocalDate;
  readonly rules: readonly string[];
  /** One per component, in the order of `keys`. */
  readonly reasons: readonly Label[];
  readonly kinds: readonly DemandKind[];
  /**
   * The component that leads the task (an index into `keys`, `reasons` and `kinds`): the one with the highest
   * priority (then the first key). It sets the task's purpose, channel and base priority; its reason is the headline.
   */
  readonly lead: number;
  readonly purpose: RevisitPurpose;
  readonly channel: RevisitChannel;
  readonly priority: { readonly score: number; readonly parts: readonly PriorityPart[] };
  readonly placement: Placement;
  /** Placed outside its window (or past the plan's end): it could not fit. */
  readonly late: boolean;
  /** Days overdue at the plan's start (0 when not overdue). */
  readonly overdueDays: number;
}
