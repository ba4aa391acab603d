import { businessTimeBetween, type BusinessCalendar } from '@kehu/calendar';
import {
  compareCodePoints,
  complaintChannelSchema,
  complaintSeveritySchema,
  Decimal,
  civilOfDay,
  dateOfDay,
  dayFromCivil,
  invalidInput,
  isoWeekKey,
  isoWeekStart,
  monthStartOf,
  type Complaint,
  type ComplaintChannel,
  type ComplaintEvent,
  type ComplaintSeverity,
  type Label,
} from '@kehu/core';
import type { SlaEvaluation, SlaState } from './result.js';
import { rootCauseSchema, type RootCause } from './root-cause.js';

/** One complaint as the monitoring report reads it (rule SL-9). */
export interface MonitoringItem {
  /** The intake record. */
  complaint: Complaint;
  /** Its event log (any order; read by `seq`). */
  events: readonly ComplaintEvent[];
  /** Its SLA evaluation, as `evaluateSla` returns it. */
  evaluation: SlaEvaluation;
  /** Its root cause (rule SL-7), when classified. */
  rootCause?: RootCause | undefined;
}

/** Options of {@link monitoringReport}. */
export interface MonitoringReportOptions {
  /** The moment reported on: events after it are ignored. Explicit, never the clock. */
  asOf: Date;
  /** The business calendar for business-time durations and for the time zone of the trends. */
  calendar: BusinessCalendar;
  /** Complaints received at or after this instant (default: no lower bound). */
  from?: Date | undefined;
  /** Complaints received before this instant (default: no upper bound). */
  to?: Date | undefined;
}

/** Something the reader of a report should know (e.g. nothing finished yet, so no attainment). */
export interface ReportWarning {
  /**
   * Stable code: `NO_COMPLAINTS`, `NO_FINISHED_METRIC`, `RECEIVED_AFTER_AS_OF`, `EVALUATION_AS_OF_DIFFERS`,
   * `EVENT_BEFORE_RECEIPT`, `FEEDBACK_BEFORE_RESOLUTION`, `PROVISIONAL_BUSINESS_TIME`.
   */
  code: string;
  /** The warning in words. */
  message: string;
  /** The metric concerned, for metric warnings. */
  metric?: string;
}

/** Complaint counts by dimension (rule SL-9: number and types). Each dimension adds up to the report's `total`. */
export interface MonitoringCounts {
  /** By the complaint's `category` (its type); complaints without one count as `uncategorized`. */
  byCategory: Record<string, number>;
  /** By the severity in effect (the evaluation's `severity`), every severity listed. */
  bySeverity: Record<ComplaintSeverity, number>;
  /** By channel, every channel listed. */
  byChannel: Record<ComplaintChannel, number>;
  /** By root cause (rule SL-7), every cause listed; items without one count as `unclassified`. */
  byRootCause: Record<RootCause | 'unclassified', number>;
}

/** SLA attainment of one metric over the reported complaints (all cycles). */
export interface MetricAttainment {
  /** The metric id. */
  metric: string;
  /** For people. */
  label: Label;
  /** Rule IDs behind the metric. */
  rules: readonly string[];
  /** Metric evaluations met in time. */
  met: number;
  /** Metric evaluations breached (deadline passed, stopped late or not at all). */
  breached: number;
  /** Clocks still running. */
  running: number;
  /** Clocks paused. */
  paused: number;
  /** Clocks not started yet. */
  pending: number;
  /** Evaluations the metric does not apply to (severity not covered). */
  notApplicable: number;
  /**
   * `met / (met + breached)` as an exact fraction string such as `"7/8"` (not reduced, so it shows the counts);
   * `null` when nothing finished.
   */
  attainment: string | null;
  /**
   * The attainment in percent, rounded half to even to one decimal place, for display (`"87.5"`); `null` when
   * nothing finished.
   */
  attainmentPercent: string | null;
}

/** One staff member's complaint handling (rule SL-10: complaint handling counts in staff performance). */
export interface StaffPerformance {
  /** The assignee id. */
  assignee: string;
  /** Complaints assigned to them at least once. */
  handled: number;
  /** `resolved` events while they were the assignee. */
  resolved: number;
  /** Metric evaluations breached while they were the assignee (at the breach instant). */
  breached: number;
  /** Feedback recorded after a resolution of theirs … */
  feedback: number;
  /** … of which satisfied. */
  satisfied: number;
}

