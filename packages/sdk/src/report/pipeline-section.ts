import { Decimal } from '@kehu/core';
import { localDateAt, parseOpportunityPolicy } from '@kehu/plans';
import type { Label, ReportBarChart, ReportFact, ReportSection } from '@kehu/core';
import type { ReportSectionBuilder } from './section.js';

/** The section's heading. */
const TITLE: Label = { en: 'Sales pipeline', zh: '销售漏斗' };
/** Opportunities with their stage, expected revenue and probability (MP-3). */
const RULES = ['MP-3'];
/** Opportunities read per page when they are gathered by stage. */
const PAGE = 1000;

/** The unit of amounts in `currency`. */
function moneyUnit(currency: string): Label {
  return currency === 'CNY' ? { en: 'CNY', zh: '元' } : { en: currency, zh: currency };
}

/** The open opportunities of one stage: count and exact sums. */
interface StageSums {
  open: number;
  revenue: Decimal;
  weighted: Decimal;
}

/** The section with the given parts. */
function section(facts: ReportFact[], charts: ReportSection['charts'], notes: Label[]): ReportSection {
  return { id: 'pipeline', title: TITLE, rules: RULES, facts, charts, notes };
}

/**
 * The pipeline section (rule MP-3): the open opportunities as of `asOf` by their current stage (count, expected
 * revenue and revenue weighted by probability) and the weighted pipeline by quarter of expected close, from
 * `kehu.opportunities.pipeline` and `kehu.opportunities.get` with the policy of `inputs.policies.opportunity` (its
 * stages, in their order, are the categories). Amounts are exact decimals summed with decimal.js: numbers for the
 * chart, their exact text in `exact`. Won and lost opportunities are counted in the facts only. Reads only.
 */
