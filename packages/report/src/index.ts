/**
 * `@kehu/report`: one self-contained, offline HTML file from a plain report model. Every chart is inline SVG
 * rendered in JavaScript by Apache ECharts' server-side renderer (no DOM, no script in the page, no URL of any kind),
 * inside a `<figure>` with a `<figcaption>` (title, what the chart shows, axes with units, rule IDs) and the data
 * table behind it. Texts are English and Simplified Chinese side by side, or one of them. Bars (grouped or stacked),
 * lines with interval bands and reference lines, the Pareto curve with its marked point (rule GR-6) and heat maps.
 * Platform-neutral: it runs in Node, workers and browsers. The model (`ReportModel` and its parts, and
 * `parseReportModel`) is in `@kehu/core`, so the SDK builds it (`kehu.report.model`) without this package's
 * charting library.
 *
 * @packageDocumentation
 */
export { DEFAULT_CHART_WIDTH, type RenderOptions } from './render-options.js';
export { REPORT_LANGUAGES, type ReportLanguage } from './text.js';
export { REPORT_LABELS } from './labels.js';
export { renderFigure, renderReport } from './render-report.js';
