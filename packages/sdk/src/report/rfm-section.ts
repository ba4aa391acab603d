import type { Label, ReportChart, ReportFact, ReportHeatmapChart } from '@kehu/core';
import { migrationMatrix, NONE, RFM_11_SEGMENTS, segmentOf, type RfmResult, type SegmentMap } from '@kehu/rfm';
import { localDateAt } from '@kehu/plans';
import { axis, formatCount, nothingToChart, UNITS } from './labels.js';
import type { ReportInputs, ReportSectionBuilder } from './section.js';

const SECTION_RULES = ['RF-1', 'RF-2'];

/** The label of customers without a score in one of the two periods (no purchase by then, or none in the window). */
const NOT_SCORED: Label = { en: 'Not scored', zh: '未评分' };

/** R rows (most recent first) × F columns: customers per cell. */
function heatmap(result: RfmResult, bins: number, asOfDate: string): ReportHeatmapChart {
  const scores = Array.from({ length: bins }, (_, i) => i + 1);
  const rows = [...scores].reverse();
  const cells = rows.map(() => scores.map(() => 0));
  for (const s of result.scores) cells[bins - s.r]![s.f - 1]!++;
  let top = { r: bins, f: bins, n: -1 };
  rows.forEach((r, i) =>
    cells[i]!.forEach((n, j) => {
      if (n > top.n) top = { r, f: j + 1, n };
    }),
  );
  return {
    kind: 'heatmap',
    id: 'rfm-rf-grid',
    title: { en: 'Customers by recency and frequency score', zh: '按最近购买与购买频次评分的客户数' },
    description: {
      en:
        `${formatCount(result.scores.length)} customers scored as of ${asOfDate}; the largest cell is ` +
        `R${top.r} F${top.f} with ${formatCount(top.n)} customers. Higher R means a more recent purchase.`,
      zh:
        `截至 ${asOfDate} 共评分 ${formatCount(result.scores.length)} 位客户；人数最多的格为 R${top.r} F${top.f}，` +
        `共 ${formatCount(top.n)} 位。R 分越高表示最近购买越近。`,
    },
    rules: ['RF-1'],
    x: axis({ en: 'Frequency score (F)', zh: '购买频次评分（F）' }, UNITS.score),
    y: axis({ en: 'Recency score (R)', zh: '最近购买评分（R）' }, UNITS.score),
    value: axis({ en: 'Customers', zh: '客户数' }, UNITS.customers),
    columns: scores.map((f) => ({ en: `F${f}`, zh: `F${f}` })),
    rows: rows.map((r) => ({ en: `R${r}`, zh: `R${r}` })),
    cells,
  };
}

/** Segment ids in the map's order, then the pseudo-segment of customers not scored. */
function segmentOrder(map: SegmentMap, present: readonly string[]): string[] {
  const seen = new Set(present);
  const ordered = map.rules.map((r) => r.segment).filter((s) => seen.has(s));
  return seen.has(NONE) ? [...ordered, NONE] : ordered;
}

function migrationChart(
  before: RfmResult,
  after: RfmResult,
  map: SegmentMap,
  dates: { previous: string; asOf: string },
): { chart: ReportHeatmapChart; stayed: number; moved: number } {
  const assign = (r: RfmResult) =>
    r.scores.map((s) => ({ customerId: s.customerId, segment: segmentOf(s, map).segment }));
  const matrix = migrationMatrix(assign(before), assign(after));
  const order = segmentOrder(map, matrix.segments);
  const index = new Map(matrix.segments.map((s, i) => [s, i]));
  const labels = new Map<string, Label>(map.rules.map((r) => [r.segment, { en: r.label.en, zh: r.label.zh }]));
  const heads = order.map((s) => labels.get(s) ?? NOT_SCORED);
  const cells = order.map((b) => order.map((a) => matrix.counts[index.get(b)!]![index.get(a)!]!));
  const chart: ReportHeatmapChart = {
    kind: 'heatmap',
    id: 'rfm-migration',
    title: { en: 'Segment migration', zh: '客户细分迁移' },
    description: {
      en:
        `From ${dates.previous} to ${dates.asOf}, ${formatCount(matrix.moved)} customers changed segment and ` +
        `${formatCount(matrix.stayed)} stayed. Rows: segment before; columns: segment after.`,
      zh:
        `从 ${dates.previous} 到 ${dates.asOf}，${formatCount(matrix.moved)} 位客户变更细分，` +
        `${formatCount(matrix.stayed)} 位保持不变。行为之前的细分，列为之后的细分。`,
    },
    rules: ['RF-1', 'RF-2'],
    x: axis({ en: `Segment on ${dates.asOf}`, zh: `${dates.asOf} 的细分` }, { en: 'segment', zh: '细分' }),
    y: axis({ en: `Segment on ${dates.previous}`, zh: `${dates.previous} 的细分` }, { en: 'segment', zh: '细分' }),
    value: axis({ en: 'Customers', zh: '客户数' }, UNITS.customers),
    columns: heads,
    rows: heads,
    cells,
    notes: [
      {
        en: `Segments of the ${map.name} map; "Not scored" counts customers without a purchase by that date.`,
        zh: `细分采用 ${map.name} 规则；“未评分”为该日期前没有购买的客户。`,
      },
    ],
  };
  return { chart, stayed: matrix.stayed, moved: matrix.moved };
}

/**
 * The RFM section (rules RF-1, RF-2): the R × F heat map of customers at `asOf` and the segment migration from
 * `previousAsOf` to `asOf` (rows: segment before, columns: after), scored with `kehu.value.scoreRfm` on the RFM
 * policy of the report and segmented by its map (default `RFM_11_SEGMENTS`). Reads only.
 */
export const rfmSection: ReportSectionBuilder = async (readers, inputs: ReportInputs) => {
  const { segments, ...options } = inputs.policies.rfm ?? {};
  const map = segments ?? RFM_11_SEGMENTS;
  const after = await readers.value.scoreRfm({ ...options, asOf: inputs.asOf });
  const before = await readers.value.scoreRfm({ ...options, asOf: inputs.previousAsOf });
  const dates = {
    previous: localDateAt(inputs.previousAsOf, inputs.timeZone),
    asOf: localDateAt(inputs.asOf, inputs.timeZone),
  };
  const facts: ReportFact[] = [
    { label: { en: 'Customers scored', zh: '已评分客户' }, value: formatCount(after.scores.length) },
    { label: { en: 'Without a purchase', zh: '无购买记录' }, value: formatCount(after.unscored.length) },
  ];
  const charts: ReportChart[] = [];
  const notes: Label[] = [];
  if (after.scores.length === 0) {
    notes.push(
      nothingToChart({
        en: `no customer has a purchase by ${dates.asOf}`,
        zh: `截至 ${dates.asOf} 没有客户有购买记录`,
      }),
    );
  } else {
    const migration = migrationChart(before, after, map, dates);
    charts.push(heatmap(after, after.policy.bins, dates.asOf), migration.chart);
    facts.push(
      {
        label: { en: `Changed segment since ${dates.previous}`, zh: `自 ${dates.previous} 起变更细分` },
        value: formatCount(migration.moved),
      },
      { label: { en: 'Stayed in their segment', zh: '细分不变' }, value: formatCount(migration.stayed) },
    );
  }
  return {
    id: 'rfm',
    title: { en: 'RFM scores and segments', zh: 'RFM 评分与客户细分' },
    rules: SECTION_RULES,
    facts,
    charts,
    notes,
  };
};
