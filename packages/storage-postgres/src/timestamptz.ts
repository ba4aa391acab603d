/** PostgreSQL's type oid of `timestamptz`. */
export const TIMESTAMPTZ_OID = 1184;

// `timestamptz` text in DateStyle ISO: `0001-01-01 00:00:00.123+00`, `2026-01-05 09:00:00+08`, `… +05:30`, `… BC`.
const PATTERN =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?( BC)?$/;

/**
 * Parses PostgreSQL's text form of a `timestamptz` exactly, for drivers whose own parser goes through
 * `new Date(text)`: V8 reads `0001-01-01 00:00:00+00` (not ISO-8601) as the year 2001. Years are taken as
 * written (1 to 99 included, `BC` as astronomical years), fractions truncated to the millisecond like `pg`
 * does; `infinity` gives ±`Infinity` like PGlite's own parser, and text in any other form falls back to it.
 */
export function parseTimestamptz(text: string): Date | number {
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  const m = PATTERN.exec(text);
  if (m === null) return new Date(text);
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes, offsetSeconds, bc] = m;
  const date = new Date(0);
  date.setUTCFullYear(bc === undefined ? Number(year) : 1 - Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(`${fraction ?? ''}000`.slice(0, 3)));
  const offset = Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0);
  return new Date(date.getTime() - (sign === '-' ? -offset : offset) * 1000);
}
