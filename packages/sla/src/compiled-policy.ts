import { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES } from './codes.js';
import type { SlaMetric, SlaPolicy } from './policy.js';

const HOUR = 3_600_000;

/** A metric in the engine's terms: event and severity sets as bit masks over their codes, targets as numbers. */
export interface CompiledMetric {
  /** The metric as written. */
  metric: SlaMetric;
  /** Runs on the calendar's open time (business clock or working-day target). */
  business: boolean;
  /** Bit per severity code it applies to. */
  severities: number;
  /** Starts at the cycle's `resolved` event (else at the cycle's start). */
  startsAtResolved: boolean;
  /** Bit per event type code: stops, restarts a period, pauses, resumes. */
  stop: number;
  restart: number;
  pause: number;
  resume: number;
  /** 0 keep, 1 restart, 2 from-receipt. */
  onSeverityChange: 0 | 1 | 2;
  /** A duration target in ms (before the tier factor), or `NaN` for a working-day target. */
  durationMs: number;
  /** Working days and time of day of a working-day target. */
  days: number;
  at: string;
  /** Warning percentages and hours before the deadline. */
  percents: readonly number[];
  hoursBefore: readonly number[];
}

/** A policy in the engine's terms. */
export interface CompiledPolicy {
  /** The policy as written. */
  policy: SlaPolicy;
  /** Its metrics. */
  metrics: CompiledMetric[];
  /** The escalation's warning percentage (`undefined`: none). */
  escalationPercent: number | undefined;
}

const mask = (all: readonly string[], some: readonly string[]): number =>
  some.reduce((m, x) => m | (1 << all.indexOf(x)), 0);

const compiled = new WeakMap<SlaPolicy, CompiledPolicy>();

/** The compiled form of a validated policy (made once per policy object). */
export function compilePolicy(policy: SlaPolicy): CompiledPolicy {
  let c = compiled.get(policy);
  if (c !== undefined) return c;
  const metrics = policy.metrics.map(
    (m): CompiledMetric => ({
      metric: m,
      business: m.clock === 'business' || m.target.kind === 'working-days',
      severities: mask(COMPLAINT_SEVERITIES, m.severities),
      startsAtResolved: m.start === 'resolved',
      stop: mask(COMPLAINT_EVENT_TYPES, m.stop),
      restart: mask(COMPLAINT_EVENT_TYPES, m.restart),
      pause: mask(COMPLAINT_EVENT_TYPES, m.pause),
      resume: mask(COMPLAINT_EVENT_TYPES, m.resume),
      onSeverityChange: m.onSeverityChange === 'keep' ? 0 : m.onSeverityChange === 'restart' ? 1 : 2,
      durationMs: m.target.kind === 'duration' ? m.target.hours * HOUR : Number.NaN,
      days: m.target.kind === 'working-days' ? m.target.days : 0,
      at: m.target.kind === 'working-days' ? m.target.at : '',
      percents: m.warnings.percent,
      hoursBefore: m.warnings.hoursBefore,
    }),
  );
  compiled.set(policy, (c = { policy, metrics, escalationPercent: policy.escalation.atWarning?.percent }));
  return c;
}
