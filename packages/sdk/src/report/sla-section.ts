import type { Label, ReportBarChart, ReportChart, ReportFact, ReportLineChart, ReportSeries } from '@kehu/core';
import { DEFAULT_SLA_POLICY, parseSlaPolicy, type MonitoringReport } from '@kehu/sla';
import type { SlaBoard, SlaBoardEntry } from '../sla.js';
import { localDateAt } from '@kehu/plans';
import { axis, formatCount, monthLabel, nothingToChart, UNITS } from './labels.js';
import { localMonths, type LocalMonth } from './local-months.js';
import type { ReportInputs, ReportSectionBuilder } from './section.js';

const SECTION_RULES = ['SL-2', 'SL-3', 'SL-4', 'SL-9'];
const HOUR_MS = 3_600_000;

/** A metric's id and label, in the policy's order. */
interface MetricHead {
  id: string;
  label: Label;
}

function countBy(entries: readonly SlaBoardEntry[], metrics: readonly MetricHead[]): number[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.metric, (counts.get(e.metric) ?? 0) + 1);
  return metrics.map((m) => counts.get(m.id) ?? 0);
}

function boardChart(board: SlaBoard, metrics: readonly MetricHead[], asOfDate: string): ReportBarChart {
  const dueSoon = new Set(board.dueSoon.map((e) => `${e.complaintId}\u0000${e.metric}\u0000${e.cycle}`));
  const runningOnly = board.running.filter((e) => !dueSoon.has(`${e.complaintId}\u0000${e.metric}\u0000${e.cycle}`));
  const series: ReportSeries[] = [
    { name: { en: 'Running', zh: '计时中' }, values: countBy(runningOnly, metrics) },
    { name: { en: 'Due soon', zh: '即将到期' }, values: countBy(board.dueSoon, metrics) },
    { name: { en: 'Breached', zh: '已超时' }, values: countBy(board.breached, metrics) },
    { name: { en: 'Paused', zh: '已暂停' }, values: countBy(board.paused, metrics) },
  ];
  return {
    kind: 'bar',
    id: 'sla-board',
    title: { en: 'SLA board of open complaints', zh: '未结投诉时限看板' },
    description: {
      en:
        `As of ${asOfDate}: ${formatCount(board.breached.length)} clocks breached, ` +
        `${formatCount(board.dueSoon.length)} due soon, ${formatCount(board.running.length)} running and ` +
        `${formatCount(board.paused.length)} paused, per metric.`,
      zh:
        `截至 ${asOfDate}：已超时 ${formatCount(board.breached.length)} 个，即将到期 ` +
        `${formatCount(board.dueSoon.length)} 个，计时中 ${formatCount(board.running.length)} 个，` +
        `已暂停 ${formatCount(board.paused.length)} 个（按指标）。`,
    },
    rules: ['SL-2', 'SL-3', 'SL-4'],
    x: axis({ en: 'SLA metric', zh: '时限指标' }, { en: 'metric', zh: '指标' }),
    y: axis({ en: 'SLA clocks', zh: '时限数' }, UNITS.clocks),
    categories: metrics.map((m) => m.label),
    series,
    stacked: true,
    notes: [
      {
        en: '"Running" excludes the clocks due soon; each complaint has one clock per metric and cycle.',
        zh: '“计时中”不含即将到期的时限；每件投诉每个指标每个周期一个时限。',
      },
    ],
  };
}

/** `met / (met + breached)` in percent (a number for the chart), or `null` when nothing finished. */
function attainmentValue(met: number, breached: number): number | null {
  return met + breached === 0 ? null : (met / (met + breached)) * 100;
}

function attainmentChart(
  months: readonly LocalMonth[],
  reports: readonly MonitoringReport[],
  metrics: readonly MetricHead[],
): ReportLineChart | null {
  const series: ReportSeries[] = [];
  for (const m of metrics) {
    const rows = reports.map((r) => r.sla.find((a) => a.metric === m.id));
    const values = rows.map((a) => (a === undefined ? null : attainmentValue(a.met, a.breached)));
    if (values.every((v) => v === null)) continue;
    series.push({
      name: m.label,
      values,
      exact: rows.map((a) =>
        a === undefined || a.attainment === null ? null : `${a.attainmentPercent}% (${a.attainment})`,
      ),
    });
  }
  if (series.length === 0) return null;
  const overall = reports.reduce(
    (acc, r) => {
      for (const a of r.sla) {
        acc.met += a.met;
        acc.breached += a.breached;
      }
      return acc;
    },
    { met: 0, breached: 0 },
  );
  const total = attainmentValue(overall.met, overall.breached);
  const totalText = total === null ? '–' : total.toFixed(1);
  return {
    kind: 'line',
    id: 'sla-attainment',
    title: { en: 'SLA attainment per month', zh: '每月时限达成率' },
    description: {
      en:
        `Share of finished SLA clocks met in time, by month of receipt: ${totalText}% over the period ` +
        `(${formatCount(overall.met)} met, ${formatCount(overall.breached)} breached).`,
      zh:
        `按受理月份统计按时完成的时限占比：整个期间为 ${totalText}%（达成 ${formatCount(overall.met)} 个，` +
        `超时 ${formatCount(overall.breached)} 个）。`,
    },
    rules: ['SL-2', 'SL-3', 'SL-9'],
    x: axis({ en: 'Month of receipt', zh: '受理月份' }, UNITS.month),
    y: axis({ en: 'Attainment', zh: '达成率' }, UNITS.percent),
    categories: months.map((m) => monthLabel(m.year, m.month)),
    series,
    references: [{ label: { en: 'All met', zh: '全部达成' }, value: 100 }],
  };
}

function hoursOf(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round((ms / HOUR_MS) * 100) / 100;
}

