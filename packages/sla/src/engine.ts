import { businessClock, type BusinessCalendar, type BusinessClock } from '@kehu/calendar';
import { EVENT } from './codes.js';
import type { ComplaintColumns } from './complaint-columns.js';
import type { CompiledMetric } from './compiled-policy.js';
import type { SlaState, SlaWarning } from './result.js';

const HOUR = 3_600_000;

/** Metric states by code: `SlaTable.rowState` holds indexes into this list. */
export const SLA_STATES: readonly SlaState[] = ['pending', 'running', 'paused', 'met', 'breached', 'not-applicable'];

const code = (state: SlaState) => SLA_STATES.indexOf(state);
/** Metric state codes (indexes into {@link SLA_STATES}), for the engine. */
export const STATE = {
  pending: code('pending'),
  running: code('running'),
  paused: code('paused'),
  met: code('met'),
  breached: code('breached'),
  notApplicable: code('not-applicable'),
};

/**
 * A metric's numbers in one cycle as of `asOf`, written by {@link MetricEngine.evaluate}
 * (instants in epoch ms, `NaN` for none). One object is reused for every metric of a run.
 */
export interface MetricNumbers {
  /** The state's code ({@link STATE}). */
  state: number;
  /** The severity's code it was evaluated with. */
  severity: number;
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
  /** The warnings reached, in time order (only with `detail`). */
  warnings: SlaWarning[];
  /** When the escalation's warning percentage was reached (only with `detail`; `NaN`: not by `asOf`). */
  escalationAt: number;
  /** The earliest future instant at which the metric changes by itself (`Infinity`: none). */
  next: number;
  /** True when it relied on calendar dates outside the coverage. */
  provisional: boolean;
  /** Whether the stop came late. */
  stoppedLate: boolean;
}

const NO_WARNINGS: SlaWarning[] = [];

/**
 * The SLA engine of one evaluation run: evaluates metrics of complaint cycles read from
 * {@link ComplaintColumns} (rules SL-2, SL-3, SL-8), shared by `evaluateSla` (one complaint,
 * explained) and `slaTable` (a million, in columns).
 *
 * Written for speed, on numbers only: a clock position (open time since the calendar's
 * origin) is looked up once per instant that matters (the start, each pause's ends, the
 * stop or `asOf`, the working-day deadline), and every other quantity (time used, time
 * paused, the instant a warning or deadline is reached) is plain arithmetic on positions
 * plus at most one inverse lookup. The previous version asked the calendar for every
 * interval afresh and made an object per pause and per query; at a million complaints the
 * lookups and allocations dominated (`pnpm bench`).
 */
export class MetricEngine {
  readonly out: MetricNumbers = {
    state: 0,
    severity: 0,
    start: NaN,
    due: NaN,
    stop: NaN,
    breached: NaN,
    targetMs: NaN,
    used: 0,
    paused: 0,
    warningCount: 0,
    warnings: NO_WARNINGS,
    escalationAt: NaN,
    next: Infinity,
    provisional: false,
    stoppedLate: false,
  };
  private readonly clock: BusinessClock;
  // The metric being evaluated: its clock and the instants it looked at (for `provisional`).
  private business = false;
  private earliest = Infinity;
  private latest = -Infinity;
  // Pauses of the current period: instants (`to` NaN while open) and their clock positions.
  private pauseFrom = new Float64Array(8);
  private pauseTo = new Float64Array(8);
  private posFrom = new Float64Array(8);
  private posTo = new Float64Array(8);
  private pauses = 0;
  private start = 0;
  private startPos = 0;

  constructor(calendar: BusinessCalendar) {
    this.clock = businessClock(calendar);
  }

  /** Position of `t` on the metric's clock. */
  private pos(t: number): number {
    if (!this.business) return t;
    if (t < this.earliest) this.earliest = t;
    if (t > this.latest) this.latest = t;
    return this.clock.position(t);
  }

