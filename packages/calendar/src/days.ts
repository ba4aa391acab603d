import { dateOfDay, dayNumber, invalidInput, type Label } from '@kehu/core';
import { type BusinessCalendar, engineOf } from './calendar.js';
import { isCalendarDate } from './spec.js';

/** Earliest and latest years the day functions answer for (as the calendar's arithmetic). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2299;
/** How far {@link holidayPeriods} looks past its range for the ends of a period that crosses it. */
const PERIOD_REACH = 62;
/** The longest range {@link workingDays} and {@link holidayPeriods} accept, in days (about 50 years). */
const MAX_RANGE_DAYS = 18_300;

/** What kind of day a local date is in a business calendar. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

/** One local date of a business calendar, explained: see {@link dayInfo}. */
export interface DayInfo {
  /** The local date `YYYY-MM-DD`. */
  readonly date: string;
  /** True when the day has open hours. */
  readonly working: boolean;
  /**
   * `workday`: open by the weekly hours; `makeup-workday`: open by the workday list (调休) on a day the week or a
   * holiday closes; `holiday`: closed by the holiday list (or named and closed, as weekend days inside a holiday
   * period); `weekend`: closed by the weekly hours.
   */
  readonly kind: DayKind;
  /** The holiday's or make-up workday's name from the spec's `names`, or `null`. */
  readonly name: Label | null;
  /** True when the date lies outside the spec's `coverage`: the answer follows the plain week there. */
  readonly provisional: boolean;
}

/** A run of closed days around one holiday: see {@link holidayPeriods}. */
export interface HolidayPeriodDates {
  /** First local date of the period (inclusive). */
  readonly from: string;
  /** Last local date of the period (inclusive). */
  readonly to: string;
  /** The holiday's name, or `null` when its holidays are unnamed. */
  readonly name: Label | null;
}

/** The day number of a `YYYY-MM-DD` input; throws `KehuValidationError` at `path` when it is not a real date. */
function dayOfInput(date: unknown, path: Array<string | number>): number {
  if (typeof date !== 'string' || !isCalendarDate(date))
    throw invalidInput(path, `${path.join('.')} must be a real date YYYY-MM-DD`, 'invalid_format');
  const year = Number(date.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw invalidInput(path, `${path.join('.')} must be within the years ${MIN_YEAR}..${MAX_YEAR}`, 'too_big');
  return dayNumber(date);
}

/** Checks a day number range; throws `KehuValidationError` naming `from` or `to`. */
function checkDayRange(from: unknown, to: unknown): asserts from is number {
  const lo = dayNumber(`${MIN_YEAR}-01-01`);
  const hi = dayNumber(`${MAX_YEAR}-12-31`);
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw invalidInput([name], `${name} must be a whole day number`, 'invalid_type');
    if (value < lo || value > hi)
      throw invalidInput([name], `${name} must be a day of the years ${MIN_YEAR}..${MAX_YEAR}`, 'too_big');
  }
  if ((to as number) < (from as number)) throw invalidInput(['to'], 'to must not be before from', 'too_small');
  if ((to as number) - (from as number) >= MAX_RANGE_DAYS)
    throw invalidInput(['to'], `the range must be at most ${MAX_RANGE_DAYS} days`, 'too_big');
}

/**
 * What a local date is in `calendar` (rules CA-1, CA-7, SL-2): working or not, a workday, weekend, holiday or
 * make-up workday (调休), its name when the spec names it (`chinaCalendar` names every statutory holiday and
 * make-up workday), and whether the answer is provisional (outside the data's coverage). Throws
 * `KehuValidationError` for a date that is not a real `YYYY-MM-DD` of the years 1900..2299.
 */
export function dayInfo(calendar: BusinessCalendar, date: string): DayInfo {
  const engine = engineOf(calendar);
  const day = dayOfInput(date, ['date']);
  const kind = engine.kindOf(day);
  return {
    date,
    working: kind === 'workday' || kind === 'makeup-workday',
    kind,
    name: engine.nameOf(day),
    provisional: engine.isProvisionalDay(day),
  };
}

/**
 * The working days of local days `from`..`to` (inclusive, core's day numbers): element `i` is 1 when day
 * `from + i` has open hours, else 0. Fast (a copy of the calendar's cached timeline): planners call it once per
 * plan. Throws `KehuValidationError` for non-integer days, `to` before `from`, days outside the years 1900..2299
 * or a range over about 50 years.
 */
export function workingDays(calendar: BusinessCalendar, from: number, to: number): Uint8Array {
  const engine = engineOf(calendar);
  checkDayRange(from, to);
  return engine.workingDays(from, to);
}

/**
 * The holiday periods touching `from`..`to` (local dates, inclusive), in date order (rule CA-7: greet before a
 * statutory holiday). A period is a run of consecutive closed days that contains at least one holiday and shares
 * one name: the unnamed closed days of the run (the weekend next to a named holiday) belong to the named holiday
 * before them, or, at the run's start, to the one after them; a run of unnamed holidays is one period named
 * `null`; a run holding two names (Mid-Autumn next to National Day) is two periods. Periods crossing the range are
 * returned whole. Throws `KehuValidationError` for bad dates or `to` before `from`.
 */
export function holidayPeriods(
  calendar: BusinessCalendar,
  range: { readonly from: string; readonly to: string },
): HolidayPeriodDates[] {
  const engine = engineOf(calendar);
  if (range === null || typeof range !== 'object')
    throw invalidInput(['range'], 'expected { from, to } as local dates', 'invalid_type');
  const from = dayOfInput(range.from, ['from']);
  const to = dayOfInput(range.to, ['to']);
  checkDayRange(from, to);
  // Widen to the ends of the closed runs that cross the range (bounded: no run is that long in practice).
  let start = from;
  while (start > from - PERIOD_REACH && !engine.isWorkingDay(start - 1)) start--;
  let end = to;
  while (end < to + PERIOD_REACH && !engine.isWorkingDay(end + 1)) end++;
  const periods: HolidayPeriodDates[] = [];
  let day = start;
  while (day <= end) {
    if (engine.isWorkingDay(day)) {
      day++;
      continue;
    }
    let runEnd = day;
    while (runEnd < end && !engine.isWorkingDay(runEnd + 1)) runEnd++;
    for (const p of splitRun(engine, day, runEnd)) {
      if (p.to >= from && p.from <= to) periods.push({ from: dateOfDay(p.from), to: dateOfDay(p.to), name: p.name });
    }
    day = runEnd + 1;
  }
  return periods;
}

/** Splits a run of closed days into its named parts (see {@link holidayPeriods}); none when it has no holiday. */
function splitRun(
  engine: ReturnType<typeof engineOf>,
  first: number,
  last: number,
): Array<{ from: number; to: number; name: Label | null }> {
  let holiday = false;
  for (let d = first; d <= last && !holiday; d++) holiday = engine.kindOf(d) === 'holiday';
  if (!holiday) return [];
  const parts: Array<{ from: number; to: number; name: Label | null }> = [];
  for (let d = first; d <= last; d++) {
    const name = engine.nameOf(d);
    const current = parts[parts.length - 1];
    if (current === undefined) parts.push({ from: d, to: d, name });
    else if (name === null || sameName(name, current.name)) current.to = d;
    else if (current.name === null) {
      // The unnamed days at the run's start belong to the first named holiday.
      current.to = d;
      current.name = name;
    } else parts.push({ from: d, to: d, name });
  }
  return parts;
}

function sameName(a: Label, b: Label | null): boolean {
  return b !== null && a.en === b.en && a.zh === b.zh;
}
