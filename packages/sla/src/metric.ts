import type { BusinessCalendar } from '@kehu/calendar';
import type { ComplaintEventBody, ComplaintSeverity } from '@kehu/core';
import { instantAtUsed, SlaClock, usedAt, type Pause } from './clock.js';
import type { ComplaintCycle } from './lifecycle.js';
import type { SlaMetric } from './policy.js';
import type { MetricEvaluation, SlaState, SlaWarning } from './result.js';

const HOUR = 3_600_000;

/** A metric's evaluation plus what the complaint-level evaluation needs from it. */
export interface MetricOutcome {
  /** The evaluation. */
  evaluation: MetricEvaluation;
  /** The earliest future instant at which this metric changes on its own (`Infinity`: none). */
  next: number;
  /** When the metric passed the escalation's warning percentage by `asOf`, if it did. */
  escalationAt: number | null;
}

const targetTexts = new WeakMap<SlaMetric, string>();

/** "target … ; rules …" of a metric, for explanations (made once per metric object). */
function targetText(metric: SlaMetric, business: boolean): string {
  let text = targetTexts.get(metric);
  if (text === undefined) {
    const target = metric.target.kind === 'duration' ? `${metric.target.hours} ${business ? 'business' : 'elapsed'} hours` : `${metric.target.at} on working day ${metric.target.days}`;
    targetTexts.set(metric, (text = `target ${target}; rules ${metric.rules.join(', ')}`));
  }
  return text;
}

/** The pauses of `metric` among events (from, upto] (closed at `endAt` when still open at a stop). */
function pausesIn(events: readonly ComplaintEventBody[], metric: SlaMetric, from: number, upto: number, endAt: number | null): Pause[] {
  const pauses: Pause[] = [];
  if (metric.pause.length === 0) return pauses;
  for (let i = from + 1; i <= upto; i++) {
    const e = events[i]!;
    const open = pauses.at(-1);
    if (metric.pause.includes(e.type) && (open === undefined || open.to !== null)) pauses.push({ from: e.at.getTime(), to: null });
    else if (metric.resume.includes(e.type) && open !== undefined && open.to === null) open.to = e.at.getTime();
  }
  const open = pauses.at(-1);
  if (endAt !== null && open !== undefined && open.to === null) open.to = endAt;
  return pauses;
}

/** The severity in effect just after event `upto` of the cycle (intake severity and later changes). */
function severityUntil(events: readonly ComplaintEventBody[], cycle: ComplaintCycle, upto: number): ComplaintSeverity {
  let s = cycle.severity;
  for (let i = cycle.from; i <= upto && i < cycle.to; i++) {
    const e = events[i]!;
    if (e.type === 'severity-changed') s = e.to;
  }
  return s;
}

/** A metric's numbers in one cycle as of `asOf` (instants in epoch ms; `NaN` for none). */
export interface MetricCore {
  /** The state. */
  state: SlaState;
  /** The severity it was evaluated with. */
  severity: ComplaintSeverity;
  /** Clock start. */
  start: number;
  /** Deadline, pauses included (`NaN` while unknown). */
  due: number;
  /** The stopping event's instant. */
  stop: number;
  /** When it was breached. */
  breached: number;
  /** Target on the clock (`NaN` while pending or not applicable). */
  targetMs: number;
  /** Clock time used. */
  used: number;
  /** Clock time paused. */
  paused: number;
  /** Warnings reached. */
  warningCount: number;
  /** The warnings reached, when asked for. */
  warnings: SlaWarning[];
  /** When the escalation's warning percentage was reached (`NaN`: not by `asOf`). */
  escalationAt: number;
  /** The earliest future instant at which the metric changes by itself (`Infinity`: none). */
  next: number;
  /** True when it relied on calendar dates outside the coverage. */
  provisional: boolean;
  /** Whether the stop came late. */
  stoppedLate: boolean;
}

/**
 * The numbers of one metric in one cycle as of `asOf` (`events` are those at or before
 * `asOf`): start, pauses, stop, deadline, state, time used, warnings reached and the next
 * change (rules SL-2, SL-3, SL-8). With `detail`, the reached warnings are listed with their
 * instants; without, only counted (the bulk path).
 */
