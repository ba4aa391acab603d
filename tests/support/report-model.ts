/** Shared by the tests of the report model (core) and of its renderer (`@kehu/report`). */
import type { ReportModel } from '@kehu/core';

/** A small bilingual model with one chart of every kind, as the SDK builds them; tests change copies of it. */
export function sampleModel(): ReportModel {
  return {
    title: { en: 'Customer management report', zh: '客户管理报告' },
    asOf: '2026-03-31T16:00:00Z',
    previousAsOf: '2025-12-31T16:00:00Z',
    timeZone: 'Asia/Shanghai',
    sections: [
      {
        id: 'value',
        title: { en: 'Customer value', zh: '客户价值' },
        rules: ['GR-1', 'GR-6'],
        facts: [
          { label: { en: 'Buying customers', zh: '购买客户' }, value: '1,250' },
          { label: { en: 'Top 20% share', zh: '前 20% 占比' }, value: '78.4%' },
        ],
        notes: [],
        charts: [
          {
            kind: 'bar',
            id: 'value-grades',
            title: { en: 'Customers by grade', zh: '各等级客户数' },
            description: { en: 'Most customers are regular.', zh: '大多数客户为普通客户。' },
            rules: ['GR-1'],
            x: { label: { en: 'Grade', zh: '等级' }, unit: { en: '', zh: '' } },
            y: { label: { en: 'Customers', zh: '客户数' }, unit: { en: 'customers', zh: '位' } },
            categories: [
              { en: 'Diamond', zh: '钻石客户' },
              { en: 'Gold', zh: '黄金客户' },
              { en: 'Silver', zh: '白银客户' },
              { en: 'Regular', zh: '普通客户' },
            ],
            series: [
              { name: { en: 'Now', zh: '本期' }, values: [12, 40, 180, 1018] },
              { name: { en: 'Before', zh: '上期' }, values: [10, 38, 170, null] },
            ],
          },
          {
            kind: 'pareto',
            id: 'value-pareto',
            title: { en: 'Concentration of net value', zh: '净值集中度' },
            description: { en: 'The top 20% bring 78.4% of net value.', zh: '前 20% 的客户贡献 78.4% 的净值。' },
            rules: ['GR-6'],
            x: { label: { en: 'Share of buying customers', zh: '购买客户占比' }, unit: { en: '%', zh: '%' } },
            y: { label: { en: 'Share of net value', zh: '净值占比' }, unit: { en: '%', zh: '%' } },
            points: Array.from({ length: 101 }, (_, i) => ({ share: i / 100, valueShare: 1 - (1 - i / 100) ** 6 })),
            marker: { share: 0.2, valueShare: 0.784, label: { en: 'Top 20%', zh: '前 20%' } },
          },
        ],
      },
      {
        id: 'rfm',
        title: { en: 'RFM', zh: 'RFM 分析' },
        rules: ['RF-1'],
        facts: [],
        notes: [{ en: 'Scores by quintile.', zh: '按五分位评分。' }],
        charts: [
          {
            kind: 'heatmap',
            id: 'rfm-grid',
            title: { en: 'Customers by R and F score', zh: '按 R、F 评分的客户数' },
            rules: ['RF-1'],
            x: { label: { en: 'F score', zh: 'F 评分' }, unit: { en: '', zh: '' } },
            y: { label: { en: 'R score', zh: 'R 评分' }, unit: { en: '', zh: '' } },
            value: { label: { en: 'Customers', zh: '客户数' }, unit: { en: 'customers', zh: '位' } },
            columns: ['1', '2', '3'].map((s) => ({ en: s, zh: s })),
            rows: ['3', '2', '1'].map((s) => ({ en: s, zh: s })),
            cells: [
              [5, 20, 61],
              [14, 30, 12],
              [70, null, 3],
            ],
          },
        ],
      },
      {
        id: 'satisfaction',
        title: { en: 'Satisfaction', zh: '满意度' },
        rules: ['SA-2'],
        facts: [],
        notes: [],
        charts: [
          {
            kind: 'line',
            id: 'satisfaction-trend',
            title: { en: 'CSAT per quarter', zh: '各季度 CSAT' },
            rules: ['SA-2'],
            notes: [{ en: 'Q3 had too few answers.', zh: '第三季度答卷太少。' }],
            x: { label: { en: 'Quarter', zh: '季度' }, unit: { en: '', zh: '' } },
            y: { label: { en: 'CSAT', zh: 'CSAT' }, unit: { en: '%', zh: '%' } },
            categories: ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'].map((q) => ({ en: q, zh: q })),
            series: [
              {
                name: { en: 'CSAT', zh: '满意率' },
                values: [82.5, null, 85.1, 86.9],
                exact: ['82.5', null, '85.1', '86.9'],
                lower: [78.1, null, 81.2, 83.4],
                upper: [86.2, null, 88.5, 89.9],
              },
            ],
            references: [{ label: { en: 'Target', zh: '目标' }, value: 85 }],
          },
        ],
      },
    ],
  };
}
