import * as z from 'zod';
import type { ErrorPath } from './errors.js';
import { parserFor } from './parse.js';
import { textSchema } from './text.js';
import type { ReportChart, ReportModel } from './report-model.js';

/** Ids of sections and charts become HTML ids and link targets: letters, digits and `-` only. */
const ID_PATTERN = /^[A-Za-z0-9-]+$/;

/** A text of the model: a non-empty, storable string (see `textSchema`). */
const text = textSchema.min(1).max(4_000);

/** A text in English and Simplified Chinese, both given. */
const bilingualSchema = z.strictObject({ en: text, zh: text });

/** A unit may be empty in both languages for a pure number (e.g. a score); then the axis shows no parentheses. */
const unitSchema = z.strictObject({ en: textSchema.max(200), zh: textSchema.max(200) });

const axisSchema = z.strictObject({ label: bilingualSchema, unit: unitSchema });

/** A value: a finite number or `null` for no value (zod refuses NaN and the infinities). */
const valueSchema = z.number().nullable();

const idSchema = textSchema
  .min(1)
  .max(100)
  .regex(ID_PATTERN, 'an id has letters, digits and "-" only (it becomes an HTML id)');

const seriesSchema = z.strictObject({
  name: bilingualSchema,
  values: z.array(valueSchema),
  exact: z.array(textSchema.max(200).nullable()).optional(),
  lower: z.array(valueSchema).optional(),
  upper: z.array(valueSchema).optional(),
});

const chartBase = {
  id: idSchema,
  title: bilingualSchema,
  description: bilingualSchema.optional(),
  rules: z.array(textSchema.min(1).max(40)),
  notes: z.array(bilingualSchema).optional(),
};

type Issue = (path: ErrorPath, message: string) => void;

/** Reports an issue at `path` below the value being refined. */
function issuer(ctx: z.RefinementCtx): Issue {
  return (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message });
}

/** Checks the series of a bar or line chart against its categories: one value (and exact, lower, upper) each. */
function checkSeries(chart: { categories: unknown[]; series: z.output<typeof seriesSchema>[] }, issue: Issue): void {
  const n = chart.categories.length;
  chart.series.forEach((s, i) => {
    for (const field of ['values', 'exact', 'lower', 'upper'] as const) {
      const column = s[field];
      if (column !== undefined && column.length !== n)
        issue(['series', i, field], `has ${column.length} entries for ${n} categories; give one per category`);
    }
    if ((s.lower === undefined) !== (s.upper === undefined)) {
      const missing = s.lower === undefined ? 'lower' : 'upper';
      issue(['series', i, missing], 'an interval needs both lower and upper');
    }
    if (s.lower === undefined || s.upper === undefined) return;
    for (let j = 0; j < Math.min(n, s.lower.length, s.upper.length); j++) {
      const low = s.lower[j];
      const high = s.upper[j];
      if (low != null && high != null && low > high)
        issue(['series', i, 'lower', j], `the lower end ${low} is above the upper end ${high}`);
    }
  });
}

/** The fields bar and line charts share: two axes, the categories and a series of values per category. */
const categoryChartBase = {
  ...chartBase,
  x: axisSchema,
  y: axisSchema,
  categories: z.array(bilingualSchema).min(1, 'a chart needs at least one category (leave an empty chart out)'),
  series: z.array(seriesSchema).min(1, 'a chart needs at least one series (leave an empty chart out)'),
};

const barSchema = z
  .strictObject({ ...categoryChartBase, kind: z.literal('bar'), stacked: z.boolean().optional() })
  .superRefine((chart, ctx) => checkSeries(chart, issuer(ctx)));

const lineSchema = z
  .strictObject({
    ...categoryChartBase,
    kind: z.literal('line'),
    references: z.array(z.strictObject({ label: bilingualSchema, value: z.number() })).optional(),
  })
  .superRefine((chart, ctx) => checkSeries(chart, issuer(ctx)));

const shareSchema = z.number().min(0).max(1);
const paretoPointSchema = z.strictObject({ share: shareSchema, valueShare: shareSchema });

const paretoSchema = z
  .strictObject({
    ...chartBase,
    kind: z.literal('pareto'),
    x: axisSchema,
    y: axisSchema,
    points: z.array(paretoPointSchema).min(2, 'a Pareto curve needs at least two points'),
    marker: z.strictObject({ share: shareSchema, valueShare: shareSchema, label: bilingualSchema }),
  })
  .superRefine((chart, ctx) => {
    const issue = issuer(ctx);
    for (let i = 1; i < chart.points.length; i++) {
      const before = chart.points[i - 1]!.share;
      const share = chart.points[i]!.share;
      if (share < before) issue(['points', i, 'share'], `points go in ascending share: ${share} comes after ${before}`);
    }
  });

