import { invalidInput, type Label, policyParserFor, requireAsOf } from '@kehu/core';
import * as z from 'zod';
import { DIMENSIONS, type Dimension } from './dimensions.js';
import type { Estimate, Interval, SatisfactionWarning } from './estimate.js';
import { type Quarter, quarterLabel } from './quarter.js';

/**
 * The departments of the default policy, with English and Simplified Chinese labels. A host
 * names its own departments in the policy (`departments`, `departmentLabels`).
 */
export const DEFAULT_DEPARTMENT_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  'customer-service': { en: 'Customer service', zh: '客户服务部' },
  'technical-support': { en: 'Technical support', zh: '技术支持部' },
  training: { en: 'Training', zh: '培训部' },
  'account-management': { en: 'Account management', zh: '客户经理团队' },
  product: { en: 'Product', zh: '产品部' },
  quality: { en: 'Quality', zh: '质量管理部' },
  sales: { en: 'Sales', zh: '销售部' },
});

/**
 * The responsible department of each dimension in the default policy (rule SA-5). The
 * rules name no departments; this map is Kehu's default:
 *
 * | dimension | department |
 * | --- | --- |
 * | `response-speed`, `attitude`, `service` | `customer-service` |
 * | `problem-solving` | `technical-support` |
 * | `expertise`, `communication` | `training` |
 * | `continuity` | `account-management` |
 * | `innovation` | `product` |
 * | `product-quality` | `quality` |
 * | `price` | `sales` |
 */
export const DEFAULT_DEPARTMENTS: Readonly<Record<Dimension, string>> = Object.freeze({
  'product-quality': 'quality',
  service: 'customer-service',
  price: 'sales',
  'response-speed': 'customer-service',
  attitude: 'customer-service',
  'problem-solving': 'technical-support',
  expertise: 'training',
  communication: 'training',
  continuity: 'account-management',
  innovation: 'product',
});

const keySchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as response-speed');
const labelSchema = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });

/**
 * Which indicators produce improvement items and for whom (rule SA-5: results go back to the
 * departments responsible as improvement actions), plain JSON data with defaults:
 *
 * - `departments`: the responsible department of each indicator ({@link DEFAULT_DEPARTMENTS}:
 *   the seven SA-3 indicators and the three SA-1 dimensions); a host adds its own indicators;
 * - `departmentLabels`: labels of the departments ({@link DEFAULT_DEPARTMENT_LABELS}; a
 *   department without one is shown by its id);
 * - `targets`: the target mean per indicator; an indicator not listed has `defaultTarget`;
 * - `defaultTarget`: 4.0 ("satisfied" on a five-point scale);
 * - `scale`: the scale of the means, default 1-5; every target and mean must lie on it;
 * - `priority.highGap`: the gap (target minus mean, in scale points) from which an item is
 *   urgent, default 0.5. An item is `high` when its interval lies wholly below the target
 *   (`confirmed`) and the gap is at least `highGap`; `medium` when only one of the two
 *   holds; `low` otherwise (the mean is below target but the interval reaches it).
 *
 * The rules give no targets, departments or priorities: all of these are Kehu's defaults.
 */
