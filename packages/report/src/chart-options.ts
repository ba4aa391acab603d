import type { EChartsOption } from 'echarts';
import { formatNumber, formatPercent } from './format-number.js';
import { REPORT_LABELS } from './labels.js';
import type {
  ReportAxis,
  ReportBarChart,
  ReportChart,
  ReportHeatmapChart,
  ReportLineChart,
  ReportParetoChart,
  ReportSeries,
} from '@kehu/core';
import { axisNameIn, textIn, type ReportLanguage } from './text.js';

/** Fonts for chart text: CJK faces first on each platform, so Chinese never falls back to boxes. */
export const CHART_FONT_FAMILY =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', " +
  "'Microsoft YaHei', 'WenQuanYi Micro Hei', system-ui, sans-serif";

/** Series colours: the Okabe-Ito palette, told apart by readers with colour-vision deficiencies too. */
export const CHART_COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#999933', '#000000'];

/** The colour scale of heat maps: light to dark blue, so the larger value reads darker. */
export const HEATMAP_COLORS = ['#f0f5fb', '#9ecae1', '#2171b5', '#08306b'];

const AXIS_COLOR = '#5f6368';
const GUIDE_COLOR = '#7a7a7a';

/** An ECharts option with the size to render it at. */
export interface ChartOptionSize {
  /** The ECharts option (animation off, fonts covering CJK). */
  option: EChartsOption;
  /** The height in CSS pixels the option is laid out for at the given width. */
  height: number;
}

/** ECharts' marker of a missing value in series data. */
const MISSING = '-';

/**
 * A value as drawn: magnitudes below 1e-15 are drawn at zero, because ECharts cannot lay out an axis over values
 * below about 1e-20 (it throws). The data table shows the values as given.
 */
export function drawn(value: number): number {
  return Math.abs(value) < 1e-15 ? 0 : value;
}

function valuesOf(values: (number | null)[]): (number | '-')[] {
  return values.map((v) => (v === null ? MISSING : drawn(v)));
}

/** Rotates category labels when many of them would not fit side by side. */
function categoryLabelRotation(labels: string[], width: number): number {
  const longest = labels.reduce((max, l) => Math.max(max, l.length), 0);
  // About 7 px per Latin character at 12 px; CJK glyphs are counted once, which the margin absorbs.
  return labels.length * Math.min(longest, 24) * 7 > width - 120 ? 30 : 0;
}

function valueAxis(axis: ReportAxis, language: ReportLanguage, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name: axisNameIn(axis, language),
    nameLocation: 'middle' as const,
    nameGap: 48,
    nameTextStyle: { color: AXIS_COLOR },
    axisLabel: { color: AXIS_COLOR, hideOverlap: true },
    ...extra,
  };
}

function categoryAxis(axis: ReportAxis, labels: string[], language: ReportLanguage, width: number) {
  const rotate = categoryLabelRotation(labels, width);
  return {
    type: 'category' as const,
    data: labels,
    name: axisNameIn(axis, language),
    nameLocation: 'middle' as const,
    nameGap: rotate === 0 ? 32 : 64,
    nameTextStyle: { color: AXIS_COLOR },
    axisLabel: { color: AXIS_COLOR, interval: 0, rotate, hideOverlap: true },
    axisTick: { alignWithLabel: true },
  };
}

/** The frame every chart shares: no animation, CJK fonts, the palette, a grid that keeps labels inside. */
function frame(legend: string[] | undefined): EChartsOption {
  return {
    animation: false,
    color: CHART_COLORS,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 12 },
    grid: {
      left: 16,
      right: 24,
      top: legend === undefined ? 24 : 56,
      bottom: 16,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    ...(legend === undefined ? {} : { legend: { data: legend, top: 8, type: 'plain' } }),
  };
}

function barOption(chart: ReportBarChart, language: ReportLanguage, width: number): ChartOptionSize {
  const names = chart.series.map((s) => textIn(s.name, language));
  const categories = chart.categories.map((c) => textIn(c, language));
  const option: EChartsOption = {
    ...frame(names.length > 1 ? names : undefined),
    xAxis: categoryAxis(chart.x, categories, language, width),
    yAxis: valueAxis(chart.y, language),
    series: chart.series.map((s, i) => ({
      type: 'bar' as const,
      name: names[i],
      data: valuesOf(s.values),
      ...(chart.stacked === true ? { stack: 'total' } : {}),
      barMaxWidth: 48,
    })),
  };
  return { option, height: 400 };
}

