import type { Label, ReportAxis } from '@kehu/core';

/** Units the report's axes share, bilingual. */
export const UNITS = {
  /** Counts of customers. */
  customers: { en: 'customers', zh: '位客户' },
  /** Counts of complaints' SLA clocks (one per metric and cycle). */
  clocks: { en: 'SLA clocks', zh: '个时限' },
  /** Percent. */
  percent: { en: '%', zh: '%' },
  /** Hours of the business calendar. */
  businessHours: { en: 'business hours', zh: '工作小时' },
  /** A month of the calendar's zone. */
  month: { en: 'month (local)', zh: '月份（当地时间）' },
  /** A score 1..bins. */
  score: { en: 'score', zh: '分' },
} as const satisfies Record<string, Label>;

/** An axis from its label and unit. */
export function axis(label: Label, unit: Label): ReportAxis {
  return { label, unit };
}

/** The category label of a local month `YYYY-MM`: `2026-06` and `2026年6月`. */
export function monthLabel(year: number, month: number): Label {
  return { en: `${year}-${String(month).padStart(2, '0')}`, zh: `${year}年${month}月` };
}

/** A whole number with thousands separators, the same in both languages (`12,345`). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** The note of a section that has nothing to chart, with what is missing in both languages. */
export function nothingToChart(what: Label): Label {
  return { en: `No charts: ${what.en}.`, zh: `无图表：${what.zh}。` };
}