export const improvementPolicySchema = z
  .strictObject({
    /** The responsible department of each indicator. */
    departments: z.record(keySchema, keySchema).default(() => ({ ...DEFAULT_DEPARTMENTS })),
    /** Labels of the departments, in English and Simplified Chinese. */
    departmentLabels: z.record(keySchema, labelSchema).default(() => structuredClone(DEFAULT_DEPARTMENT_LABELS)),
    /** Target means per indicator; the others have `defaultTarget`. */
    targets: z.record(keySchema, z.number().finite()).default(() => ({})),
    /** The target of an indicator not in `targets`. */
    defaultTarget: z.number().finite().default(4),
    /** The scale of the means. */
    scale: z
      .strictObject({ min: z.number().finite(), max: z.number().finite() })
      .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] })
      .default({ min: 1, max: 5 }),
    /** How items are prioritised. */
    priority: z
      .strictObject({
        /** The gap (scale points) from which a confirmed shortfall is `high`. */
        highGap: z.number().finite().positive().default(0.5),
      })
      .default({ highGap: 0.5 }),
  })
  .superRefine((p, ctx) => {
    const onScale = (t: number) => t >= p.scale.min && t <= p.scale.max;
    const off = (t: number) => `target ${t} is off the scale ${p.scale.min}-${p.scale.max}`;
    if (!onScale(p.defaultTarget))
      ctx.addIssue({ code: 'custom', path: ['defaultTarget'], message: off(p.defaultTarget) });
    for (const [k, t] of Object.entries(p.targets)) {
      if (!onScale(t)) ctx.addIssue({ code: 'custom', path: ['targets', k], message: off(t) });
      if (!Object.hasOwn(p.departments, k))
        ctx.addIssue({ code: 'custom', path: ['targets', k], message: `indicator ${k} has no department` });
    }
  });

/** An improvement policy with defaults applied. */
export type ImprovementPolicy = z.output<typeof improvementPolicySchema>;
/** What {@link parseImprovementPolicy} accepts. */
export type ImprovementPolicyInput = z.input<typeof improvementPolicySchema>;

const parseImprovementPolicyInput = policyParserFor(improvementPolicySchema, 'improvement policy');

/** Validates an improvement policy and applies the defaults; throws `KehuValidationError` with the bad field's path. */
export function parseImprovementPolicy(input: unknown = {}): ImprovementPolicy {
  return parseImprovementPolicyInput(input);
}

/** The mean of one indicator as an {@link Estimate} (only `estimate`, `n`, `ci` and `warnings` are read). */
export type IndicatorMean = Pick<Estimate, 'estimate' | 'n' | 'ci'> & Partial<Pick<Estimate, 'warnings'>>;

/**
 * Whether a shortfall is sure: `confirmed` when the whole interval lies below the target,
 * `possible` when the mean is below the target but the interval reaches it (or cannot be
 * computed).
 */
export type ShortfallStatus = 'confirmed' | 'possible';
/** How urgent an improvement item is (see {@link improvementPolicySchema} for the rule). */
export type ImprovementPriority = 'high' | 'medium' | 'low';

/** Labels of {@link ShortfallStatus}, in English and Simplified Chinese. */
export const SHORTFALL_STATUS_LABELS: Readonly<Record<ShortfallStatus, Label>> = {
  confirmed: { en: 'Below target (confirmed)', zh: '低于目标（已确认）' },
  possible: { en: 'Possibly below target', zh: '可能低于目标' },
};

/** Labels of {@link ImprovementPriority}, in English and Simplified Chinese. */
export const IMPROVEMENT_PRIORITY_LABELS: Readonly<Record<ImprovementPriority, Label>> = {
  high: { en: 'High', zh: '高' },
  medium: { en: 'Medium', zh: '中' },
  low: { en: 'Low', zh: '低' },
};

/** An improvement item for the department responsible for an indicator below target (rule SA-5). */
export interface ImprovementItem {
  /** A stable id: the quarter and the indicator, e.g. `2026-Q1:response-speed`. */
  id: string;
  /** The indicator. */
  indicator: string;
  /** The indicator's label (the dimension's, or the id for a host's own indicator). */
  indicatorLabel: Label;
  /** The responsible department. */
  department: string;
  /** The department's label. */
  departmentLabel: Label;
  /** The quarter evaluated, e.g. `2026-Q1`. */
  quarter: string;
  /** When the item was raised (`asOf`). */
  raisedAt: Date;
  /** The target mean. */
  target: number;
  /** The indicator's mean. */
  estimate: number;
  /** Its sample size. */
  n: number;
  /** Its interval. */
  ci: Interval;
  /** Target minus mean, in scale points (positive). */
  gap: number;
  /** Whether the interval lies wholly below the target. */
  status: ShortfallStatus;
  /** The status's label. */
  statusLabel: Label;
  /** How urgent the item is. */
  priority: ImprovementPriority;
  /** The priority's label. */
  priorityLabel: Label;
  /** The warnings of the mean (small sample and so on), as given. */
  warnings: SatisfactionWarning[];
  /** What happened, in English, with the numbers. */
  explanation: string;
  /** The rule ids behind the item: `SA-5`, and the rule of the indicator (`SA-3` or `SA-1`) when known. */
  rules: string[];
}

