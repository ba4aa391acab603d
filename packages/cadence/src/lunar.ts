// The package is CommonJS (UMD) without named ESM exports: its default export holds the API.
import chineseDays from 'chinese-days';
import { dayFromCivil, daysInMonth, invalidInput, isLeapYear, type Label } from '@kehu/core';

/** One day a birthday falls on: a core day number, and a note when the date had to move. */
export interface BirthdayOccurrence {
  /** The local day (core's `dayNumber`). */
  readonly day: number;
  /** Why the day differs from the recorded month and day (02-29 in a common year, lunar day 30 in a short month). */
  readonly note: Label | null;
}

/** First and last Chinese lunar years the `chinese-days` tables cover (lunar year 1900 began on 1900-01-31). */
export const FIRST_LUNAR_YEAR = 1900;
/** The last lunar year with data (lunar year 2100 is in the tables but its successor is not). */
export const LAST_LUNAR_YEAR = 2099;
const LUNAR_EPOCH = dayFromCivil(1900, 1, 31);

/**
 * Day numbers of the first day of each lunar year from {@link FIRST_LUNAR_YEAR} to `LAST_LUNAR_YEAR + 1`, built
 * once from the month lengths of `chinese-days` (`monthDays`, `getYearLeapMonth`). The package's own
 * `getSolarDateFromLunar` reads its input with the process's local time zone (a day off west of UTC), so the
 * arithmetic is done here, in day numbers, on its tables.
 */
let yearStarts: Int32Array | undefined;
/** Per lunar year: the regular months' lengths (12 entries per year) and the leap month and its length. */
let monthLengths: Uint8Array | undefined;
let leapMonths: Uint8Array | undefined;
let leapLengths: Uint8Array | undefined;

function tables(): { starts: Int32Array; months: Uint8Array; leap: Uint8Array; leapDays: Uint8Array } {
  if (yearStarts === undefined || monthLengths === undefined || leapMonths === undefined || leapLengths === undefined) {
    const n = LAST_LUNAR_YEAR - FIRST_LUNAR_YEAR + 1;
    const starts = new Int32Array(n + 1);
    const months = new Uint8Array(n * 12);
    const leap = new Uint8Array(n);
    const leapDays = new Uint8Array(n);
    let day = LUNAR_EPOCH;
    for (let i = 0; i < n; i++) {
      const year = FIRST_LUNAR_YEAR + i;
      starts[i] = day;
      for (let m = 1; m <= 12; m++) {
        const length = chineseDays.monthDays(year, m);
        months[i * 12 + m - 1] = length;
        day += length;
      }
      const l = chineseDays.getYearLeapMonth(year);
      leap[i] = l.leapMonth ?? 0;
      leapDays[i] = l.days;
      day += l.days;
    }
    starts[n] = day;
    yearStarts = starts;
    monthLengths = months;
    leapMonths = leap;
    leapLengths = leapDays;
  }
  return { starts: yearStarts, months: monthLengths, leap: leapMonths, leapDays: leapLengths };
}

/** The days of regular lunar month `month` (1..12) of lunar `year` (29 or 30), within the covered years. */
export function lunarMonthDays(year: number, month: number): number {
  return tables().months[(year - FIRST_LUNAR_YEAR) * 12 + month - 1]!;
}

/**
 * The day number of lunar `year`, regular (never leap) `month` (1..12), `day` (1..30) clamped to the month's
 * length, or `null` outside lunar years {@link FIRST_LUNAR_YEAR}..{@link LAST_LUNAR_YEAR}.
 */
export function solarDayOfLunar(year: number, month: number, day: number): number | null {
  if (year < FIRST_LUNAR_YEAR || year > LAST_LUNAR_YEAR) return null;
  const { starts, months, leap, leapDays } = tables();
  const i = year - FIRST_LUNAR_YEAR;
  let d = starts[i]!;
  for (let m = 1; m < month; m++) d += months[i * 12 + m - 1]!;
  // The leap month follows the regular month of the same number.
  if (leap[i]! !== 0 && leap[i]! < month) d += leapDays[i]!;
  return d + Math.min(day, months[i * 12 + month - 1]!) - 1;
}

/** The value of the `length` decimal digits of `s` from `at`, or -1 when one of them is not a digit. */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The year of a day number, without allocating (planners call this per customer). */
function yearOfDay(day: number): number {
  let year = Math.floor(day / 365.2425) + 1970;
  while (dayFromCivil(year, 1, 1) > day) year--;
  while (dayFromCivil(year + 1, 1, 1) <= day) year++;
  return year;
}

