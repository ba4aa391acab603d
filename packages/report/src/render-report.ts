import { chartOption } from './chart-options.js';
import { REPORT_LABELS } from './labels.js';
import type { ReportChart, ReportModel, ReportSection } from '@kehu/core';
import { parseReportChart, parseReportModel } from '@kehu/core';
import { resolveRenderOptions, type RenderOptions, type ResolvedRenderOptions } from './render-options.js';
import { renderSvg, scopeSvgIds } from './render-svg.js';
import { renderTable } from './render-table.js';
import { axisHtmlIn, escapeHtml, htmlIn, LANGUAGE_TAGS, paragraphsIn, textIn, type ReportLanguage } from './text.js';

/** The SVG scales to its container: full width, height from the `viewBox`'s proportions. */
function fluid(svg: string): string {
  return svg.replace(/^<svg\b/, '<svg style="display:block;width:100%;height:auto" focusable="false"');
}

function label(key: keyof typeof REPORT_LABELS, language: ReportLanguage): string {
  return htmlIn(REPORT_LABELS[key], language);
}

/** What the axes (and a heat map's colour) measure, in which unit. */
function axesLine(chart: ReportChart, language: ReportLanguage): string {
  const parts = [
    `${label('horizontal', language)}: ${axisHtmlIn(chart.x, language)}`,
    `${label('vertical', language)}: ${axisHtmlIn(chart.y, language)}`,
  ];
  if (chart.kind === 'heatmap') parts.push(`${label('colour', language)}: ${axisHtmlIn(chart.value, language)}`);
  return parts.join(' · ');
}

function rulesLine(rules: string[], language: ReportLanguage): string {
  return rules.length === 0 ? '' : `${label('rules', language)}: ${rules.map(escapeHtml).join(', ')}`;
}

function notesList(notes: ReportChart['notes'], language: ReportLanguage): string {
  if (notes === undefined || notes.length === 0) return '';
  const items = notes.map((n) => `<li>${htmlIn(n, language, 'slash')}</li>`).join('');
  return `<ul class="kehu-notes" aria-label="${escapeHtml(textIn(REPORT_LABELS.notes, language))}">${items}</ul>`;
}

/** One figure of a validated chart with resolved options. */
function figure(chart: ReportChart, options: ResolvedRenderOptions): string {
  const { language, width } = options;
  const { option, height } = chartOption(chart, language, width);
  const svg = fluid(scopeSvgIds(renderSvg(option, { width, height }), `kehu-${chart.id}-`));
  const title = textIn(chart.title, language, 'slash');
  const meta = [axesLine(chart, language), rulesLine(chart.rules, language)].filter((p) => p !== '').join(' · ');
  const caption =
    `<figcaption><p class="kehu-figure-title">${htmlIn(chart.title, language, 'slash')}</p>` +
    (chart.description === undefined ? '' : paragraphsIn(chart.description, language, 'kehu-figure-description')) +
    `<p class="kehu-figure-meta">${meta}</p></figcaption>`;
  const details =
    `<details class="kehu-data"><summary>${label('dataTable', language)}</summary>` +
    `<div class="kehu-table-scroll">${renderTable(chart, language)}</div></details>`;
  return (
    `<figure id="${escapeHtml(chart.id)}" class="kehu-figure">${caption}` +
    `<div class="kehu-chart" role="img" aria-label="${escapeHtml(title)}">${svg}</div>` +
    `${notesList(chart.notes, language)}${details}</figure>`
  );
}

/**
 * Renders one chart as an HTML `<figure id>`: a `<figcaption>` (title, the description that reads the chart, the
 * axes with their units, the rule IDs), the chart as inline SVG rendered by ECharts on the server (no script; it
 * scales to the page's width), its notes, and its data table in a `<details>`. Every text from the chart is escaped.
 * For pages of a host's own; {@link renderReport} renders a whole report.
 *
 * @param chart - the chart; validated with {@link parseReportChart}
 * @param options - the language (default bilingual) and the width the chart is laid out for
 * @throws KehuValidationError with the path of a bad field of the chart or a bad option
 */
export function renderFigure(chart: ReportChart, options?: RenderOptions): string {
  const resolved = resolveRenderOptions(options);
  return figure(parseReportChart(chart), resolved);
}

/** `iso` as a local date and time in `timeZone`: "2026-04-01 00:00" style, minutes precision, 24-hour clock. */
export function localDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