export function metricCore(metric: SlaMetric, events: readonly ComplaintEventBody[], cycle: ComplaintCycle, calendar: BusinessCalendar, asOf: number, targetFactor: number, escalationPercent: number | undefined, detail: boolean): MetricCore {
  const business = metric.clock === 'business' || metric.target.kind === 'working-days';
  const clock = new SlaClock(business ? calendar : null);
  const idle = (severity: ComplaintSeverity, state: 'pending' | 'not-applicable'): MetricCore => ({ state, severity, start: NaN, due: NaN, stop: NaN, breached: NaN, targetMs: NaN, used: 0, paused: 0, warningCount: 0, warnings: [], escalationAt: NaN, next: Infinity, provisional: false, stoppedLate: false });
  // Where the clock starts.
  let startIndex = cycle.from;
  if (metric.start === 'resolved') {
    startIndex = -1;
    for (let i = cycle.from; i < cycle.to; i++) if (events[i]!.type === 'resolved') {
      startIndex = i;
      break;
    }
    if (startIndex < 0) return idle(cycle.severity, 'pending');
  }
  let start = events[startIndex]!.at.getTime();
  // The first stop event after the start.
  let stopIndex = -1;
  for (let i = startIndex + 1; i < cycle.to; i++) if (metric.stop.includes(events[i]!.type)) {
    stopIndex = i;
    break;
  }
  const last = stopIndex >= 0 ? stopIndex : cycle.to - 1;
  // Severity: at the start (keep), or the latest before the stop (restart, from-receipt).
  let severity = severityUntil(events, cycle, startIndex);
  if (metric.onSeverityChange !== 'keep') {
    for (let i = startIndex + 1; i <= last; i++) {
      const e = events[i]!;
      if (e.type !== 'severity-changed') continue;
      severity = e.to;
      if (metric.onSeverityChange === 'restart') {
        start = e.at.getTime();
        startIndex = i;
      }
    }
  }
  if (!metric.severities.includes(severity)) return idle(severity, 'not-applicable');
  const stopAt = stopIndex >= 0 ? events[stopIndex]!.at.getTime() : null;
  // The target on the clock from a start: hours, or the business time to "HH:mm on the N-th working day".
  const targetFrom = (from: number): number => {
    if (metric.target.kind === 'duration') return Math.round(metric.target.hours * HOUR * targetFactor);
    return Math.round(clock.between(from, clock.deadline(from, metric.target.days, metric.target.at)) * targetFactor);
  };
  // Periodic metrics (progress updates): each `restart` event before the stop begins a new
  // period with the full target; a period that overran its deadline leaves the metric breached.
  let earlierBreach: number | null = null;
  if (metric.restart.length > 0) {
    for (let i = startIndex + 1; i <= last; i++) {
      const e = events[i]!;
      if (i === stopIndex || !metric.restart.includes(e.type)) continue;
      const at = e.at.getTime();
      const due = instantAtUsed(clock, start, pausesIn(events, metric, startIndex, i, at), targetFrom(start));
      if (earlierBreach === null && due !== null && at > due) earlierBreach = due;
      start = at;
      startIndex = i;
    }
  }
  const pauses = pausesIn(events, metric, startIndex, last, stopAt);
  const targetMs = targetFrom(start);
  const dueAt = instantAtUsed(clock, start, pauses, targetMs);
  const until = stopAt ?? asOf;
  const { used, paused } = usedAt(clock, start, pauses, until);
  const pausedNow = stopAt === null && pauses.at(-1)?.to === null;
  let state: SlaState;
  if (earlierBreach !== null) state = 'breached';
  else if (stopAt !== null) state = dueAt !== null && stopAt <= dueAt ? 'met' : 'breached';
  else if (dueAt !== null && asOf > dueAt) state = 'breached';
  else if (pausedNow) state = 'paused';
  else state = 'running';
  const breachedAt = state === 'breached' ? (earlierBreach ?? dueAt) : null;
  // Warnings: at percentages of the target and at hours before the deadline. Only reached
  // ones need their instant (and only with `detail`), and of those ahead only the first.
  const warnings: SlaWarning[] = [];
  let warningCount = 0;
  let next = Infinity;
  const live = stopAt === null && !pausedNow;
  let nextMark = Infinity;
  const mark = (kind: SlaWarning['kind'], value: number, usedMs: number) => {
    if (usedMs <= used) {
      warningCount++;
      if (!detail) return;
      const at = instantAtUsed(clock, start, pauses, usedMs);
      if (at !== null && at <= until) warnings.push({ id: `${cycle.index}:${metric.id}:${kind}:${value}`, kind, value, at: new Date(at) });
    } else if (live && usedMs < nextMark) nextMark = usedMs;
  };
  for (const p of metric.warnings.percent) mark('percent', p, Math.floor((targetMs * p) / 100));
  for (const h of metric.warnings.hoursBefore) if (h * HOUR < targetMs) mark('before', h, targetMs - h * HOUR);
  if (nextMark !== Infinity) {
    const at = instantAtUsed(clock, start, pauses, nextMark);
    if (at !== null && at > asOf && at < next) next = at;
  }
  // Percent marks come in time order; only hours-before marks can interleave.
  if (warnings.length > 1 && metric.warnings.hoursBefore.length > 0) warnings.sort((x, y) => x.at.getTime() - y.at.getTime());
  // The escalation's warning level (policy-wide percentage): reached, or the next instant ahead.
  let escalationAt = NaN;
  if (escalationPercent !== undefined) {
    const usedMs = Math.floor((targetMs * escalationPercent) / 100);
    if (usedMs <= used) {
      if (detail) {
        const same = warnings.find((w) => w.kind === 'percent' && w.value === escalationPercent);
        const at = same !== undefined ? same.at.getTime() : instantAtUsed(clock, start, pauses, usedMs);
        if (at !== null && at <= until) escalationAt = at;
      }
    } else if (live) {
      const at = instantAtUsed(clock, start, pauses, usedMs);
      if (at !== null && at > asOf && at < next) next = at;
    }
  }
  // The breach is the first instant after the deadline; a breached periodic metric still has
  // a current period whose deadline can pass.
  if (dueAt !== null && stopAt === null && (state === 'running' || (earlierBreach !== null && dueAt >= asOf)) && dueAt + 1 < next) next = dueAt + 1;
  return {
    state,
    severity,
    start,
    due: dueAt ?? NaN,
    stop: stopAt ?? NaN,
    breached: breachedAt ?? NaN,
    targetMs,
    used,
    paused,
    warningCount,
    warnings,
    escalationAt,
    next,
    provisional: clock.provisional,
    stoppedLate: stopAt !== null && state === 'breached',
  };
}

