import { dateOfDay, dayNumber } from '@kehu/core';
import type { PlacementState } from './place.js';
import { DEMAND_KINDS, type DemandKind, type LocalDate, type SkipReason } from './types.js';

/** One day of one owner in a plan: what the report's workload chart draws. */
export interface PlanReportDay {
  /** The local date. */
  readonly date: LocalDate;
  /** Tasks placed on the day. */
  readonly load: number;
  /** Tasks the owner can take that day: the daily capacity on a working day off leave, else 0. */
  readonly capacity: number;
  /** A working day of the calendar (make-up workdays included). */
  readonly working: boolean;
  /** The owner is on leave that day. */
  readonly onLeave: boolean;
}

/** The policy a plan was made with. */
export interface PlanReportPolicy {
  /** The policy's id. */
  readonly id: string;
  /** The policy's version. */
  readonly version: string;
}

/** The summary of a plan: counts, late work, reassignments and each owner's load per day. */
export interface PlanReport {
  /** The policy the plan was made with. */
  readonly policy: PlanReportPolicy;
  /** First day of the plan. */
  readonly from: LocalDate;
  /** Last day of the plan. */
  readonly to: LocalDate;
  /** The moment the plan was made. */
  readonly asOf: Date;
  /** Customers planned for (those added, including the skipped ones). */
  readonly customers: number;
  /** Tasks planned. */
  readonly tasks: number;
  /** Task components per kind (a merged task counts once for each of its components). */
  readonly byKind: Record<DemandKind, number>;
  /** Tasks placed outside their window (no free day in it). */
  readonly late: number;
  /** Late tasks placed after the plan's last day. */
  readonly pastPlan: number;
  /** Tasks given to a leave's cover. */
  readonly reassigned: number;
  /** Tasks whose window closed before the plan's start (overdue). */
  readonly overdue: number;
  /** Skipped entries per reason. */
  readonly skippedByReason: Partial<Record<SkipReason, number>>;
  /**
   * History, not plan items: windows that closed before the plan's start, satisfied by a contact inside them or
   * passed unattended beyond the overdue grace (`overdueGraceDays`); counted, not listed in `skipped`.
   */
  readonly closedWindows: PlanClosedWindows;
  /** Per owner, in input order: the daily capacity and each day of the plan. */
  readonly owners: readonly PlanReportOwner[];
}

/** Windows that closed before a plan's start, counted by how they ended. */
export interface PlanClosedWindows {
  /** Satisfied by a completed contact inside the window. */
  readonly satisfiedByContact: number;
  /** Passed unattended more than the overdue grace before the plan's start. */
  readonly passed: number;
}

/** One owner in a plan's report: the workload chart's series. */
export interface PlanReportOwner {
  /** The owner's id. */
  readonly ownerId: string;
  /** The daily capacity. */
  readonly capacity: number;
  /** Each day of the plan. */
  readonly days: readonly PlanReportDay[];
}

/** What {@link buildPlanReport} counts from. */
export interface PlanReportInput {
  /** The policy's id and version. */
  readonly policy: PlanReportPolicy;
  /** First day of the plan (day number). */
  readonly fromDay: number;
  /** Last day of the plan (day number). */
  readonly toDay: number;
  /** The moment the plan was made. */
  readonly asOf: Date;
  /** Customers added. */
  readonly customers: number;
  /** The placement of every task. */
  readonly placement: PlacementState;
  /** 1 per working day of `fromDay..toDay`. */
  readonly working: Uint8Array;
  /** Per task: days overdue. */
  readonly overdueDays: ArrayLike<number>;
  /** Component counts per kind. */
  readonly byKind: Record<DemandKind, number>;
  /** Skipped entries per reason. */
  readonly skippedByReason: Partial<Record<SkipReason, number>>;
  /** Windows that closed before the plan's start, by how they ended. */
  readonly closedWindows: PlanClosedWindows;
}

/** Task components per kind, all zero: a counter to fill. */
export function emptyKindCounts(): Record<DemandKind, number> {
  return Object.fromEntries(DEMAND_KINDS.map((k) => [k, 0])) as Record<DemandKind, number>;
}

/**
 * The report of a plan: how many customers and tasks, components per kind, late tasks (and those past the plan's
 * end), reassignments to covers, overdue tasks, skipped entries per reason, windows closed before the start, and
 * each owner's load, capacity, working day and leave for every day of the plan (the workload chart).
 */
export function buildPlanReport(input: PlanReportInput): PlanReport {
  const { placement: p, fromDay, toDay } = input;
  const n = p.day.length;
  let late = 0;
  let pastPlan = 0;
  let reassigned = 0;
  let overdue = 0;
  for (let i = 0; i < n; i++) {
    if (p.late[i] === 1) {
      late++;
      if ((p.day[i] as number) > toDay) pastPlan++;
    }
    if ((p.reassignedFrom[i] as number) >= 0) reassigned++;
    if ((input.overdueDays[i] as number) > 0) overdue++;
  }
  const owners = p.owners.map((o, k) => {
    const load = p.load[k] as Uint32Array;
    const leave = (o.leave ?? []).map((l) => [dayNumber(l.from), dayNumber(l.to)] as const);
    const days: PlanReportDay[] = [];
    for (let d = fromDay; d <= toDay; d++) {
      const r = d - p.start;
      const working = input.working[d - fromDay] === 1;
      const onLeave = leave.some(([a, b]) => a <= d && d <= b);
      days.push({
        date: dateOfDay(d),
        load: r >= 0 && r < load.length ? (load[r] as number) : 0,
        capacity: working && !onLeave ? o.dailyCapacity : 0,
        working,
        onLeave,
      });
    }
    return { ownerId: o.id, capacity: o.dailyCapacity, days };
  });
  return {
    policy: { id: input.policy.id, version: input.policy.version },
    from: dateOfDay(fromDay),
    to: dateOfDay(toDay),
    asOf: input.asOf,
    customers: input.customers,
    tasks: n,
    byKind: input.byKind,
    late,
    pastPlan,
    reassigned,
    overdue,
    skippedByReason: { ...input.skippedByReason },
    closedWindows: { satisfiedByContact: input.closedWindows.satisfiedByContact, passed: input.closedWindows.passed },
    owners,
  };
}
