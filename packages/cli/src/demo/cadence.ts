import { chinaCalendar } from '@kehu/calendar';
import {
  DEMAND_KIND_LABELS,
  type DemandKind,
  REVISIT_CHANNEL_LABELS,
  REVISIT_PURPOSE_LABELS,
  type RevisitChannel,
  type RevisitPurpose,
  type RevisitTask,
  SKIP_REASON_LABELS,
  type SkipReason,
} from '@kehu/cadence';
import { maskName } from '@kehu/core';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import type { Kehu } from '@kehu/sdk';
import { APPROVER_ROLE } from './plans.js';

/** The owners whose call lists the demo prints: the one with the smallest capacity, and the cover of a leave. */
export const DEMO_LIST_OWNERS = ['am-01', 'am-03'] as const;

/** Days the demo plans from the as-of date. */
const PLAN_DAYS = 14;

/** The revisit part of the demo summary (rules CA-1 to CA-9). */
export interface DemoCadence {
  /** The plan's first and last day. */
  from: string;
  to: string;
  /** Owners and customers planned for. */
  owners: number;
  customers: number;
  /** Tasks planned, and task components per kind (a merged task counts once per component). */
  tasks: number;
  byKind: Partial<Record<DemandKind, number>>;
  /** Tasks carrying more than one rule (merged windows of one customer). */
  merged: number;
  /** Overdue at the start (window closed before today, within the grace), late (no room in the window). */
  overdue: number;
  late: number;
  pastPlan: number;
  /** Tasks handed to a leave's cover. */
  reassigned: number;
  /** Customers or rules without a task, by reason. */
  skipped: Record<string, number>;
  /** Overdue tasks per owner, most first (at most five owners). */
  overdueByOwner: Array<{ ownerId: string; overdue: number }>;
  /** Today's call list of each of {@link DEMO_LIST_OWNERS}. */
  lists: Array<{
    ownerId: string;
    capacity: number;
    tasks: Array<{
      customerId: string;
      name: string;
      priority: number;
      channel: string;
      purpose: string;
      rules: string[];
      reason: { en: string; zh: string };
      more: number;
      placement: { en: string; zh: string } | null;
      reassignedFrom: string | null;
    }>;
  }>;
}

/**
 * Plans the next two weeks of revisits from the store (cadence by importance, post-purchase windows, complaint
 * callbacks, low-satisfaction follow-ups, birthdays, holiday greetings, win-backs) on the mainland China
 * calendar, within each account manager's capacity and leave, and lists today's calls of two owners.
 */
export async function demoCadence(kehu: Kehu, asOf: Date): Promise<DemoCadence> {
  const calendar = chinaCalendar();
  // The sample's account managers and their customers (the person the personal-data section erases has none); the
  // plan approvers the plans section stores are no account managers.
  const ownerIds = (await kehu.cadence.listOwners({ limit: 100 })).items
    .filter((o) => o.record.attributes.role !== APPROVER_ROLE)
    .map((o) => o.record.id);
  const plan = await kehu.cadence.plan({
    asOf,
    calendar,
    days: PLAN_DAYS,
    ownerIds,
    satisfaction: { surveyId: SAMPLE_SURVEY.id, questions: [{ id: 'csat', scale: { min: 1, max: 5 } }] },
    sla: {},
    winBacks: {},
  });
  const { report } = plan;
  const overdueByOwner = new Map<string, number>();
  for (const t of plan.tasks)
    if (t.overdueDays > 0) overdueByOwner.set(t.ownerId, (overdueByOwner.get(t.ownerId) ?? 0) + 1);
  const lists: DemoCadence['lists'] = [];
  for (const ownerId of DEMO_LIST_OWNERS) {
    const today = plan.tasks
      .filter((t) => t.ownerId === ownerId && t.dueDate === report.from)
      .sort((a, b) => b.priority.score - a.priority.score || (a.customerId < b.customerId ? -1 : 1));
    const tasks: DemoCadence['lists'][number]['tasks'] = [];
    for (const t of today) tasks.push(await listed(kehu, t));
    lists.push({ ownerId, capacity: report.owners.find((o) => o.ownerId === ownerId)?.capacity ?? 0, tasks });
  }
  return {
    from: report.from,
    to: report.to,
    owners: report.owners.filter((o) => ownerIds.includes(o.ownerId)).length,
    customers: report.customers,
    tasks: report.tasks,
    byKind: Object.fromEntries(Object.entries(report.byKind).filter(([, v]) => v > 0)),
    merged: plan.tasks.filter((t) => t.keys.length > 1).length,
    overdue: report.overdue,
    late: report.late,
    pastPlan: report.pastPlan,
    reassigned: report.reassigned,
    skipped: { ...report.skippedByReason } as Record<string, number>,
    overdueByOwner: [...overdueByOwner]
      .map(([ownerId, overdue]) => ({ ownerId, overdue }))
      .sort((a, b) => b.overdue - a.overdue || (a.ownerId < b.ownerId ? -1 : 1))
      .slice(0, 5),
    lists,
  };
}

