import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilOfDay,
  DAY_MS,
  dateOfDay,
  dayFromCivil,
  dayNumber,
  daysInMonth,
  isoWeekKey,
  isoWeekStart,
  monthStartOf,
  weekdayOf,
  yearOf,
} from './civil-day.js';

describe('civil days', () => {
  it('round-trips day numbers and agrees with Date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 800_000 }), (n) => {
        const d = new Date(n * DAY_MS);
        expect(civilOfDay(n)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
        const c = civilOfDay(n);
        expect(dayFromCivil(c.year, c.month, c.day)).toBe(n);
        expect(weekdayOf(n)).toBe(d.getUTCDay());
        expect(yearOf(n)).toBe(d.getUTCFullYear());
        expect(monthStartOf(n)).toBe(dayFromCivil(c.year, c.month, 1));
        if (c.year >= 0 && c.year <= 9999) {
          expect(dateOfDay(n)).toBe(d.toISOString().slice(0, 10));
          expect(dayNumber(dateOfDay(n))).toBe(n);
        }
      }),
    );
  });

  it('knows month lengths and ISO weeks at year boundaries', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(isoWeekKey(dayNumber('2026-01-01'))).toBe('2026-W01');
    expect(isoWeekKey(dayNumber('2027-01-01'))).toBe('2026-W53');
    expect(isoWeekKey(dayNumber('2024-12-30'))).toBe('2025-W01');
    expect(dateOfDay(isoWeekStart(dayNumber('2026-01-04')))).toBe('2025-12-29');
  });
});
