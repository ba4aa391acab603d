/**
 * A revisit task's status as of a moment (rules CA-6, CA-9): upcoming, due, overdue, done, snoozed or skipped, with
 * the reason in words.
 */
import { tzOffset } from '@date-fns/tz';
import { compareCodePoints, dateOfDay, type ErrorPath, invalidInput, type Label, requireAsOf } from '@kehu/core';
import { checkActions, localDateDay } from './check-input.js';
import { checkPlanInstant, localDayFunction } from './local-day.js';
import type { LocalDate, PlanTaskAction, RevisitTask } from './types.js';

/**
 * The fields of a task its status needs; `late` (the planner could not fit it in its window) lets its `dueDate` lie
 * outside `earliestDate..latestDate`.
 */
export type StatusTask = Pick<RevisitTask, 'id' | 'keys' | 'customerId' | 'earliestDate' | 'dueDate' | 'latestDate'> &
  Partial<Pick<RevisitTask, 'late'>>;

/** A contact as the status reads it (core's contact record works as it is): only `completed` ones count. */
export interface StatusContact {
  readonly customerId: string;
  readonly at: Date;
  /** Absent counts as `completed`. */
  readonly outcome?: 'completed' | 'callback-requested' | 'no-answer' | 'declined' | 'unreachable' | undefined;
}

/** The statuses of a revisit task. */
export const REVISIT_TASK_STATUSES = ['upcoming', 'due', 'overdue', 'done', 'snoozed', 'skipped'] as const;
/** A revisit task's status. */
export type RevisitTaskStatusName = (typeof REVISIT_TASK_STATUSES)[number];

/** A task's status as of a moment, with the reason. */
export interface RevisitTaskStatus {
  readonly taskId: string;
  readonly status: RevisitTaskStatusName;
  /** Why, with the dates (English and Simplified Chinese). */
  readonly reason: Label;
  /**
   * The local date the status began: the completing contact's (done), the action's (snoozed, skipped), the day
   * after `latestDate` (overdue), `earliestDate` (due); absent for upcoming.
   */
  readonly since?: LocalDate | undefined;
}

/** Options of {@link revisitTaskStatus} and {@link revisitTaskStatuses}. */
export interface TaskStatusOptions {
  /** The moment of the status; contacts and actions after it are not counted. */
  readonly asOf: Date;
  /** The IANA zone of the tasks' local dates (the calendar's zone). */
  readonly zone: string;
  /** Contacts of the customers (others are ignored). */
  readonly contacts?: Iterable<StatusContact> | undefined;
  /** Snoozes and skips decided by people, matched to a task by any of its keys. */
  readonly actions?: Iterable<PlanTaskAction> | undefined;
}

/**
 * Instant (epoch ms) → local day number in `zone` (the planner's exact converter), the zone checked at `path`.
 *
 * @throws KehuValidationError at `path` when the zone is not a known IANA zone
 */
export function localDayIn(zone: unknown, path: ErrorPath = ['zone']): (ms: number) => number {
  if (typeof zone !== 'string' || zone.length === 0 || Number.isNaN(tzOffset(zone, new Date(0))))
    throw invalidInput(path, `zone must be an IANA time zone, got ${JSON.stringify(zone)}`);
  return localDayFunction(zone);
}

function validDate(value: unknown, path: ErrorPath): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalidInput(path, 'expected a valid Date', 'invalid_type');
  return value.getTime();
}

function iterable<T>(value: Iterable<T> | undefined, path: ErrorPath): Iterable<T> {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value))
    throw invalidInput(path, 'expected an iterable', 'invalid_type');
  return value;
}

interface ActionRow {
  readonly id: string;
  readonly kind: 'snooze' | 'skip';
  readonly reason: string;
  readonly atMs: number;
  readonly day: number;
  readonly until: number;
}

/** The contacts and actions indexed once, for many tasks. */
export interface StatusEngine {
  /** `asOf`'s local day. */
  readonly todayDay: number;
  /** Instant → local day in the zone. */
  readonly localDay: (ms: number) => number;
  /** Local days of completed contacts up to `asOf`, by customer, ascending. */
  readonly contactDays: ReadonlyMap<string, readonly number[]>;
  /** The status of one task (`path` names it in errors). */
  status(task: StatusTask, path: ErrorPath): RevisitTaskStatus;
}

const OUTCOMES: ReadonlySet<string> = new Set([
  'completed',
  'callback-requested',
  'no-answer',
  'declined',
  'unreachable',
]);

