import type { BusinessCalendar } from '@kehu/calendar';
import { COMPLAINT_STATES, invalidInput, type ComplaintSeverity, type ComplaintState } from '@kehu/core';
import { COMPLAINT_SEVERITIES } from './codes.js';
import { checkComplaintColumns, type ComplaintColumns } from './complaint-columns.js';
import { compilePolicy } from './compiled-policy.js';
import { MetricEngine } from './engine.js';
import { cutAt, explainComplaint, prepareEvaluation, replayUpTo, type EvaluateSlaOptions } from './evaluate.js';
import { CycleScratch, replayCodes } from './lifecycle.js';
import type { SlaPolicy, SlaPolicyInput } from './policy.js';
import type { SlaEvaluation } from './result.js';

/** What an {@link SlaTable} was computed from, so that {@link slaAt} can explain any complaint of it. */
export interface SlaTableSource {
  /** The complaint columns evaluated (the caller's object, not a copy: do not change it while the table is used). */
  complaints: ComplaintColumns;
  /** The policy, parsed, with defaults applied. */
  policy: SlaPolicy;
  /** The business calendar. */
  calendar: BusinessCalendar;
  /** The multiplier of every target (1 unless given). */
  targetFactor: number;
}

/**
 * The SLA status of many complaints in columns (an SLA board for a million complaints):
 * one entry per complaint, and one row per complaint, cycle and metric, with instants as
 * epoch milliseconds (`NaN` for none). No `Date`, string or object is made per metric;
 * {@link slaAt} gives any complaint's full, explained {@link SlaEvaluation}, {@link slaRows}
 * all of them.
 */
export interface SlaTable {
  /** The moment evaluated. */
  asOf: Date;
  /** The policy used. */
  policy: { id: string; version: string };
  /** The policy's metric ids, indexed by `rowMetric`. */
  metricIds: string[];
  /** Per complaint: its id. */
  ids: string[];
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
  /** Per row: the state, as an index into `SLA_STATES`. */
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
  /** What the table was computed from. */
  source: SlaTableSource;
}

/**
 * Evaluates the SLAs of many complaints at once (rules SL-2 to SL-4, SL-8) into an
 * {@link SlaTable}: the same states, deadlines and times as `evaluateSla`, and the same
 * `nextCheckAt`, without the per-metric `Date`s, explanations and warning records of
 * `evaluateSla`. The complaints come as {@link ComplaintColumns} (`toComplaintColumns` of
 * complaint logs, or filled straight from storage): a million complaints in a couple of
 * seconds (`pnpm bench`). Escalations and callbacks are in each complaint's full evaluation
 * ({@link slaAt}). Pure. The columns' shape and every log are checked first: a malformed
 * one throws `KehuValidationError` with the complaint's index first in the path.
 */
