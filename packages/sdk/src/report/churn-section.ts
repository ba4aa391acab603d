import { RISK_BAND_LABELS, RISK_BANDS, RISK_FACTOR_LABELS, type CalibrationRow } from '@kehu/churn';
import type { Label, ReportBarChart, ReportChart, ReportFact, ReportLineChart } from '@kehu/core';
import { localDateAt } from '@kehu/plans';
import { UNITS } from './labels.js';
import type { ReportSectionBuilder } from './section.js';
import { overallRatingQuestion } from './survey-question.js';

/** The section's heading. */
const TITLE: Label = { en: 'Churn risk', zh: '流失风险' };
/** The score (CH-2), its bands and alerts (CH-3), and the check of the score against what happened (CH-2). */
const RULES = ['CH-1', 'CH-2', 'CH-3'];

const value = (x: number): number | null => (Number.isFinite(x) ? x * 100 : null);
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

/** The calibration chart: predicted against observed churn per score bin, observed with its Wilson band. */
function calibrationChart(
  rows: readonly CalibrationRow[],
  check: { n: number; positives: number; auc: number; from: string; to: string; outcome: Label },
): ReportLineChart {
  const { from, to } = check;
  const filled = rows.filter((r) => r.n > 0);
  const worst = filled.reduce<CalibrationRow | undefined>(
    (w, r) => (w === undefined || Math.abs(r.observed - r.predicted) > Math.abs(w.observed - w.predicted) ? r : w),
    undefined,
  );
  const notes: Label[] = [];
  const empty = rows.filter((r) => r.n === 0).map((r) => `${r.from}–${r.to}`);
  if (empty.length > 0)
    notes.push({
      en: `No customer scored in ${empty.join(', ')}: those bins have no value.`,
      zh: `${empty.join('、')} 分段无客户：这些分段没有数值。`,
    });
  const auc = Number.isFinite(check.auc) ? check.auc.toFixed(3) : '–';
  return {
    kind: 'line',
    id: 'churn-calibration',
    title: { en: 'Predicted against observed churn per score bin', zh: '各评分段预测流失率与实际流失率' },
    description: {
      en:
        `Scores as of ${from}, outcomes by ${to} (${check.outcome.en}): ${check.positives} of ${check.n} ` +
        `customers churned; AUC ${auc}. On a calibrated score the observed line follows the predicted one` +
        (worst === undefined
          ? '.'
          : `; the widest gap is in ${worst.from}–${worst.to} (predicted ${pct(worst.predicted)}, observed ` +
            `${pct(worst.observed)}, n = ${worst.n}).`),
      zh:
        `评分日 ${from}，结果截至 ${to}（${check.outcome.zh}）：${check.n} 位客户中 ${check.positives} 位流失；` +
        `AUC ${auc}。评分校准良好时实际线贴近预测线` +
        (worst === undefined
          ? '。'
          : `；差距最大的是 ${worst.from}–${worst.to} 分段（预测 ${pct(worst.predicted)}，实际 ` +
            `${pct(worst.observed)}，n = ${worst.n}）。`),
    },
    rules: ['CH-2'],
    x: { label: { en: 'Risk score bin', zh: '风险评分段' }, unit: { en: 'score 0–100', zh: '分（0–100）' } },
    y: { label: { en: 'Churn rate', zh: '流失率' }, unit: UNITS.percent },
    categories: rows.map((r) => ({ en: `${r.from}–${r.to}`, zh: `${r.from}–${r.to}` })),
    series: [
      {
        name: { en: 'Predicted (mean score / 100)', zh: '预测（平均评分 / 100）' },
        values: rows.map((r) => value(r.predicted)),
      },
      {
        name: { en: 'Observed, with 95% Wilson interval', zh: '实际（含 95% Wilson 区间）' },
        values: rows.map((r) => value(r.observed)),
        exact: rows.map((r) => (r.n === 0 ? null : `${r.positives} / ${r.n}`)),
        lower: rows.map((r) => (r.n === 0 ? null : value(r.observedLower))),
        upper: rows.map((r) => (r.n === 0 ? null : value(r.observedUpper))),
      },
    ],
    ...(notes.length === 0 ? {} : { notes }),
  };
}

/**
 * The churn section (rules CH-1 to CH-3): customers per risk band as of `asOf`, scored by `kehu.churn.score` without
 * `record` (so nothing is stored and no alert is raised: a preview), with the policy of `inputs.policies.churn`, the
 * SLA board (open complaints, breaches) and, when the report has a survey, its overall question; and the score's
 * calibration from `kehu.churn.backtest`: customers scored as of `previousAsOf`, their churn observed by `asOf`.
 * Reads only.
 */