/** Nearest-rank percentiles of durations in milliseconds. */
export interface DurationPercentiles {
  /** The median (50th percentile, nearest rank). */
  p50: number;
  /** The 90th percentile (nearest rank). */
  p90: number;
}

/** A time-to-event summary: received → the event, for the complaints that reached it by `asOf`. */
export interface DurationSummary {
  /** Complaints that reached the event (the sample size). */
  count: number;
  /** Complaints that had not reached it by `asOf` (left out of the percentiles). */
  outstanding: number;
  /** Wall-clock durations; `null` when `count` is 0. */
  elapsedMs: DurationPercentiles | null;
  /** Business-time durations on the calendar (`businessTimeBetween`); `null` when `count` is 0. */
  businessMs: DurationPercentiles | null;
  /** True when some business duration relied on calendar dates outside its coverage. */
  provisional: boolean;
}

/** Satisfaction after resolution (rules SL-8, SL-9), from `feedback-recorded` events. */
export interface SatisfactionSummary {
  /** Complaints with feedback after a resolution (the latest such feedback of each counts). */
  count: number;
  /** Of those, satisfied. */
  satisfied: number;
  /** `satisfied / count` as an exact fraction string (`"3/4"`); `null` when `count` is 0. */
  satisfiedShare: string | null;
  /** The share in percent, rounded half to even to one decimal place (`"75.0"`); `null` when `count` is 0. */
  satisfiedPercent: string | null;
  /** Feedback with a score. */
  scored: number;
  /** Mean score (0..10), rounded half to even to two decimal places (`"8.25"`); `null` when nothing was scored. */
  meanScore: string | null;
}

/** Complaints received in one period, and how many breached an SLA. */
export interface TrendPoint {
  /** `YYYY-Www` (ISO week) or `YYYY-MM`, in the calendar's time zone. */
  period: string;
  /** The period's first local date, `YYYY-MM-DD`. */
  start: string;
  /** Complaints received in the period. */
  complaints: number;
  /** Of those, complaints with at least one breached metric. */
  breached: number;
  /** Breached metric evaluations of those complaints. */
  breaches: number;
}

/** The complaint monitoring report of rule SL-9. */
export interface MonitoringReport {
  /** The moment reported on. */
  asOf: Date;
  /** The lower bound of receipt (inclusive), if any. */
  from: Date | null;
  /** The upper bound of receipt (exclusive), if any. */
  to: Date | null;
  /** The calendar's time zone, used for the trends. */
  timeZone: string;
  /** Rule IDs. */
  rules: readonly string[];
  /** Complaints reported on. */
  total: number;
  /** Counts by type, severity, channel and root cause. */
  counts: MonitoringCounts;
  /** SLA attainment per metric, in order of first appearance. */
  sla: MetricAttainment[];
  /**
   * Handling across departments (rule SL-10), from `assigned` events: complaints each
   * department handled (a complaint counts once per department), and how many complaints
   * went through more than one department (the cross-department path).
   */
  departments: { byDepartment: Record<string, number>; crossDepartment: number; unassigned: number };
  /**
   * Complaint handling in staff performance (rule SL-10), by assignee (from `assigned`
   * events), in id order. Each count is attributed to the assignee in effect at the time:
   * the latest `assigned` event at or before it.
   */
  staff: StaffPerformance[];
  /** How percentiles are computed: nearest rank, the smallest value with at least p% of the values at or below it. */
  percentileMethod: 'nearest-rank';
  /** Received → first `acknowledged`, `preliminary-solution` or `resolved` event. */
  responseTime: DurationSummary;
  /** Received → first `resolved` event. */
  resolutionTime: DurationSummary;
  /** Satisfaction after resolution. */
  satisfaction: SatisfactionSummary;
  /** Trends by receipt period: ISO weeks and months, empty periods between the first and last included. */
  trends: {
    /** Per ISO week, `YYYY-Www`. */
    weekly: TrendPoint[];
    /** Per month, `YYYY-MM`. */
    monthly: TrendPoint[];
  };
  /** What the reader should know. */
  warnings: ReportWarning[];
}

