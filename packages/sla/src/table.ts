import type { BusinessCalendar } from '@kehu/calendar';
import { KehuValidationError, type ComplaintSeverity } from '@kehu/core';
import { evaluateSla, eventsUpTo, prepareEvaluation, type EvaluateSlaOptions } from './evaluate.js';
import { replayComplaint, type ComplaintLog } from './lifecycle.js';
import { metricCore } from './metric.js';
import type { SlaPolicy, SlaPolicyInput } from './policy.js';
import type { ComplaintState, SlaEvaluation, SlaState } from './result.js';

/**
 * The SLA status of many complaints in columns (an SLA board for a million complaints):
 * one entry per complaint, and one row per complaint, cycle and metric, with instants as
 * epoch milliseconds (`NaN` for none). No `Date`, string or object is made per metric;
 * {@link slaEvaluationAt} gives any complaint's full, explained {@link SlaEvaluation}.
 */
export interface SlaTable {
  /** The moment evaluated. */
  asOf: Date;
  /** The policy used. */
  policy: { id: string; version: string };
  /** The policy's metric ids, indexed by `rowMetric`. */
  metricIds: string[];
  /** Per complaint: its id. */
  complaintIds: string[];
  /** Per complaint: its state. */
  states: ComplaintState[];
  /** Per complaint: the severity in effect. */
  severities: ComplaintSeverity[];
  /** Per complaint: its cycles. */
  cycles: Uint16Array;
  /** Per complaint: the next instant at which anything can change without a new event (`NaN`: none). */
  nextCheckAt: Float64Array;
  /** Per row: the complaint's index. */
  rowComplaint: Uint32Array;
  /** Per row: the cycle. */
  rowCycle: Uint16Array;
  /** Per row: the metric's index in `metricIds`. */
  rowMetric: Uint8Array;
  /** Per row: the state, as an index into {@link SLA_STATES}. */
  rowState: Uint8Array;
  /** Per row: the clock's start. */
  rowStart: Float64Array;
  /** Per row: the deadline, pauses included. */
  rowDue: Float64Array;
  /** Per row: the stopping event. */
  rowStop: Float64Array;
  /** Per row: when it was breached. */
  rowBreached: Float64Array;
  /** Per row: the target on the metric's clock, ms (`NaN` while pending or not applicable). */
  rowTargetMs: Float64Array;
  /** Per row: clock time used, ms. */
  rowElapsedMs: Float64Array;
  /** Per row: clock time paused, ms. */
  rowPausedMs: Float64Array;
  /** Per row: warnings reached. */
  rowWarnings: Uint8Array;
  /** Per row: 1 when it relied on calendar dates outside the coverage. */
  rowProvisional: Uint8Array;
}

/** The row states of {@link SlaTable.rowState}, by code. */
export const SLA_STATES: readonly SlaState[] = ['pending', 'running', 'paused', 'met', 'breached', 'not-applicable'];
const STATE_CODE = new Map(SLA_STATES.map((s, i) => [s, i]));

/**
 * A column of doubles, sized up front: growing big typed arrays by doubling allocates
 * external memory that makes V8 run full collections over the whole heap of logs (measured:
 * slower than evaluating complaint by complaint).
 */