/** Improvement items of one quarter, with the indicators that met their target and those without data. */
export interface ImprovementReport {
  /** The quarter, e.g. `2026-Q1`. */
  quarter: string;
  /** The items, highest priority first, then the largest gap, then the indicator id. */
  items: ImprovementItem[];
  /** Indicators whose mean is at or above target, sorted. */
  met: string[];
  /** Indicators whose mean is NaN (no data): neither met nor below target, sorted. */
  unmeasured: string[];
  /** The rule ids behind the report. */
  rules: string[];
}

/** Options of {@link improvementItems}. */
export interface ImprovementOptions {
  /** When the items are raised (required; nothing reads the clock). */
  asOf: Date;
  /** The quarter the means belong to. */
  quarter: Quarter;
}

const PRIORITY_ORDER: Record<ImprovementPriority, number> = { high: 0, medium: 1, low: 2 };

function checkQuarter(q: unknown): Quarter {
  const ok =
    typeof q === 'object' &&
    q !== null &&
    Number.isInteger((q as Quarter).year) &&
    [1, 2, 3, 4].includes((q as Quarter).quarter);
  if (!ok) throw invalidInput(['quarter'], 'quarter must be { year, quarter: 1 to 4 }', 'invalid_type');
  return q as Quarter;
}

function checkMean(m: unknown, indicator: string, scale: { min: number; max: number }): IndicatorMean {
  const path = (...rest: string[]) => [indicator, ...rest];
  if (typeof m !== 'object' || m === null) throw invalidInput(path(), 'expected an estimate', 'invalid_type');
  const { estimate, n, ci, warnings } = m as Record<string, unknown>;
  if (typeof estimate !== 'number' || (!Number.isFinite(estimate) && !Number.isNaN(estimate)))
    throw invalidInput(path('estimate'), 'estimate must be a finite number, or NaN for no data', 'invalid_type');
  if (!Number.isNaN(estimate) && (estimate < scale.min || estimate > scale.max))
    throw invalidInput(path('estimate'), `estimate ${estimate} is off the scale ${scale.min}-${scale.max}`);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw invalidInput(path('n'), 'n must be a non-negative whole number', 'invalid_type');
  if (typeof ci !== 'object' || ci === null) throw invalidInput(path('ci'), 'expected an interval', 'invalid_type');
  const { lower, upper, level } = ci as Record<string, unknown>;
  if (typeof lower !== 'number') throw invalidInput(path('ci', 'lower'), 'lower must be a number', 'invalid_type');
  if (typeof upper !== 'number') throw invalidInput(path('ci', 'upper'), 'upper must be a number', 'invalid_type');
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(path('ci', 'level'), 'level must be a number between 0 and 1', 'invalid_type');
  if (lower > upper) throw invalidInput(path('ci', 'upper'), 'upper must not be below lower');
  if (warnings !== undefined && !Array.isArray(warnings))
    throw invalidInput(path('warnings'), 'warnings must be an array when given', 'invalid_type');
  return m as IndicatorMean;
}

