import { idSchema, INT32_RANGE, invalidInput, parserFor } from '@kehu/core';
import * as z from 'zod';
import { definitionVersionSchema, localizedTextSchema } from './survey-definition.js';

type Path = Array<string | number>;

const scaleValue = z.number().int('must be an integer').min(INT32_RANGE.min).max(INT32_RANGE.max);

/** What a metric reports: a top-box share, a mean, a Net Promoter Score, or a Customer Effort Score. */
export const METRIC_KINDS = ['top-box', 'mean', 'nps', 'ces'] as const;
/** A metric kind. */
export type MetricKind = (typeof METRIC_KINDS)[number];

/** A bucket of a metric's scale: the integers `from` to `to`, inclusive. */
export const metricBucketSchema = z.strictObject({
  /** The bucket's name, e.g. `promoters`; unique within the definition. */
  name: idSchema,
  /** The lowest value in the bucket. */
  from: scaleValue,
  /** The highest value in the bucket. */
  to: scaleValue,
  /** The bucket's name for end users. */
  label: localizedTextSchema.optional(),
});

/**
 * A metric definition as versioned data (rule SA-1: the average score and the share of
 * satisfied customers): its integer scale, the bucket of every scale value, which values
 * count as satisfied (the top box), and how missing answers count. A report says which
 * definition and version it used.
 *
 * The schema refuses a definition where some scale value falls in no bucket or in two,
 * a bucket the top box splits, a top box off the scale, an NPS definition without
 * `promoters` and `detractors` buckets, a top box on a mean or NPS metric, and
 * `count-as-not-satisfied` on a metric that is not a share.
 */
export const metricDefinitionSchema = z
  .strictObject({
    /** The definition's id, e.g. `csat`. */
    id: idSchema,
    /** The definition's version. */
    version: definitionVersionSchema,
    /** What the metric reports. */
    kind: z.enum(METRIC_KINDS),
    /** The metric's name for end users. */
    title: localizedTextSchema.optional(),
    /** The integer scale, `min < max`. */
    scale: z
      .strictObject({ min: scaleValue, max: scaleValue })
      .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] }),
    /** Buckets covering every scale value exactly once (required for NPS). */
    buckets: z.array(metricBucketSchema).min(1).max(10_000).optional(),
    /** The values counted as satisfied (top-box and CES metrics), any order, each once; stored ascending. */
    topBox: z
      .array(scaleValue)
      .min(1, 'a top box needs at least one value')
      .max(10_000)
      .transform((values) => [...values].sort((a, b) => a - b))
      .optional(),
    /**
     * How a missing answer counts: `exclude` (it is not in n; the default), or
     * `count-as-not-satisfied` (in n, not satisfied; share metrics only).
     */
    missing: z.enum(['exclude', 'count-as-not-satisfied']).default('exclude'),
  })
  .superRefine((d, ctx) => {
    const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
    const { min, max } = d.scale;
    if (min >= max) return;
    if (d.buckets !== undefined) checkBuckets(d.buckets, min, max, issue);
    const { topBox } = d;
    if (topBox !== undefined) {
      topBox.forEach((v, i) => {
        if (v < min || v > max) issue(['topBox'], `top-box value ${v} is off the scale ${min}-${max}`);
        if (i > 0 && topBox[i - 1] === v) issue(['topBox'], `top-box value ${v} is listed twice`);
      });
      if (topBox.length === max - min + 1 && topBox.every((v, i) => v === min + i))
        issue(['topBox'], 'a top box of every scale value counts everyone satisfied');
      d.buckets?.forEach((b, j) => {
        const inside = countWithin(topBox, b.from, b.to);
        if (inside > 0 && inside < b.to - b.from + 1)
          issue(['buckets', j], `the top box splits bucket ${b.name}: some of ${b.from}-${b.to} are in it, some not`);
      });
    }
    if ((d.kind === 'top-box' || d.kind === 'ces') && topBox === undefined)
      issue(['topBox'], `a ${d.kind} metric needs the values counted as satisfied (topBox)`);
    if ((d.kind === 'mean' || d.kind === 'nps') && topBox !== undefined)
      issue(['topBox'], `a ${d.kind} metric has no top box`);
    if (d.kind === 'nps') {
      const names = new Set(d.buckets?.map((b) => b.name));
      for (const name of ['promoters', 'detractors'])
        if (!names.has(name)) issue(['buckets'], `an NPS metric needs a bucket named ${name}`);
    }
    if (d.missing === 'count-as-not-satisfied' && d.kind !== 'top-box' && d.kind !== 'ces')
      issue(['missing'], `a ${d.kind} metric cannot count a missing answer as not satisfied; use exclude`);
  });

