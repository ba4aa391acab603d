import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from '@kehu/calendar';

/**
 * An SLA clock: elapsed (wall-clock) time, or the open time of a business calendar, with
 * the pauses of a metric taken out. `provisional` records whether any calendar result relied
 * on dates outside the calendar's coverage.
 */
export class SlaClock {
  /** True once a calendar computation was provisional. */
  provisional = false;

  /** An elapsed clock, or one on `calendar`'s open time. */
  constructor(private readonly calendar: BusinessCalendar | null) {}

  /** Clock time in `[a, b)` (0 when `b ≤ a`). */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    if (this.calendar === null) return b - a;
    const r = businessTimeBetween(this.calendar, new Date(a), new Date(b));
    this.provisional ||= r.provisional;
    return r.ms;
  }

  /** The earliest instant `t ≥ a` with `between(a, t) = ms`. */
  add(a: number, ms: number): number {
    if (this.calendar === null) return a + ms;
    const r = addBusinessTime(this.calendar, new Date(a), ms);
    this.provisional ||= r.provisional;
    return r.at.getTime();
  }
}

/** A pause of a metric's clock: from `from` until `to` (`null`: still paused). */
export interface Pause {
  /** Start of the pause. */
  from: number;
  /** End of the pause, or `null` while it lasts. */
  to: number | null;
}

/**
 * The instant at which the clock, started at `start` and stopped during `pauses` (in order,
 * at or after `start`), has run `used` ms; `null` when an open pause comes first.
 */
export function instantAtUsed(clock: SlaClock, start: number, pauses: readonly Pause[], used: number): number | null {
  let cursor = start;
  let left = used;
  for (const p of pauses) {
    const available = clock.between(cursor, p.from);
    if (available >= left) return clock.add(cursor, left);
    left -= available;
    if (p.to === null) return null;
    cursor = Math.max(cursor, p.to);
  }
  return clock.add(cursor, left);
}

/** Clock time used from `start` to `t`, and the clock time paused, with `pauses` taken out. */
export function usedAt(clock: SlaClock, start: number, pauses: readonly Pause[], t: number): { used: number; paused: number } {
  let paused = 0;
  for (const p of pauses) {
    if (p.from >= t) break;
    paused += clock.between(p.from, Math.min(p.to ?? t, t));
  }
  return { used: clock.between(start, t) - paused, paused };
}
