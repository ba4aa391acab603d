import { KehuValidationError, type ComplaintEventBody, type ComplaintEventType, type ComplaintSeverity } from '@kehu/core';
import type { ComplaintState } from './result.js';

/** What the SLA engine needs of a complaint: its intake severity and its event log (rule SL-1: recorded at once). */
export interface ComplaintLog {
  /** The complaint id. */
  id: string;
  /** Severity at intake. */
  severity: ComplaintSeverity;
  /** `letter` and `email` complaints are written (rule CA-3). */
  channel?: string;
  /** The append-only event log, in order; the first event is `received`. */
  events: readonly ComplaintEventBody[];
}

/** One cycle of a complaint: from receipt (or a reopening) to the next reopening. */
export interface ComplaintCycle {
  /** 1, then one more per reopening. */
  index: number;
  /** Index in the log of the event that started it. */
  from: number;
  /** Index in the log of the event that started the next cycle (exclusive), or the log's length. */
  to: number;
  /** When it started. */
  startedAt: number;
  /** The severity in effect when it started. */
  severity: ComplaintSeverity;
}

/** Which events may follow in each state (rule SL-1 intake, then handling, resolution, feedback and closing). */
const ALLOWED: Record<ComplaintState, ReadonlySet<ComplaintEventType>> = {
  open: new Set(['acknowledged', 'preliminary-solution', 'escalated', 'assigned', 'waiting-on-customer', 'resolved', 'severity-changed', 'closed']),
  'waiting-on-customer': new Set(['resumed', 'escalated', 'assigned', 'severity-changed', 'resolved', 'closed']),
  resolved: new Set(['feedback-recorded', 'reopened', 'closed', 'escalated', 'assigned']),
  closed: new Set(['reopened']),
};

/** The state after `event` in `state` (which must allow it). */
function next(state: ComplaintState, event: ComplaintEventType): ComplaintState {
  switch (event) {
    case 'waiting-on-customer':
      return 'waiting-on-customer';
    case 'resumed':
    case 'reopened':
      return 'open';
    case 'resolved':
      return 'resolved';
    case 'closed':
      return 'closed';
    default:
      return state;
  }
}

/**
 * Checks that `event` may follow the log (no resolving a closed complaint, no event before
 * the last one, `received` only first) and returns the state after it. Throws
 * `KehuValidationError` (code `INVALID_TRANSITION` for an event the state does not allow)
 * with the path of the bad event.
 */
export function checkNextEvent(state: ComplaintState | null, lastAt: number | null, event: ComplaintEventBody, index = 0): ComplaintState {
  if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime())) throw new KehuValidationError('an event needs a valid instant', [{ path: ['events', index, 'at'], message: 'expected a valid Date', code: 'invalid_type' }]);
  if (state === null) {
    if (event.type !== 'received') throw new KehuValidationError('a complaint log starts with its received event (rule SL-1)', [{ path: ['events', index, 'type'], message: 'expected received', code: 'invalid_value' }]);
    return 'open';
  }
  if (lastAt !== null && event.at.getTime() < lastAt) throw new KehuValidationError('complaint events must be in time order', [{ path: ['events', index, 'at'], message: 'before the previous event', code: 'invalid_value' }]);
  if (!ALLOWED[state].has(event.type)) {
    throw new KehuValidationError(`a ${state} complaint cannot take a ${event.type} event`, [{ path: ['events', index, 'type'], message: `not allowed when ${state}`, code: 'INVALID_TRANSITION' }], { code: 'INVALID_TRANSITION' });
  }
  return next(state, event.type);
}

/** The state, severity and cycles of a complaint log, validated event by event. */
export function replayComplaint(log: ComplaintLog): { state: ComplaintState; severity: ComplaintSeverity; cycles: ComplaintCycle[] } {
  let state: ComplaintState | null = null;
  let lastAt: number | null = null;
  let severity = log.severity;
  const cycles: ComplaintCycle[] = [];
  log.events.forEach((e, i) => {
    state = checkNextEvent(state, lastAt, e, i);
    lastAt = e.at.getTime();
    if (e.type === 'severity-changed') severity = e.to;
    if (e.type === 'received' || e.type === 'reopened') {
      const previous = cycles.at(-1);
      if (previous) previous.to = i;
      cycles.push({ index: cycles.length + 1, from: i, to: log.events.length, startedAt: e.at.getTime(), severity });
    }
  });
  if (state === null) throw new KehuValidationError('a complaint log needs its received event (rule SL-1)', [{ path: ['events'], message: 'empty log', code: 'too_small' }]);
  return { state, severity, cycles };
}