export function slaTable(
  complaints: ComplaintColumns,
  policyInput: SlaPolicy | SlaPolicyInput,
  options: EvaluateSlaOptions,
): SlaTable {
  const { policy, now, factor, calendar } = prepareEvaluation(policyInput, options);
  const c = complaints;
  checkComplaintColumns(c);
  const compiled = compilePolicy(policy);
  const metrics = compiled.metrics;
  const n = c.ids.length;
  const scratch = new CycleScratch();
  // First pass: every log checked against the state machine, and the rows counted (cycles
  // up to asOf times metrics), so that the columns are allocated once at their size.
  const cycles = new Uint16Array(n);
  let rows = 0;
  for (let k = 0; k < n; k++) {
    replayUpTo(c, k, now, scratch, true);
    cycles[k] = scratch.count;
    rows += scratch.count * metrics.length;
  }
  const states: ComplaintState[] = [];
  const severities: ComplaintSeverity[] = [];
  const nextCheckAt = new Float64Array(n);
  const rowComplaint = new Uint32Array(rows);
  const rowCycle = new Uint16Array(rows);
  const rowMetric = new Uint8Array(rows);
  const rowState = new Uint8Array(rows);
  const rowStart = new Float64Array(rows);
  const rowDue = new Float64Array(rows);
  const rowStop = new Float64Array(rows);
  const rowBreached = new Float64Array(rows);
  const rowTargetMs = new Float64Array(rows);
  const rowElapsedMs = new Float64Array(rows);
  const rowPausedMs = new Float64Array(rows);
  const rowWarnings = new Uint8Array(rows);
  const rowProvisional = new Uint8Array(rows);
  const engine = new MetricEngine(calendar);
  const escalationPercent = compiled.escalationPercent;
  let row = 0;
  for (let k = 0; k < n; k++) {
    const lo = c.offsets[k]!;
    const hi = cutAt(c, lo, c.offsets[k + 1]!, now);
    const code = replayCodes(c, lo, hi, c.severity[k]!, scratch);
    states.push(COMPLAINT_STATES[code >> 2]!);
    severities.push(COMPLAINT_SEVERITIES[code & 3]!);
    let next = Infinity;
    for (let cy = 0; cy < scratch.count; cy++) {
      const from = scratch.from[cy]!;
      const to = scratch.to[cy]!;
      const cycleSeverity = scratch.severity[cy]!;
      for (let m = 0; m < metrics.length; m++) {
        const out = engine.evaluate(
          metrics[m]!,
          c,
          from,
          to,
          cycleSeverity,
          cy + 1,
          now,
          factor,
          escalationPercent,
          false,
        );
        if (out.next < next) next = out.next;
        rowComplaint[row] = k;
        rowCycle[row] = cy + 1;
        rowMetric[row] = m;
        rowState[row] = out.state;
        rowStart[row] = out.start;
        rowDue[row] = out.due;
        rowStop[row] = out.stop;
        rowBreached[row] = out.breached;
        rowTargetMs[row] = out.targetMs;
        rowElapsedMs[row] = out.used;
        rowPausedMs[row] = out.paused;
        rowWarnings[row] = out.warningCount;
        rowProvisional[row] = out.provisional ? 1 : 0;
        row++;
      }
    }
    nextCheckAt[k] = next === Infinity ? Number.NaN : next;
  }
  return {
    asOf: new Date(now),
    policy: { id: policy.id, version: policy.version },
    metricIds: metrics.map((m) => m.metric.id),
    ids: c.ids.slice(),
    states,
    severities,
    cycles,
    nextCheckAt,
    rowComplaint,
    rowCycle,
    rowMetric,
    rowState,
    rowStart,
    rowDue,
    rowStop,
    rowBreached,
    rowTargetMs,
    rowElapsedMs,
    rowPausedMs,
    rowWarnings,
    rowProvisional,
    source: { complaints: c, policy, calendar, targetFactor: factor },
  };
}

/**
 * The full, explained evaluation of complaint `k` of an {@link SlaTable}: the same object
 * `evaluateSla` gives for that complaint's log, policy, calendar, `asOf` and target
 * factor. Throws `KehuValidationError` when `k` is not a complaint of the table.
 */
export function slaAt(table: SlaTable, k: number): SlaEvaluation {
  if (!Number.isInteger(k) || k < 0 || k >= table.ids.length || table.source.complaints.ids[k] !== table.ids[k])
    throw invalidInput([k], `complaint ${k} is not in the SLA table of ${table.ids.length} complaints`);
  return explainer(table)(k);
}

/** Every complaint of an {@link SlaTable} explained (see {@link slaAt}), in the table's order. */
export function slaRows(table: SlaTable): SlaEvaluation[] {
  const explain = explainer(table);
  return table.ids.map((_, k) => explain(k));
}

function explainer(table: SlaTable): (k: number) => SlaEvaluation {
  const { complaints, policy, calendar, targetFactor } = table.source;
  const compiled = compilePolicy(policy);
  const engine = new MetricEngine(calendar);
  const scratch = new CycleScratch();
  const now = table.asOf.getTime();
  return (k) => explainComplaint(complaints, k, compiled, engine, now, targetFactor, scratch, true);
}
