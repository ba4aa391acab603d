/**
 * Calendar quarters in a stated IANA time zone (rule SA-4: each quarter the service team is evaluated). An instant
 * belongs to the quarter of its local date in the zone; the zone's UTC offsets come from `@date-fns/tz` (the
 * runtime's time zone data through `Intl`), as in `@kehu/calendar`.
 */
import { tzOffset, tzScan } from '@date-fns/tz';
import { civilOfDay, DAY_MS, dayFromCivil, invalidInput } from '@kehu/core';

/** A calendar quarter: `quarter` 1 (January to March) to 4 (October to December). */
export interface Quarter {
  /** The year (Gregorian). */
  year: number;
  /** The quarter of the year, 1 to 4. */
  quarter: 1 | 2 | 3 | 4;
}

/** The largest magnitude of an epoch-millisecond instant a `Date` can hold. */
const MAX_INSTANT = 8.64e15;

/** True when `zone` names an IANA time zone the runtime knows (the same test as `@kehu/calendar`'s spec). */
export function isZone(zone: unknown): zone is string {
  return (
    typeof zone === 'string' &&
    /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) &&
    !Number.isNaN(tzOffset(zone, new Date(0)))
  );
}

function checkZone(zone: unknown): void {
  if (!isZone(zone)) throw invalidInput(['zone'], `expected an IANA time zone name, got ${JSON.stringify(zone)}`);
}

/**
 * The serial number of a quarter: `year × 4 + quarter − 1`, so that consecutive quarters have consecutive serials
 * (the quarter before serial `s` is `s − 1`, across years).
 */
export function quarterSerial(q: Quarter): number {
  return q.year * 4 + q.quarter - 1;
}

/** The quarter of a serial made by {@link quarterSerial}. */
export function quarterOfSerial(serial: number): Quarter {
  const year = Math.floor(serial / 4);
  return { year, quarter: (serial - year * 4 + 1) as Quarter['quarter'] };
}

/** The label of a quarter, e.g. `2026-Q2` (ISO 8601 has no quarter notation; this is the common one). */
export function quarterLabel(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

/** The serial of the quarter holding a local day number (days since 1970-01-01). */
function serialOfDay(day: number): number {
  const { year, month } = civilOfDay(day);
  return year * 4 + Math.floor((month - 1) / 3);
}

/** The day number of the first local day of a quarter serial. */
function firstDayOf(serial: number): number {
  const { year, quarter } = quarterOfSerial(serial);
  return dayFromCivil(year, (quarter - 1) * 3 + 1, 1);
}

function checkInstant(at: unknown, path: readonly (string | number)[]): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!(Math.abs(ms) <= MAX_INSTANT)) throw invalidInput([...path], 'expected a valid Date', 'invalid_type');
  return ms;
}

/**
 * The quarter an instant falls in, by its local date in `zone` (rule SA-4).
 *
 * @example quarterOf(new Date('2026-03-31T16:30:00Z'), 'Asia/Shanghai') // { year: 2026, quarter: 2 }
 * @throws KehuValidationError for an invalid `Date` (path `['at']`) or an unknown zone (path `['zone']`)
 */
export function quarterOf(at: Date, zone: string): Quarter {
  const ms = checkInstant(at, ['at']);
  checkZone(zone);
  const local = ms + tzOffset(zone, at) * 60_000;
  return quarterOfSerial(serialOfDay(Math.floor(local / DAY_MS)));
}

/**
 * The instants a quarter spans in `zone`: `[start, end)`, from the first instant whose local date is in the
 * quarter to the first instant of the next quarter (local midnights, unless a zone's offset change skips one).
 *
 * @throws KehuValidationError for a quarter that is not `{ year: integer, quarter: 1..4 }` or an unknown zone
 */
export function quarterBounds(q: Quarter, zone: string): { start: Date; end: Date } {
  if (!Number.isInteger(q?.year) || Math.abs(q.year) > 270_000)
    throw invalidInput(['quarter', 'year'], 'expected an integer year');
  if (![1, 2, 3, 4].includes(q.quarter)) throw invalidInput(['quarter', 'quarter'], 'expected a quarter 1 to 4');
  checkZone(zone);
  const serial = quarterSerial(q);
  const start = firstDayOf(serial) * DAY_MS;
  const end = firstDayOf(serial + 1) * DAY_MS;
  const locator = quarterLocator(zone, start - 2 * DAY_MS, end + 2 * DAY_MS);
  return { start: new Date(locator.firstInstantOf(serial)), end: new Date(locator.firstInstantOf(serial + 1)) };
}

/**
 * Where the quarter changes in one zone over a span of instants: a sorted list of instants (epoch ms) and the
 * quarter serial in effect from each on, built once from the zone's offset changes (`tzScan`) so that the quarter
 * of each of millions of instants is a binary search over a few dozen entries, with no `Date` or `Intl` call per
 * instant.
 */
export interface QuarterLocator {
  /** The zone. */
  readonly zone: string;
  /** Instants (epoch ms, ascending) at which the quarter in effect changes; the first is the span's start. */
  readonly at: Float64Array;
  /** The quarter serial in effect from `at[i]` on. */
  readonly serial: Int32Array;
  /** The serial of the quarter of an instant inside the span (epoch ms). */
  serialAt(ms: number): number;
  /** The first instant of the span in quarter `serial` (NaN when the span holds none). */
  firstInstantOf(serial: number): number;
}

/**
 * Builds a {@link QuarterLocator} for instants in `[from, to]` (epoch ms). Each stretch of constant UTC offset
 * contributes the local quarter starts inside it, so the result is exact wherever the offset changes, even when
 * a change moves the local date backwards across a quarter start.
 *
 * @throws KehuValidationError for an unknown zone or a span that is not finite
 */
export function quarterLocator(zone: string, from: number, to: number): QuarterLocator {
  checkZone(zone);
  if (!(Math.abs(from) <= MAX_INSTANT && Math.abs(to) <= MAX_INSTANT && from <= to))
    throw invalidInput(['span'], 'expected a finite span of instants');
  const segStarts = [from];
  const segOffsets = [tzOffset(zone, new Date(from)) * 60_000];
  if (to > from)
    for (const change of tzScan(zone, { start: new Date(from), end: new Date(to) })) {
      const t = change.date.getTime();
      if (t <= from || t > to) continue;
      segStarts.push(t);
      segOffsets.push(change.offset * 60_000);
    }
  const at: number[] = [];
  const serials: number[] = [];
  for (let j = 0; j < segStarts.length; j++) {
    const a = segStarts[j]!;
    const b = j + 1 < segStarts.length ? segStarts[j + 1]! : to + 1;
    const o = segOffsets[j]!;
    let s = serialOfDay(Math.floor((a + o) / DAY_MS));
    if (serials.length === 0 || serials[serials.length - 1] !== s) {
      at.push(a);
      serials.push(s);
    }
    for (;;) {
      const next = firstDayOf(s + 1) * DAY_MS - o;
      if (next >= b) break;
      s += 1;
      at.push(next);
      serials.push(s);
    }
  }
  const atArray = Float64Array.from(at);
  const serial = Int32Array.from(serials);
  return {
    zone,
    at: atArray,
    serial,
    serialAt(ms: number): number {
      let lo = 0;
      let hi = atArray.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (atArray[mid]! <= ms) lo = mid;
        else hi = mid - 1;
      }
      return serial[lo]!;
    },
    firstInstantOf(s: number): number {
      for (let i = 0; i < serial.length; i++) if (serial[i] === s) return atArray[i]!;
      return Number.NaN;
    },
  };
}
