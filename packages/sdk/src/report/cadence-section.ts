import { SKIP_REASON_LABELS, type PlanReportOwner, type SkipReason } from '@kehu/cadence';
import type { Label, ReportBarChart, ReportFact, ReportHeatmapChart, ReportSection } from '@kehu/core';
import type { CadencePlanOptions } from '../cadence.js';
import type { ReportInputs, ReportSectionBuilder } from './section.js';
import { overallRatingQuestion } from './survey-question.js';

/** The section's heading. */
const TITLE: Label = { en: 'Revisit workload', zh: '回访工作量' };
/** Cadence by importance (CA-1), post-purchase calls (CA-2), callbacks (CA-3), capacity and leave (CA-8). */
const RULES = ['CA-1', 'CA-2', 'CA-3', 'CA-8'];
/** Days planned from the report's day: the next two weeks. */
const PLAN_DAYS = 14;
const TASKS = { en: 'tasks', zh: '项' };
const DAY_AXIS = { label: { en: 'Day', zh: '日期' }, unit: { en: 'local date', zh: '当地日期' } };
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** A local date `YYYY-MM-DD` as a column head with its weekday. */
function dayLabel(date: string): Label {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { en: `${WEEKDAYS_EN[weekday]} ${date.slice(5)}`, zh: `${date.slice(5)} ${WEEKDAYS_ZH[weekday]}` };
}

/** The follow-ups of low satisfaction (SA-5) from the report's survey, when it has one with a rated question. */
function satisfactionSource(inputs: ReportInputs): CadencePlanOptions['satisfaction'] {
  const overall = overallRatingQuestion(inputs);
  return overall === undefined
    ? undefined
    : { surveyId: overall.surveyId, questions: [{ id: overall.question, scale: overall.scale }] };
}

/** The section with the given parts. */
function section(facts: ReportFact[], charts: ReportSection['charts'], notes: Label[]): ReportSection {
  return { id: 'cadence', title: TITLE, rules: RULES, facts, charts, notes };
}

/**
 * The revisit section (rules CA-1 to CA-3, CA-8): the plan of the next 14 days from `asOf`'s local date, made by
 * `kehu.cadence.plan` with the policy of `inputs.policies.cadence` (complaint callbacks, win-backs and, when the
 * report has a survey, follow-ups of low satisfaction included), as a heat map of tasks per owner and day and a bar
 * chart of the tasks placed against the owners' capacity per day; overdue and late work in facts and notes. Owners
 * with no task in the two weeks are left out of the heat map and counted in a note. Reads only.
 */
