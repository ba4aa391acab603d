import type { Dimension } from '@kehu/satisfaction';
import { DIMENSIONS } from '@kehu/satisfaction';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import type { Kehu } from '@kehu/sdk';

const one = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The satisfaction part of the demo summary (rules SA-1, SA-3, SA-4, SA-5). */
export interface DemoSatisfaction {
  /** This quarter and the previous one. */
  quarter: string;
  /** The previous quarter. */
  previousQuarter: string;
  /** Responses this quarter. */
  responses: number;
  /** CSAT (top-2-box, percent) with its 95% interval. */
  csat: { estimate: number; lower: number; upper: number };
  /** NPS with its 95% interval. */
  nps: { estimate: number; lower: number; upper: number };
  /** The NPS change against the previous quarter: signed difference, p-value and verdict. */
  npsChange: { difference: number; pValue: number; verdict: string; en: string; zh: string };
  /** The three strongest drivers of overall satisfaction (relative weight as a share of R², percent). */
  drivers: Array<{ indicator: string; en: string; zh: string; share: number }>;
  /** R² of the key-driver model. */
  r2: number;
  /** Improvement items for indicators below target. */
  improvements: Array<{ indicator: string; department: string; mean: number; target: number; status: string }>;
  /** How many more improvement items there are than the three shown. */
  moreImprovements: number;
}

/**
 * The quarter's satisfaction report of the sample survey from the store: CSAT and NPS with
 * intervals, the quarter-on-quarter comparison with its verdict, the key drivers and the
 * improvement items (bootstrap seeded, so every run prints the same).
 */
export async function demoSatisfaction(kehu: Kehu, asOf: Date): Promise<DemoSatisfaction> {
  const report = await kehu.satisfaction.report({ survey: SAMPLE_SURVEY, asOf, bootstrap: 200, seed: 42 });
  const interval = (e: { estimate: number; ci: { lower: number; upper: number } }) => ({
    estimate: e.estimate,
    lower: e.ci.lower,
    upper: e.ci.upper,
  });
  const change = report.change.nps;
  return {
    quarter: report.current.quarter,
    previousQuarter: report.previous.quarter,
    responses: report.current.responses,
    csat: interval(report.current.csat),
    nps: interval(report.current.nps),
    npsChange: { difference: change.difference, pValue: change.pValue, verdict: change.verdict, ...change.text },
    drivers: (report.keyDrivers?.drivers ?? []).slice(0, 3).map((d) => ({
      indicator: d.indicator,
      ...DIMENSIONS[d.indicator as Dimension].label,
      share: d.share,
    })),
    r2: report.keyDrivers?.estimate ?? Number.NaN,
    improvements: report.improvement.items.slice(0, 3).map((i) => ({
      indicator: `${i.indicatorLabel.en} ${i.indicatorLabel.zh}`,
      department: `${i.departmentLabel.en} ${i.departmentLabel.zh}`,
      mean: i.estimate,
      target: i.target,
      status: i.status,
    })),
    moreImprovements: Math.max(0, report.improvement.items.length - 3),
  };
}

/** The satisfaction part as bilingual text lines. */
export function formatDemoSatisfaction(s: DemoSatisfaction): string[] {
  const ci = (e: { estimate: number; lower: number; upper: number }, unit = '') =>
    `${one(e.estimate)}${unit} (95% CI ${one(e.lower)} to ${one(e.upper)})`;
  return [
    '',
    `Satisfaction 满意度 ${s.quarter} (rules SA-1, SA-3 to SA-5; ${s.responses} responses 份问卷)`,
    `  CSAT 满意率 ${ci(s.csat, '%')} · NPS 净推荐值 ${ci(s.nps)}`,
    `  vs 对比 ${s.previousQuarter}: ${s.npsChange.en}`,
    `    ${s.npsChange.zh}`,
    `  key drivers 关键驱动因素 (relative weights, R² ${one(s.r2 * 100)}%): ` +
      s.drivers.map((d) => `${d.en} ${d.zh} ${one(d.share)}%`).join(' · '),
    ...(s.improvements.length === 0
      ? ['  improvement items 改进事项: none, every indicator meets its target 各项指标均达标']
      : s.improvements.map(
          (i) =>
            `  improvement 改进: ${i.indicator} mean 均值 ${i.mean.toFixed(2)} < target 目标 ${i.target} ` +
            `→ ${i.department} (${i.status})`,
        )),
    ...(s.moreImprovements > 0 ? [`  … and ${s.moreImprovements} more 另有 ${s.moreImprovements} 项`] : []),
  ];
}