/**
 * The band of an interval as two stacked series: an invisible one at the lower end and a translucent area of the
 * width upper − lower on top of it. `stackStrategy: 'all'` stacks across signs, so a band below zero is right too.
 */
function bandSeries(series: ReportSeries, name: string, color: string, stack: string) {
  const lower = series.lower ?? [];
  const upper = series.upper ?? [];
  const base = lower.map((low, j) => (low === null || upper[j] == null ? MISSING : drawn(low)));
  const width = lower.map((low, j) => {
    const high = upper[j];
    return low === null || high == null ? MISSING : drawn(drawn(high) - drawn(low));
  });
  const common = {
    type: 'line' as const,
    stack,
    stackStrategy: 'all' as const,
    symbol: 'none',
    silent: true,
    lineStyle: { opacity: 0 },
    connectNulls: false,
    z: 1,
  };
  return [
    { ...common, name: `${name} ${REPORT_LABELS.lower.en}`, data: base },
    { ...common, name: `${name} ${REPORT_LABELS.upper.en}`, data: width, areaStyle: { color, opacity: 0.18 } },
  ];
}

function lineOption(chart: ReportLineChart, language: ReportLanguage, width: number): ChartOptionSize {
  const names = chart.series.map((s) => textIn(s.name, language));
  const categories = chart.categories.map((c) => textIn(c, language));
  const bands = chart.series.flatMap((s, i) =>
    s.lower !== undefined && s.upper !== undefined
      ? bandSeries(s, names[i]!, CHART_COLORS[i % CHART_COLORS.length]!, `band-${i}`)
      : [],
  );
  const references = chart.references ?? [];
  const lines = chart.series.map((s, i) => ({
    type: 'line' as const,
    name: names[i],
    data: valuesOf(s.values),
    color: CHART_COLORS[i % CHART_COLORS.length],
    connectNulls: false,
    symbolSize: 6,
    z: 3,
    ...(i === 0 && references.length > 0
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed' as const, color: GUIDE_COLOR },
            label: {
              position: 'insideEndTop' as const,
              color: AXIS_COLOR,
              formatter: (p: { name?: string; value?: unknown }) => `${p.name ?? ''} ${formatNumber(Number(p.value))}`,
            },
            data: references.map((r) => ({ yAxis: drawn(r.value), name: textIn(r.label, language) })),
          },
        }
      : {}),
  }));
  // A reference outside the data would be cut off: an invisible point at each reference stretches the value axis
  // to it, and the axis keeps its round ticks (a fixed min or max would not).
  const anchors = references.map((r) => [0, drawn(r.value)]);
  const option: EChartsOption = {
    ...frame(names.length > 1 ? names : undefined),
    xAxis: { ...categoryAxis(chart.x, categories, language, width), boundaryGap: false },
    yAxis: valueAxis(chart.y, language, { scale: true }),
    series: [
      ...bands,
      ...lines,
      ...(anchors.length === 0 ? [] : [{ type: 'scatter' as const, data: anchors, symbolSize: 0, silent: true }]),
    ],
  };
  return { option, height: 400 };
}

