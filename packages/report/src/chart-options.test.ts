import { describe, expect, it } from 'vitest';
import { CHART_FONT_FAMILY, chartOption } from './chart-options.js';
import type { ReportBarChart, ReportHeatmapChart, ReportLineChart, ReportParetoChart } from '@kehu/core';
import { sampleModel } from './test-support.js';

const model = sampleModel();
const bar = model.sections[0]!.charts[0] as ReportBarChart;
const pareto = model.sections[0]!.charts[1] as ReportParetoChart;
const heatmap = model.sections[1]!.charts[0] as ReportHeatmapChart;
const line = model.sections[2]!.charts[0] as ReportLineChart;

// The options are plain objects; tests read them loosely.
// biome-ignore lint/suspicious/noExplicitAny: a test reads nested option fields without restating ECharts' types.
type Loose = Record<string, any>;
const seriesOf = (o: Loose): Loose[] => o.series as Loose[];

describe('chartOption', () => {
  it('turns animation off and uses a font stack that covers Chinese, for every kind', () => {
    for (const chart of [bar, pareto, heatmap, line]) {
      const { option, height } = chartOption(chart, 'bilingual', 760) as { option: Loose; height: number };
      expect(option.animation).toBe(false);
      expect(option.textStyle.fontFamily).toBe(CHART_FONT_FAMILY);
      expect(CHART_FONT_FAMILY).toContain('Noto Sans CJK SC');
      expect(height).toBeGreaterThan(200);
    }
  });

  it('draws grouped bars with a legend for more than one series, and names axes with their units', () => {
    const option = chartOption(bar, 'bilingual', 760).option as Loose;
    expect(option.legend.data).toEqual(['Now 本期', 'Before 上期']);
    expect(option.xAxis.data).toEqual(['Diamond 钻石客户', 'Gold 黄金客户', 'Silver 白银客户', 'Regular 普通客户']);
    expect(option.xAxis.name).toBe('Grade 等级');
    expect(option.yAxis.name).toBe('Customers 客户数 (customers 位)');
    expect(seriesOf(option).map((s) => s.stack)).toEqual([undefined, undefined]);
    expect(seriesOf(option)[1]!.data).toEqual([10, 38, 170, '-']);
  });

  it('stacks bars when asked and shows no legend for one series', () => {
    const option = chartOption({ ...bar, stacked: true, series: [bar.series[0]!] }, 'en', 760).option as Loose;
    expect(option.legend).toBeUndefined();
    expect(seriesOf(option)[0]!.stack).toBe('total');
    expect(option.yAxis.name).toBe('Customers (customers)');
  });

  it('draws an interval band as a transparent base and a translucent area from lower to upper', () => {
    const series = seriesOf(chartOption(line, 'en', 760).option as Loose);
    const [base, width, main] = series;
    expect(base!.stack).toBe(width!.stack);
    expect(base!.stackStrategy).toBe('all');
    expect(base!.lineStyle.opacity).toBe(0);
    expect(base!.data).toEqual([78.1, '-', 81.2, 83.4]);
    expect(width!.data.map((v: number | string) => (typeof v === 'number' ? Number(v.toFixed(6)) : v))).toEqual([
      8.1,
      '-',
      7.3,
      6.5,
    ]);
    expect(width!.areaStyle.opacity).toBeGreaterThan(0);
    expect(main!.data).toEqual([82.5, '-', 85.1, 86.9]);
    expect(main!.markLine.data).toEqual([{ yAxis: 85, name: 'Target' }]);
    // The value axis reaches every reference line: an invisible point sits at each.
    expect(series[3]).toMatchObject({ type: 'scatter', data: [[0, 85]], symbolSize: 0 });
  });

  it('draws the Pareto curve in percent with the diagonal and the marked point with guides to both axes', () => {
    const option = chartOption(pareto, 'en', 760).option as Loose;
    const [curve, diagonal, marker] = seriesOf(option);
    expect(curve!.data[20]).toEqual([20, expect.closeTo(73.79, 2)]);
    expect(diagonal!.data).toEqual([
      [0, 0],
      [100, 100],
    ]);
    expect(diagonal!.lineStyle.type).toBe('dashed');
    expect(marker!.data).toEqual([[20, expect.closeTo(78.4, 9)]]);
    expect(marker!.label.formatter).toBe('Top 20%: 20% → 78.4%');
    expect(marker!.markLine.data).toEqual([
      [{ coord: [20, 0] }, { coord: [20, expect.closeTo(78.4, 9)] }],
      [{ coord: [0, expect.closeTo(78.4, 9)] }, { coord: [20, expect.closeTo(78.4, 9)] }],
    ]);
    expect(option.xAxis).toMatchObject({ min: 0, max: 100, name: 'Share of buying customers (%)' });
  });

  it('draws a heat map with a continuous colour scale over the values and leaves missing cells empty', () => {
    const option = chartOption(heatmap, 'en', 760).option as Loose;
    expect(option.visualMap).toMatchObject({ type: 'continuous', min: 3, max: 70 });
    const data = seriesOf(option)[0]!.data as { value: number[]; label: { color: string } }[];
    expect(data).toHaveLength(8);
    expect(data.find((d) => d.value[0] === 1 && d.value[1] === 2)).toBeUndefined();
    expect(data.find((d) => d.value[2] === 70)!.label.color).toBe('#ffffff');
    expect(data.find((d) => d.value[2] === 5)!.label.color).toBe('#111111');
    expect(option.yAxis).toMatchObject({ data: ['3', '2', '1'], inverse: true, name: 'R score' });
  });

  it('keeps a colour scale when every cell is missing or equal', () => {
    const empty = { ...heatmap, cells: heatmap.cells.map((r) => r.map(() => null)) };
    expect((chartOption(empty, 'en', 760).option as Loose).visualMap).toMatchObject({ min: 0, max: 1 });
    const flat = { ...heatmap, cells: heatmap.cells.map((r) => r.map(() => 4)) };
    expect((chartOption(flat, 'en', 760).option as Loose).visualMap).toMatchObject({ min: 4, max: 5 });
  });

  it('rotates category labels that would not fit side by side', () => {
    const many = {
      ...bar,
      categories: Array.from({ length: 14 }, (_, i) => ({ en: `Category ${i}`, zh: `类别 ${i}` })),
      series: [{ name: bar.series[0]!.name, values: Array.from({ length: 14 }, () => 1) }],
    };
    expect((chartOption(many, 'en', 760).option as Loose).xAxis.axisLabel.rotate).toBe(30);
    expect((chartOption(bar, 'en', 760).option as Loose).xAxis.axisLabel.rotate).toBe(0);
  });
});