/** How many of the ascending `sorted` values lie in `from`..`to`. */
function countWithin(sorted: readonly number[], from: number, to: number): number {
  let n = 0;
  for (const v of sorted) if (v >= from && v <= to) n += 1;
  return n;
}

/** Checks that the buckets cover `min`..`max` exactly once, without enumerating the values. */
function checkBuckets(
  buckets: readonly MetricBucket[],
  min: number,
  max: number,
  issue: (path: Path, message: string) => void,
): void {
  const names = new Set<string>();
  let valid = true;
  buckets.forEach((b, j) => {
    if (names.has(b.name)) issue(['buckets', j, 'name'], `duplicate bucket name ${JSON.stringify(b.name)}`);
    names.add(b.name);
    if (b.from > b.to) {
      issue(['buckets', j, 'to'], `bucket ${b.name} ends (${b.to}) before it starts (${b.from})`);
      valid = false;
    } else if (b.from < min || b.to > max) {
      issue(['buckets', j], `bucket ${b.name} (${b.from}-${b.to}) reaches off the scale ${min}-${max}`);
      valid = false;
    }
  });
  if (!valid) return;
  const order = buckets.map((b, j) => ({ ...b, j })).sort((a, b) => a.from - b.from || a.j - b.j);
  // `next` is the lowest value no bucket so far covers; `last` is the bucket that reaches furthest.
  let next = min;
  let last: (typeof order)[number] | undefined;
  for (const b of order) {
    if (b.from > next) issue(['buckets'], `${range(next, b.from - 1)} in no bucket`);
    else if (b.from < next && last !== undefined)
      issue(['buckets', b.j], `${range(b.from, Math.min(b.to, next - 1))} in two buckets: ${last.name} and ${b.name}`);
    if (b.to + 1 > next) {
      next = b.to + 1;
      last = b;
    }
  }
  if (next <= max) issue(['buckets'], `${range(next, max)} in no bucket`);
}

function range(from: number, to: number): string {
  return from === to ? `the value ${from} falls` : `the values ${from}-${to} fall`;
}

/** A bucket of a metric's scale. */
export type MetricBucket = z.output<typeof metricBucketSchema>;
/** A metric definition with defaults applied. */
export type MetricDefinition = z.output<typeof metricDefinitionSchema>;
/** What {@link parseMetricDefinition} accepts. */
export type MetricDefinitionInput = z.input<typeof metricDefinitionSchema>;

const parse = parserFor(metricDefinitionSchema, 'metric definition');
const parsed = new WeakSet<object>();

/**
 * Validates a metric definition: throws `KehuValidationError` with the path of the first
 * bad field. The result is frozen; a definition this function returned is passed through.
 */
export function parseMetricDefinition(input: unknown): MetricDefinition {
  if (typeof input === 'object' && input !== null && parsed.has(input)) return input as MetricDefinition;
  const definition = parse(input);
  Object.freeze(definition.scale);
  Object.freeze(definition.topBox);
  for (const b of definition.buckets ?? []) {
    Object.freeze(b.label);
    Object.freeze(b);
  }
  Object.freeze(definition.buckets);
  Object.freeze(definition.title);
  Object.freeze(definition);
  parsed.add(definition);
  return definition;
}

/**
 * The bucket of `value` under `definition` (rule SA-1): exactly one for every value of the
 * scale. A value off the scale, not an integer (6.5) or not a number is refused with a
 * `KehuValidationError`, never left uncounted.
 *
 * A definition without buckets puts a value in `top-box` or `rest` (the run of consecutive
 * values on the same side of the top box that holds it) when it has a top box, and in a
 * bucket of its own (named after the value) when it has none.
 */
