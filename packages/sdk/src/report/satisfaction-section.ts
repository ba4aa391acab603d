import type { SurveyResponse } from '@kehu/core';
import type { Label, ReportChart, ReportLineChart, ReportSection } from '@kehu/core';
import {
  DEFAULT_METRICS,
  parseSurveyDefinition,
  quarterBounds,
  quarterLabel,
  quarterOf,
  quarterOfSerial,
  quarterSerial,
  SMALL_SAMPLE,
  validateResponses,
  type Estimate,
  type SurveyDefinition,
} from '@kehu/satisfaction';
import { figures, type QuarterFigures } from '../satisfaction.js';
import { UNITS } from './labels.js';
import type { ReportInputs, ReportReaders, ReportSectionBuilder } from './section.js';

/** The section's heading. */
const TITLE: Label = { en: 'Satisfaction', zh: '客户满意度' };
/** The rules the section reports on: the survey's figures (SA-1) followed quarter by quarter (SA-4). */
const RULES = ['SA-1', 'SA-4'];
const QUARTER_AXIS = { label: { en: 'Quarter answered', zh: '答卷季度' }, unit: { en: 'quarter', zh: '季度' } };

/** A number for the chart, `null` when the estimate has none (NaN is never drawn as 0). */
const value = (x: number): number | null => (Number.isFinite(x) ? x : null);
const fixed = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
/** A text of a definition whose languages are optional, each missing one taken from `fallback`. */
const both = (text: { en?: string; zh?: string } | undefined, fallback: Label): Label => ({
  en: text?.en ?? fallback.en,
  zh: text?.zh ?? fallback.zh,
});

/**
 * Every quarter from the quarter of `inputs.from` to that of `asOf` with its responses to `survey`: read once from
 * the store (answered from the first quarter's start up to `asOf`), validated against the survey and grouped by the
 * quarter of their answer in the report's zone. Each quarter's figures are computed by the function and on the
 * bounds `kehu.satisfaction.report` uses for its quarter, so the last one equals that report's `current`.
 */
async function quarterRows(
  readers: ReportReaders,
  inputs: ReportInputs,
  survey: SurveyDefinition,
  questions: { overall: string; recommend: string },
  level: number,
): Promise<QuarterFigures[]> {
  const zone = inputs.timeZone;
  const first = quarterSerial(quarterOf(new Date(Math.min(inputs.from.getTime(), inputs.asOf.getTime())), zone));
  const last = quarterSerial(quarterOf(inputs.asOf, zone));
  const start = quarterBounds(quarterOfSerial(first), zone).start;
  const end = new Date(inputs.asOf.getTime() + 1);
  const byQuarter = new Map<number, SurveyResponse[]>();
  const read: SurveyResponse[] = [];
  for await (const r of readers.surveys.stream({ surveyId: survey.id, from: start, to: end })) read.push(r);
  for (const r of validateResponses(read, survey)) {
    const serial = quarterSerial(quarterOf(r.answeredAt, zone));
    const list = byQuarter.get(serial);
    if (list === undefined) byQuarter.set(serial, [r]);
    else list.push(r);
  }
  const rows: QuarterFigures[] = [];
  for (let serial = first; serial <= last; serial++) {
    const responses = byQuarter.get(serial) ?? [];
    rows.push(figures(quarterLabel(quarterOfSerial(serial)), responses, survey, questions, level).figures);
  }
  return rows;
}