async function listed(kehu: Kehu, t: RevisitTask): Promise<DemoCadence['lists'][number]['tasks'][number]> {
  const customer = await kehu.customers.get(t.customerId);
  const moved = t.placement.passedOver.length > 0 || t.placement.reassignedFrom !== undefined;
  return {
    customerId: t.customerId,
    name: maskName(customer?.record.name ?? ''),
    priority: t.priority.score,
    channel: t.channel,
    purpose: t.purpose,
    rules: [...t.rules],
    reason: t.reasons[t.lead] ?? { en: '', zh: '' },
    more: t.reasons.length - 1,
    placement: moved ? t.placement.explanation : null,
    reassignedFrom: t.placement.reassignedFrom ?? null,
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const label = (l: { en: string; zh: string }) => `${l.en} ${l.zh}`;

/** The revisit part as bilingual text lines. */
export function formatDemoCadence(c: DemoCadence): string[] {
  const kinds = Object.entries(c.byKind)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${label(DEMAND_KIND_LABELS[k as DemandKind])} ${n(v)}`)
    .join(' · ');
  const skipped = Object.entries(c.skipped)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${label(SKIP_REASON_LABELS[k as SkipReason])} ${n(v)}`)
    .join(' · ');
  return [
    '',
    `Revisits 回访计划 (rules CA-1 to CA-9; ${c.from} to ${c.to}, mainland China calendar 中国大陆日历, ` +
      `${n(c.owners)} account managers 客户经理)`,
    `  ${n(c.tasks)} tasks 项任务 for ${n(c.customers)} customers 位客户 · ${n(c.merged)} merged 合并 · ` +
      `reassigned to a leave's cover 请假转交 ${n(c.reassigned)}`,
    `  by rule 按规则: ${kinds}`,
    `  overdue 逾期 ${n(c.overdue)} · late 无法按期 ${n(c.late)} (past the plan 超出计划 ${n(c.pastPlan)})` +
      (c.overdueByOwner.length === 0
        ? ''
        : ` · most overdue 逾期最多: ${c.overdueByOwner.map((o) => `${o.ownerId} ${n(o.overdue)}`).join(', ')}`),
    ...(skipped === '' ? [] : [`  no task 无任务: ${skipped}`]),
    ...c.lists.flatMap((l) => [
      `  today's calls 今日回访 ${l.ownerId} (capacity 容量 ${n(l.capacity)} a day 每天; ${n(l.tasks.length)}):`,
      ...l.tasks.map(
        (t) =>
          `    ${t.customerId} ${t.name} ${t.priority.toFixed(0)} ` +
          `${label(REVISIT_CHANNEL_LABELS[t.channel as RevisitChannel])} ` +
          `${label(REVISIT_PURPOSE_LABELS[t.purpose as RevisitPurpose])} · ` +
          `${t.reason.en} / ${t.reason.zh}` +
          (t.more > 0 ? ` (+${t.more})` : '') +
          (t.reassignedFrom === null ? '' : ` · covering 代 ${t.reassignedFrom}`) +
          (t.placement === null || t.reassignedFrom !== null ? '' : ` · ${t.placement.en}`),
      ),
    ]),
  ];
}
