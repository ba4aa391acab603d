import { daysInMonth } from '@kehu/core';

/** A local wall time in an IANA zone (months 1-12). */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall time of `t` in `timeZone` (Gregorian, 24-hour). */
function wallTime(t: Date, timeZone: string): WallTime {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(t)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const ms = ((t.getTime() % 1000) + 1000) % 1000;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: ms,
  };
}

/** The zone's offset from UTC at `t`, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  const w = wallTime(new Date(t), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return asUtc - t;
}

/**
 * The instant of a local wall time in `timeZone`. A wall time skipped by a DST change maps to the instant the
 * offset before the change gives (so it lands just after the gap); a repeated one to its first occurrence.
 */
function instantOf(w: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  if (second === first) return new Date(first);
  // The offset changes between the two guesses: take the earlier reading that maps back to the same wall time.
  const candidates = [first, second].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetAt(c, timeZone) === asUtc) return new Date(c);
  return new Date(Math.min(first, second));
}

/**
 * `t` moved by `months` calendar months in `timeZone`, at the same local wall time; the day is clamped to the
 * target month's last day (31 March − 1 month = 28 or 29 February).
 */
export function addLocalMonths(t: Date, months: number, timeZone: string): Date {
  const w = wallTime(t, timeZone);
  const index = w.year * 12 + (w.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return instantOf({ ...w, year, month, day: Math.min(w.day, daysInMonth(year, month)) }, timeZone);
}

/** One local calendar month: its key `YYYY-MM` and the instants of its first and next month's first midnight. */
export interface LocalMonth {
  /** `YYYY-MM`. */
  key: string;
  /** The year. */
  year: number;
  /** The month, 1-12. */
  month: number;
  /** Local midnight of the month's first day. */
  start: Date;
  /** Local midnight of the next month's first day. */
  end: Date;
}

/** The local months of `timeZone` that overlap `[from, to)`, in order (the first and last may be partial). */
export function localMonths(from: Date, to: Date, timeZone: string): LocalMonth[] {
  const out: LocalMonth[] = [];
  if (from.getTime() >= to.getTime()) return out;
  const w = wallTime(from, timeZone);
  let index = w.year * 12 + (w.month - 1);
  const midnight = (i: number) =>
    instantOf(
      {
        year: Math.floor(i / 12),
        month: (i % 12) + 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      },
      timeZone,
    );
  let start = midnight(index);
  while (start.getTime() < to.getTime()) {
    const end = midnight(index + 1);
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    out.push({ key: `${year}-${String(month).padStart(2, '0')}`, year, month, start, end });
    index++;
    start = end;
  }
  return out;
}
