import type { Label } from './labels.js';

/**
 * The report model: plain, JSON-serialisable data that says what each chart shows. The SDK builds it from a store
 * (`kehu.report.model`); a host may build or change one itself. `renderReport` of `@kehu/report` turns it into one
 * self-contained HTML file and `renderFigure` renders one chart (SVG and its data table) for a page of the host's own.
 * The model lives in core so that the SDK builds it without depending on the charting library.
 */

/** An axis: what it measures and in which unit (e.g. customers 客户数, % , business hours 工作小时, CNY 元). */
export interface ReportAxis {
  /** What the axis measures. */
  label: Label;
  /** The unit of its values; shown after the label and in the data table's column heads. */
  unit: Label;
}

/** One series of a bar or line chart: one value per category, `null` where there is none. */
export interface ReportSeries {
  /** The series' name in the legend and the data table. */
  name: Label;
  /** One value per category of the chart, in the unit of the value axis; `null` for no value (never a fake 0). */
  values: (number | null)[];
  /**
   * The exact text of each value for the data table (e.g. an exact decimal amount of money); when absent the
   * table shows the number.
   */
  exact?: (string | null)[];
  /** Lower ends of an interval around each value (a band on a line chart); same length as `values`. */
  lower?: (number | null)[];
  /** Upper ends of the interval; same length as `values`. */
  upper?: (number | null)[];
}

/** What every chart has. */
export interface ReportChartBase {
  /** Unique in the report; used as the HTML id of the figure (letters, digits, `-`). */
  id: string;
  /** What the chart shows, as a sentence fragment (e.g. "Customers by grade"). */
  title: Label;
  /** One or two sentences that read the chart (e.g. where the 80/20 point falls). */
  description?: Label;
  /** The rule IDs the chart reports on (e.g. `GR-6`). */
  rules: string[];
  /** Caveats shown under the chart (e.g. too few answers for an interval). */
  notes?: Label[];
}

/** Bars per category; grouped, or stacked when `stacked`. */
export interface ReportBarChart extends ReportChartBase {
  /** Discriminator. */
  kind: 'bar';
  /** The category axis. */
  x: ReportAxis;
  /** The value axis. */
  y: ReportAxis;
  /** The categories, in order. */
  categories: Label[];
  /** The series, each with one value per category. */
  series: ReportSeries[];
  /** Whether the series are stacked on each other. */
  stacked?: boolean;
}

/** Lines over ordered categories (e.g. months), each with an optional interval band. */
export interface ReportLineChart extends ReportChartBase {
  /** Discriminator. */
  kind: 'line';
  /** The category axis. */
  x: ReportAxis;
  /** The value axis. */
  y: ReportAxis;
  /** The categories, in order. */
  categories: Label[];
  /** The series; those with `lower` and `upper` are drawn with their band. */
  series: ReportSeries[];
  /** Horizontal reference lines (e.g. a target). */
  references?: { label: Label; value: number }[];
}

/** A point of a Pareto curve: the top `share` of the population brings `valueShare` of the value. */
export interface ParetoPoint {
  /** Share of the population, 0..1, ranked by value descending. */
  share: number;
  /** Cumulative share of the value they bring, 0..1. */
  valueShare: number;
}

/** The concentration (Lorenz-style) curve of value over the population ranked by value (rule GR-6). */
export interface ReportParetoChart extends ReportChartBase {
  /** Discriminator. */
  kind: 'pareto';
  /** The population axis (e.g. share of buying customers, %). */
  x: ReportAxis;
  /** The value axis (e.g. share of net value, %). */
  y: ReportAxis;
  /** The curve from (0, 0) to (1, 1), ascending in `share` (at most a few hundred points). */
  points: ParetoPoint[];
  /** The marked point, e.g. the share of value the top 20% bring. */
  marker: ParetoPoint & { label: Label };
}

/** A matrix of values, e.g. customers per R and F score, or per segment before and after. */
export interface ReportHeatmapChart extends ReportChartBase {
  /** Discriminator. */
  kind: 'heatmap';
  /** The column axis. */
  x: ReportAxis;
  /** The row axis. */
  y: ReportAxis;
  /** What the cell values measure (the colour scale). */
  value: ReportAxis;
  /** Column heads, left to right. */
  columns: Label[];
  /** Row heads, top to bottom. */
  rows: Label[];
  /** `cells[row][column]`; `null` where there is no value. */
  cells: (number | null)[][];
}

/** Any chart of the report. */
export type ReportChart = ReportBarChart | ReportLineChart | ReportParetoChart | ReportHeatmapChart;

/** A key figure shown at the top of a section (e.g. "Breached 12"). */
export interface ReportFact {
  /** What the figure is. */
  label: Label;
  /** The figure as text (exact; formatted by the builder). */
  value: string;
}

/** One section of the report: one module's view. */
export interface ReportSection {
  /** Unique in the report; the HTML id of the section (letters, digits, `-`). */
  id: string;
  /** The section's heading. */
  title: Label;
  /** The rule IDs the section reports on. */
  rules: string[];
  /** Key figures. */
  facts: ReportFact[];
  /** The charts, in order. */
  charts: ReportChart[];
  /** Why a section has no charts or what it leaves out (e.g. no complaints in the period); empty when none. */
  notes: Label[];
}

/** The whole report. */
export interface ReportModel {
  /** The report's title. */
  title: Label;
  /** The moment reported on, ISO-8601 with `Z`. */
  asOf: string;
  /** The moment compared with (e.g. segment migration), ISO-8601 with `Z`, before `asOf`; absent when none. */
  previousAsOf?: string;
  /** The IANA time zone the local dates of the report are in. */
  timeZone: string;
  /** The sections, in order. */
  sections: ReportSection[];
}
