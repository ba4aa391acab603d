/**
 * A plan's evaluation (rule MP-1: evaluate and improve): each measure's target against what was observed, and the
 * improvement action the policy gives for each target missed.
 */
import {
  type ErrorPath,
  invalidInput,
  type JsonObject,
  type Label,
  PLAN_METRICS,
  type PlanContent,
  type PlanMeasureKind,
  type PlanMetric,
  PLAN_MEASURE_KINDS,
  parserFor,
  requireAsOf,
} from '@kehu/core';
import * as z from 'zod';
import type { PlanObservation, PlanObservations } from './plan-observations.js';
import { type PlanPolicy, type PlanPolicyInput, parsePlanPolicy } from './plan-policy.js';

/** The name of each metric in English and Chinese, as evaluations and improvement reasons show it. */
export const PLAN_METRIC_LABELS: Readonly<Record<PlanMetric, Label>> = {
  'contacts-done': { en: 'contacts done', zh: '已完成回访' },
  'contact-completion-rate': { en: 'contact completion rate', zh: '回访完成率' },
  'satisfaction-change': { en: 'satisfaction change', zh: '满意度变化' },
  upgrades: { en: 'upgrades', zh: '升级客户数' },
  downgrades: { en: 'downgrades', zh: '降级客户数' },
  'churned-customers': { en: 'churned customers', zh: '流失客户数' },
  'new-customers': { en: 'new customers', zh: '新增客户数' },
  'repurchase-rate': { en: 'repurchase rate', zh: '复购率' },
  revenue: { en: 'revenue', zh: '销售收入' },
  'campaign-response-rate': { en: 'campaign response rate', zh: '活动响应率' },
  'events-held': { en: 'events held', zh: '已举办活动' },
  'gifts-given': { en: 'gifts given', zh: '已赠送礼品' },
  custom: { en: 'custom measure', zh: '自定义指标' },
};

/** One measure of the plan, evaluated. */
export interface PlanMeasureEvaluation {
  /** The measure's id in the plan. */
  readonly measureId: string;
  /** What is done: visit, event, gift, service review, other. */
  readonly kind: PlanMeasureKind;
  /** What is counted. */
  readonly metric: PlanMetric;
  /** Whether the actual must be at least or at most the target. */
  readonly direction: 'at-least' | 'at-most';
  /** The measure's target in the metric's unit. */
  readonly target: number;
  /** What was observed; NaN when nothing was (then `met` is `null`). */
  readonly actual: number;
  /** `actual ≥ target` (at-least) or `actual ≤ target` (at-most); `null` when unobserved. */
  readonly met: boolean | null;
  /** `actual - target` (NaN when unobserved). */
  readonly gap: number;
  /** The sample size behind `actual`, when the observation gave one. */
  readonly n: number | null;
  /** Where `actual` came from (module and rule), or "not observed". */
  readonly source: Label;
  /** MP-1 and the rule IDs the measure serves. */
  readonly rules: readonly string[];
}

/** An improvement item for a missed target (rule MP-1: improve). */
export interface PlanImprovement {
  /** The missed measure. */
  readonly measureId: string;
  /** Its metric. */
  readonly metric: PlanMetric;
  /** The policy's action for the metric (`evaluation.improvements`). */
  readonly action: Label;
  /** Why: the actual against the target, e.g. "contacts done 96 < target 120 (80% of the target)". */
  readonly reason: Label;
}

/** How many measures of an evaluation met their target, missed it, or could not be judged. */
export interface PlanEvaluationSummary {
  /** Measures whose target was met. */
  readonly met: number;
  /** Measures whose target was missed (each has an improvement item). */
  readonly missed: number;
  /** Measures without an observation (`met` is `null`). */
  readonly unobserved: number;
}

