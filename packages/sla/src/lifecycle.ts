import {
  COMPLAINT_STATES,
  complaintStateAfterEvent,
  invalidInput,
  type ComplaintEventBody,
  type ComplaintEventType,
  type ComplaintSeverity,
  type ComplaintState,
  type KehuValidationError,
} from '@kehu/core';
import { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES, EVENT, eventTypeCode } from './codes.js';
import { columnsOfLogs, type ComplaintColumns } from './complaint-columns.js';

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
const ALLOWED: Record<ComplaintState, readonly ComplaintEventType[]> = {
  open: [
    'acknowledged',
    'preliminary-solution',
    'escalated',
    'assigned',
    'waiting-on-customer',
    'resolved',
    'severity-changed',
    'closed',
  ],
  'waiting-on-customer': ['resumed', 'escalated', 'assigned', 'severity-changed', 'resolved', 'closed'],
  resolved: ['feedback-recorded', 'reopened', 'closed', 'escalated', 'assigned'],
  closed: ['reopened'],
};

/** The state machine on codes: `TRANSITIONS[state * types + type]` is the next state's code, or -1 when not allowed. */
const TYPES = COMPLAINT_EVENT_TYPES.length;
const TRANSITIONS = new Int8Array(COMPLAINT_STATES.length * TYPES).fill(-1);
COMPLAINT_STATES.forEach((state, s) => {
  for (const type of ALLOWED[state])
    TRANSITIONS[s * TYPES + COMPLAINT_EVENT_TYPES.indexOf(type)] = COMPLAINT_STATES.indexOf(
      complaintStateAfterEvent(state, type),
    );
});

/** `word` with its indefinite article (`an open`, `a closed`). */
function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function refused(state: ComplaintState, type: ComplaintEventType, path: Array<string | number>): KehuValidationError {
  return invalidInput(path, `${article(state)} complaint cannot take ${article(type)} event`, 'INVALID_TRANSITION', {
    code: 'INVALID_TRANSITION',
  });
}

/**
 * Checks that `event` may follow the log (no resolving a closed complaint, no event before
 * the last one, `received` only first) and returns the state after it. Throws
 * `KehuValidationError` (code `INVALID_TRANSITION` for an event the state does not allow)
 * with the path of the bad event.
 */
export function checkNextEvent(
  state: ComplaintState | null,
  lastAt: number | null,
  event: ComplaintEventBody,
  index = 0,
): ComplaintState {
  if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime()))
    throw invalidInput(['events', index, 'at'], 'an event needs a valid instant', 'invalid_type');
  const type = eventTypeCode(event.type);
  const from = state === null ? -1 : COMPLAINT_STATES.indexOf(state);
  if (type === undefined) {
    if (state === null) throw notReceivedFirst(index);
    throw refused(state, event.type, ['events', index, 'type']);
  }
  return COMPLAINT_STATES[step(from, lastAt ?? -Infinity, type, event.at.getTime(), index)]!;
}

/** The error of a log that does not start with its `received` event. */
function notReceivedFirst(index: number): KehuValidationError {
  return invalidInput(['events', index, 'type'], 'a complaint log starts with its received event (rule SL-1)');
}

/**
 * One step of the state machine on codes: the state after an event of type `type` at `t`
 * in state `state` (-1 before the first event) after an event at `lastAt`. Throws
 * `KehuValidationError` with the path of event `index`: a first event that is not
 * `received`, an event before the previous one, or one the state does not allow.
 */
function step(state: number, lastAt: number, type: number, t: number, index: number): number {
  if (state < 0) {
    if (type !== EVENT.received) throw notReceivedFirst(index);
    return 0;
  }
  if (t < lastAt) throw invalidInput(['events', index, 'at'], 'complaint events must be in time order');
  const next = TRANSITIONS[state * TYPES + type]!;
  if (next < 0) throw refused(COMPLAINT_STATES[state]!, COMPLAINT_EVENT_TYPES[type]!, ['events', index, 'type']);
  return next;
}

/**
 * Cycles found by {@link replayCodes}: cycle `c` runs over events `from[c]` to `to[c]` (exclusive) with severity
 * `severity[c]` at its start.
 */
export class CycleScratch {
  from = new Int32Array(8);
  to = new Int32Array(8);
  severity = new Uint8Array(8);
  count = 0;
  /** Makes room for `n` cycles. */
  reserve(n: number): void {
    if (n <= this.from.length) return;
    const size = Math.max(n, this.from.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.from = grow(this.from, (m) => new Int32Array(m));
    this.to = grow(this.to, (m) => new Int32Array(m));
    this.severity = grow(this.severity, (m) => new Uint8Array(m));
  }
}

/**
 * Replays events `lo` to `hi` (exclusive) of complaint columns, whose intake severity is
 * `severity`, checking every event against the state machine and the time order; fills
 * `cycles` and returns the final state's code times 4 plus the final severity's code.
 * Throws `KehuValidationError` with the path `['events', i, …]` relative to `lo`.
 */
export function replayCodes(
  c: ComplaintColumns,
  lo: number,
  hi: number,
  severity: number,
  cycles: CycleScratch,
): number {
  if (hi <= lo) throw invalidInput(['events'], 'a complaint log needs its received event (rule SL-1)', 'too_small');
  const { types, at, severityTo } = c;
  let state = step(-1, -Infinity, types[lo]!, at[lo]!, 0);
  let sev = severity;
  let count = 1;
  cycles.from[0] = lo;
  cycles.severity[0] = sev;
  for (let i = lo + 1; i < hi; i++) {
    const type = types[i]!;
    state = step(state, at[i - 1]!, type, at[i]!, i - lo);
    if (type === EVENT.severityChanged) sev = severityTo[i]!;
    else if (type === EVENT.reopened) {
      cycles.reserve(count + 1);
      cycles.to[count - 1] = i;
      cycles.from[count] = i;
      cycles.severity[count] = sev;
      count++;
    }
  }
  cycles.to[count - 1] = hi;
  cycles.count = count;
  return state * 4 + sev;
}

/** The state, severity and cycles of a complaint log, validated event by event. */
export function replayComplaint(log: ComplaintLog): {
  state: ComplaintState;
  severity: ComplaintSeverity;
  cycles: ComplaintCycle[];
} {
  const c = columnsOfLogs([log], false);
  const scratch = new CycleScratch();
  const code = replayCodes(c, 0, c.types.length, c.severity[0]!, scratch);
  const cycles: ComplaintCycle[] = [];
  for (let i = 0; i < scratch.count; i++)
    cycles.push({
      index: i + 1,
      from: scratch.from[i]!,
      to: scratch.to[i]!,
      startedAt: c.at[scratch.from[i]!]!,
      severity: COMPLAINT_SEVERITIES[scratch.severity[i]!]!,
    });
  return { state: COMPLAINT_STATES[code >> 2]!, severity: COMPLAINT_SEVERITIES[code & 3]!, cycles };
}
