import { type BusinessCalendar, holidayPeriods } from '@kehu/calendar';
import { dateOfDay, dayNumber, invalidInput, requireAsOf } from '@kehu/core';
import { checkRounds, localDateDay } from './check-input.js';
import type { HolidayPeriod, PlanContext } from './context.js';
import { checkPlanInstant, FIRST_PLAN_YEAR, LAST_PLAN_YEAR, localDayFunction } from './local-day.js';
import type { CadencePolicy } from './policy.js';
import type { LocalDate, PlanRound } from './types.js';

/** The longest plan, in days (about ten years). */
export const MAX_PLAN_DAYS = 3660;

const FIRST_PLAN_DAY = dayNumber(`${FIRST_PLAN_YEAR}-01-01`);
const LAST_PLAN_DAY = dayNumber(`${LAST_PLAN_YEAR}-12-31`);

/** The day number of a plan's `from` or `to`: a real local date of the years the calendar covers, else refused. */
function planDay(value: unknown, path: ['from'] | ['to']): number {
  const day = localDateDay(value, path);
  if (day < FIRST_PLAN_DAY || day > LAST_PLAN_DAY)
    throw invalidInput(
      path,
      `${path[0]} must be within the years ${FIRST_PLAN_YEAR}..${LAST_PLAN_YEAR}, got ${String(value)}`,
      day < FIRST_PLAN_DAY ? 'too_small' : 'too_big',
    );
  return day;
}

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
 * and the rounds (checked). Throws `KehuValidationError` for a missing `asOf` or one outside the years 1900..2299
 * (`['asOf']`), bad dates or dates outside those years (`['from']`, `['to']`), `to` before `from` or a plan over
 * {@link MAX_PLAN_DAYS} days (`['to']`), `asOf`'s local date after `to` (`['asOf']`: no day would be left to place
 * work on), and bad rounds (`['rounds', i, …]`).
 */
export function createPlanContext(
  policy: CadencePolicy,
  options: PlanWindowOptions,
  rounds: Iterable<PlanRound> = [],
): PlanContext {
  const asOf = requireAsOf(options);
  const fromDay = planDay(options.from, ['from']);
  const toDay = planDay(options.to, ['to']);
  if (toDay < fromDay) throw invalidInput(['to'], 'to must not be before from', 'too_small');
  if (toDay - fromDay + 1 > MAX_PLAN_DAYS)
    throw invalidInput(['to'], `a plan covers at most ${MAX_PLAN_DAYS} days`, 'too_big');
  const calendar = options.calendar;
  if (calendar === null || typeof calendar !== 'object' || typeof calendar.spec?.timeZone !== 'string')
    throw invalidInput(['calendar'], 'expected a business calendar', 'invalid_type');
  const zone = calendar.spec.timeZone;
  const localDay = localDayFunction(zone);
  const asOfMs = asOf.getTime();
  checkPlanInstant(asOfMs, ['asOf']);
  const todayDay = localDay(asOfMs);
  // Work is placed from the later of `from` and asOf's local date: after `to`, every task would vanish unseen.
  if (todayDay > toDay)
    throw invalidInput(['asOf'], `asOf's local date ${dateOfDay(todayDay)} is after the plan's last day`, 'too_big');
  const holidays: HolidayPeriod[] = [];
  const lead = policy.reminders.holiday.before;
  // The lead may reach past the calendar's last year, which has no holidays to look up.
  for (const p of holidayPeriods(calendar, {
    from: options.from,
    to: dateOfDay(Math.min(toDay + lead, LAST_PLAN_DAY)),
  })) {
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
