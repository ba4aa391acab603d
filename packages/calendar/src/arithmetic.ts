import { DAY_MS, invalidInput } from '@kehu/core';
import { engineOf, type BusinessCalendar, type CalendarEngine } from './calendar.js';
import { isTimeOfDay, minutesOf } from './spec.js';

/** An instant computed on a business calendar. */
export interface BusinessInstant {
  /** The instant. */
  at: Date;
  /** True when the computation relied on local dates outside the calendar's coverage (they follow the plain week). */
  provisional: boolean;
}

/** An amount of business time. */
export interface BusinessDuration {
  /** Open milliseconds. */
  ms: number;
  /** True when the computation relied on local dates outside the calendar's coverage. */
  provisional: boolean;
}

function instant(d: Date, path: string): number {
  if (!(d instanceof Date)) throw invalidInput([path], `${path} must be a Date`, 'invalid_type');
  return d.getTime();
}

/** Whether local dates between instants `a` and `b` (inclusive) fall outside the coverage. */
function provisional(cal: CalendarEngine, a: number, b: number): boolean {
  if (cal.coverage === undefined) return false;
  return cal.isProvisionalDay(cal.localDay(Math.min(a, b))) || cal.isProvisionalDay(cal.localDay(Math.max(a, b)));
}

/**
 * True when `t` is open: at its local date and time, the date is a make-up workday and the
 * time is in that day's hours, or the date is not a holiday and the time is in its
 * weekday's hours. Intervals include their start and exclude their end.
 */
export function isBusinessTime(calendar: BusinessCalendar, t: Date): boolean {
  const cal = engineOf(calendar);
  const at = instant(t, 't');
  cal.ensureInstant(at, 't');
  return cal.openBefore(at + 1) - cal.openBefore(at) === 1;
}

/** The first open instant at or after `t` (`t` itself when it is open). */
export function nextBusinessTime(calendar: BusinessCalendar, t: Date): BusinessInstant {
  const cal = engineOf(calendar);
  const at = instant(t, 't');
  cal.ensureInstant(at, 't');
  const next = cal.nextOpen(at);
  return { at: new Date(next), provisional: provisional(cal, at, next) };
}

/**
 * Open milliseconds in `[a, b)` (0 when `b` is not after `a`). Counts real elapsed time, so
 * a business day across a DST change has its true length.
 */
export function businessTimeBetween(calendar: BusinessCalendar, a: Date, b: Date): BusinessDuration {
  const cal = engineOf(calendar);
  const from = instant(a, 'a');
  const to = instant(b, 'b');
  cal.ensureInstant(from, 'a');
  cal.ensureInstant(to, 'b');
  if (to <= from) return { ms: 0, provisional: provisional(cal, from, from) };
  return { ms: cal.openBefore(to) - cal.openBefore(from), provisional: provisional(cal, from, to) };
}

/**
 * The earliest instant `t ≥ start` such that the open time in `[start, t]` is `ms`
 * (`ms = 0` gives `start`). Inverse of {@link businessTimeBetween}:
 * `businessTimeBetween(cal, start, addBusinessTime(cal, start, d).at).ms === d`. Throws
 * `KehuValidationError` for a negative or fractional `ms`, and a `KehuError` with code
 * `CALENDAR_NEVER_OPENS` when the calendar has no open hours.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, ms: number): BusinessInstant {
  const cal = engineOf(calendar);
  const from = instant(start, 'start');
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw invalidInput(['ms'], 'ms must be a non-negative whole number of milliseconds');
  cal.ensureInstant(from, 'start');
  if (ms === 0) return { at: new Date(from), provisional: provisional(cal, from, from) };
  const at = cal.instantAtOpen(cal.openBefore(from) + ms);
  return { at: new Date(at), provisional: provisional(cal, from, at) };
}

/**
 * The local working day `n` working days after the local date of `from` (n ≥ 1), or that date itself or the next
 * working day for n = 0.
 */
function nthWorkingDay(cal: CalendarEngine, fromDay: number, n: number): number {
  let day = fromDay;
  let left = n;
  if (left === 0) {
    while (!cal.isWorkingDay(day)) day++;
    return day;
  }
  const limit = fromDay + 50 * 366;
  while (left > 0) {
    day++;
    if (day > limit) throw invalidInput(['days'], 'no working day within 50 years');
    if (cal.isWorkingDay(day)) left--;
  }
  return day;
}

/**
 * The same local wall time on the `n`-th working day (a day with open hours) after the
 * local date of `start`; `n = 0` keeps `start`. A wall time that a DST change skips on that
 * day moves to the end of the gap.
 */
export function addBusinessDays(calendar: BusinessCalendar, start: Date, n: number): BusinessInstant {
  const cal = engineOf(calendar);
  const from = instant(start, 'start');
  if (!Number.isSafeInteger(n) || n < 0) throw invalidInput(['n'], 'n must be a non-negative whole number of days');
  cal.ensureInstant(from, 'start');
  if (n === 0) return { at: new Date(from), provisional: provisional(cal, from, from) };
  const wall = from + cal.offsetAt(from);
  const fromDay = Math.floor(wall / DAY_MS);
  const day = nthWorkingDay(cal, fromDay, n);
  const at = cal.wallToInstant(day * DAY_MS + (wall - fromDay * DAY_MS));
  return { at: new Date(at), provisional: provisional(cal, from, at) || cal.isProvisionalDay(day) };
}

