import type { Label } from '@kehu/core';

/**
 * The report's own words (headings, table heads, notes), in English and Simplified Chinese. The model brings every
 * other text; these are the same in every report.
 */
export const REPORT_LABELS = {
  contents: { en: 'Contents', zh: '目录' },
  asOf: { en: 'As of', zh: '截至' },
  previousAsOf: { en: 'Compared with', zh: '对比期' },
  timeZone: { en: 'Time zone', zh: '时区' },
  rules: { en: 'Rules', zh: '规则' },
  notes: { en: 'Notes', zh: '说明' },
  keyFigures: { en: 'Key figures', zh: '关键数字' },
  dataTable: { en: 'Data table', zh: '数据表' },
  noValue: { en: 'no value', zh: '无数据' },
  lower: { en: 'lower', zh: '下限' },
  upper: { en: 'upper', zh: '上限' },
  equality: { en: 'Equal shares', zh: '均等线' },
  curve: { en: 'Cumulative share', zh: '累计占比' },
  marker: { en: 'Marked point', zh: '标记点' },
  horizontal: { en: 'Horizontal axis', zh: '横轴' },
  vertical: { en: 'Vertical axis', zh: '纵轴' },
  colour: { en: 'Colour', zh: '颜色' },
  noSections: { en: 'This report has no sections.', zh: '本报告没有任何部分。' },
  noCharts: { en: 'No charts in this section.', zh: '本部分没有图表。' },
} as const satisfies Record<string, Label>;

/** The name of one of the report's own words (a key of {@link REPORT_LABELS}). */
export type ReportLabelKey = keyof typeof REPORT_LABELS;