/** A line chart of one figure per quarter with its interval band; quarters without an interval get null bands. */
function trendChart(
  id: string,
  rows: readonly QuarterFigures[],
  pick: (row: QuarterFigures) => Estimate,
  spec: { title: Label; name: Label; y: ReportLineChart['y']; level: number; unit: string },
): ReportLineChart {
  const estimates = rows.map(pick);
  const empty = rows.filter((_, i) => estimates[i]!.n === 0).map((r) => r.quarter);
  const narrow = rows.filter((_, i) => estimates[i]!.n > 0 && !Number.isFinite(estimates[i]!.ci.lower));
  const small = rows.filter((_, i) => estimates[i]!.n < SMALL_SAMPLE && Number.isFinite(estimates[i]!.ci.lower));
  const lastIndex = estimates.length - 1;
  const latest = estimates[lastIndex]!;
  const percent = Math.round(spec.level * 100);
  const notes: Label[] = [];
  if (empty.length > 0)
    notes.push({
      en: `No answers in ${empty.join(', ')}: no value and no interval there.`,
      zh: `${empty.join('、')} 无答卷：没有数值，也没有置信区间。`,
    });
  if (narrow.length > 0) {
    const quarters = narrow.map((r) => `${r.quarter} (n = ${pick(r).n})`).join(', ');
    notes.push({
      en: `Too few answers for an interval in ${quarters}: the value is shown without its band.`,
      zh: `${quarters} 答卷太少，无法计算置信区间：仅显示数值，不显示区间。`,
    });
  }
  if (small.length > 0) {
    const quarters = small.map((r) => `${r.quarter} (n = ${pick(r).n})`).join(', ');
    notes.push({
      en: `Fewer than ${SMALL_SAMPLE} answers in ${quarters}: the interval is wide; read the change with care.`,
      zh: `${quarters} 答卷少于 ${SMALL_SAMPLE} 份：区间较宽，解读变化需谨慎。`,
    });
  }
  const reading = Number.isFinite(latest.estimate)
    ? {
        en:
          `${rows[lastIndex]!.quarter}: ${fixed(latest.estimate)}${spec.unit} from ${latest.n} answers` +
          (Number.isFinite(latest.ci.lower)
            ? `, ${percent}% interval ${fixed(latest.ci.lower)} to ${fixed(latest.ci.upper)}`
            : ', no interval') +
          `. The band shows each quarter's ${percent}% interval: bands that overlap do not show a real change.`,
        zh:
          `${rows[lastIndex]!.quarter}：${fixed(latest.estimate)}${spec.unit}，${latest.n} 份答卷` +
          (Number.isFinite(latest.ci.lower)
            ? `，${percent}% 置信区间 ${fixed(latest.ci.lower)} 至 ${fixed(latest.ci.upper)}`
            : '，无置信区间') +
          `。阴影为各季度的 ${percent}% 置信区间：区间重叠时不能说明确有变化。`,
      }
    : {
        en: `No answers in ${rows[lastIndex]!.quarter}; the chart shows the quarters before it.`,
        zh: `${rows[lastIndex]!.quarter} 无答卷；图中为此前各季度。`,
      };
  return {
    kind: 'line',
    id,
    title: spec.title,
    description: reading,
    rules: RULES,
    x: QUARTER_AXIS,
    y: spec.y,
    categories: rows.map((r) => ({ en: r.quarter, zh: r.quarter })),
    series: [
      {
        name: spec.name,
        values: estimates.map((e) => value(e.estimate)),
        exact: estimates.map((e) => (Number.isFinite(e.estimate) ? `${fixed(e.estimate)} (n = ${e.n})` : null)),
        lower: estimates.map((e) => value(e.ci.lower)),
        upper: estimates.map((e) => value(e.ci.upper)),
      },
    ],
    ...(notes.length === 0 ? {} : { notes }),
  };
}

/**
 * The satisfaction section (rules SA-1, SA-4): CSAT and NPS per quarter, from the quarter of `inputs.from` to that of
 * `asOf`, each with its interval band (Wilson for CSAT, adjusted Wald for NPS), read from the stored responses of
 * the survey given in `inputs.policies.satisfaction` (its questions `overall` and `recommend`, default `csat` and
 * `nps`, and `level`, default 0.95). Without a survey, or without any answer in the period, the section has no
 * chart and says why. Reads only.
 */