/** A plan's evaluation (rule MP-1), the body of its `evaluated` event ({@link evaluationToJson}). */
export interface PlanEvaluation {
  /** The moment of the evaluation. */
  readonly asOf: Date;
  /** The plan's measures in their order. */
  readonly measures: readonly PlanMeasureEvaluation[];
  /** One item per missed measure, in measure order. */
  readonly improvements: readonly PlanImprovement[];
  /** How many measures met, missed, or could not be judged. */
  readonly summary: PlanEvaluationSummary;
  /** The rule the evaluation serves: MP-1. */
  readonly rules: readonly string[];
  /** Every unobserved measure and every observation left unused, explained. */
  readonly warnings: readonly string[];
}

/** Options of {@link evaluatePlan}. */
export interface EvaluatePlanOptions {
  /** The moment of the evaluation (recorded in it). */
  readonly asOf: Date;
}

const NOT_OBSERVED: Label = { en: 'not observed', zh: '未观测' };
const HOST_VALUE: Label = { en: 'value given by the host', zh: '由宿主系统提供的数值' };
const METRIC_SET: ReadonlySet<string> = new Set(PLAN_METRICS);
const RATE_METRICS: ReadonlySet<PlanMetric> = new Set([
  'contact-completion-rate',
  'repurchase-rate',
  'campaign-response-rate',
]);

/** A number as a reason shows it: shares as percentages, others with at most four decimals. */
function show(value: number, metric: PlanMetric): string {
  if (RATE_METRICS.has(metric)) return `${Number((value * 100).toFixed(1))}%`;
  return String(Number(value.toFixed(4)));
}

function reasonFor(m: PlanMeasureEvaluation): Label {
  const name = PLAN_METRIC_LABELS[m.metric];
  const op = m.direction === 'at-least' ? '<' : '>';
  const pct = m.target > 0 && m.actual >= 0 ? `${Math.round((m.actual / m.target) * 100)}%` : null;
  const a = show(m.actual, m.metric);
  const t = show(m.target, m.metric);
  return {
    en: `${name.en} ${a} ${op} target ${t}${pct === null ? '' : ` (${pct} of the target)`}`,
    zh: `${name.zh} ${a} ${op} 目标 ${t}${pct === null ? '' : `（达到目标的 ${pct}）`}`,
  };
}

function checkLabel(value: unknown, path: ErrorPath): Label {
  const l = value as Label | null;
  if (l === null || typeof l !== 'object' || typeof l.en !== 'string' || typeof l.zh !== 'string')
    throw invalidInput(path, `${path.join('.')} must be a label { en, zh }`, 'invalid_type');
  return { en: l.en, zh: l.zh };
}

function checkObservation(value: unknown, path: ErrorPath): PlanObservation {
  if (value === null || typeof value !== 'object')
    throw invalidInput(path, 'an observation must be an object { value, source, n? }', 'invalid_type');
  const o = value as PlanObservation;
  if (typeof o.value !== 'number' || o.value === Number.POSITIVE_INFINITY || o.value === Number.NEGATIVE_INFINITY)
    throw invalidInput([...path, 'value'], 'value must be a finite number or NaN', 'invalid_type');
  if (o.n !== undefined && (typeof o.n !== 'number' || !Number.isSafeInteger(o.n) || o.n < 0))
    throw invalidInput([...path, 'n'], 'n must be an integer, 0 or more', 'invalid_type');
  return { value: o.value, source: checkLabel(o.source, [...path, 'source']), n: o.n };
}

/**
 * Evaluates a plan (rule MP-1: evaluate, improve): for each measure, the observation of its metric (for `custom`
 * measures, `observations.custom[measureId]`) against its target: met when `actual ≥ target` (`at-least`) or
 * `actual ≤ target` (`at-most`); unobserved (no observation, or NaN) gives `met: null` and a warning, never a
 * guess. Each missed measure gets an improvement item: the policy's action for its metric and the reason, the
 * actual against the target.
 *
 * @param content - the plan's content (its measures)
 * @param observations - what happened, per metric, with sources (see `observationsFrom`)
 * @param policy - the plan policy (its `evaluation.improvements`); the default policy when `undefined`
 * @param options - `asOf`, recorded in the evaluation
 * @throws KehuValidationError naming the bad field (`['observations', 'revenue', 'value']`, …); KehuPolicyError
 *   for a bad policy
 */
