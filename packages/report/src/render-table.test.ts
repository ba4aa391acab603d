import { describe, expect, it } from 'vitest';
import type { ReportBarChart, ReportHeatmapChart, ReportLineChart, ReportParetoChart } from '@kehu/core';
import { paretoSample, renderTable } from './render-table.js';
import { sampleModel } from './test-support.js';

const model = sampleModel();
const bar = model.sections[0]!.charts[0] as ReportBarChart;
const pareto = model.sections[0]!.charts[1] as ReportParetoChart;
const heatmap = model.sections[1]!.charts[0] as ReportHeatmapChart;
const line = model.sections[2]!.charts[0] as ReportLineChart;

const bodyRows = (html: string) => html.split('<tbody>')[1]!.match(/<tr>/g)?.length ?? 0;
const heads = (html: string) => [...html.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((m) => m[1]);

describe('renderTable', () => {
  it('gives bars one row per category and a column per series, with units in the heads', () => {
    const html = renderTable(bar, 'en');
    expect(html).toMatch(/^<table><caption>Data table: Customers by grade<\/caption>/);
    expect(bodyRows(html)).toBe(4);
    expect(heads(html)).toEqual(['Grade', 'Now (customers)', 'Before (customers)']);
    expect(html).toContain(
      '<tr><th scope="row">Regular</th><td>1018</td><td><span title="no value">—</span></td></tr>',
    );
  });

  it('gives lines the exact text of a value and the ends of its interval', () => {
    const html = renderTable(line, 'en');
    expect(heads(html)).toEqual(['Quarter', 'CSAT (%)', 'CSAT: lower (%)', 'CSAT: upper (%)']);
    expect(html).toContain('<tr><th scope="row">2026-Q1</th><td>86.9</td><td>83.4</td><td>89.9</td></tr>');
    const exact = {
      ...line,
      series: [{ ...line.series[0]!, values: [0.1 + 0.2, null, 1, 2], exact: ['0.30', null, null, '2.000'] }],
    };
    const rows = renderTable(exact, 'en');
    expect(rows).toContain('<th scope="row">2025-Q2</th><td>0.30</td>');
    expect(rows).toContain('<th scope="row">2025-Q4</th><td>1</td>');
    expect(rows).toContain('<th scope="row">2026-Q1</th><td>2.000</td>');
  });

  it('rounds numbers for reading', () => {
    const noisy = { ...bar, series: [{ name: bar.series[0]!.name, values: [0.1 + 0.2, 1 / 3, -0.001, 1e21] }] };
    const html = renderTable(noisy, 'en');
    for (const shown of ['<td>0.3</td>', '<td>0.33</td>', '<td>0</td>', '<td>1000000000000000000000</td>'])
      expect(html).toContain(shown);
  });

  it('gives a heat map its rows × columns', () => {
    const html = renderTable(heatmap, 'zh');
    expect(bodyRows(html)).toBe(3);
    expect(heads(html)).toEqual(['R 评分 \\ F 评分', '1', '2', '3']);
    expect(html).toContain(
      '<tr><th scope="row">1</th><td>70</td><td><span title="无数据">—</span></td><td>3</td></tr>',
    );
    expect(html).toContain('<caption>数据表: 按 R、F 评分的客户数; 客户数 (位)</caption>');
  });

  it('samples a Pareto curve at every 10% of the population and the marked point', () => {
    const html = renderTable(pareto, 'en');
    expect(bodyRows(html)).toBe(11);
    expect(html).toContain('<th scope="row">20 <strong>Top 20%</strong></th><td>78.4</td>');
    expect(html).toContain('<th scope="row">50</th><td>98.4</td>');
  });

  it('escapes every text of the chart', () => {
    const evil = { en: '<script>alert(1)</script>', zh: '<img src=x onerror=alert(1)>' };
    const chart = {
      ...bar,
      title: evil,
      categories: bar.categories.map(() => evil),
      series: [{ ...bar.series[0]!, name: evil, exact: ['<b>1</b>', null, null, null] }],
    };
    const html = renderTable(chart, 'bilingual');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('paretoSample', () => {
  it('keeps the last point at or before each tenth, and the marker, in order and once each', () => {
    const points = [0, 0.05, 0.12, 0.35, 0.6, 1].map((share) => ({ share, valueShare: share }));
    const sample = paretoSample(points, { share: 0.12, valueShare: 0.3 });
    expect(sample.map((p) => p.share)).toEqual([0, 0.05, 0.12, 0.35, 0.6, 1]);
    expect(sample.find((p) => p.share === 0.12)!.valueShare).toBe(0.3);
    expect(paretoSample(points, { share: 0.5, valueShare: 0.55 }).map((p) => p.share)).toContain(0.5);
  });
});