/**
 * The days a birthday falls on within local days `fromDay..toDay` (inclusive; rules AR-3, CA-7), in order.
 * `birthday` is core's codec (`YYYY-MM-DD` or `--MM-DD`):
 * - `solar`: the month and day each year; `02-29` falls on 02-28 in common years (with a note). With a year, no
 *   occurrence on or before the birth date;
 * - `lunar`: the month and day are Chinese lunar (day 1..30; the year, when given, is ignored); a day 30 in a
 *   29-day month falls on day 29 (with a note); a leap month is never the birthday month (the regular month of
 *   that number is used). Returns `null` when the range reaches outside the lunar years the `chinese-days`
 *   tables cover (1900..2099): the caller skips the birthday with `lunar-date-not-found`.
 * Throws `KehuValidationError` for a birthday that is not a date of its calendar or a bad range.
 */
export function birthdayOccurrences(
  birthday: string,
  calendar: 'solar' | 'lunar',
  fromDay: number,
  toDay: number,
): BirthdayOccurrence[] | null {
  if (!Number.isInteger(fromDay) || !Number.isInteger(toDay))
    throw invalidInput(['fromDay'], 'fromDay and toDay must be whole day numbers', 'invalid_type');
  if (calendar !== 'solar' && calendar !== 'lunar')
    throw invalidInput(['birthdayCalendar'], 'birthdayCalendar must be solar or lunar', 'invalid_value');
  // `YYYY-MM-DD` or `--MM-DD`, read without a regular expression (once per customer in a plan).
  const text = typeof birthday === 'string' ? birthday : '';
  const full = text.length === 10 && text[4] === '-' && text[7] === '-';
  const short = text.length === 7 && text[0] === '-' && text[1] === '-' && text[4] === '-';
  const year = full ? digits(text, 0, 4) : -1;
  const at = full ? 5 : 2;
  const month = full || short ? digits(text, at, 2) : -1;
  const dayOfMonth = full || short ? digits(text, at + 3, 2) : -1;
  const maxDay =
    calendar === 'lunar' ? 30 : month === 2 ? 29 : month >= 1 && month <= 12 ? daysInMonth(2000, month) : 0;
  if ((full && year < 0) || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > maxDay)
    throw invalidInput(
      ['birthday'],
      `birthday must be YYYY-MM-DD or --MM-DD with a real ${calendar} month and day`,
      'invalid_format',
    );
  const out: BirthdayOccurrence[] = [];
  if (toDay < fromDay) return out;
  const firstYear = yearOfDay(fromDay);
  const lastYear = yearOfDay(toDay);
  if (calendar === 'solar') {
    const birthDay = year < 0 ? Number.NEGATIVE_INFINITY : dayFromCivil(year, month, dayOfMonth);
    for (let y = firstYear; y <= lastYear; y++) {
      const leapDay = month === 2 && dayOfMonth === 29 && !isLeapYear(y);
      const day = dayFromCivil(y, month, leapDay ? 28 : dayOfMonth);
      if (day < fromDay || day > toDay || day <= birthDay) continue;
      out.push({ day, note: leapDay ? leapDayNote(y) : null });
    }
    return out;
  }
  const { starts } = tables();
  if (fromDay < starts[0]! || toDay >= starts[starts.length - 1]!) return null;
  // A lunar year starts between 01-21 and 02-20: the range's lunar years begin in its first year or the one before.
  for (let y = Math.max(FIRST_LUNAR_YEAR, firstYear - 1); y <= lastYear; y++) {
    const day = solarDayOfLunar(y, month, dayOfMonth);
    if (day === null || day < fromDay || day > toDay) continue;
    const length = lunarMonthDays(y, month);
    out.push({ day, note: dayOfMonth > length ? shortMonthNote(y, month, length) : null });
  }
  return out;
}

function leapDayNote(year: number): Label {
  return {
    en: `born on 02-29: greeted on 02-28 in the common year ${year}`,
    zh: `生日为 2 月 29 日：${year} 年为平年，改在 2 月 28 日`,
  };
}

function shortMonthNote(year: number, month: number, length: number): Label {
  return {
    en: `lunar month ${month} of ${year} has ${length} days: day 30 falls on day ${length}`,
    zh: `农历 ${year} 年 ${month} 月只有 ${length} 天：三十改在 ${length} 日`,
  };
}