export const cadenceSection: ReportSectionBuilder = async (readers, inputs) => {
  const satisfaction = satisfactionSource(inputs);
  const slaPolicy = inputs.policies.sla;
  const plan = await readers.cadence.plan({
    asOf: inputs.asOf,
    calendar: inputs.calendar,
    days: PLAN_DAYS,
    ...(inputs.policies.cadence === undefined ? {} : { policy: inputs.policies.cadence }),
    ...(satisfaction === undefined ? {} : { satisfaction }),
    sla: slaPolicy === undefined ? {} : { policy: slaPolicy },
    winBacks: {},
  });
  const { report } = plan;
  const notes: Label[] = [];
  const skipped = Object.entries(report.skippedByReason).filter(([, n]) => (n ?? 0) > 0);
  if (skipped.length > 0)
    notes.push({
      en: `No task for: ${skipped
        .map(([k, n]) => `${SKIP_REASON_LABELS[k as SkipReason].en.toLowerCase()} ${n}`)
        .join(', ')}.`,
      zh: `未安排任务：${skipped.map(([k, n]) => `${SKIP_REASON_LABELS[k as SkipReason].zh} ${n}`).join('，')}。`,
    });
  const busy: PlanReportOwner[] = report.owners.filter((o) => o.days.some((d) => d.load > 0));
  if (report.tasks === 0 || busy.length === 0) {
    notes.unshift({
      en: `No revisit is planned from ${report.from} to ${report.to}.`,
      zh: `${report.from} 至 ${report.to} 没有计划的回访。`,
    });
    return section([], [], notes);
  }
  const dates = busy[0]!.days.map((d) => d.date);
  const load = dates.map((_, j) => busy.reduce((n, o) => n + (o.days[j]?.load ?? 0), 0));
  const capacity = dates.map((_, j) => busy.reduce((n, o) => n + (o.days[j]?.capacity ?? 0), 0));
  const totalLoad = load.reduce((a, b) => a + b, 0);
  const totalCapacity = capacity.reduce((a, b) => a + b, 0);
  const overdueByOwner = new Map<string, number>();
  for (const t of plan.tasks)
    if (t.overdueDays > 0) overdueByOwner.set(t.ownerId, (overdueByOwner.get(t.ownerId) ?? 0) + 1);
  const mostOverdue = [...overdueByOwner]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 5);
  if (mostOverdue.length > 0)
    notes.push({
      en: `Overdue backlog, most first: ${mostOverdue.map(([o, n]) => `${o} ${n}`).join(', ')}.`,
      zh: `逾期积压（由多到少）：${mostOverdue.map(([o, n]) => `${o} ${n}`).join('，')}。`,
    });
  const idle = report.owners.length - busy.length;
  if (idle > 0)
    notes.push({
      en: `${idle} owner(s) with no task in these two weeks are not shown.`,
      zh: `${idle} 位负责人在这两周内没有任务，未显示。`,
    });
  const leave = busy.flatMap((o) => {
    const days = o.days.filter((d) => d.onLeave).map((d) => d.date.slice(5));
    return days.length === 0 ? [] : [`${o.ownerId} ${days[0]}–${days[days.length - 1]}`];
  });
  if (leave.length > 0) notes.push({ en: `On leave: ${leave.join(', ')}.`, zh: `请假：${leave.join('，')}。` });
  let peak = { owner: busy[0]!, day: 0 };
  for (const o of busy)
    for (let j = 0; j < o.days.length; j++)
      if (o.days[j]!.load > peak.owner.days[peak.day]!.load) peak = { owner: o, day: j };
  const peakLoad = peak.owner.days[peak.day]!;
  const heatmap: ReportHeatmapChart = {
    kind: 'heatmap',
    id: 'cadence-workload',
    title: { en: 'Revisits per owner per day, next two weeks', zh: '未来两周每位负责人每天的回访任务' },
    description: {
      en:
        `${report.tasks} tasks from ${report.from} to ${report.to} for ${busy.length} owners. The busiest cell is ` +
        `${peak.owner.ownerId} on ${peakLoad.date} with ${peakLoad.load} tasks (daily capacity ` +
        `${peak.owner.capacity}); days off and leave days hold no task.`,
      zh:
        `${report.from} 至 ${report.to} 共 ${report.tasks} 项任务，涉及 ${busy.length} 位负责人。任务最多的是 ` +
        `${peak.owner.ownerId} 在 ${peakLoad.date}，${peakLoad.load} 项（每日容量 ${peak.owner.capacity}）；` +
        '休息日和请假日不安排任务。',
    },
    rules: ['CA-1', 'CA-8'],
    x: DAY_AXIS,
    y: { label: { en: 'Owner', zh: '负责人' }, unit: { en: 'account manager', zh: '客户经理' } },
    value: { label: { en: 'Tasks', zh: '任务数' }, unit: TASKS },
    columns: dates.map(dayLabel),
    rows: busy.map((o) => ({ en: o.ownerId, zh: o.ownerId })),
    cells: busy.map((o) => o.days.map((d) => d.load)),
  };
  const fullest = load.reduce(
    (best, l, j) => (capacity[j]! > 0 && l / capacity[j]! > best.share ? { j, share: l / capacity[j]! } : best),
    {
      j: -1,
      share: -1,
    },
  );
  const against: ReportBarChart = {
    kind: 'bar',
    id: 'cadence-capacity',
    title: { en: 'Planned revisits against capacity per day', zh: '每日计划回访与容量' },
    description: {
      en:
        `${totalLoad} tasks placed against the shown owners' capacity of ${totalCapacity} over the two weeks` +
        (fullest.j < 0
          ? '.'
          : `; the fullest day is ${dates[fullest.j]} at ${(fullest.share * 100).toFixed(0)}% of capacity.`),
      zh:
        `两周内安排 ${totalLoad} 项任务，所示负责人总容量 ${totalCapacity}` +
        (fullest.j < 0 ? '。' : `；最满的一天是 ${dates[fullest.j]}，达容量的 ${(fullest.share * 100).toFixed(0)}%。`),
    },
    rules: ['CA-8'],
    x: DAY_AXIS,
    y: { label: { en: 'Tasks', zh: '任务数' }, unit: TASKS },
    categories: dates.map(dayLabel),
    series: [
      { name: { en: 'Tasks placed', zh: '已安排任务' }, values: load },
      { name: { en: 'Capacity', zh: '容量' }, values: capacity },
    ],
  };
  const facts: ReportFact[] = [
    { label: { en: 'Tasks planned', zh: '计划任务' }, value: String(report.tasks) },
    { label: { en: 'Customers planned for', zh: '涉及客户' }, value: String(report.customers) },
    {
      label: { en: 'Capacity used', zh: '容量使用率' },
      value: totalCapacity === 0 ? '–' : `${((totalLoad / totalCapacity) * 100).toFixed(1)}%`,
    },
    { label: { en: 'Overdue at the start', zh: '开始时已逾期' }, value: String(report.overdue) },
    { label: { en: 'Late (no room in the window)', zh: '无法按期' }, value: String(report.late) },
    { label: { en: 'Past the two weeks', zh: '超出两周' }, value: String(report.pastPlan) },
    { label: { en: 'Handed to a leave’s cover', zh: '请假转交' }, value: String(report.reassigned) },
  ];
  return section(facts, [heatmap, against], notes);
};