export const pipelineSection: ReportSectionBuilder = async (readers, inputs) => {
  const policyInput = inputs.policies.opportunity;
  const policy = parseOpportunityPolicy(policyInput ?? {});
  const options = {
    asOf: inputs.asOf,
    calendar: inputs.calendar,
    ...(policyInput === undefined ? {} : { policy: policyInput }),
  };
  const pipeline = await readers.opportunities.pipeline({ ...options, by: 'quarter' });
  if (pipeline.count === 0)
    return section(
      [],
      [],
      [{ en: 'No sales opportunity was opened by the report’s moment.', zh: '截至报告时点没有销售商机。' }],
    );
  const { weighted } = pipeline;
  const currency = weighted.currency;
  const unit = moneyUnit(currency);
  // Each opportunity's state as of asOf (its current stage is not part of the pipeline analytics' result).
  const byStage = new Map<string, StageSums>(
    policy.stages.map((s) => [s.id, { open: 0, revenue: new Decimal(0), weighted: new Decimal(0) }]),
  );
  let cursor: string | null = null;
  do {
    const page = await readers.opportunities.list({ limit: PAGE, ...(cursor === null ? {} : { cursor }) });
    for (const { record } of page.items) {
      if (record.createdAt > inputs.asOf) continue;
      const state = await readers.opportunities.get(record.id, {
        ...options,
        ...(pipeline.model === undefined ? {} : { model: pipeline.model }),
      });
      if (state === null || state.status !== 'open') continue;
      const sums = byStage.get(state.stage);
      if (sums === undefined) continue;
      sums.open += 1;
      sums.revenue = sums.revenue.plus(state.expectedRevenue);
      sums.weighted = sums.weighted.plus(state.weightedRevenue);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  const won = pipeline.conversion.won;
  const lost = pipeline.conversion.closed - won;
  const money = (d: Decimal) => `${d.toFixed()} ${currency}`;
  const facts: ReportFact[] = [
    { label: { en: 'Opportunities', zh: '商机总数' }, value: String(pipeline.count) },
    { label: { en: 'Open', zh: '进行中' }, value: String(weighted.totals.open) },
    { label: { en: 'Won', zh: '赢单' }, value: String(won) },
    { label: { en: 'Lost', zh: '输单' }, value: String(lost) },
    { label: { en: 'Open expected revenue', zh: '进行中预计收入' }, value: money(weighted.totals.revenue) },
    { label: { en: 'Weighted revenue', zh: '加权收入' }, value: money(weighted.totals.weightedRevenue) },
  ];
  if (weighted.totals.open === 0)
    return section(facts, [], [{ en: 'No opportunity is open.', zh: '没有进行中的商机。' }]);
  const stages = policy.stages;
  const sums = stages.map((s) => byStage.get(s.id)!);
  const busiest = stages.reduce((best, _, k) => (sums[k]!.open > sums[best]!.open ? k : best), 0);
  const richest = stages.reduce((best, _, k) => (sums[k]!.weighted.gt(sums[best]!.weighted) ? k : best), 0);
  const stageAxis = { label: { en: 'Stage', zh: '阶段' }, unit: { en: 'stage, in order', zh: '阶段（按顺序）' } };
  const count: ReportBarChart = {
    kind: 'bar',
    id: 'pipeline-stage-count',
    title: { en: 'Open opportunities per stage', zh: '各阶段进行中的商机数' },
    description: {
      en:
        `${weighted.totals.open} open opportunities; the most are in ${stages[busiest]!.name.en} ` +
        `(${sums[busiest]!.open}).`,
      zh: `进行中商机 ${weighted.totals.open} 个；最多的阶段是${stages[busiest]!.name.zh}（${sums[busiest]!.open} 个）。`,
    },
    rules: RULES,
    x: stageAxis,
    y: { label: { en: 'Open opportunities', zh: '进行中商机' }, unit: { en: 'opportunities', zh: '个' } },
    categories: stages.map((s) => s.name),
    series: [{ name: { en: 'Open', zh: '进行中' }, values: sums.map((s) => s.open) }],
  };
  const revenue: ReportBarChart = {
    kind: 'bar',
    id: 'pipeline-stage-revenue',
    title: { en: 'Open and weighted revenue per stage', zh: '各阶段预计收入与加权收入' },
    description: {
      en:
        `Expected revenue of the open opportunities in each stage and the same weighted by probability; the largest ` +
        `weighted revenue is in ${stages[richest]!.name.en}: ${money(sums[richest]!.weighted)}.`,
      zh:
        `各阶段进行中商机的预计收入，及按赢单概率加权后的收入；加权收入最高的阶段是${stages[richest]!.name.zh}：` +
        `${money(sums[richest]!.weighted)}。`,
    },
    rules: RULES,
    x: stageAxis,
    y: { label: { en: 'Revenue', zh: '收入' }, unit },
    categories: stages.map((s) => s.name),
    series: [
      {
        name: { en: 'Expected revenue', zh: '预计收入' },
        values: sums.map((s) => s.revenue.toNumber()),
        exact: sums.map((s) => s.revenue.toFixed()),
      },
      {
        name: { en: 'Weighted revenue', zh: '加权收入' },
        values: sums.map((s) => s.weighted.toNumber()),
        exact: sums.map((s) => s.weighted.toFixed()),
      },
    ],
  };
  const rows = weighted.rows;
  const quarters: ReportBarChart = {
    kind: 'bar',
    id: 'pipeline-quarters',
    title: { en: 'Weighted pipeline by quarter of expected close', zh: '按预计成交季度的加权销售漏斗' },
    description: {
      en:
        `${weighted.totals.open} open opportunities expected to close from ${rows[0]!.period} to ` +
        `${rows[rows.length - 1]!.period}: revenue ${money(weighted.totals.revenue)}, weighted by probability ` +
        `${money(weighted.totals.weightedRevenue)} (mean probability ${weighted.totals.meanProbability.toFixed(1)}%).`,
      zh:
        `预计在 ${rows[0]!.period} 至 ${rows[rows.length - 1]!.period} 成交的进行中商机 ${weighted.totals.open} 个：` +
        `预计收入 ${money(weighted.totals.revenue)}，按赢单概率加权 ${money(weighted.totals.weightedRevenue)}` +
        `（平均赢单概率 ${weighted.totals.meanProbability.toFixed(1)}%）。`,
    },
    rules: RULES,
    x: { label: { en: 'Quarter of expected close', zh: '预计成交季度' }, unit: { en: 'quarter', zh: '季度' } },
    y: { label: { en: 'Revenue', zh: '收入' }, unit },
    categories: rows.map((r) => ({ en: r.period, zh: r.period })),
    series: [
      {
        name: { en: 'Expected revenue', zh: '预计收入' },
        values: rows.map((r) => r.revenue.toNumber()),
        exact: rows.map((r) => r.revenue.toFixed()),
      },
      {
        name: { en: 'Weighted revenue', zh: '加权收入' },
        values: rows.map((r) => r.weightedRevenue.toNumber()),
        exact: rows.map((r) => r.weightedRevenue.toFixed()),
      },
    ],
  };
  const notes: Label[] = [];
  const periods = rows.filter((r) => r.to < localDateAt(inputs.asOf, inputs.timeZone));
  if (periods.length > 0)
    notes.push({
      en: `${periods.map((r) => r.period).join(', ')}: expected close dates already past and still open.`,
      zh: `${periods.map((r) => r.period).join('、')}：预计成交日期已过但仍未关闭。`,
    });
  return section(facts, [count, revenue, quarters], notes);
};
