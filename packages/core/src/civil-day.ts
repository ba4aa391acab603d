/**
 * Civil days: whole days of the proleptic Gregorian calendar numbered from 1970-01-01
 * (day 0), with no time zone. Calendars, reports and CSV scanners count days with these
 * helpers; the arithmetic is exact for every year JavaScript dates cover.
 */

/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 86_400_000;

/** A calendar date split into its parts: `month` 1..12, `day` 1..31. */
export interface CivilDate {
  /** The year (proleptic Gregorian; may be 0 or negative). */
  year: number;
  /** The month, 1 to 12. */
  month: number;
  /** The day of the month, 1 to 31. */
  day: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The number of days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : MONTH_DAYS[month - 1]!;
}

/**
 * The day number of a civil date (H. Hinnant's `days_from_civil`): no allocation, so
 * scanners can call it per row. `month` 1..12; the date is not checked.
 */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (H. Hinnant's `civil_from_days`). */
export function civilOfDay(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The day number of a local date `YYYY-MM-DD` (the string is not checked). */
export function dayNumber(date: string): number {
  return dayFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local date `YYYY-MM-DD` of a day number (`-YYYY-MM-DD` before year 0). */
export function dateOfDay(dayNumber: number): string {
  const c = civilOfDay(dayNumber);
  return `${c.year < 0 ? '-' : ''}${pad(Math.abs(c.year), 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** The weekday of a day number, 0 = Sunday to 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The first day number of `year`. */
export function yearStart(year: number): number {
  return dayFromCivil(year, 1, 1);
}

/** The year of a day number. */
export function yearOf(dayNumber: number): number {
  return civilOfDay(dayNumber).year;
}

/** The first day number of the month that contains `dayNumber`. */
export function monthStartOf(dayNumber: number): number {
  const c = civilOfDay(dayNumber);
  return dayFromCivil(c.year, c.month, 1);
}

/** The Monday of the ISO-8601 week that contains `dayNumber`. */
export function isoWeekStart(dayNumber: number): number {
  return dayNumber - ((((dayNumber + 3) % 7) + 7) % 7);
}

/** The ISO-8601 week of a day number: its week-numbering year and week 1..53. */
export function isoWeekOf(dayNumber: number): { year: number; week: number } {
  const thursday = isoWeekStart(dayNumber) + 3;
  const year = civilOfDay(thursday).year;
  return { year, week: Math.floor((thursday - yearStart(year)) / 7) + 1 };
}

/** The ISO-8601 week of a day number as `YYYY-Www` (`2026-W02`). */
export function isoWeekKey(dayNumber: number): string {
  const { year, week } = isoWeekOf(dayNumber);
  return `${pad(year, 4)}-W${pad(week)}`;
}