export const satisfactionSection: ReportSectionBuilder = async (readers, inputs) => {
  const options = inputs.policies.satisfaction ?? {};
  const section = (charts: ReportChart[], notes: Label[], facts: ReportSection['facts'] = []) => ({
    id: 'satisfaction',
    title: TITLE,
    rules: RULES,
    facts,
    charts,
    notes,
  });
  if (options.survey === undefined)
    return section(
      [],
      [
        {
          en: 'No survey was given (policies.satisfaction.survey), so no satisfaction figures are shown.',
          zh: '未提供问卷定义（policies.satisfaction.survey），因此不显示满意度数据。',
        },
      ],
    );
  const survey = parseSurveyDefinition(options.survey);
  const level = options.level ?? 0.95;
  const questions = { overall: options.overall ?? 'csat', recommend: options.recommend ?? 'nps' };
  const rows = await quarterRows(readers, inputs, survey, questions, level);
  const answered = rows.reduce((n, r) => n + r.responses, 0);
  const first = rows[0]!.quarter;
  const last = rows[rows.length - 1]!;
  const surveyTitle = both(survey.title, { en: survey.id, zh: survey.id });
  const notes: Label[] = [];
  if (answered === 0)
    return section(
      [],
      [
        {
          en: `No answers to the survey ${surveyTitle.en} from ${first} to ${last.quarter}.`,
          zh: `${first} 至 ${last.quarter} 期间问卷“${surveyTitle.zh}”无答卷。`,
        },
      ],
    );
  const csatTitle = both(DEFAULT_METRICS.csat.title, { en: 'Customer satisfaction', zh: '客户满意率' });
  const npsTitle = both(DEFAULT_METRICS.nps.title, { en: 'Net Promoter Score', zh: '净推荐值' });
  // Quarters before the first answer are left out: the survey had not started (or not been answered) then.
  const start = rows.findIndex((r) => r.responses > 0);
  if (start > 0)
    notes.push({
      en: `No answers to ${surveyTitle.en} before ${rows[start]!.quarter}; the trend starts there.`,
      zh: `问卷“${surveyTitle.zh}”在 ${rows[start]!.quarter} 之前无答卷；趋势从该季度开始。`,
    });
  const shown = rows.slice(start);
  const charts = [
    trendChart('satisfaction-csat', shown, (r) => r.csat, {
      title: { en: `${csatTitle.en} per quarter`, zh: `各季度${csatTitle.zh}` },
      name: csatTitle,
      y: { label: { en: 'Satisfied customers', zh: '满意客户占比' }, unit: UNITS.percent },
      level,
      unit: '%',
    }),
    trendChart('satisfaction-nps', shown, (r) => r.nps, {
      title: { en: `${npsTitle.en} per quarter`, zh: `各季度${npsTitle.zh}` },
      name: npsTitle,
      y: { label: { en: 'Promoters minus detractors', zh: '推荐者减贬损者' }, unit: { en: 'points', zh: '分' } },
      level,
      unit: '',
    }),
  ];
  const facts = [
    { label: { en: `Answers in ${last.quarter}`, zh: `${last.quarter} 答卷数` }, value: String(last.responses) },
    { label: { en: `${csatTitle.en}, ${last.quarter}`, zh: `${last.quarter} ${csatTitle.zh}` }, value: pct(last.csat) },
    { label: { en: `NPS, ${last.quarter}`, zh: `${last.quarter} 净推荐值` }, value: fixed(last.nps.estimate) },
    {
      label: { en: `Average score, ${last.quarter}`, zh: `${last.quarter} 平均分` },
      value: fixed(last.average.estimate, 2),
    },
  ];
  return section(charts, notes, facts);
};

/** A share as text with its percent sign, or a dash when there is none. */
function pct(e: Estimate): string {
  return Number.isFinite(e.estimate) ? `${e.estimate.toFixed(1)}%` : '–';
}