class Column {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Evaluates the SLAs of many complaints at once (rules SL-2 to SL-4, SL-8) into an
 * {@link SlaTable}: the same states, deadlines and times as {@link evaluateSla}, and the same
 * `nextCheckAt`, without the per-metric `Date`s, explanations and warning records that make
 * `evaluateSla` slower on a million complaints (`pnpm bench`). Escalations and callbacks are
 * in each complaint's full evaluation ({@link slaEvaluationAt}). Pure. A malformed log throws
 * `KehuValidationError` with the complaint's index first in the path.
 */
export function evaluateSlaTable(logs: readonly ComplaintLog[], policyInput: SlaPolicy | SlaPolicyInput, calendar: BusinessCalendar, asOf: Date, options: EvaluateSlaOptions = {}): SlaTable {
  const { policy, now, factor } = prepareEvaluation(policyInput, asOf, options);
  const n = logs.length;
  const escalationPercent = policy.escalation.atWarning?.percent;
  const table = {
    complaintIds: new Array<string>(n),
    states: new Array<ComplaintState>(n),
    severities: new Array<ComplaintSeverity>(n),
    cycles: new Uint16Array(n),
    nextCheckAt: new Float64Array(n),
  };
  // Rows: usually one or two cycles a complaint.
  const capacity = n * policy.metrics.length * 2;
  const rowComplaint = new Column(capacity);
  const rowCycle = new Column(capacity);
  const rowMetric = new Column(capacity);
  const rowState = new Column(capacity);
  const start = new Column(capacity);
  const due = new Column(capacity);
  const stop = new Column(capacity);
  const breached = new Column(capacity);
  const target = new Column(capacity);
  const used = new Column(capacity);
  const paused = new Column(capacity);
  const warnings = new Column(capacity);
  const provisional = new Column(capacity);
  for (let k = 0; k < n; k++) {
    const log = logs[k]!;
    const events = eventsUpTo(log, now);
    let replayed;
    try {
      replayed = replayComplaint({ id: log.id, severity: log.severity, events });
    } catch (e) {
      if (e instanceof KehuValidationError) throw new KehuValidationError(e.message, e.issues.map((issue) => ({ ...issue, path: [k, ...issue.path] })), { code: e.code, cause: e });
      throw e;
    }
    table.complaintIds[k] = log.id;
    table.states[k] = replayed.state;
    table.severities[k] = replayed.severity;
    table.cycles[k] = replayed.cycles.length;
    let next = Infinity;
    for (const cycle of replayed.cycles) {
      for (let m = 0; m < policy.metrics.length; m++) {
        const core = metricCore(policy.metrics[m]!, events, cycle, calendar, now, factor, escalationPercent, false);
        if (core.next < next) next = core.next;
        rowComplaint.push(k);
        rowCycle.push(cycle.index);
        rowMetric.push(m);
        rowState.push(STATE_CODE.get(core.state)!);
        start.push(core.start);
        due.push(core.due);
        stop.push(core.stop);
        breached.push(core.breached);
        target.push(core.targetMs);
        used.push(core.used);
        paused.push(core.paused);
        warnings.push(core.warningCount);
        provisional.push(core.provisional ? 1 : 0);
      }
    }
    table.nextCheckAt[k] = next === Infinity ? Number.NaN : next;
  }
  return {
    asOf: new Date(now),
    policy: { id: policy.id, version: policy.version },
    metricIds: policy.metrics.map((m) => m.id),
    ...table,
    rowComplaint: Uint32Array.from(rowComplaint.finish()),
    rowCycle: Uint16Array.from(rowCycle.finish()),
    rowMetric: Uint8Array.from(rowMetric.finish()),
    rowState: Uint8Array.from(rowState.finish()),
    rowStart: start.finish(),
    rowDue: due.finish(),
    rowStop: stop.finish(),
    rowBreached: breached.finish(),
    rowTargetMs: target.finish(),
    rowElapsedMs: used.finish(),
    rowPausedMs: paused.finish(),
    rowWarnings: Uint8Array.from(warnings.finish()),
    rowProvisional: Uint8Array.from(provisional.finish()),
  };
}

/** The full, explained evaluation of complaint `k` of the logs a table was made from. */
export function slaEvaluationAt(table: SlaTable, logs: readonly ComplaintLog[], policy: SlaPolicy | SlaPolicyInput, calendar: BusinessCalendar, k: number, options: EvaluateSlaOptions = {}): SlaEvaluation {
  const log = logs[k];
  if (log === undefined || log.id !== table.complaintIds[k]) throw new KehuValidationError(`complaint ${k} is not in the table`, [{ path: [k], message: 'not the log the table was made from', code: 'invalid_value' }]);
  return evaluateSla(log, policy, calendar, table.asOf, options);
}
