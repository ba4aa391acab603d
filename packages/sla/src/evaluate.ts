import type { BusinessCalendar } from '@kehu/calendar';
import { COMPLAINT_STATES, compareCodePoints, invalidInput, KehuValidationError, requireAsOf } from '@kehu/core';
import { COMPLAINT_SEVERITIES, EVENT } from './codes.js';
import { columnsOfLogs, type ComplaintColumns } from './complaint-columns.js';
import { compilePolicy, type CompiledPolicy } from './compiled-policy.js';
import { MetricEngine } from './engine.js';
import { explainMetric } from './explain.js';
import { CycleScratch, replayCodes, type ComplaintLog } from './lifecycle.js';
import { parseSlaPolicy, type SlaPolicy, type SlaPolicyInput } from './policy.js';
import type { CallbackRecord, EscalationRecord, MetricEvaluation, SlaEvaluation } from './result.js';

/** Options of {@link evaluateSla} and `slaTable`: the moment evaluated, the calendar, and a target factor. */
export interface EvaluateSlaOptions {
  /** The moment evaluated; events after it are ignored. */
  asOf: Date;
  /** The business calendar the targets are counted on (SL-2, SL-3). */
  calendar: BusinessCalendar;
  /**
   * Multiplier of every target, e.g. a customer tier's `slaTargetFactor` from
   * `@kehu/grading`'s entitlements (GR-3: 0.5 halves the time allowed); default 1.
   */
  targetFactor?: number;
}

const levelCache = new WeakMap<SlaPolicy, Map<number, SlaPolicy['escalation']['levels'][number]>>();

/** The escalation levels of a policy by number (cached per policy object). */
function levelsOf(policy: SlaPolicy): Map<number, SlaPolicy['escalation']['levels'][number]> {
  let m = levelCache.get(policy);
  if (m === undefined) levelCache.set(policy, (m = new Map(policy.escalation.levels.map((l) => [l.level, l]))));
  return m;
}

/** Checks the options and parses the policy (shared by `evaluateSla` and `slaTable`). */
export function prepareEvaluation(
  policyInput: SlaPolicy | SlaPolicyInput,
  options: EvaluateSlaOptions,
): { policy: SlaPolicy; now: number; factor: number; calendar: BusinessCalendar } {
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'expected options { asOf, calendar }', 'invalid_type');
  const asOf = requireAsOf(options);
  const { calendar } = options;
  if (typeof calendar?.spec?.timeZone !== 'string')
    throw invalidInput(['calendar'], 'calendar must be a business calendar (createBusinessCalendar)', 'invalid_type');
  const factor = options.targetFactor ?? 1;
  if (!(factor > 0 && Number.isFinite(factor)))
    throw invalidInput(['targetFactor'], 'targetFactor must be a positive number');
  return { policy: parseSlaPolicy(policyInput), now: asOf.getTime(), factor, calendar };
}

/**
 * A complaint's SLA status as of `asOf` (rules SL-2 to SL-4, SL-8, CA-3): a pure function of
 * its event log (events after `asOf` are ignored, so any past moment can be replayed), the
 * policy (recorded by id and version, so evaluations can be recomputed when it changes),
 * and the options' business calendar and `asOf`. Per metric and cycle: start, deadline, pauses, time
 * used and left, state and warnings; the escalations and callbacks reached, with stable ids
 * (firing each id once makes notifications idempotent); and `nextCheckAt`, the next
 * instant at which anything can change without a new event, for a timer instead of polling.
 * The whole log is checked against the state machine (`KehuValidationError` with the path of
 * the bad event), including events after `asOf`.
 */
export function evaluateSla(
  log: ComplaintLog,
  policyInput: SlaPolicy | SlaPolicyInput,
  options: EvaluateSlaOptions,
): SlaEvaluation {
  const { policy, now, factor, calendar } = prepareEvaluation(policyInput, options);
  const columns = columnsOfLogs([log], false);
  return explainComplaint(
    columns,
    0,
    compilePolicy(policy),
    new MetricEngine(calendar),
    now,
    factor,
    new CycleScratch(),
    false,
  );
}

/**
 * The explained evaluation of complaint `k` of complaint columns (see {@link evaluateSla});
 * `pathWithIndex` puts `k` first in the path of a validation error.
 */