  /** The earliest instant at position `p` on the metric's clock. */
  private instant(p: number): number {
    if (!this.business) return p;
    const t = this.clock.instantAt(p);
    if (t > this.latest) this.latest = t;
    return t;
  }

  /** Clock time in `[a, b)` (0 when `b ≤ a`). */
  private between(a: number, b: number): number {
    return b <= a ? 0 : this.pos(b) - this.pos(a);
  }

  /**
   * The target on the clock for a period starting at `from`: hours, or the open time to "HH:mm on the N-th
   * working day".
   */
  private target(m: CompiledMetric, from: number, factor: number): number {
    if (!Number.isNaN(m.durationMs)) return Math.round(m.durationMs * factor);
    const deadline = this.clock.deadline(from, m.days, m.at);
    if (from < this.earliest) this.earliest = from;
    if (deadline > this.latest) this.latest = deadline;
    return Math.round(this.between(from, deadline) * factor);
  }

  /**
   * Collects the pauses among events (from, upto] of the metric, closed at `endAt` (`NaN`: left open), with
   * their positions.
   */
  private collectPauses(c: ComplaintColumns, m: CompiledMetric, from: number, upto: number, endAt: number): void {
    let n = 0;
    if (m.pause !== 0) {
      const { types, at } = c;
      for (let i = from + 1; i <= upto; i++) {
        const bit = 1 << types[i]!;
        const open = n > 0 && Number.isNaN(this.pauseTo[n - 1]!);
        if ((m.pause & bit) !== 0 && !open) {
          if (n === this.pauseFrom.length) this.growPauses();
          this.pauseFrom[n] = at[i]!;
          this.pauseTo[n] = NaN;
          n++;
        } else if ((m.resume & bit) !== 0 && open) this.pauseTo[n - 1] = at[i]!;
      }
      if (!Number.isNaN(endAt) && n > 0 && Number.isNaN(this.pauseTo[n - 1]!)) this.pauseTo[n - 1] = endAt;
    }
    this.pauses = n;
    for (let i = 0; i < n; i++) {
      this.posFrom[i] = this.pos(this.pauseFrom[i]!);
      const to = this.pauseTo[i]!;
      this.posTo[i] = Number.isNaN(to) ? NaN : this.pos(to);
    }
  }