export function bucketOf(value: number, definition: MetricDefinition | MetricDefinitionInput): MetricBucket {
  const d = parseMetricDefinition(definition);
  const { min, max } = d.scale;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidInput([], `a score must be a finite number, got ${String(value)}`, 'invalid_type');
  if (!Number.isInteger(value))
    throw invalidInput([], `a score on the integer scale ${min}-${max} must be an integer, got ${value}`);
  if (value < min || value > max)
    throw invalidInput([], `the score ${value} is off the scale ${min}-${max} of metric ${d.id}`);
  if (d.buckets !== undefined) {
    const found = d.buckets.find((b) => value >= b.from && value <= b.to);
    // The schema guarantees a bucket for every scale value.
    if (found !== undefined) return found;
  }
  if (d.topBox === undefined) return { name: String(value), from: value, to: value };
  const inTop = (v: number) => d.topBox?.includes(v) ?? false;
  const top = inTop(value);
  let from = value;
  let to = value;
  while (from > min && inTop(from - 1) === top) from -= 1;
  while (to < max && inTop(to + 1) === top) to += 1;
  return { name: top ? 'top-box' : 'rest', from, to };
}

/** Whether `value` counts as satisfied under `definition` (in its top box); validated like {@link bucketOf}. */
export function isTopBox(value: number, definition: MetricDefinition | MetricDefinitionInput): boolean {
  const d = parseMetricDefinition(definition);
  bucketOf(value, d);
  return d.topBox?.includes(value) ?? false;
}

/** The default metric definitions, by name. */
export interface DefaultMetrics {
  /** CSAT: the top-2-box share on 1-5. */
  readonly csat: MetricDefinition;
  /** NPS on 0-10. */
  readonly nps: MetricDefinition;
  /** CES on 1-7 with agreeing 5-7. */
  readonly ces: MetricDefinition;
  /** The average score on 1-5. */
  readonly average: MetricDefinition;
}

/**
 * Kehu's default metric definitions (rule SA-1: the average score and the share of satisfied
 * customers):
 * - `csat`: the share of top-2-box answers, 4 and 5 on 1-5 (top-box scoring: J. Sauro and
 *   J. R. Lewis, *Quantifying the User Experience*, 2nd ed., 2016).
 * - `nps`: 0-10, promoters 9-10, passives 7-8, detractors 0-6 (F. F. Reichheld, "The One
 *   Number You Need to Grow", *Harvard Business Review*, December 2003).
 * - `ces`: Customer Effort Score 2.0 on 1-7 ("the company made it easy for me to handle my
 *   issue"), agreeing 5-7 (M. Dixon, N. Toman and R. DeLisi, *The Effortless Experience*, 2013).
 * - `average`: the mean score on 1-5.
 *
 * Missing answers are excluded from every default.
 */
export const DEFAULT_METRICS: DefaultMetrics = Object.freeze({
  csat: parseMetricDefinition({
    id: 'csat',
    version: 1,
    kind: 'top-box',
    title: { en: 'Customer satisfaction (top-2-box)', zh: '客户满意率（前两项）' },
    scale: { min: 1, max: 5 },
    buckets: [
      { name: 'not-satisfied', from: 1, to: 3, label: { en: 'Not satisfied', zh: '不满意' } },
      { name: 'satisfied', from: 4, to: 5, label: { en: 'Satisfied', zh: '满意' } },
    ],
    topBox: [4, 5],
  }),
  nps: parseMetricDefinition({
    id: 'nps',
    version: 1,
    kind: 'nps',
    title: { en: 'Net Promoter Score', zh: '净推荐值' },
    scale: { min: 0, max: 10 },
    buckets: [
      { name: 'detractors', from: 0, to: 6, label: { en: 'Detractors', zh: '贬损者' } },
      { name: 'passives', from: 7, to: 8, label: { en: 'Passives', zh: '被动者' } },
      { name: 'promoters', from: 9, to: 10, label: { en: 'Promoters', zh: '推荐者' } },
    ],
  }),
  ces: parseMetricDefinition({
    id: 'ces',
    version: 1,
    kind: 'ces',
    title: { en: 'Customer Effort Score', zh: '客户费力度' },
    scale: { min: 1, max: 7 },
    buckets: [
      { name: 'disagreeing', from: 1, to: 3, label: { en: 'Disagree', zh: '不同意' } },
      { name: 'neutral', from: 4, to: 4, label: { en: 'Neutral', zh: '中立' } },
      { name: 'agreeing', from: 5, to: 7, label: { en: 'Agree', zh: '同意' } },
    ],
    topBox: [5, 6, 7],
  }),
  average: parseMetricDefinition({
    id: 'average',
    version: 1,
    kind: 'mean',
    title: { en: 'Average score', zh: '平均分' },
    scale: { min: 1, max: 5 },
  }),
});
