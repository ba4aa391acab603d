import { dayNumber, invalidInput, type Label } from '@kehu/core';
import type { PlanContext } from './context.js';
import { admit, type DemandSink, emit } from './sink.js';
import { firstAbove } from './sorted-search.js';
import type { CustomerHistory, PlanCallback } from './types.js';
import { dateText, planMemo, remember, windowDemand } from './window.js';

const NO_DAYS: readonly number[] = [];

const CALLBACK_RULES = ['CA-3'] as const;
const SATISFACTION_RULES = ['SA-5', 'CA-4'] as const;
const FOLLOW_UP_RULES = ['CA-9'] as const;
const WIN_BACK_RULES = ['CH-7', 'CH-4'] as const;
const VISIT_RULES = ['CA-8'] as const;

/**
 * The local days of the completed contacts after an event's instant: only those answer the event (a call earlier
 * the same day, or the contact that promised a follow-up, does not). `contactDays` are aligned with
 * `history.contactTimes`.
 */
function daysAfter(history: CustomerHistory, contactDays: readonly number[], ms: number): readonly number[] {
  const i = firstAbove(history.contactTimes, ms);
  if (i === 0) return contactDays;
  return i >= contactDays.length ? NO_DAYS : contactDays.slice(i);
}

/** The longest follow-up window whose reason a plan remembers by one number. */
const SPAN = 4096;

/** A plan's follow-up reasons by kind, first day and length, shared between customers. */
const memoOf = planMemo(() => new Map<number, Label>());

/**
 * The reason of a satisfaction follow-up (`satisfaction` true) or of a promised follow-up, from `day` to `dueDay`:
 * one label per plan for the same kind and days.
 */
function followUpReason(ctx: PlanContext, satisfaction: boolean, day: number, dueDay: number): Label {
  const memo = memoOf(ctx);
  const length = dueDay - day;
  const code = length >= 0 && length < SPAN ? (day * SPAN + length) * 2 + (satisfaction ? 1 : 0) : Number.NaN;
  const known = memo.get(code);
  if (known !== undefined) return known;
  const reason: Label = satisfaction
    ? {
        en: `SA-5: follow up the low satisfaction answered on ${dateText(day)} by ${dateText(dueDay)}`,
        zh: `SA-5：${dateText(day)} 的满意度回答偏低，${dateText(dueDay)} 前跟进`,
      }
    : {
        en: `CA-9: follow-up promised in the contact of ${dateText(day)}, by ${dateText(dueDay)}`,
        zh: `CA-9：${dateText(day)} 联系中承诺的跟进，${dateText(dueDay)} 前完成`,
      };
  return Number.isNaN(code) ? reason : remember(memo, code, reason);
}

function callbackReason(callback: PlanCallback, date: string): Label {
  const of = callback.complaintId === undefined ? '' : ` ${callback.complaintId}`;
  const ofZh = callback.complaintId === undefined ? '' : `（${callback.complaintId}）`;
  switch (callback.reason) {
    case 'written-complaint':
      return {
        en: `CA-3: call back at once: written complaint${of} received on ${date}`,
        zh: `CA-3：${date} 收到书面投诉${ofZh}，立即回访`,
      };
    case 'resolved':
      return {
        en: `CA-3: call back after the complaint${of} was resolved on ${date}`,
        zh: `CA-3：投诉${ofZh}已于 ${date} 解决，回访确认`,
      };
    case 'deadline-passed':
      return {
        en: `CA-3: call back: the resolution of the complaint${of} was overdue on ${date}`,
        zh: `CA-3：投诉${ofZh}处理已于 ${date} 逾期，回访说明`,
      };
  }
}

/**
 * The event demands of one customer; they need no importance and come for lost and ungraded customers too.
 * - CA-3 callbacks: from the event's local date (preferred) within `callbacks.withinDays`; key
 *   `customerId|callback|<callback id>`.
 * - SA-5 follow-ups of low satisfaction: from the answer's local date (preferred) to the request's due date;
 *   rules SA-5 and CA-4; key `customerId|satisfaction-follow-up|<response id>`.
 * - CA-9 follow-ups promised in a contact: from the contact's local date to its due date (without one,
 *   `followUps.withinDays` later), preferred on the due date; key `customerId|contact-follow-up|<contact id>`.
 * - CH-7 win-backs: from the request's earliest date (preferred) within `winBack.withinDays`, rules CH-7 and
 *   CH-4; done by the request's owner (the demand carries `ownerId` when it differs from the customer's owner);
 *   key `customerId|win-back|<exit id>`.
 * - CA-8 visits to the named customer: the visit's window, preferred on its first day, with its purpose and
 *   channel; key `customerId|visit|<visit id>`.
 * A callback or follow-up is satisfied only by a completed contact after the event's instant (the contact that
 * promised a follow-up does not satisfy it); a win-back or visit by one inside its window.
 * A due date before its event is refused with a `KehuValidationError`.
 */
