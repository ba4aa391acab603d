import { formatNumber, formatPercent } from './format-number.js';
import { REPORT_LABELS } from './labels.js';
import type {
  ParetoPoint,
  ReportBarChart,
  ReportChart,
  ReportHeatmapChart,
  ReportLineChart,
  ReportParetoChart,
} from '@kehu/core';
import { axisHtmlIn, escapeHtml, htmlIn, textIn, type ReportLanguage } from './text.js';

/** A missing value; the cell's `title` says "no value" in words. */
const EMPTY = '—';

/** One cell of a table: a head (`<th scope="row">`) or data (`<td>`), as escaped HTML. */
function cell(html: string, head = false): string {
  return head ? `<th scope="row">${html}</th>` : `<td>${html}</td>`;
}

function columnHead(html: string): string {
  return `<th scope="col">${html}</th>`;
}

function emptyCell(language: ReportLanguage): string {
  return `<td><span title="${escapeHtml(textIn(REPORT_LABELS.noValue, language))}">${EMPTY}</span></td>`;
}

/** A value of a series: its exact text when the model gives one, else the number rounded for reading. */
function valueCell(value: number | null, exact: string | null | undefined, language: ReportLanguage): string {
  if (exact != null) return cell(escapeHtml(exact));
  return value === null ? emptyCell(language) : cell(escapeHtml(formatNumber(value)));
}

function table(caption: string, head: string[], rows: string[][]): string {
  const thead = `<thead><tr>${head.join('')}</tr></thead>`;
  const tbody = `<tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody>`;
  return `<table><caption>${caption}</caption>${thead}${tbody}</table>`;
}

function caption(chart: ReportChart, language: ReportLanguage): string {
  return `${htmlIn(REPORT_LABELS.dataTable, language)}: ${htmlIn(chart.title, language, 'slash')}`;
}

function seriesTable(chart: ReportBarChart | ReportLineChart, language: ReportLanguage): string {
  const unit = htmlIn(chart.y.unit, language);
  const withUnit = (html: string) => (unit === '' ? html : `${html} (${unit})`);
  const head = [columnHead(axisHtmlIn(chart.x, language))];
  for (const s of chart.series) {
    head.push(columnHead(withUnit(htmlIn(s.name, language))));
    if (s.lower !== undefined)
      head.push(columnHead(withUnit(`${htmlIn(s.name, language)}: ${htmlIn(REPORT_LABELS.lower, language)}`)));
    if (s.upper !== undefined)
      head.push(columnHead(withUnit(`${htmlIn(s.name, language)}: ${htmlIn(REPORT_LABELS.upper, language)}`)));
  }
  const rows = chart.categories.map((category, j) => {
    const row = [cell(htmlIn(category, language), true)];
    for (const s of chart.series) {
      row.push(valueCell(s.values[j] ?? null, s.exact?.[j], language));
      if (s.lower !== undefined) row.push(valueCell(s.lower[j] ?? null, undefined, language));
      if (s.upper !== undefined) row.push(valueCell(s.upper[j] ?? null, undefined, language));
    }
    return row;
  });
  return table(caption(chart, language), head, rows);
}

/** The points of a Pareto curve to tabulate: the last at or before every 10% of the population, and the marker. */
export function paretoSample(points: ParetoPoint[], marker: ParetoPoint): ParetoPoint[] {
  const picked = new Map<number, ParetoPoint>();
  for (let decile = 0; decile <= 10; decile++) {
    const at = decile / 10;
    let best: ParetoPoint | undefined;
    for (const p of points) if (p.share <= at + 1e-12) best = p;
    if (best !== undefined) picked.set(best.share, best);
  }
  picked.set(marker.share, { share: marker.share, valueShare: marker.valueShare });
  return [...picked.values()].sort((a, b) => a.share - b.share);
}

function paretoTable(chart: ReportParetoChart, language: ReportLanguage): string {
  const head = [columnHead(axisHtmlIn(chart.x, language)), columnHead(axisHtmlIn(chart.y, language))];
  const rows = paretoSample(chart.points, chart.marker).map((p) => {
    const isMarker = p.share === chart.marker.share;
    const share = escapeHtml(formatPercent(p.share));
    const label = isMarker ? ` <strong>${htmlIn(chart.marker.label, language)}</strong>` : '';
    return [cell(`${share}${label}`, true), cell(escapeHtml(formatPercent(p.valueShare)))];
  });
  return table(caption(chart, language), head, rows);
}

function heatmapTable(chart: ReportHeatmapChart, language: ReportLanguage): string {
  const corner = `${axisHtmlIn(chart.y, language)} \\ ${axisHtmlIn(chart.x, language)}`;
  const head = [columnHead(corner), ...chart.columns.map((c) => columnHead(htmlIn(c, language)))];
  const rows = chart.rows.map((r, i) => [
    cell(htmlIn(r, language), true),
    ...(chart.cells[i] ?? []).map((v) => valueCell(v, undefined, language)),
  ]);
  return table(`${caption(chart, language)}; ${axisHtmlIn(chart.value, language)}`, head, rows);
}

/**
 * The data table behind a chart, as HTML: bars and lines one row per category and a column per series (and its
 * lower and upper ends), with the exact text of a value where the model gives one; a heat map its rows × columns;
 * a Pareto curve sampled at every 10% of the population plus the marked point. Column heads carry units; missing
 * values show as "—"; numbers are rounded for reading (2 decimals, percentages 1). Every text is escaped.
 *
 * @param chart - a validated chart (see {@link parseReportModel})
 * @param language - the language of the texts
 */
export function renderTable(chart: ReportChart, language: ReportLanguage): string {
  switch (chart.kind) {
    case 'bar':
    case 'line':
      return seriesTable(chart, language);
    case 'pareto':
      return paretoTable(chart, language);
    case 'heatmap':
      return heatmapTable(chart, language);
  }
}
