import { businessClock, type BusinessCalendar, type BusinessClock } from '@kehu/calendar';

/**
 * An SLA clock: elapsed (wall-clock) time, or the open time of a business calendar (on epoch
 * milliseconds, without a `Date` per call), with the pauses of a metric taken out.
 * `provisional` says whether any calendar result relied on dates outside the coverage.
 */
export class SlaClock {
  private readonly clock: BusinessClock | null;
  /** The latest instant computed, for the coverage check. */
  private latest = -Infinity;
  private earliest = Infinity;

  /** An elapsed clock, or one on `calendar`'s open time. */
  constructor(calendar: BusinessCalendar | null) {
    this.clock = calendar === null ? null : businessClock(calendar);
  }

  /** Clock time in `[a, b)` (0 when `b ≤ a`). */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    if (this.clock === null) return b - a;
    this.seen(a, b);
    return this.clock.between(a, b);
  }

  /** The earliest instant `t ≥ a` with `between(a, t) = ms`. */
  add(a: number, ms: number): number {
    if (this.clock === null) return a + ms;
    const t = this.clock.add(a, ms);
    this.seen(a, t);
    return t;
  }

  /** "HH:mm on the `days`-th working day after `a`" on the calendar (a business clock only). */
  deadline(a: number, days: number, at: string): number {
    if (this.clock === null) throw new Error('a working-day deadline needs a business clock');
    const t = this.clock.deadline(a, days, at);
    this.seen(a, t);
    return t;
  }

  /** True when a calendar computation relied on dates outside the calendar's coverage. */
  get provisional(): boolean {
    return this.clock !== null && this.latest >= this.earliest && this.clock.provisional(this.earliest, this.latest);
  }

  private seen(a: number, b: number): void {
    if (a < this.earliest) this.earliest = a;
    if (b > this.latest) this.latest = b;
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
