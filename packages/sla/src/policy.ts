import { complaintSeveritySchema, KehuPolicyError, toValidationIssues, type ComplaintEventType } from '@kehu/core';
import { timeOfDaySchema } from '@kehu/calendar';
import { COMPLAINT_EVENT_TYPES } from './codes.js';
import * as z from 'zod';

const labelSchema = z.object({ en: z.string(), zh: z.string() });
const eventTypeSchema = z.enum(COMPLAINT_EVENT_TYPES as [ComplaintEventType, ...ComplaintEventType[]]);

/** A target: a duration on the metric's clock, or "by HH:mm on the N-th working day after the start". */
export const slaTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duration'), hours: z.number().positive() }),
  z.object({ kind: z.literal('working-days'), days: z.number().int().min(0), at: timeOfDaySchema }),
]);

/**
 * One SLA metric (rules SL-2, SL-3, SL-8): when its clock starts, what stops it, what
 * pauses it, which calendar it runs on, its target and warnings, and what a severity
 * change does to it.
 */
export const slaMetricSchema = z.object({
  /** Stable id, e.g. `first-reply`. */
  id: z.string().min(1),
  /** For people, in English and Chinese. */
  label: labelSchema,
  /** Rule IDs behind the metric. */
  rules: z.array(z.string()).default([]),
  /** Severities the metric applies to (default all). */
  severities: z.array(complaintSeveritySchema).min(1).default(['normal', 'urgent', 'major']),
  /** `elapsed` (wall-clock) or `business` (the calendar's open hours). Working-day targets always use the calendar. */
  clock: z.enum(['elapsed', 'business']).default('business'),
  /** The target. */
  target: slaTargetSchema,
  /** Where the clock starts: the start of the cycle (receipt, or reopening), or the cycle's `resolved` event. */
  start: z.enum(['cycle', 'resolved']).default('cycle'),
  /** The first of these events after the start stops the clock (met in time, or late). */
  stop: z.array(eventTypeSchema).min(1),
  /**
   * Events that begin a new period with the full target (periodic metrics such as progress
   * updates while a complaint is open); a period that overran its deadline leaves the metric
   * breached. Default none.
   */
  restart: z.array(eventTypeSchema).default([]),
  /** Events that pause the clock … */
  pause: z.array(eventTypeSchema).default(['waiting-on-customer']),
  /** … and events that resume it. */
  resume: z.array(eventTypeSchema).default(['resumed']),
  /**
   * What a severity change does while the clock runs: `keep` (the clock and target of the
   * start stay), `restart` (a new clock from the change, with the new severity's
   * applicability), or `from-receipt` (the new severity decides, counted from the start).
   */
  onSeverityChange: z.enum(['keep', 'restart', 'from-receipt']).default('keep'),
  /** Warnings: at percentages of the target, and at fixed hours before the deadline (on the metric's clock). */
  warnings: z
    .object({
      percent: z.array(z.number().gt(0).lt(100)).default([50, 75, 90]),
      hoursBefore: z.array(z.number().positive()).default([]),
    })
    .default({ percent: [50, 75, 90], hoursBefore: [] }),
});

/** An escalation level (rule SL-4): who is notified. */
export const escalationLevelSchema = z.object({
  /** 1 = the first level above the handler. */
  level: z.number().int().min(1),
  /** The role to notify, e.g. `supervisor`. */
  role: z.string().min(1),
  /** For people. */
  label: labelSchema,
});

/**
 * An SLA policy (rules SL-2 to SL-4, SL-8): metrics and the escalation chain, versioned
 * data that hosts store and override. Evaluations record the policy id and version.
 */
export const slaPolicySchema = z
  .object({
    /** Policy id. */
    id: z.string().min(1),
    /** Version; evaluations record it, so they can be recomputed when the policy changes. */
    version: z.string().min(1),
    /** The metrics. */
    metrics: z.array(slaMetricSchema).min(1),
    /** The escalation chain and what triggers each level. */
    escalation: z.object({
      /** The levels, lowest first. */
      levels: z.array(escalationLevelSchema).min(1),
      /** Level reached at intake by severity (SL-4: urgent complaints at once). */
      atIntake: z.partialRecord(complaintSeveritySchema, z.number().int().min(1)).default({}),
      /** Level reached when a metric passes this percentage of its target. */
      atWarning: z.object({ percent: z.number().gt(0).lt(100), level: z.number().int().min(1) }).optional(),
      /** Level reached when a metric is breached. */
      atBreach: z.number().int().min(1).optional(),
    }),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.metrics.forEach((m, i) => {
      if (ids.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `duplicate metric id ${m.id}` });
      ids.add(m.id);
    });
    const levels = new Set(p.escalation.levels.map((l) => l.level));
    const check = (level: number | undefined, path: Array<string | number>) => {
      if (level !== undefined && !levels.has(level))
        ctx.addIssue({ code: 'custom', path: ['escalation', ...path], message: `no escalation level ${level}` });
    };
    for (const [severity, level] of Object.entries(p.escalation.atIntake)) check(level, ['atIntake', severity]);
    check(p.escalation.atWarning?.level, ['atWarning', 'level']);
    check(p.escalation.atBreach, ['atBreach']);
  });

