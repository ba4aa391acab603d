/**
 * Local dates and wall-clock times of instants in an IANA time zone, with the runtime's `Intl` (the package stays
 * platform-neutral): the one formatter cache that budget periods, plan checks and plan results share.
 */
import { DAY_MS, dayFromCivil, type ErrorPath, invalidInput } from '@kehu/core';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter of the Gregorian wall-clock fields (with the era) in `zone`. Throws `KehuValidationError` at
 * `path`: `invalid_type` for a missing or empty zone name, `invalid_value` for a zone the runtime does not know.
 */
export function zoneFormatter(zone: unknown, path: ErrorPath = ['timeZone']): Intl.DateTimeFormat {
  if (typeof zone !== 'string' || zone.length === 0)
    throw invalidInput(path, 'timeZone must be an IANA time zone name', 'invalid_type');
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw invalidInput(path, `unknown time zone ${JSON.stringify(zone)}`, 'invalid_value', { cause });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Local wall-clock fields; `year` counts within its era and `bc` flags the years before 0001. */
interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  bc: boolean;
}

function wallFields(f: Intl.DateTimeFormat, t: number): WallFields {
  const w: WallFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, bc: false };
  for (const part of f.formatToParts(new Date(t))) {
    if (part.type === 'era') w.bc = part.value.startsWith('B');
    else if (part.type !== 'literal' && part.type in w)
      (w as unknown as Record<string, number>)[part.type] = Number(part.value);
  }
  return w;
}

/** The local wall-clock time of instant `t` (ms, whole seconds) in the formatter's zone, as ms since the epoch. */
export function wallTime(f: Intl.DateTimeFormat, t: number): number {
  const p = wallFields(f, t);
  return dayFromCivil(p.year, p.month, p.day) * DAY_MS + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
}

/** The core day number of the local date of instant `t` (ms) in the formatter's zone. */
export function localDayAt(f: Intl.DateTimeFormat, t: number): number {
  return Math.floor(wallTime(f, t) / DAY_MS);
}

/**
 * The first instant of local day `day` in the formatter's zone: the smallest whole second whose local date is `day`
 * or later. Local midnight when it exists; the end of the skipped time when a change of offset skips it.
 */
export function localDayStart(f: Intl.DateTimeFormat, day: number): number {
  const w = day * DAY_MS;
  const once = w - (wallTime(f, w) - w);
  const guess = w - (wallTime(f, once) - once);
  if (localDayAt(f, guess) >= day && localDayAt(f, guess - 1000) < day) return guess;
  // Offsets are within ±26 hours of UTC: search the seconds around the wall time.
  let lo = Math.floor((w - 27 * 3_600_000) / 1000);
  let hi = Math.ceil((w + 27 * 3_600_000) / 1000);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDayAt(f, mid * 1000) >= day) hi = mid;
    else lo = mid + 1;
  }
  return lo * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The local date `YYYY-MM-DD` of the instant `at` in the IANA time zone `timeZone`. Throws `KehuValidationError`
 * at `zonePath` (default `['timeZone']`) for a missing or unknown zone and at `path` for an invalid `Date` or one
 * outside the years 0001..9999.
 */
export function localDateAt(
  at: Date,
  timeZone: string,
  path: ErrorPath = ['asOf'],
  zonePath: ErrorPath = ['timeZone'],
): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalidInput(path, 'expected a valid Date');
  const p = wallFields(zoneFormatter(timeZone, zonePath), at.getTime());
  if (p.bc || p.year < 1 || p.year > 9999) throw invalidInput(path, 'expected an instant in the years 0001 to 9999');
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}