export const churnSection: ReportSectionBuilder = async (readers, inputs) => {
  const policy = inputs.policies.churn;
  // The score's satisfaction factor: the overall question of the report's survey, when it has one.
  const satisfaction = overallRatingQuestion(inputs);
  const run = await readers.churn.score({
    asOf: inputs.asOf,
    ...(policy === undefined ? {} : { policy }),
    ...(satisfaction === undefined ? {} : { satisfaction }),
    sla: { calendar: inputs.calendar, ...(inputs.policies.sla === undefined ? {} : { policy: inputs.policies.sla }) },
    top: 1,
  });
  const notes: Label[] = [];
  const charts: ReportChart[] = [];
  const facts: ReportFact[] = [];
  if (run.scored === 0) {
    notes.push({
      en: 'No customer to score (prospects and lost customers are not scored).',
      zh: '没有可评分的客户（潜在客户和已流失客户不评分）。',
    });
    return { id: 'churn', title: TITLE, rules: RULES, facts, charts, notes };
  }
  const day = localDateAt(inputs.asOf, inputs.timeZone);
  const atRisk = run.bands.high + run.bands.critical;
  facts.push(
    { label: { en: 'Customers scored', zh: '已评分客户' }, value: String(run.scored) },
    { label: { en: 'High or critical risk', zh: '高风险及极高风险' }, value: String(atRisk) },
    {
      label: { en: 'Share at high or critical risk', zh: '高风险及以上占比' },
      value: `${((atRisk / run.scored) * 100).toFixed(1)}%`,
    },
    { label: { en: 'Risk policy', zh: '风险策略版本' }, value: run.policyVersion },
  );
  const top = run.top[0];
  const largest = top?.factors[0];
  const bands: ReportBarChart = {
    kind: 'bar',
    id: 'churn-bands',
    title: { en: 'Customers per churn risk band', zh: '各流失风险等级的客户数' },
    description: {
      en:
        `${run.scored} customers scored as of ${day}: ` +
        RISK_BANDS.map((b) => `${RISK_BAND_LABELS[b].en.toLowerCase()} ${run.bands[b]}`).join(', ') +
        (largest === undefined
          ? '.'
          : `. The highest score is ${top!.score.toFixed(0)}, driven most by ` +
            `${RISK_FACTOR_LABELS[largest.factor].en.toLowerCase()}.`),
      zh:
        `截至 ${day} 共评分 ${run.scored} 位客户：` +
        RISK_BANDS.map((b) => `${RISK_BAND_LABELS[b].zh} ${run.bands[b]}`).join('，') +
        (largest === undefined
          ? '。'
          : `。最高评分 ${top!.score.toFixed(0)}，主要因素：${RISK_FACTOR_LABELS[largest.factor].zh}。`),
    },
    rules: ['CH-2', 'CH-3'],
    x: { label: { en: 'Risk band', zh: '风险等级' }, unit: { en: 'band', zh: '等级' } },
    y: { label: { en: 'Customers', zh: '客户数' }, unit: UNITS.customers },
    categories: RISK_BANDS.map((b) => RISK_BAND_LABELS[b]),
    series: [{ name: { en: 'Customers', zh: '客户数' }, values: RISK_BANDS.map((b) => run.bands[b]) }],
  };
  charts.push(bands);
  if (satisfaction === undefined)
    notes.push({
      en: 'The report has no survey, so the satisfaction factors are left out of the score.',
      zh: '报告未提供问卷，评分未包含满意度因素。',
    });
  if (!(inputs.previousAsOf < inputs.asOf)) {
    notes.push({
      en: 'No calibration: the previous moment is not before the report’s.',
      zh: '无校准图：对比时点不早于报告时点。',
    });
    return { id: 'churn', title: TITLE, rules: RULES, facts, charts, notes };
  }
  const check = await readers.churn.backtest({
    calibrationEnd: inputs.previousAsOf,
    observationEnd: inputs.asOf,
    ...(policy === undefined ? {} : { policy }),
  });
  if (check.n === 0 || check.positives === 0 || check.negatives === 0) {
    notes.push({
      en:
        check.n === 0
          ? 'No calibration: no customer had bought by the previous moment.'
          : `No calibration: of ${check.n} customers scored at the previous moment, ` +
            `${check.positives === 0 ? 'none' : 'all'} churned by the report's.`,
      zh:
        check.n === 0
          ? '无校准图：对比时点前没有购买过的客户。'
          : `无校准图：对比时点评分的 ${check.n} 位客户至报告时点${check.positives === 0 ? '无一流失' : '全部流失'}。`,
    });
  } else {
    facts.push({ label: { en: 'AUC of the score', zh: '评分 AUC' }, value: check.auc.value.toFixed(3) });
    charts.push(
      calibrationChart(check.calibration, {
        n: check.n,
        positives: check.positives,
        auc: check.auc.value,
        from: localDateAt(inputs.previousAsOf, inputs.timeZone),
        to: localDateAt(inputs.asOf, inputs.timeZone),
        outcome: check.outcome,
      }),
    );
  }
  return { id: 'churn', title: TITLE, rules: RULES, facts, charts, notes };
};
