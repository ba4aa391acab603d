import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isZone,
  quarterBounds,
  quarterLabel,
  quarterLocator,
  quarterOf,
  quarterOfSerial,
  quarterSerial,
} from './quarter.js';

describe('quarters in a stated zone (SA-4)', () => {
  it('SA-4: an instant belongs to the quarter of its local date in the zone', () => {
    // 2026-03-31T16:30Z is 00:30 on 1 April in Shanghai (UTC+8) and still 31 March in UTC.
    const at = new Date('2026-03-31T16:30:00Z');
    expect(quarterOf(at, 'Asia/Shanghai')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf(at, 'UTC')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf(new Date('2026-12-31T15:59:59.999Z'), 'Asia/Shanghai')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterOf(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toEqual({ year: 2027, quarter: 1 });
  });

  it('SA-4: bounds are local midnights, across a daylight-saving change', () => {
    expect(quarterBounds({ year: 2026, quarter: 2 }, 'Asia/Shanghai')).toEqual({
      start: new Date('2026-03-31T16:00:00Z'),
      end: new Date('2026-06-30T16:00:00Z'),
    });
    // New York: Q2 starts in daylight time (UTC-4), Q1 in standard time (UTC-5).
    expect(quarterBounds({ year: 2026, quarter: 1 }, 'America/New_York')).toEqual({
      start: new Date('2026-01-01T05:00:00Z'),
      end: new Date('2026-04-01T04:00:00Z'),
    });
    expect(quarterLabel({ year: 2026, quarter: 3 })).toBe('2026-Q3');
  });

  it('SA-4: serials are consecutive across years', () => {
    expect(quarterSerial({ year: 2026, quarter: 1 }) - quarterSerial({ year: 2025, quarter: 4 })).toBe(1);
    expect(quarterOfSerial(quarterSerial({ year: 2025, quarter: 4 }))).toEqual({ year: 2025, quarter: 4 });
  });

  it('SA-4: the locator agrees with quarterOf for every instant (property, several zones)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
    const from = Date.parse('2024-01-01T00:00:00Z');
    const to = Date.parse('2028-01-01T00:00:00Z');
    const locators = zones.map((z) => quarterLocator(z, from, to));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: zones.length - 1 }), fc.integer({ min: from, max: to }), (z, ms) => {
        const q = quarterOf(new Date(ms), zones[z]!);
        expect(locators[z]!.serialAt(ms)).toBe(quarterSerial(q));
      }),
      { numRuns: 500 },
    );
    // Around every boundary, to the millisecond.
    for (const [z, zone] of zones.entries())
      for (let s = quarterSerial({ year: 2024, quarter: 2 }); s < quarterSerial({ year: 2027, quarter: 4 }); s++) {
        const { start } = quarterBounds(quarterOfSerial(s), zone);
        expect(locators[z]!.serialAt(start.getTime())).toBe(s);
        expect(locators[z]!.serialAt(start.getTime() - 1)).toBe(s - 1);
      }
  });

  it('SA-4: bad input is a KehuValidationError with the path', () => {
    expect(() => quarterOf(new Date(Number.NaN), 'Asia/Shanghai')).toThrow(KehuValidationError);
    expect(() => quarterOf(new Date(0), 'Mars/Olympus')).toThrow(expect.objectContaining({ path: ['zone'] }));
    expect(() => quarterBounds({ year: 2026, quarter: 5 as 1 }, 'UTC')).toThrow(
      expect.objectContaining({ path: ['quarter', 'quarter'] }),
    );
    expect(isZone('Asia/Shanghai')).toBe(true);
    expect(isZone('not a zone')).toBe(false);
  });
});