/** Validates the options and indexes the contacts by customer and the actions by key. */
export function statusEngine(options: TaskStatusOptions): StatusEngine {
  const asOfMs = requireAsOf(options).getTime();
  checkPlanInstant(asOfMs, ['asOf']);
  const localDay = localDayIn(options.zone);
  const todayDay = localDay(asOfMs);
  const contactDays = new Map<string, number[]>();
  let i = 0;
  for (const c of iterable(options.contacts, ['contacts'])) {
    if (c === null || typeof c !== 'object') throw invalidInput(['contacts', i], 'a contact must be an object');
    if (typeof c.customerId !== 'string' || c.customerId.length === 0)
      throw invalidInput(['contacts', i, 'customerId'], 'customerId must be a non-empty string', 'invalid_type');
    const ms = validDate(c.at, ['contacts', i, 'at']);
    if (c.outcome !== undefined && !OUTCOMES.has(c.outcome))
      throw invalidInput(['contacts', i, 'outcome'], `unknown outcome ${JSON.stringify(c.outcome)}`);
    if ((c.outcome === undefined || c.outcome === 'completed') && ms <= asOfMs) {
      const days = contactDays.get(c.customerId);
      if (days === undefined) contactDays.set(c.customerId, [localDay(ms)]);
      else days.push(localDay(ms));
    }
    i += 1;
  }
  for (const days of contactDays.values()) days.sort((a, b) => a - b);

  const actionsByKey = new Map<string, ActionRow[]>();
  for (const a of checkActions(options.actions)) {
    const atMs = a.at.getTime();
    if (atMs > asOfMs) continue;
    const until = a.kind === 'snooze' ? localDateDay(a.until, []) : Number.NaN;
    const row: ActionRow = { id: a.id, kind: a.kind, reason: a.reason, atMs, day: localDay(atMs), until };
    for (const key of new Set(a.keys)) {
      const rows = actionsByKey.get(key);
      if (rows === undefined) actionsByKey.set(key, [row]);
      else rows.push(row);
    }
  }

  const latestAction = (keys: readonly string[]): ActionRow | undefined => {
    let best: ActionRow | undefined;
    for (const key of keys)
      for (const row of actionsByKey.get(key) ?? [])
        if (
          best === undefined ||
          row.atMs > best.atMs ||
          (row.atMs === best.atMs && compareCodePoints(row.id, best.id) > 0)
        )
          best = row;
    return best;
  };

  const status = (task: StatusTask, path: ErrorPath): RevisitTaskStatus => {
    if (task === null || typeof task !== 'object') throw invalidInput(path, 'a task must be an object');
    if (typeof task.id !== 'string' || task.id.length === 0)
      throw invalidInput([...path, 'id'], 'id must be a non-empty string', 'invalid_type');
    if (typeof task.customerId !== 'string' || task.customerId.length === 0)
      throw invalidInput([...path, 'customerId'], 'customerId must be a non-empty string', 'invalid_type');
    if (!Array.isArray(task.keys) || task.keys.some((k) => typeof k !== 'string'))
      throw invalidInput([...path, 'keys'], 'keys must be a list of strings', 'invalid_type');
    const earliest = localDateDay(task.earliestDate, [...path, 'earliestDate']);
    const due = localDateDay(task.dueDate, [...path, 'dueDate']);
    const latest = localDateDay(task.latestDate, [...path, 'latestDate']);
    if (earliest > latest)
      throw invalidInput(
        [...path, 'latestDate'],
        `latestDate ${task.latestDate} is before earliestDate ${task.earliestDate}`,
      );
    if ((due < earliest || due > latest) && task.late !== true)
      throw invalidInput(
        [...path, 'dueDate'],
        `dueDate ${task.dueDate} is outside ${task.earliestDate}..${task.latestDate}`,
      );
    const window = `${task.earliestDate}..${task.latestDate}`;
    const taskId = task.id;

    const days = contactDays.get(task.customerId);
    if (days !== undefined) {
      const done = days.find((d) => d >= earliest && d <= latest);
      if (done !== undefined) {
        const date = dateOfDay(done);
        return {
          taskId,
          status: 'done',
          since: date,
          reason: {
            en: `CA-9: done: a completed contact on ${date} is inside the window ${window}`,
            zh: `CA-9：已完成：${date} 的联系在时间窗 ${window} 内`,
          },
        };
      }
    }

    const action = latestAction(task.keys);
    if (action?.kind === 'skip')
      return {
        taskId,
        status: 'skipped',
        since: dateOfDay(action.day),
        reason: {
          en: `CA-6: skipped on ${dateOfDay(action.day)}: ${action.reason}`,
          zh: `CA-6：已于 ${dateOfDay(action.day)} 跳过：${action.reason}`,
        },
      };
    if (action?.kind === 'snooze' && action.until > todayDay)
      return {
        taskId,
        status: 'snoozed',
        since: dateOfDay(action.day),
        reason: {
          en: `CA-6: snoozed on ${dateOfDay(action.day)} until ${dateOfDay(action.until)}: ${action.reason}`,
          zh: `CA-6：已于 ${dateOfDay(action.day)} 暂缓至 ${dateOfDay(action.until)}：${action.reason}`,
        },
      };
    const ended: Label =
      action?.kind === 'snooze'
        ? { en: ` (snoozed until ${dateOfDay(action.until)})`, zh: `（曾暂缓至 ${dateOfDay(action.until)}）` }
        : { en: '', zh: '' };

    if (todayDay > latest) {
      const since = dateOfDay(latest + 1);
      const late = todayDay - latest;
      const lateText = `${late} day${late === 1 ? '' : 's'}`;
      return {
        taskId,
        status: 'overdue',
        since,
        reason: {
          en: `CA-9: overdue since ${since} (${lateText}): no completed contact in ${window}${ended.en}`,
          zh: `CA-9：自 ${since} 起逾期（${late} 天）：时间窗 ${window} 内没有完成的联系${ended.zh}`,
        },
      };
    }
    if (todayDay >= earliest)
      return {
        taskId,
        status: 'due',
        since: task.earliestDate,
        reason: {
          en: `CA-9: due: today is inside the window ${window}, preferred ${task.dueDate}${ended.en}`,
          zh: `CA-9：待办：今天在时间窗 ${window} 内，建议 ${task.dueDate} 完成${ended.zh}`,
        },
      };
    return {
      taskId,
      status: 'upcoming',
      reason: {
        en: `CA-9: upcoming: the window ${window} opens on ${task.earliestDate}, preferred ${task.dueDate}${ended.en}`,
        zh: `CA-9：未到期：时间窗 ${window} 于 ${task.earliestDate} 开始，建议 ${task.dueDate} 完成${ended.zh}`,
      },
    };
  };

  return { todayDay, localDay, contactDays, status };
}