/** The explanation of an item, in English, with the numbers. */
function explain(indicator: string, m: IndicatorMean, ci: Interval, gap: number, target: number, s: ShortfallStatus) {
  const interval =
    Number.isNaN(ci.lower) || Number.isNaN(ci.upper)
      ? 'no interval'
      : `${+(ci.level * 100).toFixed(6)}% interval ${ci.lower.toFixed(2)} to ${ci.upper.toFixed(2)}`;
  const verdict =
    s === 'confirmed'
      ? 'the whole interval is below the target'
      : Number.isNaN(ci.upper)
        ? 'without an interval the shortfall is not confirmed'
        : 'the interval reaches the target';
  const mean = `${indicator} mean ${m.estimate.toFixed(2)} (n = ${m.n}, ${interval})`;
  return `${mean} is ${gap.toFixed(2)} below the target ${target}; ${verdict}`;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The improvement items of a quarter (rule SA-5): one for each indicator whose mean is below
 * its target, for the department the policy makes responsible, with the gap, the interval
 * and whether the interval lies wholly below the target (`confirmed`) or reaches it
 * (`possible`: the shortfall may be noise; with a small sample it usually is).
 *
 * The result does not depend on the order of the keys of `indicatorMeans`; the input is not
 * mutated.
 *
 * @param indicatorMeans - the mean of each indicator on the policy's scale (e.g. `averageScore` of its scores)
 * @param policy - an {@link ImprovementPolicyInput} (defaults: target 4.0 on 1-5, {@link DEFAULT_DEPARTMENTS})
 * @param options - `asOf`, `quarter`
 * @throws KehuValidationError for a bad policy, an indicator without a department, a mean off the scale or a
 *   malformed estimate (path `[indicator, field]`), a bad `quarter` or `asOf`
 */
export function improvementItems(
  indicatorMeans: Readonly<Record<string, IndicatorMean>>,
  policy: ImprovementPolicyInput | undefined,
  options: ImprovementOptions,
): ImprovementReport {
  const asOf = requireAsOf(options);
  const quarter = quarterLabel(checkQuarter(options.quarter));
  const p = parseImprovementPolicy(policy ?? {});
  if (typeof indicatorMeans !== 'object' || indicatorMeans === null || Array.isArray(indicatorMeans))
    throw invalidInput([], 'indicatorMeans must be an object keyed by indicator', 'invalid_type');
  const items: ImprovementItem[] = [];
  const met: string[] = [];
  const unmeasured: string[] = [];
  for (const indicator of Object.keys(indicatorMeans).sort(byCodePoint)) {
    if (!Object.hasOwn(p.departments, indicator))
      throw invalidInput([indicator], `the improvement policy names no department for indicator ${indicator}`);
    const m = checkMean(indicatorMeans[indicator], indicator, p.scale);
    if (Number.isNaN(m.estimate)) {
      unmeasured.push(indicator);
      continue;
    }
    const target = Object.hasOwn(p.targets, indicator) ? (p.targets[indicator] as number) : p.defaultTarget;
    if (m.estimate >= target) {
      met.push(indicator);
      continue;
    }
    const gap = target - m.estimate;
    const status: ShortfallStatus = m.ci.upper < target ? 'confirmed' : 'possible';
    const large = gap >= p.priority.highGap;
    const priority: ImprovementPriority =
      status === 'confirmed' && large ? 'high' : status === 'confirmed' || large ? 'medium' : 'low';
    const department = p.departments[indicator] as string;
    const dimension = Object.hasOwn(DIMENSIONS, indicator) ? DIMENSIONS[indicator as Dimension] : undefined;
    const ci = { lower: m.ci.lower, upper: m.ci.upper, level: m.ci.level };
    items.push({
      id: `${quarter}:${indicator}`,
      indicator,
      indicatorLabel: dimension?.label ?? { en: indicator, zh: indicator },
      department,
      departmentLabel: p.departmentLabels[department] ?? { en: department, zh: department },
      quarter,
      raisedAt: new Date(asOf.getTime()),
      target,
      estimate: m.estimate,
      n: m.n,
      ci,
      gap,
      status,
      statusLabel: SHORTFALL_STATUS_LABELS[status],
      priority,
      priorityLabel: IMPROVEMENT_PRIORITY_LABELS[priority],
      warnings: (m.warnings ?? []).map((w) => ({ ...w })),
      explanation: explain(indicator, m, ci, gap, target, status),
      rules: dimension === undefined ? ['SA-5'] : ['SA-5', dimension.rule],
    });
  }
  items.sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || b.gap - a.gap || byCodePoint(a.indicator, b.indicator),
  );
  return { quarter, items, met, unmeasured, rules: ['SA-5'] };
}
