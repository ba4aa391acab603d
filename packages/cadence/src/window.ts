import { dateOfDay, type Label } from '@kehu/core';
import type { PlanContext } from './context.js';
import type { Demand, DemandKind, RevisitChannel, RevisitPurpose, SkippedEntry } from './types.js';

/** One rule's window for one customer, before the plan's common rules are applied. */
export interface WindowSpec {
  /**
   * The demand's key after its customer id: `|kind|anchor` (the key is the customer id and this). Generators share
   * one string per suffix across customers (see {@link planMemo}), so that the planner reads each text once.
   */
  readonly keySuffix: string;
  readonly customerId: string;
  readonly ownerId?: string | undefined;
  readonly kind: DemandKind;
  readonly rules: readonly string[];
  /** Shared between customers when its inputs are the same (see {@link planMemo}): the planner then reads it once. */
  readonly reason: Label;
  /** Default: the policy's style for the kind. */
  readonly purpose?: RevisitPurpose | undefined;
  /** Default: the policy's style for the kind. */
  readonly channel?: RevisitChannel | undefined;
  readonly earliest: number;
  readonly due: number;
  readonly latest: number;
  /**
   * The window never passes: however long ago it closed, it is overdue at the plan's start (the cadence of CA-1:
   * "at least every N days" is owed until a contact happens). Default `false`: past `overdueGraceDays` it passed.
   */
  readonly neverPasses?: boolean | undefined;
}

/**
 * How a window that closed before the plan's start ended: a contact satisfied it, or it passed unattended. Such
 * windows are history, not plan items: the plan counts them in its report instead of listing each.
 */
export type ClosedWindow = 'satisfied-by-contact' | 'window-passed';

/**
 * What {@link windowDemand} makes of a window: a demand, a skipped entry (a window open at the plan's start that a
 * contact already satisfied), a closed window to count, or nothing (after the plan).
 */
export type WindowOutcome =
  | { readonly demand: Demand }
  | { readonly skipped: SkippedEntry }
  | { readonly closed: ClosedWindow }
  | null;

/** Local dates of day numbers already written, so that a plan writes each date of its keys and reasons once. */
const DATES = new Map<number, string>();
const MAX_DATES = 8192;

/**
 * Core's `dateOfDay` (the local date `YYYY-MM-DD` of a day number), remembered: the demands of a plan name the
 * same few hundred dates again and again in their keys and reasons.
 */
export function dateText(day: number): string {
  let text = DATES.get(day);
  if (text === undefined) {
    if (DATES.size >= MAX_DATES) DATES.clear();
    text = dateOfDay(day);
    DATES.set(day, text);
  }
  return text;
}

/** How many entries one map of a {@link planMemo} holds before it starts again (a bound on its memory). */
const MAX_MEMO = 1 << 16;

/**
 * A memo kept per plan (per {@link PlanContext}, weakly), made by `make` on a plan's first use: generators keep
 * there the key suffixes and reason labels they build from numbers (days, indexes), so that every customer with
 * the same inputs gets the same string and label objects. The last plan's memo is found without a lookup.
 */
export function planMemo<T>(make: () => T): (ctx: PlanContext) => T {
  const byPlan = new WeakMap<PlanContext, T>();
  let lastCtx: PlanContext | undefined;
  let last: T | undefined;
  return (ctx) => {
    if (ctx === lastCtx) return last as T;
    let memo = byPlan.get(ctx);
    if (memo === undefined) {
      memo = make();
      byPlan.set(ctx, memo);
    }
    lastCtx = ctx;
    last = memo;
    return memo;
  };
}

/** Puts `value` in a memo map under `key` (the map starts again when full) and returns it. */
export function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, value);
  return value;
}

/** Per base reason: its overdue variants by the first overdue day, so that overdue reasons are shared too. */
const OVERDUE = new WeakMap<Label, Map<number, Label>>();

/** The base reason last made overdue, and its variants: a plan's overdue calls mostly share a few reasons. */
let lastBase: Label | undefined;
let lastByDay: Map<number, Label> | undefined;

/** `reason` and "(overdue since <day's date>)", one object per base reason and day. */
function overdueReason(reason: Label, day: number): Label {
  let byDay = reason === lastBase ? lastByDay : OVERDUE.get(reason);
  if (byDay === undefined) {
    byDay = new Map();
    OVERDUE.set(reason, byDay);
  }
  lastBase = reason;
  lastByDay = byDay;
  let label = byDay.get(day);
  if (label === undefined) {
    const since = dateText(day);
    label = remember(byDay, day, {
      en: `${reason.en} (overdue since ${since})`,
      zh: `${reason.zh}（自 ${since} 起逾期）`,
    });
  }
  return label;
}

/**
 * Where a generator keeps the overdue variant of one of its shared reasons (its last one, by the first overdue
 * day), so that {@link windowDemand} finds it without a lookup. Start with `overdueDay: NaN`.
 */
export interface OverdueSlot {
  overdueDay: number;
  overdue: Label | undefined;
}

const SATISFIED: WindowOutcome = { closed: 'satisfied-by-contact' };
const PASSED: WindowOutcome = { closed: 'window-passed' };