export function explainComplaint(
  c: ComplaintColumns,
  k: number,
  compiled: CompiledPolicy,
  engine: MetricEngine,
  now: number,
  factor: number,
  cycles: CycleScratch,
  pathWithIndex: boolean,
): SlaEvaluation {
  const { policy } = compiled;
  const lo = c.offsets[k]!;
  const code = replayUpTo(c, k, now, cycles, pathWithIndex);
  const { types, at, severityFrom, severityTo } = c;
  const metrics: MetricEvaluation[] = [];
  const escalations: EscalationRecord[] = [];
  const callbacks: CallbackRecord[] = [];
  let next = Infinity;
  const levels = levelsOf(policy);
  const escalate = (
    id: string,
    level: number | undefined,
    t: number,
    trigger: EscalationRecord['trigger'],
    metric: string | null,
    cycle: number,
    rules: readonly string[],
  ) => {
    const l = level === undefined ? undefined : levels.get(level);
    if (l !== undefined)
      escalations.push({ id, level: l.level, role: l.role, at: new Date(t), trigger, metric, cycle, rules });
  };
  for (let cy = 0; cy < cycles.count; cy++) {
    const index = cy + 1;
    const from = cycles.from[cy]!;
    const to = cycles.to[cy]!;
    const cycleSeverity = cycles.severity[cy]!;
    // SL-4: urgent (and major) complaints go up at once, at intake and when raised later.
    escalate(
      `${index}:intake`,
      policy.escalation.atIntake[COMPLAINT_SEVERITIES[cycleSeverity]!],
      at[from]!,
      'intake',
      null,
      index,
      ['SL-4'],
    );
    for (let i = from + 1; i < to; i++) {
      if (types[i] !== EVENT.severityChanged) continue;
      const before = policy.escalation.atIntake[COMPLAINT_SEVERITIES[severityFrom[i]!]!] ?? 0;
      const after = policy.escalation.atIntake[COMPLAINT_SEVERITIES[severityTo[i]!]!];
      if (after !== undefined && after > before)
        escalate(`${index}:severity:${i - lo}`, after, at[i]!, 'intake', null, index, ['SL-4']);
    }
    if (index === 1 && c.written[k] === 1)
      callbacks.push({
        id: '1:written-complaint',
        reason: 'written-complaint',
        at: new Date(at[from]!),
        cycle: 1,
        metric: null,
        rules: ['CA-3'],
      });
    for (let i = from + 1; i < to; i++) {
      if (types[i] === EVENT.resolved) {
        callbacks.push({
          id: `${index}:resolved`,
          reason: 'resolved',
          at: new Date(at[i]!),
          cycle: index,
          metric: null,
          rules: ['CA-3', 'SL-8'],
        });
        break;
      }
    }
    for (const m of compiled.metrics) {
      const warning = policy.escalation.atWarning;
      const numbers = engine.evaluate(
        m,
        c,
        from,
        to,
        cycleSeverity,
        index,
        now,
        factor,
        compiled.escalationPercent,
        true,
      );
      const evaluation = explainMetric(m, numbers, index, factor);
      metrics.push(evaluation);
      if (numbers.next < next) next = numbers.next;
      if (warning !== undefined && !Number.isNaN(numbers.escalationAt))
        escalate(
          `${index}:${m.metric.id}:warning`,
          warning.level,
          numbers.escalationAt,
          'warning',
          m.metric.id,
          index,
          ['SL-4', ...m.metric.rules],
        );
      if (evaluation.state === 'breached' && evaluation.breachedAt !== null) {
        escalate(
          `${index}:${m.metric.id}:breach`,
          policy.escalation.atBreach,
          evaluation.breachedAt.getTime(),
          'breach',
          m.metric.id,
          index,
          ['SL-4', ...m.metric.rules],
        );
        callbacks.push({
          id: `${index}:${m.metric.id}:deadline-passed`,
          reason: 'deadline-passed',
          at: evaluation.breachedAt,
          cycle: index,
          metric: m.metric.id,
          rules: ['CA-3'],
        });
      }
    }
  }
  escalations.sort((a, b) => a.at.getTime() - b.at.getTime() || compareCodePoints(a.id, b.id));
  callbacks.sort((a, b) => a.at.getTime() - b.at.getTime() || compareCodePoints(a.id, b.id));
  return {
    complaintId: c.ids[k]!,
    asOf: new Date(now),
    policy: { id: policy.id, version: policy.version },
    state: COMPLAINT_STATES[code >> 2]!,
    severity: COMPLAINT_SEVERITIES[code & 3]!,
    cycles: cycles.count,
    metrics,
    escalations,
    callbacks,
    nextCheckAt: next === Infinity ? null : new Date(next),
  };
}

/**
 * Replays complaint `k` up to `now` into `cycles` and returns its code (see `replayCodes`),
 * after checking its whole log against the state machine (events after `now` included);
 * refused before the receipt. Errors carry `k` first in their path when asked.
 */
export function replayUpTo(
  c: ComplaintColumns,
  k: number,
  now: number,
  cycles: CycleScratch,
  pathWithIndex: boolean,
): number {
  const lo = c.offsets[k]!;
  const end = c.offsets[k + 1]!;
  try {
    const hi = cutAt(c, lo, end, now);
    if (hi < end) replayCodes(c, lo, end, c.severity[k]!, cycles);
    return replayCodes(c, lo, hi, c.severity[k]!, cycles);
  } catch (e) {
    if (pathWithIndex && e instanceof KehuValidationError)
      throw new KehuValidationError(
        e.message,
        e.issues.map((issue) => ({ ...issue, path: [k, ...issue.path] })),
        { code: e.code, cause: e },
      );
    throw e;
  }
}

/** The end of the events at or before `now` among events `lo` to `end` (in time order). */
export function cutAt(c: ComplaintColumns, lo: number, end: number, now: number): number {
  let hi = end;
  while (hi > lo && c.at[hi - 1]! > now) hi--;
  return hi;
}

/** What is new in `current` against an earlier evaluation: escalations and callbacks to fire now (each id once). */
export function newlyReached(
  previous: Pick<SlaEvaluation, 'escalations' | 'callbacks'> | null,
  current: SlaEvaluation,
): { escalations: EscalationRecord[]; callbacks: CallbackRecord[] } {
  const seen = new Set([
    ...(previous?.escalations ?? []).map((e) => e.id),
    ...(previous?.callbacks ?? []).map((c) => c.id),
  ]);
  return {
    escalations: current.escalations.filter((e) => !seen.has(e.id)),
    callbacks: current.callbacks.filter((c) => !seen.has(c.id)),
  };
}