const heatmapSchema = z
  .strictObject({
    ...chartBase,
    kind: z.literal('heatmap'),
    x: axisSchema,
    y: axisSchema,
    value: axisSchema,
    columns: z.array(bilingualSchema).min(1, 'a heat map needs at least one column (leave an empty chart out)'),
    rows: z.array(bilingualSchema).min(1, 'a heat map needs at least one row (leave an empty chart out)'),
    cells: z.array(z.array(valueSchema)),
  })
  .superRefine((chart, ctx) => {
    const issue = issuer(ctx);
    if (chart.cells.length !== chart.rows.length)
      issue(['cells'], `has ${chart.cells.length} rows for ${chart.rows.length} row heads; give one per row`);
    chart.cells.forEach((row, r) => {
      if (row.length !== chart.columns.length)
        issue(['cells', r], `has ${row.length} cells for ${chart.columns.length} columns; give one per column`);
    });
  });

/** The zod schema of a {@link ReportChart}, discriminated by `kind`. */
export const reportChartSchema = z.discriminatedUnion('kind', [barSchema, lineSchema, paretoSchema, heatmapSchema]);

const factSchema = z.strictObject({ label: bilingualSchema, value: textSchema.max(200) });

const sectionSchema = z.strictObject({
  id: idSchema,
  title: bilingualSchema,
  rules: z.array(textSchema.min(1).max(40)),
  facts: z.array(factSchema),
  charts: z.array(reportChartSchema),
  notes: z.array(bilingualSchema),
});

/** True when `zone` is an IANA time zone this JavaScript engine knows. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An instant as ISO-8601 with `Z` (no offset, no local time). */
const instantSchema = z.iso.datetime({ message: 'an instant is ISO-8601 with Z, e.g. 2026-03-31T16:00:00Z' });

/** The zod schema of a {@link ReportModel}, with the cross-checks {@link parseReportModel} describes. */
export const reportModelSchema = z
  .strictObject({
    title: bilingualSchema,
    asOf: instantSchema,
    previousAsOf: instantSchema.optional(),
    timeZone: textSchema
      .min(1)
      .refine(isTimeZone, { message: 'not an IANA time zone this runtime knows (e.g. Asia/Shanghai)' }),
    sections: z.array(sectionSchema),
  })
  .superRefine((model, ctx) => {
    if (model.previousAsOf !== undefined && Date.parse(model.previousAsOf) >= Date.parse(model.asOf))
      ctx.addIssue({ code: 'custom', path: ['previousAsOf'], message: 'previousAsOf must be before asOf' });
    // Sections and figures share one HTML id space: a link or a figure id must name one element.
    const seen = new Map<string, ErrorPath>();
    const claim = (id: string, path: ErrorPath): void => {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, path);
      else
        ctx.addIssue({ code: 'custom', path: [...path], message: `id "${id}" is used already at ${first.join('.')}` });
    };
    model.sections.forEach((section, s) => {
      claim(section.id, ['sections', s, 'id']);
      section.charts.forEach((chart, c) => claim(chart.id, ['sections', s, 'charts', c, 'id']));
    });
  });

const parseModel = parserFor(reportModelSchema, 'report model');
const parseChart = parserFor(reportChartSchema, 'report chart');

/**
 * Validates a report model. Beyond the shapes of {@link ReportModel} it checks that every series has one value per
 * category (and so its `exact`, `lower` and `upper`), that an interval has both ends with the lower not above the
 * upper, that heat map cells are rows × columns, that section and chart ids are unique in the report and made of
 * letters, digits and `-`, that every number is finite or `null`, that Pareto points go in ascending share within
 * 0..1, that `previousAsOf` is before `asOf`, and that the time zone is a known IANA zone. Charts need at least one
 * category and series (a heat map one row and column, a Pareto curve two points): a section without data has no
 * chart and says why in its notes.
 *
 * @param input - the model as JSON data
 * @returns the model, unchanged
 * @throws KehuValidationError whose `path` names the first bad field (e.g.
 *   `['sections', 0, 'charts', 1, 'series', 0, 'values']`) and whose `issues` list every problem
 */
export function parseReportModel(input: unknown): ReportModel {
  return parseModel(input);
}

/**
 * Validates one chart as {@link parseReportModel} validates the charts of a model.
 *
 * @throws KehuValidationError whose `path` names the first bad field below the chart
 */
export function parseReportChart(input: unknown): ReportChart {
  return parseChart(input);
}
