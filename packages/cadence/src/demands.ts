import { invalidInput, type Label } from '@kehu/core';
import { cadenceDemands } from './cadence-demands.js';
import type { PlanContext } from './context.js';
import { eventDemands } from './event-demands.js';
import type { CadencePolicy } from './policy.js';
import { postPurchaseDemands } from './post-purchase.js';
import { reminderDemands } from './reminders.js';
import { roundDemands } from './rounds.js';
import { type DemandSink, newSink } from './sink.js';
import type { ClosedWindow } from './window.js';
import type { CustomerHistory, Demand, Importance, PlanCustomer, SkippedEntry } from './types.js';

/** One customer's demands and what produced none, before snoozes, skips, merging and placement. */
export interface CustomerDemands {
  readonly demands: Demand[];
  readonly skipped: SkippedEntry[];
  /** Windows that closed before the plan's start, counted by how they ended. */
  readonly closed: Record<ClosedWindow, number>;
}

const NO_DAYS: readonly number[] = [];

const LOST: Label = {
  en: 'CH-7: lost customer: no cadence, new-customer, post-purchase or round calls (the win-back is their revisit)',
  zh: 'CH-7：客户已流失，不安排定期、新客户、购后或轮次回访（挽回即其回访）',
};

const UNGRADED: Label = {
  en: 'CA-1: the customer has no grade and the policy gives ungraded customers no importance',
  zh: 'CA-1：客户未分级，政策未给未分级客户设定重要程度',
};

/**
 * A customer's importance (rule CA-1): the policy's importance of their tier, the policy's `ungraded` without a
 * tier (`null`: the customer gets no importance-based calls). An unknown tier is refused with a
 * `KehuValidationError` at `['customers', id, 'tier']`.
 */
export function importanceOf(customer: PlanCustomer, policy: CadencePolicy): Importance | null {
  const { tier } = customer;
  if (tier === undefined) return policy.ungraded;
  const importance = (policy.importance as Record<string, Importance | undefined>)[tier];
  if (importance === undefined) throw invalidInput(['customers', customer.id, 'tier'], `unknown tier ${tier}`);
  return importance;
}

/**
 * Every demand of one customer (step 2 of the plan), with what produced none:
 * - importance-based demands, given the customer's {@link importanceOf}: the cadence (CA-1), post-purchase windows
 *   (CA-2), rounds (CA-8) and reminders (CA-7). Without an importance (`ungraded: null`) none of them come and
 *   the customer is listed once as `ungraded`; a `lost` customer gets no cadence, new-customer, post-purchase or
 *   round demands (listed once as `lost-customer`: the win-back of CH-7 is their revisit) but still reminders;
 * - event demands, which need no importance and come for every customer: callbacks (CA-3), satisfaction
 *   follow-ups (SA-5), contact follow-ups (CA-9), win-backs (CH-7) and visits (CA-8).
 * Each window goes through the plan's common rules (`windowDemand`): satisfied by a completed contact, passed,
 * overdue or clipped. Pure: the same history and context give the same result. `into`, a sink emptied by the
 * caller, receives them instead of a new one (the planner reuses one sink across its customers).
 */
export function demandsFor(history: CustomerHistory, ctx: PlanContext, into?: DemandSink): CustomerDemands {
  const sink: DemandSink = into ?? newSink();
  const { customer } = history;
  const times = history.contactTimes;
  let contactDays = NO_DAYS;
  if (times.length > 0) {
    const days: number[] = new Array(times.length);
    for (let i = 0; i < times.length; i++) days[i] = ctx.localDay(times[i] as number);
    contactDays = days;
  }
  const importance = importanceOf(customer, ctx.policy);
  const lost = customer.status === 'lost';
  if (lost) sink.skipped.push({ customerId: customer.id, kind: null, why: 'lost-customer', key: null, reason: LOST });
  if (importance === null) {
    sink.skipped.push({ customerId: customer.id, kind: null, why: 'ungraded', key: null, reason: UNGRADED });
  } else {
    if (!lost) {
      cadenceDemands(history, ctx, importance, contactDays, sink);
      postPurchaseDemands(history, ctx, contactDays, sink);
      roundDemands(history, ctx, contactDays, sink);
    }
    reminderDemands(history, ctx, importance, contactDays, sink);
  }
  eventDemands(history, ctx, contactDays, sink);
  return sink;
}