function durationChart(months: readonly LocalMonth[], reports: readonly MonitoringReport[]): ReportLineChart | null {
  if (reports.every((r) => r.responseTime.count === 0 && r.resolutionTime.count === 0)) return null;
  const line = (
    name: Label,
    pick: (r: MonitoringReport) => MonitoringReport['responseTime'],
    p: 'p50' | 'p90',
  ): ReportSeries => {
    const values = reports.map((r) => hoursOf(pick(r).businessMs?.[p]));
    return {
      name,
      values,
      exact: reports.map((r, i) => {
        const v = values[i];
        return v === null || v === undefined ? null : `${v.toFixed(2)} h (n = ${pick(r).count})`;
      }),
    };
  };
  const response = (r: MonitoringReport) => r.responseTime;
  const resolution = (r: MonitoringReport) => r.resolutionTime;
  const notes: Label[] = [
    {
      en: 'Percentiles by nearest rank over the complaints that reached the event; the others are left out.',
      zh: '百分位数采用最近秩法，仅统计已到达该事件的投诉。',
    },
  ];
  if (reports.some((r) => r.responseTime.provisional || r.resolutionTime.provisional))
    notes.push({
      en: 'Some durations use calendar dates beyond the calendar data and are provisional.',
      zh: '部分时长使用了超出日历数据范围的日期，为暂定值。',
    });
  return {
    kind: 'line',
    id: 'sla-durations',
    title: { en: 'Time to respond and to resolve, p50 and p90', zh: '响应与解决用时（p50 与 p90）' },
    description: {
      en: 'Business hours from receipt to the first response and to resolution, by month of receipt.',
      zh: '按受理月份统计，从受理到首次响应及到解决所用的工作小时。',
    },
    rules: ['SL-2', 'SL-3', 'SL-9'],
    x: axis({ en: 'Month of receipt', zh: '受理月份' }, UNITS.month),
    y: axis({ en: 'Time in business hours', zh: '用时（工作小时）' }, UNITS.businessHours),
    categories: months.map((m) => monthLabel(m.year, m.month)),
    series: [
      line({ en: 'Response p50', zh: '响应 p50' }, response, 'p50'),
      line({ en: 'Response p90', zh: '响应 p90' }, response, 'p90'),
      line({ en: 'Resolution p50', zh: '解决 p50' }, resolution, 'p50'),
      line({ en: 'Resolution p90', zh: '解决 p90' }, resolution, 'p90'),
    ],
    notes,
  };
}

/**
 * The SLA section (rules SL-2 to SL-4, SL-9): the board of open complaints at `asOf` (stacked by state per metric),
 * and per local month from `from` to `asOf` the attainment of each metric and the p50 / p90 business hours to
 * respond and to resolve, from `kehu.sla.board` and one `kehu.sla.report` per month of receipt. Reads only.
 */
export const slaSection: ReportSectionBuilder = async (readers, inputs: ReportInputs) => {
  const { asOf, calendar, timeZone } = inputs;
  const policyInput = inputs.policies.sla ?? DEFAULT_SLA_POLICY;
  const metrics: MetricHead[] = parseSlaPolicy(policyInput).metrics.map((m) => ({
    id: m.id,
    label: { en: m.label.en, zh: m.label.zh },
  }));
  const board = await readers.sla.board({ asOf, calendar, policy: policyInput });
  const months = localMonths(inputs.from, asOf, timeZone);
  const reports: MonitoringReport[] = [];
  for (const m of months) {
    const to = m.end.getTime() < asOf.getTime() ? m.end : asOf;
    const from = m.start.getTime() > inputs.from.getTime() ? m.start : inputs.from;
    reports.push(await readers.sla.report({ asOf, calendar, policy: policyInput, from, to }));
  }
  const asOfDate = localDateAt(asOf, timeZone);
  const open = new Set([...board.running, ...board.breached, ...board.paused].map((e) => e.complaintId));
  const received = reports.reduce((s, r) => s + r.total, 0);
  const facts: ReportFact[] = [
    { label: { en: 'Open complaints', zh: '未结投诉' }, value: formatCount(open.size) },
    { label: { en: 'Breached clocks', zh: '已超时时限' }, value: formatCount(board.breached.length) },
    { label: { en: 'Due soon', zh: '即将到期' }, value: formatCount(board.dueSoon.length) },
    { label: { en: 'Paused', zh: '已暂停' }, value: formatCount(board.paused.length) },
    {
      label: {
        en: `Received since ${localDateAt(inputs.from, timeZone)}`,
        zh: `自 ${localDateAt(inputs.from, timeZone)} 起受理`,
      },
      value: formatCount(received),
    },
  ];
  if (board.nextCheckAt !== null)
    facts.push({ label: { en: 'Next check', zh: '下次检查' }, value: board.nextCheckAt.toISOString() });
  const charts: ReportChart[] = [];
  const notes: Label[] = [];
  if (open.size > 0) charts.push(boardChart(board, metrics, asOfDate));
  else notes.push({ en: `No complaint is open as of ${asOfDate}.`, zh: `截至 ${asOfDate} 没有未结投诉。` });
  const attainment = attainmentChart(months, reports, metrics);
  const durations = durationChart(months, reports);
  if (attainment !== null) charts.push(attainment);
  if (durations !== null) charts.push(durations);
  if (charts.length === 0)
    notes.push(
      nothingToChart({
        en: 'no complaint was received or finished in the period',
        zh: '期间没有受理或办结的投诉',
      }),
    );
  return {
    id: 'sla',
    title: { en: 'Complaint SLAs', zh: '投诉处理时限' },
    rules: SECTION_RULES,
    facts,
    charts,
    notes,
  };
};