function timeHtml(iso: string, timeZone: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(localDateTime(iso, timeZone))}</time>`;
}

function factsList(section: ReportSection, language: ReportLanguage): string {
  if (section.facts.length === 0) return '';
  const items = section.facts
    .map((f) => `<div><dt>${htmlIn(f.label, language)}</dt><dd>${escapeHtml(f.value)}</dd></div>`)
    .join('');
  return `<dl class="kehu-facts" aria-label="${escapeHtml(textIn(REPORT_LABELS.keyFigures, language))}">${items}</dl>`;
}

function sectionHtml(section: ReportSection, options: ResolvedRenderOptions): string {
  const { language } = options;
  const rules = rulesLine(section.rules, language);
  const figures = section.charts.map((c) => figure(c, options)).join('');
  const empty =
    section.charts.length === 0 && section.notes.length === 0
      ? `<p class="kehu-empty">${htmlIn(REPORT_LABELS.noCharts, language, 'slash')}</p>`
      : '';
  return (
    `<section id="${escapeHtml(section.id)}" class="kehu-section">` +
    `<h2>${htmlIn(section.title, language, 'slash')}</h2>` +
    (rules === '' ? '' : `<p class="kehu-rules">${rules}</p>`) +
    factsList(section, language) +
    notesList(section.notes, language) +
    empty +
    figures +
    '</section>'
  );
}

/**
 * The report's style sheet: inline, print-friendly, readable on a 375 px wide phone (text reflows; a chart keeps at
 * least 560 px so its labels stay legible, and scrolls sideways on a narrower screen).
 */
export const REPORT_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;line-height:1.5;color:#202124;background:#fff}
.kehu-report{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .5rem;padding-top:.5rem;border-top:2px solid #dadce0}
.kehu-meta,.kehu-rules,.kehu-figure-meta{color:#5f6368;font-size:.875rem;margin:.25rem 0}
nav ol{padding-left:1.5rem;margin:.25rem 0}
nav h2{border:0;margin-top:1rem;font-size:1.1rem}
a{color:#0b57d0}
.kehu-facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:.75rem 0;padding:0}
.kehu-facts div{border:1px solid #dadce0;border-radius:6px;padding:6px 10px}
.kehu-facts dt{font-size:.8rem;color:#5f6368}
.kehu-facts dd{margin:0;font-size:1.15rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kehu-notes{color:#3c4043;font-size:.9rem;padding-left:1.25rem}
.kehu-figure{margin:1.25rem 0;padding:0;break-inside:avoid;page-break-inside:avoid}
.kehu-figure-title{font-weight:600;margin:0}
.kehu-figure-description{margin:.15rem 0}
.kehu-chart{width:100%;overflow-x:auto;margin:.5rem 0}
.kehu-chart svg{display:block;width:100%;min-width:560px;height:auto}
.kehu-data summary{cursor:pointer;color:#0b57d0;font-size:.9rem}
.kehu-table-scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #dadce0;padding:3px 8px;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}
thead th{background:#f1f3f4}
@media print{
.kehu-report{max-width:none;padding:0}
nav{break-after:avoid}
h2{break-after:avoid}
a{color:inherit;text-decoration:none}
.kehu-chart svg{min-width:0}
}
`;

/**
 * Renders a report model as one self-contained HTML document (UTF-8): the title, the moment reported on in the
 * model's time zone, a table of contents linking to the sections, and each section with its key figures, notes and
 * figures (see {@link renderFigure}). The style sheet is inline; charts are inline SVG; the page has no script and
 * refers to no other file or URL, so it opens offline and prints. Bilingual by default (English with
 * `lang="zh-CN"` Chinese beside it); `language: 'en'` or `'zh'` gives one language.
 *
 * @param model - the report; validated with {@link parseReportModel}
 * @param options - the language (default bilingual) and the width charts are laid out for
 * @throws KehuValidationError with the path of a bad field of the model or a bad option
 */
export function renderReport(model: ReportModel, options?: RenderOptions): string {
  const resolved = resolveRenderOptions(options);
  const report = parseReportModel(model);
  const { language } = resolved;
  const lang = language === 'zh' ? LANGUAGE_TAGS.zh : LANGUAGE_TAGS.en;
  const when =
    `${label('asOf', language)}: ${timeHtml(report.asOf, report.timeZone)}` +
    (report.previousAsOf === undefined
      ? ''
      : ` · ${label('previousAsOf', language)}: ${timeHtml(report.previousAsOf, report.timeZone)}`) +
    ` · ${label('timeZone', language)}: ${escapeHtml(report.timeZone)}`;
  const contents =
    report.sections.length === 0
      ? `<p class="kehu-empty">${htmlIn(REPORT_LABELS.noSections, language, 'slash')}</p>`
      : `<nav aria-label="${escapeHtml(textIn(REPORT_LABELS.contents, language))}">` +
        `<h2>${label('contents', language)}</h2><ol>` +
        report.sections
          .map((s) => `<li><a href="#${escapeHtml(s.id)}">${htmlIn(s.title, language, 'slash')}</a></li>`)
          .join('') +
        '</ol></nav>';
  const sections = report.sections.map((s) => sectionHtml(s, resolved)).join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(textIn(report.title, language, 'slash'))}</title>\n` +
    `<style>${REPORT_CSS}</style>\n</head>\n<body>\n<div class="kehu-report">\n` +
    `<header><h1>${htmlIn(report.title, language, 'slash')}</h1><p class="kehu-meta">${when}</p></header>\n` +
    `${contents}\n<main>\n${sections}\n</main>\n</div>\n</body>\n</html>\n`
  );
}
