import { minutesOf, WEEKDAYS, type BusinessCalendarSpec } from './spec.js';

/**
 * A deliberately naive reference for the tests (not exported): the local date and time of
 * an instant straight from `Intl`, the open rules applied literally, and open time counted
 * minute by minute. Every test calendar has whole-minute hours and offsets, so openness is
 * constant within each UTC minute.
 */
export function referenceCalendar(spec: BusinessCalendarSpec): {
  isOpen(t: number): boolean;
  openBetween(a: number, b: number): number;
} {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: spec.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  });
  const holidays = new Set(spec.holidays);
  const workdays = new Map(
    spec.workdays.map((w) =>
      typeof w === 'string' ? [w, spec.makeupHours ?? spec.week.mon ?? []] : [w.date, w.hours],
    ),
  );
  const cache = new Map<number, boolean>();
  const isOpen = (t: number): boolean => {
    const minute = Math.floor(t / 60_000);
    const known = cache.get(minute);
    if (known !== undefined) return known;
    const parts = Object.fromEntries(format.formatToParts(new Date(minute * 60_000)).map((p) => [p.type, p.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const weekday = WEEKDAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!)]!;
    const hours = workdays.get(date) ?? (holidays.has(date) ? [] : (spec.week[weekday] ?? []));
    const m = Number(parts.hour) * 60 + Number(parts.minute);
    const open = hours.some(([s, e]) => m >= minutesOf(s) && m < minutesOf(e));
    cache.set(minute, open);
    return open;
  };
  const openBetween = (a: number, b: number): number => {
    let total = 0;
    for (let t = a; t < b; ) {
      const next = Math.min(b, (Math.floor(t / 60_000) + 1) * 60_000);
      if (isOpen(t)) total += next - t;
      t = next;
    }
    return total;
  };
  return { isOpen, openBetween };
}
