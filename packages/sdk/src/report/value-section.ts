import { TIER_LABELS, TIERS, type Decimal, type Tier, type TransactionSummary } from '@kehu/core';
import {
  contributionWindow,
  gradeByContribution,
  valueConcentration,
  type ContributionGrading,
  type ValueConcentration,
} from '@kehu/grading';
import type { Label, ReportBarChart, ReportChart, ReportFact, ReportParetoChart, ReportSeries } from '@kehu/core';
import { localDateAt } from '@kehu/plans';
import { axis, formatCount, nothingToChart, UNITS } from './labels.js';
import type { ReportInputs, ReportReaders, ReportSectionBuilder } from './section.js';

const SECTION_RULES = ['GR-1', 'GR-2', 'GR-4', 'GR-6'];

/** `share` (0..1) as a percentage with one decimal, e.g. `78.6`. */
function percentText(share: Decimal): string {
  return share.times(100).toFixed(1);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Customers per tier of their stored current grade (read with the customer list's tier filter). */
async function gradesInForce(readers: ReportReaders): Promise<Record<Tier, number>> {
  const counts = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  for (const tier of TIERS) for await (const _ of readers.customers.stream({ tier })) counts[tier]++;
  return counts;
}

function gradesChart(grading: ContributionGrading, inForce: Record<Tier, number>, windowDays: number): ReportBarChart {
  const stored = TIERS.reduce((s, t) => s + inForce[t], 0);
  const series: ReportSeries[] = [
    {
      name: { en: 'Evaluated by contribution', zh: '按贡献评定' },
      values: TIERS.map((t) => grading.distribution[t].customers),
    },
  ];
  if (stored > 0)
    series.push({
      name: { en: 'Grade in force (stored)', zh: '现行等级（已存储）' },
      values: TIERS.map((t) => inForce[t]),
    });
  const diamond = grading.distribution.diamond.customers;
  const gold = grading.distribution.gold.customers;
  return {
    kind: 'bar',
    id: 'value-grades',
    title: { en: 'Customers by grade', zh: '各等级客户数' },
    description: {
      en:
        `By contribution over the past ${windowDays} days, ${formatCount(diamond)} customers are diamond and ` +
        `${formatCount(gold)} gold` +
        (stored > 0 ? '; the grades in force differ where grace, dwell or hysteresis hold a customer.' : '.'),
      zh:
        `按近 ${windowDays} 天的贡献评定，钻石客户 ${formatCount(diamond)} 位，黄金客户 ${formatCount(gold)} 位` +
        (stored > 0 ? '；现行等级因宽限期、最短停留或滞后区间而可能不同。' : '。'),
    },
    rules: ['GR-1', 'GR-2', 'GR-4'],
    x: axis({ en: 'Grade', zh: '客户等级' }, { en: 'tier', zh: '等级' }),
    y: axis({ en: 'Customers', zh: '客户数' }, UNITS.customers),
    categories: TIERS.map((t) => ({ en: TIER_LABELS[t].en, zh: TIER_LABELS[t].zh })),
    series,
    ...(stored > 0
      ? {
          notes: [
            {
              en: 'Grades in force are the current stored grades (kehu.value.regradeAll writes them).',
              zh: '现行等级为当前存储的等级（由 kehu.value.regradeAll 写入）。',
            },
          ],
        }
      : {}),
  };
}

function paretoChart(c: ValueConcentration, windowDays: number): ReportParetoChart {
  const percent = percentText(c.top.valueShare);
  const label: Label = {
    en: `Top 20%: ${percent}% of net value`,
    zh: `前 20%：占净销售额 ${percent}%`,
  };
  return {
    kind: 'pareto',
    id: 'value-pareto',
    title: { en: 'Concentration of net value (Pareto curve)', zh: '净销售额集中度（帕累托曲线）' },
    description: {
      en:
        `The top 20% of buying customers (${formatCount(c.top.customers)} of ${formatCount(c.buyers)}) bring ` +
        `${percent}% of net value over the past ${windowDays} days; rule GR-6 expects roughly 80%.`,
      zh:
        `前 20% 的购买客户（${formatCount(c.buyers)} 位中的 ${formatCount(c.top.customers)} 位）贡献了近 ${windowDays} 天` +
        `净销售额的 ${percent}%；规则 GR-6 的经验值约为 80%。`,
    },
    rules: ['GR-6'],
    x: axis(
      { en: 'Share of buying customers, ranked by net value', zh: '购买客户占比（按净销售额排序）' },
      UNITS.percent,
    ),
    y: axis({ en: 'Cumulative share of net value', zh: '净销售额累计占比' }, UNITS.percent),
    points: c.points.map((p) => ({ share: p.customers / c.buyers, valueShare: p.valueShare.toNumber() })),
    marker: { share: c.top.customers / c.buyers, valueShare: c.top.valueShare.toNumber(), label },
  };
}

/**
 * The value section (rules GR-1, GR-2, GR-4, GR-6): customers by grade, evaluated by contribution over the grading
 * policy's window and in force in the store, and the Pareto curve of net value with the top-20% point. Reads the
 * store's summaries (`kehu.value.summarize`) and grades as they are; writes nothing.
 */
export const valueSection: ReportSectionBuilder = async (readers, inputs: ReportInputs) => {
  const { from, asOf, policy } = contributionWindow(inputs.policies.grading, { asOf: inputs.asOf });
  const summaries: TransactionSummary[] = await collect(readers.value.summarize({ asOf, from }));
  const grading = gradeByContribution(summaries, policy);
  const inForce = await gradesInForce(readers);
  const concentration = valueConcentration(grading);
  const days = policy.windowDays;
  const windowText: Label = {
    en: `${localDateAt(from, inputs.timeZone)} to ${localDateAt(asOf, inputs.timeZone)}`,
    zh: `${localDateAt(from, inputs.timeZone)} 至 ${localDateAt(asOf, inputs.timeZone)}`,
  };
  const facts: ReportFact[] = [
    { label: { en: 'Grading window', zh: '分级期间' }, value: `${windowText.en} (${days} d)` },
    { label: { en: 'Customers with transactions', zh: '有交易的客户' }, value: formatCount(summaries.length) },
  ];
  const charts: ReportChart[] = [];
  const notes: Label[] = [];
  if (concentration === null) {
    notes.push(
      nothingToChart({
        en: `no customer has a positive net value from ${windowText.en}`,
        zh: `${windowText.zh}期间没有净销售额为正的客户`,
      }),
    );
  } else {
    const currency = grading.currency ?? '';
    facts.push(
      { label: { en: 'Buying customers', zh: '购买客户' }, value: formatCount(concentration.buyers) },
      {
        label: { en: 'Net value of buying customers', zh: '购买客户净销售额' },
        value: `${concentration.total.toFixed(2)} ${currency}`.trim(),
      },
      {
        label: { en: 'Share of the top 20% (GR-6)', zh: '前 20% 客户占比（GR-6）' },
        value: `${percentText(concentration.top.valueShare)}%`,
      },
    );
    charts.push(gradesChart(grading, inForce, days), paretoChart(concentration, days));
  }
  return {
    id: 'value',
    title: { en: 'Customer value and grades', zh: '客户价值与分级' },
    rules: SECTION_RULES,
    facts,
    charts,
    notes,
  };
};