  private growPauses(): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.pauseFrom = grow(this.pauseFrom);
    this.pauseTo = grow(this.pauseTo);
    this.posFrom = grow(this.posFrom);
    this.posTo = grow(this.posTo);
  }

  /** Sets the start of the current period. */
  private startAt(t: number): void {
    this.start = t;
    this.startPos = this.pos(t);
  }

  /**
   * The instant at which the clock of the current period has run `used` ms, pauses taken out (`NaN` when an open
   * pause comes first).
   */
  private instantAtUsed(used: number): number {
    let cursor = this.start;
    let position = this.startPos;
    let left = used;
    for (let i = 0; i < this.pauses; i++) {
      const from = this.pauseFrom[i]!;
      const available = from > cursor ? this.posFrom[i]! - position : 0;
      if (available >= left) return left === 0 ? cursor : this.instant(position + left);
      left -= available;
      const to = this.pauseTo[i]!;
      if (Number.isNaN(to)) return NaN;
      if (to > cursor) {
        cursor = to;
        position = this.posTo[i]!;
      }
    }
    return left === 0 ? cursor : this.instant(position + left);
  }

  /**
   * Evaluates metric `m` in the cycle of events `from` to `to` (exclusive; events after
   * `asOf` already cut) whose severity at its start is `cycleSeverity`, as of `asOf`, into
   * {@link MetricEngine.out}. With `detail`, the warnings reached are listed with their
   * instants and the escalation's warning instant is found; without, they are counted (the
   * bulk path).
   */
  evaluate(
    m: CompiledMetric,
    c: ComplaintColumns,
    from: number,
    to: number,
    cycleSeverity: number,
    cycleIndex: number,
    asOf: number,
    factor: number,
    escalationPercent: number | undefined,
    detail: boolean,
  ): MetricNumbers {
    const out = this.out;
    const { types, at, severityTo } = c;
    this.business = m.business;
    this.earliest = Infinity;
    this.latest = -Infinity;
    this.pauses = 0;
    out.warnings = NO_WARNINGS;
    // Where the clock starts.
    let startIndex = from;
    if (m.startsAtResolved) {
      startIndex = -1;
      for (let i = from; i < to; i++)
        if (types[i] === EVENT.resolved) {
          startIndex = i;
          break;
        }
      if (startIndex < 0) return this.idle(cycleSeverity, STATE.pending);
    }
    let start = at[startIndex]!;
    // The first stop event after the start.
    let stopIndex = -1;
    for (let i = startIndex + 1; i < to; i++)
      if ((m.stop & (1 << types[i]!)) !== 0) {
        stopIndex = i;
        break;
      }
    const last = stopIndex >= 0 ? stopIndex : to - 1;
    // Severity: at the start (keep), or the latest before the stop (restart, from-receipt).
    let severity = cycleSeverity;
    for (let i = from; i <= startIndex && i < to; i++)
      if (types[i] === EVENT.severityChanged) severity = severityTo[i]!;
    if (m.onSeverityChange !== 0) {
      for (let i = startIndex + 1; i <= last; i++) {
        if (types[i] !== EVENT.severityChanged) continue;
        severity = severityTo[i]!;
        if (m.onSeverityChange === 1) {
          start = at[i]!;
          startIndex = i;
        }
      }
    }
    if ((m.severities & (1 << severity)) === 0) return this.idle(severity, STATE.notApplicable);
    const stopAt = stopIndex >= 0 ? at[stopIndex]! : NaN;
    const stopped = stopIndex >= 0;
    // Periodic metrics (progress updates): each `restart` event before the stop begins a new
    // period with the full target; a period that overran its deadline leaves the metric breached.
    let earlierBreach = NaN;
    if (m.restart !== 0) {
      for (let i = startIndex + 1; i <= last; i++) {
        if (i === stopIndex || (m.restart & (1 << types[i]!)) === 0) continue;
        const t = at[i]!;
        this.startAt(start);
        this.collectPauses(c, m, startIndex, i, t);
        const due = this.instantAtUsed(this.target(m, start, factor));
        if (Number.isNaN(earlierBreach) && !Number.isNaN(due) && t > due) earlierBreach = due;
        start = t;
        startIndex = i;
      }
    }
    this.startAt(start);
    this.collectPauses(c, m, startIndex, last, stopAt);
    const targetMs = this.target(m, start, factor);
    const dueAt = this.instantAtUsed(targetMs);
    const until = stopped ? stopAt : asOf;
    // Time used and paused up to `until`.
    const untilPos = until > start ? this.pos(until) : this.startPos;
    let paused = 0;
    for (let i = 0; i < this.pauses; i++) {
      const pf = this.pauseFrom[i]!;
      if (pf >= until) break;
      const pt = this.pauseTo[i]!;
      const end = Number.isNaN(pt) || pt >= until ? until : pt;
      if (end > pf) paused += (end === until ? untilPos : this.posTo[i]!) - this.posFrom[i]!;
    }
    const used = (until > start ? untilPos - this.startPos : 0) - paused;
    const pausedNow = !stopped && this.pauses > 0 && Number.isNaN(this.pauseTo[this.pauses - 1]!);
    let state: number;
    if (!Number.isNaN(earlierBreach)) state = STATE.breached;
    else if (stopped) state = !Number.isNaN(dueAt) && stopAt <= dueAt ? STATE.met : STATE.breached;
    else if (!Number.isNaN(dueAt) && asOf > dueAt) state = STATE.breached;
    else if (pausedNow) state = STATE.paused;
    else state = STATE.running;
    // Warnings: at percentages of the target and at hours before the deadline. Only reached
    // ones need their instant (and only with `detail`), and of those ahead only the first.
    const live = !stopped && !pausedNow;
    let warningCount = 0;
    let nextMark = Infinity;
    let warnings = NO_WARNINGS;
    for (let w = 0, percents = m.percents.length, all = percents + m.hoursBefore.length; w < all; w++) {
      const percent = w < percents;
      const value = percent ? m.percents[w]! : m.hoursBefore[w - percents]!;
      if (!percent && value * HOUR >= targetMs) continue;
      const usedMs = percent ? Math.floor((targetMs * value) / 100) : targetMs - value * HOUR;
      if (usedMs <= used) {
        warningCount++;
        if (!detail) continue;
        const t = this.instantAtUsed(usedMs);
        if (!Number.isNaN(t) && t <= until) {
          if (warnings === NO_WARNINGS) warnings = [];
          const kind = percent ? 'percent' : 'before';
          warnings.push({ id: `${cycleIndex}:${m.metric.id}:${kind}:${value}`, kind, value, at: new Date(t) });
        }
      } else if (live && usedMs < nextMark) nextMark = usedMs;
    }
    let next = Infinity;
    if (nextMark !== Infinity) {
      const t = this.instantAtUsed(nextMark);
      if (!Number.isNaN(t) && t > asOf) next = t;
    }
    // Percent marks come in time order; only hours-before marks can interleave.
    if (warnings.length > 1 && m.hoursBefore.length > 0) warnings.sort((x, y) => x.at.getTime() - y.at.getTime());
    // The escalation's warning level (policy-wide percentage): reached, or the next instant
    // ahead (not looked up when a warning mark comes first: the clock only moves forwards).
    let escalationAt = NaN;
    if (escalationPercent !== undefined) {
      const usedMs = Math.floor((targetMs * escalationPercent) / 100);
      if (usedMs <= used) {
        if (detail) {
          const same = warnings.find((w) => w.kind === 'percent' && w.value === escalationPercent);
          const t = same !== undefined ? same.at.getTime() : this.instantAtUsed(usedMs);
          if (!Number.isNaN(t) && t <= until) escalationAt = t;
        }
      } else if (live && usedMs < nextMark) {
        const t = this.instantAtUsed(usedMs);
        if (!Number.isNaN(t) && t > asOf && t < next) next = t;
      }
    }
    // The breach is the first instant after the deadline; a breached periodic metric still has
    // a current period whose deadline can pass.
    if (
      !Number.isNaN(dueAt) &&
      !stopped &&
      (state === STATE.running || (!Number.isNaN(earlierBreach) && dueAt >= asOf)) &&
      dueAt + 1 < next
    )
      next = dueAt + 1;
    out.state = state;
    out.severity = severity;
    out.start = start;
    out.due = dueAt;
    out.stop = stopAt;
    out.breached = state === STATE.breached ? (Number.isNaN(earlierBreach) ? dueAt : earlierBreach) : NaN;
    out.targetMs = targetMs;
    out.used = used;
    out.paused = paused;
    out.warningCount = warningCount;
    out.warnings = warnings;
    out.escalationAt = escalationAt;
    out.next = next;
    out.provisional =
      this.business && this.latest >= this.earliest && this.clock.provisional(this.earliest, this.latest);
    out.stoppedLate = stopped && state === STATE.breached;
    return out;
  }

  private idle(severity: number, state: number): MetricNumbers {
    const out = this.out;
    out.state = state;
    out.severity = severity;
    out.start = out.due = out.stop = out.breached = out.targetMs = out.escalationAt = NaN;
    out.used = out.paused = out.warningCount = 0;
    out.warnings = NO_WARNINGS;
    out.next = Infinity;
    out.provisional = out.stoppedLate = false;
    return out;
  }
}
