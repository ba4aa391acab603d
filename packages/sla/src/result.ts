import type { ComplaintSeverity, ComplaintState, Label } from '@kehu/core';

/**
 * A metric's state at `asOf`: `pending` (its clock has not started, e.g. feedback before
 * resolution), `running`, `paused`, `met` (stopped in time), `breached` (due passed, stopped
 * late or not at all), or `not-applicable` (the severity in effect is not covered).
 */
export type SlaState = 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'not-applicable';

/** A warning reached by `asOf`. */
export interface SlaWarning {
  /** Stable id (`<cycle>:<metric>:<kind>:<value>`): the same warning always has the same id. */
  id: string;
  /** `percent` of the target used, or `before` the deadline (hours). */
  kind: 'percent' | 'before';
  /** The percentage or the hours. */
  value: number;
  /** When it was reached. */
  at: Date;
}

/** One metric in one cycle of a complaint, as of `asOf`, with what produced it. */
export interface MetricEvaluation {
  /** The metric id. */
  metric: string;
  /** For people. */
  label: Label;
  /** Rule IDs behind it. */
  rules: readonly string[];
  /** The cycle: 1, then one more for each reopening. */
  cycle: number;
  /** The severity the metric was evaluated with. */
  severity: ComplaintSeverity;
  /** `elapsed` or `business`. */
  clock: 'elapsed' | 'business';
  /** The state. */
  state: SlaState;
  /** When the clock started (`null` while pending or not applicable). */
  startedAt: Date | null;
  /** The deadline, pauses included (`null` while pending, paused with the deadline unknown, or not applicable). */
  dueAt: Date | null;
  /** The event that stopped the clock, if any. */
  stoppedAt: Date | null;
  /** When it was breached (the deadline), if it was. */
  breachedAt: Date | null;
  /** The target in milliseconds on the metric's clock (`null` for working-day targets, which are instants). */
  targetMs: number | null;
  /** Time used on the metric's clock, pauses excluded, up to the stop or `asOf`. */
  elapsedMs: number;
  /** Time paused, on the metric's clock. */
  pausedMs: number;
  /** Time left on the metric's clock until the deadline (negative when overdue; `null` without a deadline). */
  remainingMs: number | null;
  /** Warnings reached by `asOf`. */
  warnings: SlaWarning[];
  /** What a severity change did: the metric's `onSeverityChange`. */
  severityRule: 'keep' | 'restart' | 'from-receipt';
  /** True when the deadline relies on calendar dates outside the calendar's coverage. */
  provisional: boolean;
  /** The evaluation in words. */
  explanation: string;
}

/** An escalation reached by `asOf` (rule SL-4). Ids are stable: fire each id once. */
export interface EscalationRecord {
  /** Stable id (`<cycle>:intake`, `<cycle>:<metric>:warning`, `<cycle>:<metric>:breach`). */
  id: string;
  /** The level. */
  level: number;
  /** The role to notify. */
  role: string;
  /** When it was reached. */
  at: Date;
  /** What triggered it. */
  trigger: 'intake' | 'warning' | 'breach';
  /** The metric, for warnings and breaches. */
  metric: string | null;
  /** The cycle. */
  cycle: number;
  /** Rule IDs. */
  rules: readonly string[];
}

/** A callback the cadence package schedules (rule CA-3). Ids are stable. */
export interface CallbackRecord {
  /** Stable id. */
  id: string;
  /** Why: a written complaint received (letter, e-mail), the problem resolved, or a deadline passed. */
  reason: 'written-complaint' | 'resolved' | 'deadline-passed';
  /** From when the callback is due (at once). */
  at: Date;
  /** The cycle. */
  cycle: number;
  /** The metric whose deadline passed, for `deadline-passed`. */
  metric: string | null;
  /** Rule IDs. */
  rules: readonly string[];
}

/** What `evaluateSla` returns: a pure function of the log, the policy, the calendar and `asOf`. */
export interface SlaEvaluation {
  /** The complaint. */
  complaintId: string;
  /** The moment evaluated. */
  asOf: Date;
  /** The policy used. */
  policy: { id: string; version: string };
  /** The complaint's state. */
  state: ComplaintState;
  /** The severity in effect at `asOf`. */
  severity: ComplaintSeverity;
  /** Cycles so far (1 + reopenings). */
  cycles: number;
  /** Every metric of every cycle (earlier cycles stay). */
  metrics: MetricEvaluation[];
  /** Escalations reached by `asOf`. */
  escalations: EscalationRecord[];
  /** Callbacks due by `asOf`. */
  callbacks: CallbackRecord[];
  /**
   * The next instant at which anything in this evaluation can change without a new event (`null`: nothing
   * pending in time).
   */
  nextCheckAt: Date | null;
}