/**
 * The nearest-rank percentile of `values`: the smallest value such that at least `p`% of
 * the values are at or below it, i.e. the `⌈p/100 · n⌉`-th smallest (the smallest for
 * `p = 0`). `null` for no values. Monotone in `p`; always one of the values.
 */
export function percentileNearestRank(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw invalidInput(['p'], `percentile must be within 0..100, got ${p}`, 'too_big');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function checkDate(d: unknown, path: Array<string | number>): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime()))
    throw invalidInput(path, 'expected a valid Date', 'invalid_type');
  return d;
}

const RESPONSE_TYPES: ReadonlySet<string> = new Set(['acknowledged', 'preliminary-solution', 'resolved']);
const _FINISHED: ReadonlySet<SlaState> = new Set(['met', 'breached']);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local civil date of `t` in `timeZone`, as days since 1970-01-01 (proleptic Gregorian). */
function localDay(t: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  let y = 0;
  let m = 0;
  let d = 0;
  for (const part of f.formatToParts(t)) {
    if (part.type === 'year') y = Number(part.value);
    else if (part.type === 'month') m = Number(part.value);
    else if (part.type === 'day') d = Number(part.value);
  }
  return dayFromCivil(y, m, d);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const monthKey = (day: number): string => {
  const c = civilOfDay(day);
  return `${pad(c.year, 4)}-${pad(c.month)}`;
};
const nextMonth = (start: number): number => {
  const c = civilOfDay(start);
  return c.month === 12 ? dayFromCivil(c.year + 1, 1, 1) : dayFromCivil(c.year, c.month + 1, 1);
};

function fraction(num: number, den: number): { fraction: string; percent: string } | null {
  if (den === 0) return null;
  return {
    fraction: `${num}/${den}`,
    percent: new Decimal(num).times(100).div(den).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed(1),
  };
}

function summarizeDurations(
  samples: ReadonlyArray<{ elapsed: number; business: number; provisional: boolean }>,
  outstanding: number,
): DurationSummary {
  const pct = (xs: number[]): DurationPercentiles | null =>
    xs.length === 0 ? null : { p50: percentileNearestRank(xs, 50)!, p90: percentileNearestRank(xs, 90)! };
  return {
    count: samples.length,
    outstanding,
    elapsedMs: pct(samples.map((s) => s.elapsed)),
    businessMs: pct(samples.map((s) => s.business)),
    provisional: samples.some((s) => s.provisional),
  };
}

/**
 * The complaint monitoring report of rule SL-9: the number and types of complaints,
 * resolution speed, SLA attainment and customer satisfaction, with weekly and monthly
 * trends that feed sales strategy and service changes.
 *
 * Complaints received in `[from, to)` and not after `asOf` are reported; events after
 * `asOf` are ignored. Response time runs from receipt to the first `acknowledged`,
 * `preliminary-solution` or `resolved` event, resolution time to the first `resolved`,
 * each as nearest-rank median and 90th percentile in elapsed and in business milliseconds
 * on `calendar`. Attainment per metric is `met / (met + breached)` over every metric
 * evaluation (all cycles), as an exact fraction and a rounded percentage, or `null` with a
 * warning when nothing finished: never a fake 0. Satisfaction uses each complaint's latest
 * `feedback-recorded` event after a `resolved` one. Trends group complaints by their local
 * receipt date in the calendar's time zone.
 *
 * Pure: inputs are not mutated and nothing reads the clock. Malformed input (an item whose
 * evaluation or events belong to another complaint, a duplicate complaint, an invalid
 * date, `from` after `to`) throws `KehuValidationError` with the path of the bad field.
 */
export function monitoringReport(items: readonly MonitoringItem[], options: MonitoringReportOptions): MonitoringReport {
  if (!Array.isArray(items as unknown)) throw invalidInput([], 'expected an array of items', 'invalid_type');
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'expected options { asOf, calendar }', 'invalid_type');
  const asOf = checkDate(options.asOf, ['asOf']);
  const from = options.from === undefined ? null : checkDate(options.from, ['from']);
  const to = options.to === undefined ? null : checkDate(options.to, ['to']);
  if (from !== null && to !== null && to.getTime() < from.getTime())
    throw invalidInput(['to'], 'must not be before from');
  const calendar = options.calendar;
  const timeZone = calendar?.spec?.timeZone;
  if (typeof timeZone !== 'string') throw invalidInput(['calendar'], 'expected a business calendar', 'invalid_type');

  const warnings: ReportWarning[] = [];
  const seen = new Set<string>();
  const selected: Array<{ item: MonitoringItem; index: number; events: ComplaintEvent[] }> = [];
  let afterAsOf = 0;
  let evaluationAsOfDiffers = 0;
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof item.complaint !== 'object' || item.complaint === null)
      throw invalidInput([i, 'complaint'], 'expected { complaint, events, evaluation }', 'invalid_type');
    const c = item.complaint;
    if (seen.has(c.id)) throw invalidInput([i, 'complaint', 'id'], `duplicate complaint ${c.id}`);
    seen.add(c.id);
    const received = checkDate(c.receivedAt, [i, 'complaint', 'receivedAt']);
    if (!complaintChannelSchema.safeParse(c.channel).success)
      throw invalidInput([i, 'complaint', 'channel'], `unknown channel ${JSON.stringify(c.channel)}`);
    if (typeof item.evaluation !== 'object' || item.evaluation === null)
      throw invalidInput([i, 'evaluation'], 'expected an SLA evaluation', 'invalid_type');
    if (item.evaluation.complaintId !== c.id)
      throw invalidInput(
        [i, 'evaluation', 'complaintId'],
        `the evaluation is of complaint ${item.evaluation.complaintId}, not ${c.id}`,
      );
    if (!complaintSeveritySchema.safeParse(item.evaluation.severity).success)
      throw invalidInput([i, 'evaluation', 'severity'], `unknown severity ${JSON.stringify(item.evaluation.severity)}`);
    if (item.rootCause !== undefined && !rootCauseSchema.safeParse(item.rootCause).success)
      throw invalidInput([i, 'rootCause'], `unknown root cause ${JSON.stringify(item.rootCause)}`);
    const log: readonly ComplaintEvent[] = item.events;
    if (!Array.isArray(log as unknown))
      throw invalidInput([i, 'events'], 'expected an array of events', 'invalid_type');
    log.forEach((e, j) => {
      if (e.complaintId !== c.id)
        throw invalidInput(
          [i, 'events', j, 'complaintId'],
          `the event belongs to complaint ${e.complaintId}, not ${c.id}`,
        );
      checkDate(e.at, [i, 'events', j, 'at']);
    });
    if ((from !== null && received.getTime() < from.getTime()) || (to !== null && received.getTime() >= to.getTime()))
      return;
    if (received.getTime() > asOf.getTime()) {
      afterAsOf++;
      return;
    }
    if (checkDate(item.evaluation.asOf, [i, 'evaluation', 'asOf']).getTime() !== asOf.getTime())
      evaluationAsOfDiffers++;
    const events = log
      .filter((e) => e.at.getTime() <= asOf.getTime())
      .sort((a, b) => a.seq - b.seq || a.at.getTime() - b.at.getTime());
    selected.push({ item, index: i, events });
  });
  if (afterAsOf > 0)
    warnings.push({
      code: 'RECEIVED_AFTER_AS_OF',
      message: `${afterAsOf} complaint(s) received after asOf were left out.`,
    });
  if (evaluationAsOfDiffers > 0)
    warnings.push({
      code: 'EVALUATION_AS_OF_DIFFERS',
      message:
        `${evaluationAsOfDiffers} evaluation(s) were made as of another moment than the report's asOf; ` +
        'their SLA states are as of that moment.',
    });

  // Counts (number and types).
  const byCategory = new Map<string, number>();
  const bySeverity = Object.fromEntries(complaintSeveritySchema.options.map((s) => [s, 0])) as Record<
    ComplaintSeverity,
    number
  >;
  const byChannel = Object.fromEntries(complaintChannelSchema.options.map((s) => [s, 0])) as Record<
    ComplaintChannel,
    number
  >;
  const byRootCause = Object.fromEntries([...rootCauseSchema.options, 'unclassified'].map((s) => [s, 0])) as Record<
    RootCause | 'unclassified',
    number
  >;

  // SLA attainment.
  const metrics = new Map<string, MetricAttainment>();

  // Durations and satisfaction.
  const response: Array<{ elapsed: number; business: number; provisional: boolean }> = [];
  const resolution: Array<{ elapsed: number; business: number; provisional: boolean }> = [];
  let responseOutstanding = 0;
  let resolutionOutstanding = 0;
  let beforeReceipt = 0;
  let feedbackBeforeResolution = 0;
  let feedbackCount = 0;
  let satisfiedCount = 0;
  let scoreSum = new Decimal(0);
  let scored = 0;

  const byDepartment = new Map<string, number>();
  const staff = new Map<string, StaffPerformance>();
  const staffOf = (assignee: string): StaffPerformance => {
    let p = staff.get(assignee);
    if (p === undefined)
      staff.set(assignee, (p = { assignee, handled: 0, resolved: 0, breached: 0, feedback: 0, satisfied: 0 }));
    return p;
  };
  let crossDepartment = 0;
  let unassigned = 0;

  // Trends.
  const weekly = new Map<string, TrendPoint>();
  const monthly = new Map<string, TrendPoint>();
  let firstDay = Infinity;
  let lastDay = -Infinity;

  for (const { item, events } of selected) {
    const c = item.complaint;
    const category = c.category === undefined || c.category === '' ? 'uncategorized' : c.category;
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    bySeverity[item.evaluation.severity]++;
    byChannel[c.channel]++;
    byRootCause[item.rootCause ?? 'unclassified']++;
    // SL-10: the departments that handled it.
    const handled = new Set<string>();
    for (const e of events) if (e.type === 'assigned') handled.add(e.department ?? 'unspecified');
    for (const d of handled) byDepartment.set(d, (byDepartment.get(d) ?? 0) + 1);
    if (handled.size > 1) crossDepartment++;
    if (handled.size === 0) unassigned++;
    // SL-10: staff performance, each count to the assignee in effect at the time.
    let assignee: string | null = null;
    let resolver: string | null = null;
    const counted = new Set<string>();
    for (const e of events) {
      if (e.type === 'assigned') {
        assignee = e.assignee;
        if (!counted.has(assignee)) {
          counted.add(assignee);
          staffOf(assignee).handled++;
        }
      } else if (e.type === 'resolved') {
        resolver = assignee;
        if (assignee !== null) staffOf(assignee).resolved++;
      } else if (e.type === 'feedback-recorded' && resolver !== null) {
        const p = staffOf(resolver);
        p.feedback++;
        if (e.satisfied) p.satisfied++;
      }
    }
    for (const m of item.evaluation.metrics) {
      if (m.state !== 'breached' || m.breachedAt === null) continue;
      let at: string | null = null;
      for (const e of events) {
        if (e.at.getTime() > m.breachedAt.getTime()) break;
        if (e.type === 'assigned') at = e.assignee;
      }
      if (at !== null) staffOf(at).breached++;
    }

    let breaches = 0;
    for (const m of item.evaluation.metrics) {
      let a = metrics.get(m.metric);
      if (a === undefined) {
        a = {
          metric: m.metric,
          label: m.label,
          rules: [...m.rules],
          met: 0,
          breached: 0,
          running: 0,
          paused: 0,
          pending: 0,
          notApplicable: 0,
          attainment: null,
          attainmentPercent: null,
        };
        metrics.set(m.metric, a);
      }
      if (m.state === 'met') a.met++;
      else if (m.state === 'breached') {
        a.breached++;
        breaches++;
      } else if (m.state === 'running') a.running++;
      else if (m.state === 'paused') a.paused++;
      else if (m.state === 'pending') a.pending++;
      else a.notApplicable++;
    }

    const received = c.receivedAt;
    const duration = (at: Date) => {
      const b = businessTimeBetween(calendar, received, at);
      return { elapsed: at.getTime() - received.getTime(), business: b.ms, provisional: b.provisional };
    };
    const firstResponse = events.find((e) => RESPONSE_TYPES.has(e.type));
    const firstResolved = events.find((e) => e.type === 'resolved');
    for (const [event, out] of [
      [firstResponse, response],
      [firstResolved, resolution],
    ] as const) {
      if (event === undefined) continue;
      if (event.at.getTime() < received.getTime()) beforeReceipt++;
      else out.push(duration(event.at));
    }
    if (firstResponse === undefined) responseOutstanding++;
    if (firstResolved === undefined) resolutionOutstanding++;

    let resolvedSeen = false;
    let feedback: Extract<ComplaintEvent, { type: 'feedback-recorded' }> | undefined;
    for (const e of events) {
      if (e.type === 'resolved') resolvedSeen = true;
      else if (e.type === 'feedback-recorded') {
        if (resolvedSeen) feedback = e;
        else feedbackBeforeResolution++;
      }
    }
    if (feedback !== undefined) {
      feedbackCount++;
      if (feedback.satisfied) satisfiedCount++;
      if (typeof feedback.score === 'number' && Number.isFinite(feedback.score)) {
        scored++;
        scoreSum = scoreSum.plus(String(feedback.score));
      }
    }

    const day = localDay(received, timeZone);
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
    for (const [map, key, start] of [
      [weekly, isoWeekKey(day), isoWeekStart(day)],
      [monthly, monthKey(day), monthStartOf(day)],
    ] as const) {
      const p = map.get(key) ?? { period: key, start: dateOfDay(start), complaints: 0, breached: 0, breaches: 0 };
      p.complaints++;
      if (breaches > 0) p.breached++;
      p.breaches += breaches;
      map.set(key, p);
    }
  }

  const sla = [...metrics.values()].map((a) => {
    const f = fraction(a.met, a.met + a.breached);
    if (f === null)
      warnings.push({
        code: 'NO_FINISHED_METRIC',
        metric: a.metric,
        message: `metric ${a.metric}: nothing met or breached yet, so no attainment (not 0%).`,
      });
    return { ...a, attainment: f?.fraction ?? null, attainmentPercent: f?.percent ?? null };
  });
  if (beforeReceipt > 0)
    warnings.push({
      code: 'EVENT_BEFORE_RECEIPT',
      message:
        `${beforeReceipt} response or resolution event(s) dated before the complaint's receipt ` +
        'were left out of the durations.',
    });
  if (feedbackBeforeResolution > 0)
    warnings.push({
      code: 'FEEDBACK_BEFORE_RESOLUTION',
      message:
        `${feedbackBeforeResolution} feedback event(s) before any resolution ` +
        'were not counted as satisfaction after resolution.',
    });
  const responseTime = summarizeDurations(response, responseOutstanding);
  const resolutionTime = summarizeDurations(resolution, resolutionOutstanding);
  if (responseTime.provisional || resolutionTime.provisional)
    warnings.push({
      code: 'PROVISIONAL_BUSINESS_TIME',
      message: 'some business durations rely on calendar dates outside the calendar coverage.',
    });

  const fill = (
    map: Map<string, TrendPoint>,
    startOf: (d: number) => number,
    next: (d: number) => number,
    keyOf: (d: number) => string,
  ): TrendPoint[] => {
    const out: TrendPoint[] = [];
    if (selected.length === 0) return out;
    for (let d = startOf(firstDay); d <= lastDay; d = next(d)) {
      const key = keyOf(d);
      out.push(map.get(key) ?? { period: key, start: dateOfDay(d), complaints: 0, breached: 0, breaches: 0 });
    }
    return out;
  };

  const satisfied = fraction(satisfiedCount, feedbackCount);
  if (selected.length === 0)
    warnings.unshift({
      code: 'NO_COMPLAINTS',
      message: 'no complaints were received in the period: every count is 0 and every rate is null.',
    });
  return {
    asOf,
    from,
    to,
    timeZone,
    rules: ['SL-9', 'SL-10'],
    total: selected.length,
    counts: {
      byCategory: Object.fromEntries([...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      bySeverity,
      byChannel,
      byRootCause,
    },
    departments: {
      byDepartment: Object.fromEntries([...byDepartment].sort(([a], [b]) => compareCodePoints(a, b))),
      crossDepartment,
      unassigned,
    },
    staff: [...staff.values()].sort((a, b) => compareCodePoints(a.assignee, b.assignee)),
    sla,
    percentileMethod: 'nearest-rank',
    responseTime,
    resolutionTime,
    satisfaction: {
      count: feedbackCount,
      satisfied: satisfiedCount,
      satisfiedShare: satisfied?.fraction ?? null,
      satisfiedPercent: satisfied?.percent ?? null,
      scored,
      meanScore: scored === 0 ? null : scoreSum.div(scored).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toString(),
    },
    trends: {
      weekly: fill(weekly, isoWeekStart, (d) => d + 7, isoWeekKey),
      monthly: fill(monthly, monthStartOf, nextMonth, monthKey),
    },
    warnings,
  };
}