export function eventDemands(
  history: CustomerHistory,
  ctx: PlanContext,
  contactDays: readonly number[],
  sink: DemandSink,
): void {
  const { customer } = history;
  const id = customer.id;
  const { policy } = ctx;
  for (const callback of history.callbacks) {
    const ms = callback.at.getTime();
    const day = ctx.localDay(ms);
    const latest = day + policy.callbacks.withinDays;
    const days = daysAfter(history, contactDays, ms);
    if (!admit(day, latest, ctx, days, sink)) continue;
    emit(
      windowDemand(
        {
          keySuffix: `|callback|${callback.id}`,
          customerId: id,
          kind: 'callback',
          rules: CALLBACK_RULES,
          reason: callbackReason(callback, dateText(day)),
          earliest: day,
          due: day,
          latest,
        },
        ctx,
        days,
      ),
      sink,
    );
  }
  for (const followUp of history.followUps) {
    const ms = followUp.answeredAt.getTime();
    const day = ctx.localDay(ms);
    const dueDay = ctx.localDay(followUp.dueAt.getTime());
    if (dueDay < day)
      throw invalidInput(['followUps', followUp.responseId, 'dueAt'], 'the follow-up is due before the answer');
    const days = daysAfter(history, contactDays, ms);
    if (!admit(day, dueDay, ctx, days, sink)) continue;
    emit(
      windowDemand(
        {
          keySuffix: `|satisfaction-follow-up|${followUp.responseId}`,
          customerId: id,
          kind: 'satisfaction-follow-up',
          rules: SATISFACTION_RULES,
          reason: followUpReason(ctx, true, day, dueDay),
          earliest: day,
          due: day,
          latest: dueDay,
        },
        ctx,
        days,
      ),
      sink,
    );
  }
  for (const followUp of history.contactFollowUps) {
    const day = ctx.localDay(followUp.at);
    const dueDay = followUp.dueAt === undefined ? day + policy.followUps.withinDays : ctx.localDay(followUp.dueAt);
    if (dueDay < day)
      throw invalidInput(
        ['contacts', followUp.contactId, 'followUp', 'dueAt'],
        'the follow-up is due before the contact',
      );
    const days = daysAfter(history, contactDays, followUp.at);
    if (!admit(day, dueDay, ctx, days, sink)) continue;
    emit(
      windowDemand(
        {
          keySuffix: `|contact-follow-up|${followUp.contactId}`,
          customerId: id,
          kind: 'contact-follow-up',
          rules: FOLLOW_UP_RULES,
          reason: followUpReason(ctx, false, day, dueDay),
          earliest: day,
          due: dueDay,
          latest: dueDay,
        },
        ctx,
        days,
      ),
      sink,
    );
  }
  const customerOwner = customer.ownerId ?? customer.owner;
  for (const winBack of history.winBacks) {
    const day = dayNumber(winBack.earliestDate);
    const latest = day + policy.winBack.withinDays;
    if (!admit(day, latest, ctx, contactDays, sink)) continue;
    emit(
      windowDemand(
        {
          keySuffix: `|win-back|${winBack.exitId}`,
          customerId: id,
          ...(winBack.ownerId === customerOwner ? {} : { ownerId: winBack.ownerId }),
          kind: 'win-back',
          rules: WIN_BACK_RULES,
          reason: {
            en: `CH-7: win back the lost customer (exit ${winBack.exitId}) from ${winBack.earliestDate}`,
            zh: `CH-7：自 ${winBack.earliestDate} 起挽回流失客户（离开记录 ${winBack.exitId}）`,
          },
          earliest: day,
          due: day,
          latest,
        },
        ctx,
        contactDays,
      ),
      sink,
    );
  }
  for (const visit of history.visits) {
    const from = dayNumber(visit.from);
    const to = dayNumber(visit.to);
    if (!admit(from, to, ctx, contactDays, sink)) continue;
    const label = visit.label;
    emit(
      windowDemand(
        {
          keySuffix: `|visit|${visit.id}`,
          customerId: id,
          kind: 'visit',
          rules: VISIT_RULES,
          reason: {
            en: `CA-8: visit${label === undefined ? '' : ` (${label.en})`} between ${visit.from} and ${visit.to}`,
            zh: `CA-8：${visit.from} 至 ${visit.to} 拜访${label === undefined ? '' : `（${label.zh}）`}`,
          },
          purpose: visit.purpose,
          channel: visit.channel,
          earliest: from,
          due: from,
          latest: to,
        },
        ctx,
        contactDays,
      ),
      sink,
    );
  }
}
