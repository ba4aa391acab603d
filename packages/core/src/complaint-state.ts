import * as z from 'zod';
import type { ComplaintEventBody, ComplaintEventType, ComplaintSeverity } from './complaint.js';

/**
 * The states of a complaint (rule SL-1): open while it is handled, waiting on the customer (its clocks
 * paused), resolved, and closed. `@kehu/sla` checks which events each state allows; stores filter by them.
 */
export const COMPLAINT_STATES = ['open', 'waiting-on-customer', 'resolved', 'closed'] as const;

/** A complaint's state; see {@link COMPLAINT_STATES}. */
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** The zod schema of a {@link ComplaintState}. */
export const complaintStateSchema = z.enum(COMPLAINT_STATES);

/** The state each state-changing event type leads to; the other event types keep the state. */
const STATE_SET_BY: Partial<Record<ComplaintEventType, ComplaintState>> = {
  received: 'open',
  resumed: 'open',
  reopened: 'open',
  'waiting-on-customer': 'waiting-on-customer',
  resolved: 'resolved',
  closed: 'closed',
};

/**
 * The state an event of `type` leads to, or `undefined` when it changes no state (`received`, `resumed` and
 * `reopened` lead to `open`; `waiting-on-customer`, `resolved` and `closed` to themselves).
 */
export function complaintStateSetBy(type: ComplaintEventType): ComplaintState | undefined {
  return STATE_SET_BY[type];
}

/**
 * The state after an event of `type` in `state`. Whether `state` allows that event is `@kehu/sla`'s check
 * (`checkNextEvent`); this is only where an allowed event leads.
 */
export function complaintStateAfterEvent(state: ComplaintState, type: ComplaintEventType): ComplaintState {
  return STATE_SET_BY[type] ?? state;
}

/**
 * The state of a complaint after `events` (in `seq` order) starting from `state`: the state named by the last
 * state-changing event. For a log `@kehu/sla` accepts this is the state its replay gives; stores use it to keep
 * the state they filter complaints by.
 */
export function complaintStateAfter(
  events: ReadonlyArray<Pick<ComplaintEventBody, 'type'>>,
  state: ComplaintState = 'open',
): ComplaintState {
  let current = state;
  for (const e of events) current = complaintStateAfterEvent(current, e.type);
  return current;
}

/** The severity in effect after `events` starting from `severity`: the `to` of the last `severity-changed` event. */
export function complaintSeverityAfter(
  events: readonly ComplaintEventBody[],
  severity: ComplaintSeverity,
): ComplaintSeverity {
  let current = severity;
  for (const e of events) if (e.type === 'severity-changed') current = e.to;
  return current;
}
