import type { BusinessCalendar } from '@kehu/calendar';
import type { ComplaintEventBody, ComplaintSeverity } from '@kehu/core';
import { instantAtUsed, SlaClock, usedAt, type Pause } from './clock.js';
import type { ComplaintCycle } from './lifecycle.js';
import type { SlaMetric } from './policy.js';
import type { MetricEvaluation, SlaWarning } from './result.js';

const HOUR = 3_600_000;

/** A metric's evaluation plus what the complaint-level evaluation needs from it. */
export interface MetricOutcome {
  /** The evaluation. */
  evaluation: MetricEvaluation;
  /** Future instants at which this metric changes on its own (the next warning, the breach). */
  upcoming: number[];
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

/**
 * Evaluates one metric in one cycle as of `asOf` (`events` are those at or before `asOf`):
 * start, pauses, stop, deadline, state, time used and left, warnings reached (rules SL-2,
 * SL-3, SL-8).
 */
export function evaluateMetric(metric: SlaMetric, events: readonly ComplaintEventBody[], cycle: ComplaintCycle, calendar: BusinessCalendar, asOf: number, targetFactor: number, escalationPercent?: number): MetricOutcome {
  const business = metric.clock === 'business' || metric.target.kind === 'working-days';
  const clock = new SlaClock(business ? calendar : null);
  // Results are built as literals with every field in one order (object spreads here cost
  // more than the rest of the evaluation: measured with a million complaints).
  const evaluationOf = (fields: Pick<MetricEvaluation, 'severity' | 'state' | 'startedAt' | 'dueAt' | 'stoppedAt' | 'breachedAt' | 'targetMs' | 'elapsedMs' | 'pausedMs' | 'remainingMs' | 'warnings' | 'provisional' | 'explanation'>): MetricEvaluation => ({
    metric: metric.id,
    label: metric.label,
    rules: metric.rules,
    cycle: cycle.index,
    severity: fields.severity,
    clock: business ? 'business' : 'elapsed',
    state: fields.state,
    startedAt: fields.startedAt,
    dueAt: fields.dueAt,
    stoppedAt: fields.stoppedAt,
    breachedAt: fields.breachedAt,
    targetMs: fields.targetMs,
    elapsedMs: fields.elapsedMs,
    pausedMs: fields.pausedMs,
    remainingMs: fields.remainingMs,
    warnings: fields.warnings,
    severityRule: metric.onSeverityChange,
    provisional: fields.provisional,
    explanation: fields.explanation,
  });
  const idle = (severity: ComplaintSeverity, state: 'pending' | 'not-applicable', explanation: string): MetricOutcome => ({
    evaluation: evaluationOf({ severity, state, startedAt: null, dueAt: null, stoppedAt: null, breachedAt: null, targetMs: null, elapsedMs: 0, pausedMs: 0, remainingMs: null, warnings: [], provisional: false, explanation }),
    upcoming: [],
    escalationAt: null,
  });
  // Where the clock starts.
  let startIndex = cycle.from;
  if (metric.start === 'resolved') {
    startIndex = -1;
    for (let i = cycle.from; i < cycle.to; i++) if (events[i]!.type === 'resolved') {
      startIndex = i;
      break;
    }
    if (startIndex < 0) return idle(cycle.severity, 'pending', `${metric.id}: waits for the resolution of cycle ${cycle.index}`);
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
  if (!metric.severities.includes(severity)) {
    return idle(severity, 'not-applicable', `${metric.id}: does not apply to ${severity} complaints`);
  }
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
  let state: MetricEvaluation['state'];
  if (earlierBreach !== null) state = 'breached';
  else if (stopAt !== null) state = dueAt !== null && stopAt <= dueAt ? 'met' : 'breached';
  else if (dueAt !== null && asOf > dueAt) state = 'breached';
  else if (pausedNow) state = 'paused';
  else state = 'running';
  const breachedAt = state === 'breached' ? (earlierBreach ?? dueAt) : null;
  // Warnings: at percentages of the target and at hours before the deadline. Only reached
  // ones need their instant, and of those ahead only the first (for `nextCheckAt`).
  const warnings: SlaWarning[] = [];
  const upcoming: number[] = [];
  const live = stopAt === null && !pausedNow;
  let nextMark = Infinity;
  const mark = (kind: SlaWarning['kind'], value: number, usedMs: number) => {
    if (usedMs <= used) {
      const at = instantAtUsed(clock, start, pauses, usedMs);
      if (at !== null && at <= until) warnings.push({ id: `${cycle.index}:${metric.id}:${kind}:${value}`, kind, value, at: new Date(at) });
    } else if (live && usedMs < nextMark) nextMark = usedMs;
  };
  for (const p of metric.warnings.percent) mark('percent', p, Math.floor((targetMs * p) / 100));
  for (const h of metric.warnings.hoursBefore) if (h * HOUR < targetMs) mark('before', h, targetMs - h * HOUR);
  if (nextMark !== Infinity) {
    const at = instantAtUsed(clock, start, pauses, nextMark);
    if (at !== null && at > asOf) upcoming.push(at);
  }
  // Percent marks come in time order; only hours-before marks can interleave.
  if (warnings.length > 1 && metric.warnings.hoursBefore.length > 0) warnings.sort((x, y) => x.at.getTime() - y.at.getTime());
  // The escalation's warning level (policy-wide percentage): reached, or the next instant ahead.
  let escalationAt: number | null = null;
  if (escalationPercent !== undefined) {
    const usedMs = Math.floor((targetMs * escalationPercent) / 100);
    const same = warnings.find((w) => w.kind === 'percent' && w.value === escalationPercent);
    if (same !== undefined) escalationAt = same.at.getTime();
    else if (usedMs <= used) {
      const at = instantAtUsed(clock, start, pauses, usedMs);
      if (at !== null && at <= until) escalationAt = at;
    } else if (live) {
      const at = instantAtUsed(clock, start, pauses, usedMs);
      if (at !== null && at > asOf) upcoming.push(at);
    }
  }
  // The breach is the first instant after the deadline.
  if (state === 'running' && dueAt !== null) upcoming.push(dueAt + 1);
  // A breached periodic metric still has a current period whose deadline can pass.
  if (earlierBreach !== null && stopAt === null && dueAt !== null && dueAt >= asOf) upcoming.push(dueAt + 1);
  // In words, with the numbers (instants are in the fields; formatting them here would
  // cost more than the evaluation).
  const hours = (ms: number) => `${Math.round(ms / 36_000) / 100} h`;
  const explanation =
    state === 'met'
      ? `${metric.id}: met, ${hours(used)} of ${hours(targetMs)} used`
      : state === 'breached'
        ? `${metric.id}: breached, ${stopAt === null ? 'not stopped yet' : 'stopped late'} (${hours(used)} of ${hours(targetMs)} used)`
        : state === 'paused'
          ? `${metric.id}: paused while waiting on the customer, ${hours(used)} of ${hours(targetMs)} used`
          : `${metric.id}: running, ${hours(targetMs - used)} of ${hours(targetMs)} left`;
  const evaluation = evaluationOf({
    severity,
    state,
    startedAt: new Date(start),
    dueAt: dueAt === null ? null : new Date(dueAt),
    stoppedAt: stopAt === null ? null : new Date(stopAt),
    breachedAt: breachedAt === null ? null : new Date(breachedAt),
    targetMs,
    elapsedMs: used,
    pausedMs: paused,
    remainingMs: targetMs - used,
    warnings,
    provisional: clock.provisional,
    explanation: `${explanation} (${targetText(metric, business)}${targetFactor !== 1 ? ` × ${targetFactor}` : ''})`,
  });
  return { evaluation, upcoming, escalationAt };
}