function paretoOption(chart: ReportParetoChart, language: ReportLanguage): ChartOptionSize {
  const { marker } = chart;
  const mx = drawn(marker.share * 100);
  const my = drawn(marker.valueShare * 100);
  const shares = `${formatPercent(marker.share)}% → ${formatPercent(marker.valueShare)}%`;
  const markerText = `${textIn(marker.label, language)}: ${shares}`;
  const percentAxis = (axis: ReportAxis) =>
    valueAxis(axis, language, { min: 0, max: 100, interval: 20, axisLabel: { color: AXIS_COLOR } });
  const option: EChartsOption = {
    ...frame([textIn(REPORT_LABELS.curve, language), textIn(REPORT_LABELS.equality, language)]),
    xAxis: { ...percentAxis(chart.x), nameGap: 32 },
    yAxis: percentAxis(chart.y),
    series: [
      {
        type: 'line',
        name: textIn(REPORT_LABELS.curve, language),
        data: chart.points.map((p) => [drawn(p.share * 100), drawn(p.valueShare * 100)]),
        showSymbol: false,
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.08 },
        z: 3,
      },
      {
        type: 'line',
        name: textIn(REPORT_LABELS.equality, language),
        data: [
          [0, 0],
          [100, 100],
        ],
        showSymbol: false,
        silent: true,
        lineStyle: { type: 'dashed', color: GUIDE_COLOR, width: 1 },
        itemStyle: { color: GUIDE_COLOR },
        z: 2,
      },
      {
        type: 'scatter',
        name: textIn(REPORT_LABELS.marker, language),
        data: [[mx, my]],
        symbolSize: 10,
        itemStyle: { color: CHART_COLORS[3] },
        label: {
          show: true,
          formatter: markerText,
          position: mx > 60 ? 'left' : 'right',
          color: '#202124',
          fontWeight: 'bold',
          backgroundColor: 'rgba(255,255,255,0.85)',
          padding: [2, 4],
        },
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { type: 'dashed', color: CHART_COLORS[3] },
          data: [
            [{ coord: [mx, 0] }, { coord: [mx, my] }],
            [{ coord: [0, my] }, { coord: [mx, my] }],
          ],
        },
        z: 4,
      },
    ],
  };
  return { option, height: 440 };
}

function heatmapOption(chart: ReportHeatmapChart, language: ReportLanguage, width: number): ChartOptionSize {
  const columns = chart.columns.map((c) => textIn(c, language));
  const rows = chart.rows.map((r) => textIn(r, language));
  const cells = chart.cells.flatMap((row, r) =>
    row.flatMap((value, c) => (value === null ? [] : [[c, r, drawn(value)] as [number, number, number]])),
  );
  const values = cells.map((d) => d[2]);
  const min = values.length === 0 ? 0 : Math.min(...values);
  const max = values.length === 0 ? 1 : Math.max(...values);
  // Dark cells (the upper part of the colour scale) get white text, light ones dark text.
  const dark = (v: number) => max > min && (v - min) / (max - min) > 0.55;
  const data = cells.map((value) => ({ value, label: { color: dark(value[2]) ? '#ffffff' : '#111111' } }));
  const option: EChartsOption = {
    ...frame(undefined),
    grid: { left: 16, right: 24, top: 24, bottom: 64, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { ...categoryAxis(chart.x, columns, language, width), position: 'top', splitArea: { show: false } },
    yAxis: {
      type: 'category',
      data: rows,
      inverse: true,
      name: axisNameIn(chart.y, language),
      nameLocation: 'middle',
      nameGap: 56,
      nameTextStyle: { color: AXIS_COLOR },
      axisLabel: { color: AXIS_COLOR, interval: 0 },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemHeight: Math.min(240, width / 3),
      text: [formatNumber(max), formatNumber(min)],
      textStyle: { color: AXIS_COLOR },
      inRange: { color: HEATMAP_COLORS },
    },
    series: [
      {
        type: 'heatmap',
        name: axisNameIn(chart.value, language),
        data,
        label: {
          show: true,
          formatter: (p: { value?: unknown }) => formatNumber(Number((p.value as number[])[2])),
        },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
      },
    ],
  };
  const height = Math.min(1200, Math.max(280, rows.length * 36 + 180));
  return { option, height };
}

/**
 * The ECharts option of a chart and the height to render it at: bars (grouped or stacked, a legend for more than
 * one series), lines (interval bands as translucent areas from lower to upper, references as dashed lines), the
 * Pareto curve (with the diagonal of equal shares and the marked point with dashed guides to both axes), the heat
 * map (a continuous colour scale and the value in each cell). Axis names carry their units; animation is off.
 *
 * @param chart - a validated chart (see `parseReportChart` of `@kehu/core`)
 * @param language - the language of the chart's texts
 * @param width - the width in CSS pixels the chart is laid out for
 */
export function chartOption(chart: ReportChart, language: ReportLanguage, width: number): ChartOptionSize {
  switch (chart.kind) {
    case 'bar':
      return barOption(chart, language, width);
    case 'line':
      return lineOption(chart, language, width);
    case 'pareto':
      return paretoOption(chart, language);
    case 'heatmap':
      return heatmapOption(chart, language, width);
  }
}
