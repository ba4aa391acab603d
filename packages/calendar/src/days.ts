/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a local date `YYYY-MM-DD` (proleptic Gregorian). */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** The local date `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The first day number of `year`. */
export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

/** The year of a day number. */
export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