/** A target. */
export type SlaTarget = z.output<typeof slaTargetSchema>;
/** A metric with defaults applied. */
export type SlaMetric = z.output<typeof slaMetricSchema>;
/** An SLA policy with defaults applied. */
export type SlaPolicy = z.output<typeof slaPolicySchema>;
/** What {@link parseSlaPolicy} accepts. */
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** Policies this module validated (so evaluating a million complaints parses a policy once). */
const validated = new WeakSet<object>();

/** Validates a policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseSlaPolicy(input: unknown): SlaPolicy {
  if (typeof input === 'object' && input !== null && validated.has(input)) return input as SlaPolicy;
  const r = slaPolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid SLA policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
      details: { issues },
    });
  }
  validated.add(r.data);
  return r.data;
}

/**
 * A periodic metric hosts can add to a policy (rule SL-8: a problem that cannot be solved
 * yet gets an explanation and a committed timetable): while the complaint is open, a
 * progress update (acknowledgement, preliminary solution, escalation or reassignment) at
 * least every 24 business hours, paused while waiting on the customer.
 */
export const PROGRESS_UPDATES_METRIC: z.input<typeof slaMetricSchema> = {
  id: 'progress-updates',
  label: { en: 'Progress updates', zh: '进展通报' },
  rules: ['SL-8'],
  clock: 'business',
  target: { kind: 'duration', hours: 24 },
  stop: ['resolved'],
  restart: ['acknowledged', 'preliminary-solution', 'escalated', 'assigned'],
};

/**
 * The default policy, reading the rules literally where they give numbers:
 * - `first-reply` (SL-2): a reply (acknowledgement, preliminary solution or resolution)
 *   within 24 elapsed hours of receipt, for every complaint;
 * - `preliminary-solution` (SL-3): a preliminary solution or explanation within 8 elapsed
 *   hours for urgent and major complaints;
 * - `resolution` (SL-8's committed timetable; the rules give no number): resolved by 18:00 on
 *   the 5th working day, paused while waiting on the customer;
 * - `feedback` (SL-8, CA-3): feedback to the customer by 18:00 on the 2nd working day after
 *   resolution.
 * Escalation (SL-4): supervisor, department manager, senior management; urgent complaints
 * reach the department manager at intake and major ones senior management; 90% of a target
 * reaches the supervisor and a breach the department manager.
 */
export const DEFAULT_SLA_POLICY: SlaPolicy = parseSlaPolicy({
  id: 'kehu-default',
  version: '1',
  metrics: [
    {
      id: 'first-reply',
      label: { en: 'First reply', zh: '首次回复' },
      rules: ['SL-2'],
      clock: 'elapsed',
      target: { kind: 'duration', hours: 24 },
      stop: ['acknowledged', 'preliminary-solution', 'resolved'],
      pause: [],
      resume: [],
    },
    {
      id: 'preliminary-solution',
      label: { en: 'Preliminary solution', zh: '初步解决方案' },
      rules: ['SL-3'],
      severities: ['urgent', 'major'],
      clock: 'elapsed',
      target: { kind: 'duration', hours: 8 },
      stop: ['preliminary-solution', 'resolved'],
      pause: [],
      resume: [],
      onSeverityChange: 'from-receipt',
    },
    {
      id: 'resolution',
      label: { en: 'Resolution', zh: '问题解决' },
      rules: ['SL-5', 'SL-8'],
      clock: 'business',
      target: { kind: 'working-days', days: 5, at: '18:00' },
      stop: ['resolved'],
    },
    {
      id: 'feedback',
      label: { en: 'Feedback to the customer', zh: '结果反馈' },
      rules: ['SL-8', 'CA-3'],
      clock: 'business',
      start: 'resolved',
      target: { kind: 'working-days', days: 2, at: '18:00' },
      stop: ['feedback-recorded'],
      pause: [],
      resume: [],
    },
  ],
  escalation: {
    levels: [
      { level: 1, role: 'supervisor', label: { en: 'Supervisor', zh: '主管' } },
      { level: 2, role: 'department-manager', label: { en: 'Department manager', zh: '部门经理' } },
      { level: 3, role: 'senior-management', label: { en: 'Senior management', zh: '高层管理' } },
    ],
    atIntake: { urgent: 2, major: 3 },
    atWarning: { percent: 90, level: 1 },
    atBreach: 2,
  },
});
