import { COMPLAINT_SEVERITIES } from './codes.js';
import type { CompiledMetric } from './compiled-policy.js';
import { SLA_STATES, STATE, type MetricNumbers } from './engine.js';
import type { SlaMetric } from './policy.js';
import type { MetricEvaluation } from './result.js';

const targetTexts = new WeakMap<SlaMetric, string>();

/** "target … ; rules …" of a metric, for explanations (made once per metric object). */
function targetText(metric: SlaMetric, business: boolean): string {
  let text = targetTexts.get(metric);
  if (text === undefined) {
    const target =
      metric.target.kind === 'duration'
        ? `${metric.target.hours} ${business ? 'business' : 'elapsed'} hours`
        : `${metric.target.at} on working day ${metric.target.days}`;
    targetTexts.set(metric, (text = `target ${target}; rules ${metric.rules.join(', ')}`));
  }
  return text;
}

const date = (t: number) => (Number.isNaN(t) ? null : new Date(t));
const hours = (ms: number) => `${Math.round(ms / 36_000) / 100} h`;

/** A metric's numbers in cycle `cycle` as a {@link MetricEvaluation}, explained in words (rules SL-2, SL-3, SL-8). */
export function explainMetric(
  m: CompiledMetric,
  n: MetricNumbers,
  cycle: number,
  targetFactor: number,
): MetricEvaluation {
  const { metric, business } = m;
  const state = SLA_STATES[n.state]!;
  const severity = COMPLAINT_SEVERITIES[n.severity]!;
  const { used, targetMs } = n;
  // In words, with the numbers (instants are in the fields; formatting them here would cost
  // more than the evaluation).
  const explanation =
    n.state === STATE.pending
      ? `${metric.id}: waits for the resolution of cycle ${cycle}`
      : n.state === STATE.notApplicable
        ? `${metric.id}: does not apply to ${severity} complaints`
        : `${
            n.state === STATE.met
              ? `${metric.id}: met, ${hours(used)} of ${hours(targetMs)} used`
              : n.state === STATE.breached
                ? `${metric.id}: breached, ${n.stoppedLate ? 'stopped late' : 'not stopped yet'} ` +
                  `(${hours(used)} of ${hours(targetMs)} used)`
                : n.state === STATE.paused
                  ? `${metric.id}: paused while waiting on the customer, ${hours(used)} of ${hours(targetMs)} used`
                  : `${metric.id}: running, ${hours(targetMs - used)} of ${hours(targetMs)} left`
          } (${targetText(metric, business)}${targetFactor !== 1 ? ` × ${targetFactor}` : ''})`;
  const idle = n.state === STATE.pending || n.state === STATE.notApplicable;
  // Built as a literal with every field in one order (object spreads here cost more than
  // the rest of the evaluation: measured with a million complaints).
  return {
    metric: metric.id,
    label: metric.label,
    rules: metric.rules,
    cycle,
    severity,
    clock: business ? 'business' : 'elapsed',
    state,
    startedAt: date(n.start),
    dueAt: date(n.due),
    stoppedAt: date(n.stop),
    breachedAt: date(n.breached),
    targetMs: idle ? null : targetMs,
    elapsedMs: used,
    pausedMs: n.paused,
    remainingMs: idle ? null : targetMs - used,
    warnings: n.warnings.length === 0 ? [] : n.warnings,
    severityRule: metric.onSeverityChange,
    provisional: n.provisional,
    explanation,
  };
}