/**
 * Evaluates one metric in one cycle as of `asOf` (`events` are those at or before `asOf`):
 * start, pauses, stop, deadline, state, time used and left, warnings reached (rules SL-2,
 * SL-3, SL-8), as a {@link MetricEvaluation} explained in words.
 */
export function evaluateMetric(metric: SlaMetric, events: readonly ComplaintEventBody[], cycle: ComplaintCycle, calendar: BusinessCalendar, asOf: number, targetFactor: number, escalationPercent?: number): MetricOutcome {
  const core = metricCore(metric, events, cycle, calendar, asOf, targetFactor, escalationPercent, true);
  const business = metric.clock === 'business' || metric.target.kind === 'working-days';
  const date = (t: number) => (Number.isNaN(t) ? null : new Date(t));
  const hours = (ms: number) => `${Math.round(ms / 36_000) / 100} h`;
  const { state, used, targetMs } = core;
  // In words, with the numbers (instants are in the fields; formatting them here would cost
  // more than the evaluation).
  const explanation =
    state === 'pending'
      ? `${metric.id}: waits for the resolution of cycle ${cycle.index}`
      : state === 'not-applicable'
        ? `${metric.id}: does not apply to ${core.severity} complaints`
        : `${
            state === 'met'
              ? `${metric.id}: met, ${hours(used)} of ${hours(targetMs)} used`
              : state === 'breached'
                ? `${metric.id}: breached, ${core.stoppedLate ? 'stopped late' : 'not stopped yet'} (${hours(used)} of ${hours(targetMs)} used)`
                : state === 'paused'
                  ? `${metric.id}: paused while waiting on the customer, ${hours(used)} of ${hours(targetMs)} used`
                  : `${metric.id}: running, ${hours(targetMs - used)} of ${hours(targetMs)} left`
          } (${targetText(metric, business)}${targetFactor !== 1 ? ` × ${targetFactor}` : ''})`;
  const idle = state === 'pending' || state === 'not-applicable';
  // Built as a literal with every field in one order (object spreads here cost more than
  // the rest of the evaluation: measured with a million complaints).
  const evaluation: MetricEvaluation = {
    metric: metric.id,
    label: metric.label,
    rules: metric.rules,
    cycle: cycle.index,
    severity: core.severity,
    clock: business ? 'business' : 'elapsed',
    state,
    startedAt: date(core.start),
    dueAt: date(core.due),
    stoppedAt: date(core.stop),
    breachedAt: date(core.breached),
    targetMs: idle ? null : targetMs,
    elapsedMs: used,
    pausedMs: core.paused,
    remainingMs: idle ? null : targetMs - used,
    warnings: core.warnings,
    severityRule: metric.onSeverityChange,
    provisional: core.provisional,
    explanation,
  };
  return { evaluation, next: core.next, escalationAt: Number.isNaN(core.escalationAt) ? null : core.escalationAt };
}