export function evaluatePlan(
  content: PlanContent,
  observations: PlanObservations,
  policy: PlanPolicy | PlanPolicyInput | undefined,
  options: EvaluatePlanOptions,
): PlanEvaluation {
  const asOf = requireAsOf(options);
  const improvementsPolicy = parsePlanPolicy(policy ?? {}).evaluation.improvements;
  if (content === null || typeof content !== 'object' || !Array.isArray(content.measures))
    throw invalidInput(['content', 'measures'], 'content must be a plan content with measures', 'invalid_type');
  if (observations === null || typeof observations !== 'object')
    throw invalidInput(['observations'], 'observations must be an object', 'invalid_type');

  const observed = new Map<PlanMetric, PlanObservation>();
  for (const [key, value] of Object.entries(observations)) {
    if (key === 'custom' || value === undefined) continue;
    if (!METRIC_SET.has(key))
      throw invalidInput(['observations', key], `unknown metric ${JSON.stringify(key)}`, 'invalid_value');
    observed.set(key as PlanMetric, checkObservation(value, ['observations', key]));
  }
  const custom = observations.custom;
  if (custom !== undefined && (custom === null || typeof custom !== 'object'))
    throw invalidInput(['observations', 'custom'], 'custom must be an object of numbers', 'invalid_type');
  for (const [id, v] of Object.entries(custom ?? {}))
    if (typeof v !== 'number' || v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
      throw invalidInput(['observations', 'custom', id], 'must be a finite number or NaN', 'invalid_type');

  const warnings: string[] = [];
  const used = new Set<string>();
  const usedCustom = new Set<string>();
  const measures: PlanMeasureEvaluation[] = content.measures.map((measure, i) => {
    const path = ['content', 'measures', i];
    if (measure === null || typeof measure !== 'object' || !METRIC_SET.has(measure.metric))
      throw invalidInput([...path, 'metric'], 'a measure needs a known metric', 'invalid_value');
    if (typeof measure.target !== 'number' || !Number.isFinite(measure.target))
      throw invalidInput([...path, 'target'], 'target must be a finite number', 'invalid_type');
    const direction = measure.direction ?? 'at-least';
    let actual = Number.NaN;
    let source = NOT_OBSERVED;
    let n: number | null = null;
    if (measure.metric === 'custom') {
      const v = custom?.[measure.id];
      if (v !== undefined) {
        usedCustom.add(measure.id);
        actual = v;
        source = HOST_VALUE;
      }
    } else {
      const o = observed.get(measure.metric);
      if (o !== undefined) {
        used.add(measure.metric);
        actual = o.value;
        source = o.source;
        n = o.n ?? null;
      }
    }
    const unobserved = Number.isNaN(actual);
    if (unobserved)
      warnings.push(
        source === NOT_OBSERVED
          ? `measure ${measure.id} (${measure.metric}): no observation, so it is neither met nor missed (MP-1)`
          : `measure ${measure.id} (${measure.metric}): the observation (${source.en}) is NaN, so it is neither ` +
              'met nor missed (MP-1)',
      );
    const met = unobserved ? null : direction === 'at-least' ? actual >= measure.target : actual <= measure.target;
    const rules = ['MP-1', ...(measure.rules ?? []).filter((r) => r !== 'MP-1')];
    return {
      measureId: measure.id,
      kind: measure.kind,
      metric: measure.metric,
      direction,
      target: measure.target,
      actual,
      met,
      gap: actual - measure.target,
      n,
      source,
      rules,
    };
  });
  for (const metric of observed.keys())
    if (!used.has(metric)) warnings.push(`observation of ${metric} is not used: no measure counts it (MP-1)`);
  for (const id of Object.keys(custom ?? {}))
    if (!usedCustom.has(id)) warnings.push(`custom value for ${id} is not used: no custom measure has that id (MP-1)`);

  const improvements: PlanImprovement[] = measures
    .filter((m) => m.met === false)
    .map((m) => ({
      measureId: m.measureId,
      metric: m.metric,
      action: { en: improvementsPolicy[m.metric].en, zh: improvementsPolicy[m.metric].zh },
      reason: reasonFor(m),
    }));
  const summary = {
    met: measures.filter((m) => m.met === true).length,
    missed: improvements.length,
    unobserved: measures.filter((m) => m.met === null).length,
  };
  return { asOf, measures, improvements, summary, rules: ['MP-1'], warnings };
}

const labelJson = z.strictObject({ en: z.string(), zh: z.string() });
const nullableNumber = z.number().nullable();
const evaluationJsonSchema = z.strictObject({
  asOf: z.iso.datetime({ offset: true }),
  measures: z.array(
    z.strictObject({
      measureId: z.string().min(1),
      kind: z.enum(PLAN_MEASURE_KINDS),
      metric: z.enum(PLAN_METRICS),
      direction: z.enum(['at-least', 'at-most']),
      target: z.number(),
      actual: nullableNumber,
      met: z.boolean().nullable(),
      gap: nullableNumber,
      n: nullableNumber,
      source: labelJson,
      rules: z.array(z.string()),
    }),
  ),
  improvements: z.array(
    z.strictObject({
      measureId: z.string().min(1),
      metric: z.enum(PLAN_METRICS),
      action: labelJson,
      reason: labelJson,
    }),
  ),
  summary: z.strictObject({
    met: z.number().int().min(0),
    missed: z.number().int().min(0),
    unobserved: z.number().int().min(0),
  }),
  rules: z.array(z.string()),
  warnings: z.array(z.string()),
});

const parseEvaluationJson = parserFor(evaluationJsonSchema, 'plan evaluation');

const nanToNull = (x: number): number | null => (Number.isNaN(x) ? null : x);
const nullToNaN = (x: number | null): number => (x === null ? Number.NaN : x);

/**
 * A plan evaluation as plain JSON, the `evaluation` of the plan's `evaluated` event: numbers and strings, NaN as
 * `null`, `asOf` as an ISO-8601 instant. {@link evaluationFromJson} reads it back.
 */
export function evaluationToJson(evaluation: PlanEvaluation): JsonObject {
  return {
    asOf: evaluation.asOf.toISOString(),
    measures: evaluation.measures.map((m) => ({
      measureId: m.measureId,
      kind: m.kind,
      metric: m.metric,
      direction: m.direction,
      target: m.target,
      actual: nanToNull(m.actual),
      met: m.met,
      gap: nanToNull(m.gap),
      n: m.n,
      source: { en: m.source.en, zh: m.source.zh },
      rules: [...m.rules],
    })),
    improvements: evaluation.improvements.map((i) => ({
      measureId: i.measureId,
      metric: i.metric,
      action: { en: i.action.en, zh: i.action.zh },
      reason: { en: i.reason.en, zh: i.reason.zh },
    })),
    summary: { ...evaluation.summary },
    rules: [...evaluation.rules],
    warnings: [...evaluation.warnings],
  };
}

/**
 * Reads a plan evaluation back from its JSON ({@link evaluationToJson}), `null` numbers as NaN.
 *
 * @throws KehuValidationError naming the first bad field
 */
export function evaluationFromJson(json: unknown): PlanEvaluation {
  const j = parseEvaluationJson(json);
  return {
    asOf: new Date(j.asOf),
    measures: j.measures.map((m) => ({ ...m, actual: nullToNaN(m.actual), gap: nullToNaN(m.gap) })),
    improvements: j.improvements,
    summary: j.summary,
    rules: j.rules,
    warnings: j.warnings,
  };
}
