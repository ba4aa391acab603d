import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import type { ReportBarChart, ReportModel } from '@kehu/core';
import { localDateTime, renderFigure, renderReport } from './render-report.js';
import { errorOf, sampleModel } from './test-support.js';

const EVIL = '<script>alert(1)</script>';
const evil = { en: EVIL, zh: `${EVIL}中文` };

/** Every URL-like reference of a document other than the SVG and XLink namespaces. */
function outsideReferences(html: string): string[] {
  const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  const namespaces = ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink'];
  const links = [...html.matchAll(/\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)/gi)]
    .map((m) => m[1]!)
    .filter((target) => !target.startsWith('#'));
  return [...urls.filter((u) => !namespaces.includes(u)), ...links];
}

describe('renderReport', () => {
  const html = renderReport(sampleModel());

  it('writes one self-contained document: inline style, no script, no URL of any kind', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<style>[\s\S]*@media print/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<foreignObject|@import|url\((?!#)/i);
    expect(outsideReferences(html)).toEqual([]);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('links the table of contents to the sections and renders every chart once as a figure with a table', () => {
    expect(html).toContain('<li><a href="#value">Customer value / <span lang="zh-CN">客户价值</span></a></li>');
    for (const id of ['value', 'rfm', 'satisfaction']) expect(html).toContain(`<section id="${id}"`);
    for (const id of ['value-grades', 'value-pareto', 'rfm-grid', 'satisfaction-trend']) {
      expect(html.split(`<figure id="${id}"`)).toHaveLength(2);
    }
    expect(html.match(/<figure /g)).toHaveLength(4);
    expect(html.match(/<figcaption>/g)).toHaveLength(4);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html.match(/<details class="kehu-data"><summary>/g)).toHaveLength(4);
    expect(html.match(/<table>/g)).toHaveLength(4);
  });

  it('shows the moment reported on in the model\u2019s time zone, the facts, the notes and the rules', () => {
    expect(html).toContain('<time datetime="2026-03-31T16:00:00Z">2026-04-01 00:00</time>');
    expect(html).toContain('<time datetime="2025-12-31T16:00:00Z">2026-01-01 00:00</time>');
    expect(html).toContain('Asia/Shanghai');
    expect(html).toContain('<div><dt>Buying customers <span lang="zh-CN">购买客户</span></dt><dd>1,250</dd></div>');
    expect(html).toContain('<li>Q3 had too few answers. / <span lang="zh-CN">第三季度答卷太少。</span></li>');
    expect(html).toContain('Rules <span lang="zh-CN">规则</span>: GR-1, GR-6');
    expect(html).toContain('Vertical axis <span lang="zh-CN">纵轴</span>: Customers <span lang="zh-CN">客户数</span>');
  });

  it('renders one language when asked', () => {
    const zh = renderReport(sampleModel(), { language: 'zh' });
    expect(zh.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(zh).toContain('<h1>客户管理报告</h1>');
    expect(zh).not.toContain('Customers by grade');
    const en = renderReport(sampleModel(), { language: 'en' });
    expect(en).toContain('<h1>Customer management report</h1>');
    expect(en).not.toContain('客户价值');
  });

  it('escapes every text of the model, so a label cannot inject markup', () => {
    const model = sampleModel();
    model.title = evil;
    const section = model.sections[0]!;
    section.title = evil;
    section.facts = [{ label: evil, value: EVIL }];
    section.notes = [evil];
    const chart = section.charts[0] as ReportBarChart;
    chart.title = evil;
    chart.description = evil;
    chart.rules = [EVIL];
    chart.x = { label: evil, unit: evil };
    chart.categories = chart.categories.map(() => evil);
    chart.series[0]!.name = evil;
    chart.series[0]!.exact = [EVIL, null, null, null];
    const out = renderReport(model);
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says so when there are no sections, and when a section has neither charts nor notes', () => {
    const none = renderReport({ ...sampleModel(), sections: [] });
    expect(none).toContain('This report has no sections.');
    expect(none).not.toContain('<nav');
    const model: ReportModel = sampleModel();
    model.sections[1]!.charts = [];
    model.sections[1]!.notes = [];
    expect(renderReport(model)).toContain('<p class="kehu-empty">No charts in this section.');
  });

  it('draws values too small for an axis at zero and shows them in the table as given', () => {
    const model = sampleModel();
    const chart = model.sections[0]!.charts[0] as ReportBarChart;
    chart.series = [
      { name: chart.series[0]!.name, values: [1e-300, 5e-324, null, 0], exact: ['1e-300', null, null, null] },
    ];
    const out = renderReport(model, { language: 'en' });
    expect(out).toContain('<tr><th scope="row">Diamond</th><td>1e-300</td></tr>');
    expect(out).toContain('<tr><th scope="row">Gold</th><td>0</td></tr>');
  });

  it('refuses a bad model or bad options with the path', () => {
    const model = sampleModel();
    (model.sections[0]!.charts[0] as ReportBarChart).series[0]!.values.pop();
    const error = errorOf(() => renderReport(model)) as KehuValidationError;
    expect(error).toBeInstanceOf(KehuValidationError);
    expect(error.path).toEqual(['sections', 0, 'charts', 0, 'series', 0, 'values']);
    expect((errorOf(() => renderReport(sampleModel(), { width: 10 })) as KehuValidationError).path).toEqual(['width']);
    const language = { language: 'fr' } as unknown as { language: 'en' };
    expect((errorOf(() => renderReport(sampleModel(), language)) as KehuValidationError).path).toEqual(['language']);
  });
});

describe('renderFigure', () => {
  const chart = sampleModel().sections[0]!.charts[0]!;

  it('renders one figure: caption, scalable SVG, notes and the data table', () => {
    const html = renderFigure(chart, { language: 'en', width: 480 });
    expect(html).toMatch(/^<figure id="value-grades" class="kehu-figure"><figcaption>/);
    expect(html).toContain('<p class="kehu-figure-title">Customers by grade</p>');
    expect(html).toContain('<p class="kehu-figure-description">Most customers are regular.</p>');
    expect(html).toContain('Vertical axis: Customers (customers) · Rules: GR-1');
    expect(html).toContain(
      '<div class="kehu-chart" role="img" aria-label="Customers by grade">' +
        '<svg style="display:block;width:100%;height:auto"',
    );
    expect(html).toContain('viewBox="0 0 480 400"');
    expect(html).toContain('<details class="kehu-data"><summary>Data table</summary>');
    expect(html.endsWith('</table></div></details></figure>')).toBe(true);
  });

  it('validates the chart', () => {
    const error = errorOf(() => renderFigure({ ...chart, id: 'a b' })) as KehuValidationError;
    expect(error.path).toEqual(['id']);
  });
});

describe('localDateTime', () => {
  it('gives the local wall time of an instant in a zone, across midnight and DST', () => {
    expect(localDateTime('2026-03-31T16:00:00Z', 'Asia/Shanghai')).toBe('2026-04-01 00:00');
    expect(localDateTime('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:30');
    expect(localDateTime('2026-03-31T16:00:00.999Z', 'UTC')).toBe('2026-03-31 16:00');
  });
});
