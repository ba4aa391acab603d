import type { BusinessCalendar } from '@kehu/calendar';
import { compareCodePoints, KehuValidationError } from '@kehu/core';
import { replayComplaint, type ComplaintLog } from './lifecycle.js';
import { evaluateMetric } from './metric.js';
import { parseSlaPolicy, type SlaPolicy, type SlaPolicyInput } from './policy.js';
import type { CallbackRecord, EscalationRecord, MetricEvaluation, SlaEvaluation } from './result.js';

/** Options of {@link evaluateSla}. */
export interface EvaluateSlaOptions {
  /**
   * Multiplier of every target, e.g. a customer tier's `slaTargetFactor` from
   * `@kehu/grading`'s entitlements (GR-3: 0.5 halves the time allowed); default 1.
   */
  targetFactor?: number;
}

const WRITTEN = new Set(['letter', 'email']);

const levelCache = new WeakMap<SlaPolicy, Map<number, SlaPolicy['escalation']['levels'][number]>>();

/** The escalation levels of a policy by number (cached per policy object). */
function levelsOf(policy: SlaPolicy): Map<number, SlaPolicy['escalation']['levels'][number]> {
  let m = levelCache.get(policy);
  if (m === undefined) levelCache.set(policy, (m = new Map(policy.escalation.levels.map((l) => [l.level, l]))));
  return m;
}

/** Checks `asOf` and the options and parses the policy (shared by `evaluateSla` and `evaluateSlaTable`). */
export function prepareEvaluation(policyInput: SlaPolicy | SlaPolicyInput, asOf: Date, options: EvaluateSlaOptions): { policy: SlaPolicy; now: number; factor: number } {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new KehuValidationError('asOf must be a valid Date', [{ path: ['asOf'], message: 'expected a valid Date', code: 'invalid_type' }]);
  const factor = options.targetFactor ?? 1;
  if (!(factor > 0 && Number.isFinite(factor))) throw new KehuValidationError('targetFactor must be a positive number', [{ path: ['targetFactor'], message: 'expected a positive number', code: 'invalid_value' }]);
  return { policy: parseSlaPolicy(policyInput), now: asOf.getTime(), factor };
}

/** The events of `log` at or before `now` (the log itself when none is later). */
export function eventsUpTo(log: ComplaintLog, now: number): ComplaintLog['events'] {
  const last = log.events.at(-1);
  return last === undefined || last.at.getTime() <= now ? log.events : log.events.filter((e) => e.at.getTime() <= now);
}

/**
 * A complaint's SLA status as of `asOf` (rules SL-2 to SL-4, SL-8, CA-3): a pure function of
 * its event log (events after `asOf` are ignored, so any past moment can be replayed), the
 * policy (recorded by id and version, so evaluations can be recomputed when it changes),
 * the business calendar and `asOf`. Per metric and cycle: start, deadline, pauses, time
 * used and left, state and warnings; the escalations and callbacks reached, with stable ids
 * (firing each id once makes notifications idempotent); and `nextCheckAt`, the next
 * instant at which anything can change without a new event, for a timer instead of polling.
 */
export function evaluateSla(log: ComplaintLog, policyInput: SlaPolicy | SlaPolicyInput, calendar: BusinessCalendar, asOf: Date, options: EvaluateSlaOptions = {}): SlaEvaluation {
  const { policy, now, factor } = prepareEvaluation(policyInput, asOf, options);
  const events = eventsUpTo(log, now);
  const { state, severity, cycles } = replayComplaint({ id: log.id, severity: log.severity, events });
  const metrics: MetricEvaluation[] = [];
  const escalations: EscalationRecord[] = [];
  const callbacks: CallbackRecord[] = [];
  let next = Infinity;
  const levels = levelsOf(policy);
  const escalate = (id: string, level: number | undefined, at: number, trigger: EscalationRecord['trigger'], metric: string | null, cycle: number, rules: readonly string[]) => {
    const l = level === undefined ? undefined : levels.get(level);
    if (l !== undefined) escalations.push({ id, level: l.level, role: l.role, at: new Date(at), trigger, metric, cycle, rules });
  };
  for (const cycle of cycles) {
    // SL-4: urgent (and major) complaints go up at once, at intake and when raised later.
    escalate(`${cycle.index}:intake`, policy.escalation.atIntake[cycle.severity], cycle.startedAt, 'intake', null, cycle.index, ['SL-4']);
    for (let i = cycle.from + 1; i < cycle.to; i++) {
      const e = events[i]!;
      if (e.type !== 'severity-changed') continue;
      const before = policy.escalation.atIntake[e.from] ?? 0;
      const after = policy.escalation.atIntake[e.to];
      if (after !== undefined && after > before) escalate(`${cycle.index}:severity:${i}`, after, e.at.getTime(), 'intake', null, cycle.index, ['SL-4']);
    }
    if (cycle.index === 1 && log.channel !== undefined && WRITTEN.has(log.channel)) {
      callbacks.push({ id: '1:written-complaint', reason: 'written-complaint', at: new Date(cycle.startedAt), cycle: 1, metric: null, rules: ['CA-3'] });
    }
    for (let i = cycle.from + 1; i < cycle.to; i++) {
      if (events[i]!.type === 'resolved') {
        callbacks.push({ id: `${cycle.index}:resolved`, reason: 'resolved', at: events[i]!.at, cycle: cycle.index, metric: null, rules: ['CA-3', 'SL-8'] });
        break;
      }
    }
    for (const metric of policy.metrics) {
      const warning = policy.escalation.atWarning;
      const outcome = evaluateMetric(metric, events, cycle, calendar, now, factor, warning?.percent);
      const m = outcome.evaluation;
      metrics.push(m);
      if (outcome.next < next) next = outcome.next;
      if (warning !== undefined && outcome.escalationAt !== null) escalate(`${cycle.index}:${m.metric}:warning`, warning.level, outcome.escalationAt, 'warning', m.metric, cycle.index, ['SL-4', ...m.rules]);
      if (m.state === 'breached' && m.breachedAt !== null) {
        escalate(`${cycle.index}:${m.metric}:breach`, policy.escalation.atBreach, m.breachedAt.getTime(), 'breach', m.metric, cycle.index, ['SL-4', ...m.rules]);
        callbacks.push({ id: `${cycle.index}:${m.metric}:deadline-passed`, reason: 'deadline-passed', at: m.breachedAt, cycle: cycle.index, metric: m.metric, rules: ['CA-3'] });
      }
    }
  }
  escalations.sort((a, b) => a.at.getTime() - b.at.getTime() || compareCodePoints(a.id, b.id));
  callbacks.sort((a, b) => a.at.getTime() - b.at.getTime() || compareCodePoints(a.id, b.id));
  return {
    complaintId: log.id,
    asOf: new Date(now),
    policy: { id: policy.id, version: policy.version },
    state,
    severity,
    cycles: cycles.length,
    metrics,
    escalations,
    callbacks,
    nextCheckAt: next === Infinity ? null : new Date(next),
  };
}

/** What is new in `current` against an earlier evaluation: escalations and callbacks to fire now (each id once). */
export function newlyReached(previous: Pick<SlaEvaluation, 'escalations' | 'callbacks'> | null, current: SlaEvaluation): { escalations: EscalationRecord[]; callbacks: CallbackRecord[] } {
  const seen = new Set([...(previous?.escalations ?? []).map((e) => e.id), ...(previous?.callbacks ?? []).map((c) => c.id)]);
  return { escalations: current.escalations.filter((e) => !seen.has(e.id)), callbacks: current.callbacks.filter((c) => !seen.has(c.id)) };
}