/**
 * "`minutes` after local midnight on the `days`-th working day after the local date of `from`" as an instant
 * (arguments checked by the callers).
 */
function deadlineAt(cal: CalendarEngine, from: number, days: number, minutes: number): number {
  cal.ensureInstant(from, 'start');
  const fromDay = Math.floor((from + cal.offsetAt(from)) / DAY_MS);
  const day = nthWorkingDay(cal, fromDay, days);
  return cal.wallToInstant(day * DAY_MS + minutes * 60_000);
}

/** Options of {@link workingDayDeadline}. */
export interface WorkingDayDeadlineOptions {
  /**
   * Working days after the local date of the start: 1 = the next working day; 0 = the start's own date when it
   * is a working day, else the next one.
   */
  days: number;
  /** Local wall time `HH:mm` on that day (`24:00` for its end). */
  at: string;
}

/**
 * "By HH:mm on the N-th working day after": for SLA targets counted in working days
 * rather than hours (e.g. a reply by 18:00 on the next working day).
 */
export function workingDayDeadline(
  calendar: BusinessCalendar,
  start: Date,
  options: WorkingDayDeadlineOptions,
): BusinessInstant {
  const cal = engineOf(calendar);
  const from = instant(start, 'start');
  if (!Number.isSafeInteger(options?.days) || options.days < 0)
    throw invalidInput(['days'], 'days must be a non-negative whole number');
  if (!isTimeOfDay(options.at)) throw invalidInput(['at'], 'at must be HH:mm', 'invalid_format');
  const at = deadlineAt(cal, from, options.days, minutesOf(options.at));
  return { at: new Date(at), provisional: provisional(cal, from, at) };
}

/** True when a computation between `from` and `to` would rely on local dates outside the calendar's coverage. */
export function isProvisional(calendar: BusinessCalendar, from: Date, to: Date = from): boolean {
  const cal = engineOf(calendar);
  const a = instant(from, 'from');
  const b = instant(to, 'to');
  cal.ensureInstant(a, 'from');
  cal.ensureInstant(b, 'to');
  return provisional(cal, a, b);
}

/**
 * Business-time arithmetic on epoch milliseconds, for bulk work such as evaluating the SLAs
 * of a million complaints: the same results as {@link businessTimeBetween} and
 * {@link addBusinessTime} without a `Date` or result object per call. `provisional` says
 * whether a computation between two instants relied on dates outside the coverage.
 */
export interface BusinessClock {
  /** Open milliseconds in `[a, b)` (0 when `b ≤ a`). */
  between(a: number, b: number): number;
  /** The earliest instant `t ≥ a` with `between(a, t) = ms` (`ms` a non-negative integer). */
  add(a: number, ms: number): number;
  /** "By HH:mm on the `days`-th working day after the local date of `a`" (see {@link workingDayDeadline}). */
  deadline(a: number, days: number, at: string): number;
  /** Whether local dates between `a` and `b` fall outside the coverage. */
  provisional(a: number, b: number): boolean;
  /**
   * The position of instant `t` on the calendar's open time: open milliseconds since a fixed
   * origin of the calendar (any number, possibly negative), so that `between(a, b)` is
   * `position(b) - position(a)` for `a ≤ b`. Stable for the calendar's lifetime; lets bulk
   * work look an instant up once and then do plain arithmetic.
   */
  position(t: number): number;
  /**
   * The earliest instant whose {@link BusinessClock.position} is `position` (so `add(a, ms)` is
   * `instantAt(position(a) + ms)` for `ms > 0`).
   */
  instantAt(position: number): number;
}

/** The {@link BusinessClock} of a calendar. */
export function businessClock(calendar: BusinessCalendar): BusinessClock {
  const cal = engineOf(calendar);
  let lastAt = '';
  let lastMinutes = 0;
  return {
    between(a, b) {
      cal.ensureInstant(a, 'a');
      cal.ensureInstant(b, 'b');
      return b <= a ? 0 : cal.openBefore(b) - cal.openBefore(a);
    },
    add(a, ms) {
      if (!Number.isSafeInteger(ms) || ms < 0)
        throw invalidInput(['ms'], 'ms must be a non-negative whole number of milliseconds');
      cal.ensureInstant(a, 'a');
      return ms === 0 ? a : cal.instantAtOpen(cal.openBefore(a) + ms);
    },
    deadline(a, days, at) {
      if (!Number.isSafeInteger(days) || days < 0)
        throw invalidInput(['days'], 'days must be a non-negative whole number');
      // The last time of day parsed is kept: bulk callers pass the same string every time.
      if (at !== lastAt) {
        if (!isTimeOfDay(at)) throw invalidInput(['at'], 'at must be HH:mm', 'invalid_format');
        lastMinutes = minutesOf(at);
        lastAt = at;
      }
      return deadlineAt(cal, a, days, lastMinutes);
    },
    provisional(a, b) {
      cal.ensureInstant(a, 'a');
      cal.ensureInstant(b, 'b');
      return provisional(cal, a, b);
    },
    position(t) {
      cal.ensureInstant(t, 't');
      return cal.openBefore(t);
    },
    instantAt(position) {
      if (!Number.isFinite(position)) throw invalidInput(['position'], 'position must be a finite number');
      return cal.instantAtOpen(position);
    },
  };
}