/**
 * A revisit task's status as of `asOf` (rules CA-6, CA-9), checked in this order:
 * - `done`: a completed contact of the customer (outcome absent or `completed`, at or before `asOf`) falls on a
 *   local date within `[earliestDate, latestDate]`;
 * - `skipped` / `snoozed`: the latest action (by `at`, up to `asOf`; ties by action id) on any of the task's keys
 *   is a skip, or a snooze whose `until` is after `asOf`'s local date (a snooze that has ended no longer counts,
 *   and the reason says so). Every action needs a reason: one without is refused;
 * - `overdue`: `asOf`'s local date is after `latestDate`;
 * - `due`: `asOf`'s local date is within `[earliestDate, latestDate]`;
 * - `upcoming`: before `earliestDate`.
 *
 * @param task - the task's id, keys, customer and dates
 * @param options - `asOf`, the `zone` of the dates, the `contacts` and the `actions`
 * @throws KehuValidationError naming the bad field (`['task', 'latestDate']`, `['actions', 2, 'reason']`, `['zone']`,
 *   `['asOf']` when missing or outside the years 1900..2299)
 */
export function revisitTaskStatus(task: StatusTask, options: TaskStatusOptions): RevisitTaskStatus {
  return statusEngine(options).status(task, ['task']);
}

/**
 * The statuses of many tasks as of `asOf`, in their order: {@link revisitTaskStatus} with the contacts and
 * actions indexed once (by customer and by key), so a day's board over many tasks costs one pass over each list.
 *
 * @throws KehuValidationError naming the bad field (`['tasks', 3, 'dueDate']`, `['asOf']`, …)
 */
export function revisitTaskStatuses(tasks: Iterable<StatusTask>, options: TaskStatusOptions): RevisitTaskStatus[] {
  const engine = statusEngine(options);
  const out: RevisitTaskStatus[] = [];
  let i = 0;
  for (const task of iterable(tasks, ['tasks'])) out.push(engine.status(task, ['tasks', i++]));
  return out;
}
