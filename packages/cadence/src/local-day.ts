import { DAY_MS, type ErrorPath, invalidInput } from '@kehu/core';
import { tzOffset, tzScan } from '@date-fns/tz';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** First year local days are converted and plans made for (as the calendar package). */
export const FIRST_PLAN_YEAR = 1900;
/** Last year converted and planned (see {@link FIRST_PLAN_YEAR}). */
export const LAST_PLAN_YEAR = 2299;
/** Earliest and latest (exclusive) instants converted. */
const MIN_MS = Date.UTC(FIRST_PLAN_YEAR, 0, 1);
const MAX_MS = Date.UTC(LAST_PLAN_YEAR + 1, 0, 1);

/**
 * Checks that `ms` is a finite instant within the years {@link FIRST_PLAN_YEAR}..{@link LAST_PLAN_YEAR} (UTC),
 * the instants {@link localDayFunction} converts; throws `KehuValidationError` at `path` otherwise, so that an
 * option such as `asOf` is named rather than left to fail inside the conversion.
 */
export function checkPlanInstant(ms: number, path: ErrorPath): void {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) {
    const name = path.length === 0 ? `instant ${ms}` : `${path.join('.')} (${ms})`;
    throw invalidInput(
      path,
      `${name} is not a valid time within the years ${FIRST_PLAN_YEAR}..${LAST_PLAN_YEAR}`,
      'invalid_type',
    );
  }
}

/** The UTC offset (ms) of `zone` at instant `t`. */
function offsetAt(zone: string, t: number): number {
  return tzOffset(zone, new Date(t)) * MINUTE_MS;
}

/** The start of the UTC year of `t`. */
function yearStartMs(t: number): number {
  return Date.UTC(new Date(t).getUTCFullYear(), 0, 1);
}

/**
 * Offset segments of `zone` over `[a, b)`: `starts[i]` is where offset `offsets[i]` begins. `tzScan` finds each
 * change to the hour; a binary search over minutes makes it exact (zones such as America/St_Johns change on a
 * half hour of UTC).
 */
function scan(zone: string, a: number, b: number): { starts: number[]; offsets: number[] } {
  const starts = [a];
  const offsets = [offsetAt(zone, a)];
  for (const change of tzScan(zone, { start: new Date(a), end: new Date(b) })) {
    const after = change.offset * MINUTE_MS;
    // The change happened in (hour - 1 h, hour]: find its first minute.
    let lo = change.date.getTime() - HOUR_MS;
    let hi = change.date.getTime();
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetAt(zone, mid) === after) hi = mid;
      else lo = mid;
    }
    if (hi >= b) break;
    if (after !== offsets[offsets.length - 1]) {
      starts.push(hi);
      offsets.push(after);
    }
  }
  return { starts, offsets };
}

/**
 * A function from an instant (epoch milliseconds) to its local day number (core's `dayNumber` of the local date)
 * in the IANA zone `zone`: exact across DST and other offset changes. The zone's offset changes are read once per
 * year touched (with `@date-fns/tz`), cached, and looked up by binary search; an instant in the segment of the
 * previous call takes a comparison and a division. Throws `KehuValidationError` for an unknown zone and, when
 * called, for an instant that is not finite or outside the years 1900..2299.
 */
export function localDayFunction(zone: string): (ms: number) => number {
  if (Number.isNaN(tzOffset(zone, new Date(0))))
    throw invalidInput(['timeZone'], `unknown time zone ${JSON.stringify(zone)}`, 'invalid_value');
  let starts: number[] = [];
  let offsets: number[] = [];
  let lo = 0;
  let hi = 0;
  // The segment of the previous call: [segFrom, segTo) with offset segOffset.
  let segFrom = 0;
  let segTo = 0;
  let segOffset = 0;

  const cover = (t: number): void => {
    checkPlanInstant(t, []);
    if (starts.length === 0) {
      lo = yearStartMs(t);
      hi = Date.UTC(new Date(t).getUTCFullYear() + 1, 0, 1);
      ({ starts, offsets } = scan(zone, lo, hi));
      return;
    }
    if (t < lo) {
      const a = yearStartMs(t);
      const before = scan(zone, a, lo);
      const keepFirst = before.offsets[before.offsets.length - 1] !== offsets[0];
      starts = before.starts.concat(keepFirst ? starts : starts.slice(1));
      offsets = before.offsets.concat(keepFirst ? offsets : offsets.slice(1));
      lo = a;
    }
    if (t >= hi) {
      const b = Date.UTC(new Date(t).getUTCFullYear() + 1, 0, 1);
      const after = scan(zone, hi, b);
      const keepFirst = after.offsets[0] !== offsets[offsets.length - 1];
      starts = starts.concat(keepFirst ? after.starts : after.starts.slice(1));
      offsets = offsets.concat(keepFirst ? after.offsets : after.offsets.slice(1));
      hi = b;
    }
  };

  return (ms: number): number => {
    if (ms >= segFrom && ms < segTo) return Math.floor((ms + segOffset) / DAY_MS);
    if (!(ms >= lo && ms < hi)) cover(ms);
    // Last segment start at or before ms.
    let a = 0;
    let b = starts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >>> 1;
      if ((starts[mid] as number) <= ms) a = mid;
      else b = mid - 1;
    }
    segFrom = starts[a] as number;
    segTo = a + 1 < starts.length ? (starts[a + 1] as number) : hi;
    segOffset = offsets[a] as number;
    return Math.floor((ms + segOffset) / DAY_MS);
  };
}
