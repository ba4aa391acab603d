import { type BusinessCalendar, holidayPeriods } from '@kehu/calendar';
import { dateOfDay, dayNumber, invalidInput, requireAsOf } from '@kehu/core';
import { checkRounds, localDateDay } from './check-input.js';
import type { HolidayPeriod, PlanContext } from './context.js';
import { localDayFunction } from './local-day.js';
import type { CadencePolicy } from './policy.js';
import type { LocalDate, PlanRound } from './types.js';

/** The longest plan, in days (about ten years). */
export const MAX_PLAN_DAYS = 3660;

/** The window, moment and calendar of a plan. */
export interface PlanWindowOptions {
  /** First local date of the plan (inclusive). */
  readonly from: LocalDate;
  /** Last local date of the plan (inclusive). */
  readonly to: LocalDate;
  /** The moment the plan is made: contacts after it have not happened; windows before it are overdue. */
  readonly asOf: Date;
  /** The business calendar: working days (调休 included), holidays and the zone of every local date. */
  readonly calendar: BusinessCalendar;
}

/**
 * Builds the {@link PlanContext} every demand generator receives, once per plan: the plan's window and `asOf` as
 * local day numbers of the calendar's zone, the instant → local day conversion, the calendar's named holiday
 * periods touching the window and the holiday reminder's lead (`policy.reminders.holiday.before` days after it),
 * and the rounds (checked). Throws `KehuValidationError` for a missing `asOf` (`['asOf']`), bad dates, `to` before
 * `from` or a plan over {@link MAX_PLAN_DAYS} days (`['to']`), `asOf`'s local date after `to` (`['asOf']`: no day
 * would be left to place work on), and bad rounds (`['rounds', i, …]`).
 */
export function createPlanContext(
  policy: CadencePolicy,
  options: PlanWindowOptions,
  rounds: Iterable<PlanRound> = [],
): PlanContext {
  const asOf = requireAsOf(options);
  const fromDay = localDateDay(options.from, ['from']);
  const toDay = localDateDay(options.to, ['to']);
  if (toDay < fromDay) throw invalidInput(['to'], 'to must not be before from', 'too_small');
  if (toDay - fromDay + 1 > MAX_PLAN_DAYS)
    throw invalidInput(['to'], `a plan covers at most ${MAX_PLAN_DAYS} days`, 'too_big');
  const calendar = options.calendar;
  if (calendar === null || typeof calendar !== 'object' || typeof calendar.spec?.timeZone !== 'string')
    throw invalidInput(['calendar'], 'expected a business calendar', 'invalid_type');
  const zone = calendar.spec.timeZone;
  const localDay = localDayFunction(zone);
  const asOfMs = asOf.getTime();
  const todayDay = localDay(asOfMs);
  // Work is placed from the later of `from` and asOf's local date: after `to`, every task would vanish unseen.
  if (todayDay > toDay)
    throw invalidInput(['asOf'], `asOf's local date ${dateOfDay(todayDay)} is after the plan's last day`, 'too_big');
  const holidays: HolidayPeriod[] = [];
  const lead = policy.reminders.holiday.before;
  for (const p of holidayPeriods(calendar, { from: options.from, to: dateOfDay(toDay + lead) })) {
    if (p.name !== null) holidays.push({ from: dayNumber(p.from), to: dayNumber(p.to), name: p.name });
  }
  return {
    policy,
    zone,
    fromDay,
    toDay,
    todayDay,
    asOfMs,
    localDay,
    holidays,
    rounds: checkRounds(rounds),
  };
}