/** First index of a sorted array whose value is at least `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The day of the first completed contact inside `[earliest, latest]` up to `asOf`'s day, or -1. `contactDays` are
 * sorted local days of completed contacts.
 */
function contactIn(earliest: number, latest: number, ctx: PlanContext, contactDays: readonly number[]): number {
  const contact = contactDays[lowerBound(contactDays, earliest)];
  return contact !== undefined && contact <= latest && contact <= ctx.todayDay ? contact : -1;
}

/**
 * What the plan's common rules make of the window `[earliest, latest]` from its days alone, before its key and
 * reason are built: `null` after the plan, a {@link ClosedWindow} when it closed before the plan's start (satisfied
 * by a contact, or passed beyond the overdue grace), `'open'` when it becomes a demand or a skipped entry (give its
 * {@link WindowSpec} to {@link windowDemand}). Allocates nothing.
 */
export function windowFate(
  earliest: number,
  latest: number,
  ctx: PlanContext,
  contactDays: readonly number[],
  neverPasses = false,
): ClosedWindow | 'open' | null {
  if (earliest > ctx.toDay) return null;
  const start = Math.max(ctx.fromDay, ctx.todayDay);
  if (latest >= start) return 'open';
  if (contactIn(earliest, latest, ctx, contactDays) >= 0) return 'satisfied-by-contact';
  return !neverPasses && start - latest > ctx.policy.overdueGraceDays ? 'window-passed' : 'open';
}

/**
 * Applies the plan's common rules to one window, the same for every kind of task:
 * - a window that opens after the plan's last day is not part of the plan (`null`);
 * - a completed contact on a day of the window, up to `asOf`'s day, satisfies it (CA-9: the contact happened):
 *   skipped `satisfied-by-contact` when the window is still open at the plan's start, counted (`closed`) when it
 *   closed before;
 * - a window that closed more than `overdueGraceDays` before the plan's start is counted as `window-passed`,
 *   unless it `neverPasses` (the cadence);
 * - a window that closed before the start (within the grace) is overdue: it starts at the plan's start with its
 *   own length, `overdueDays` counting from its original last day;
 * - a window that opened before the start is clipped to start there.
 * The plan's start is the later of `from` and `asOf`'s local day. `contactDays` are sorted local days of completed
 * contacts. Generators call {@link windowFate} first and build the spec (its key and reason) only for an open
 * window. `slot`, kept by the generator with the spec's shared reason, remembers the reason's overdue variant.
 */
export function windowDemand(
  spec: WindowSpec,
  ctx: PlanContext,
  contactDays: readonly number[],
  slot?: OverdueSlot,
): WindowOutcome {
  const { earliest, latest } = spec;
  const fate = windowFate(earliest, latest, ctx, contactDays, spec.neverPasses === true);
  if (fate === null) return null;
  if (fate !== 'open') return fate === 'window-passed' ? PASSED : SATISFIED;
  const contact = contactIn(earliest, latest, ctx, contactDays);
  if (contact >= 0) {
    const c = dateText(contact);
    const e = dateText(earliest);
    const l = dateText(latest);
    return {
      skipped: {
        customerId: spec.customerId,
        kind: spec.kind,
        why: 'satisfied-by-contact',
        key: spec.customerId + spec.keySuffix,
        reason: {
          en: `${spec.reason.en}: a contact on ${c} was inside the window ${e}..${l}`,
          zh: `${spec.reason.zh}：${c} 的联系已在时间窗 ${e}..${l} 内完成`,
        },
      },
    };
  }
  const start = Math.max(ctx.fromDay, ctx.todayDay);
  if (latest < start) {
    const day = latest + 1;
    let reason = slot !== undefined && slot.overdueDay === day ? slot.overdue : undefined;
    if (reason === undefined) {
      reason = overdueReason(spec.reason, day);
      if (slot !== undefined) {
        slot.overdueDay = day;
        slot.overdue = reason;
      }
    }
    return { demand: demandOf(spec, ctx, reason, start, start, start + (latest - earliest), start - latest) };
  }
  const clipped = Math.max(earliest, start);
  return { demand: demandOf(spec, ctx, spec.reason, Math.max(spec.due, clipped), clipped, latest, 0) };
}

/**
 * The demand of an open window (one object literal of a fixed shape; `ownerId` undefined unless the spec names
 * one). Its key is the customer id and the spec's suffix, joined without copying either.
 */
function demandOf(
  spec: WindowSpec,
  ctx: PlanContext,
  reason: Label,
  due: number,
  earliest: number,
  latest: number,
  overdueDays: number,
): Demand {
  const style = ctx.policy.styles[spec.kind];
  const purpose = spec.purpose ?? style.purpose;
  const channel = spec.channel ?? style.channel;
  return {
    key: spec.customerId + spec.keySuffix,
    keySuffix: spec.keySuffix,
    customerId: spec.customerId,
    ownerId: spec.ownerId,
    kind: spec.kind,
    rules: spec.rules,
    reason,
    purpose,
    channel,
    basePriority: style.priority,
    due,
    earliest,
    latest,
    overdueDays,
  };
}
