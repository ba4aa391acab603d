import { dayNumber, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { localDateAt, localDayAt, localDayStart, zoneFormatter } from './local-time.js';

describe('local time in a zone', () => {
  it('gives the local date of an instant, and the first instant of a local day across a DST gap', () => {
    const santiago = zoneFormatter('America/Santiago');
    // 2026-09-06: clocks go from 00:00 to 01:00, so the day starts at 01:00 -03 (04:00Z).
    expect(localDayStart(santiago, dayNumber('2026-09-06'))).toBe(Date.parse('2026-09-06T04:00:00Z'));
    expect(localDayStart(santiago, dayNumber('2026-09-05'))).toBe(Date.parse('2026-09-05T04:00:00Z'));
    expect(localDayAt(santiago, Date.parse('2026-09-06T03:59:59Z'))).toBe(dayNumber('2026-09-05'));
    expect(localDateAt(new Date('2026-03-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
  });

  it('names the bad field: the zone at its path, the instant at its own', () => {
    const zoneError = (() => {
      try {
        localDateAt(new Date(0), 'Mars/Olympus', ['event', 'at'], ['options', 'timeZone']);
      } catch (e) {
        return e;
      }
    })();
    expect(zoneError).toBeInstanceOf(KehuValidationError);
    expect((zoneError as KehuValidationError).path).toEqual(['options', 'timeZone']);
    expect(() => zoneFormatter(undefined)).toThrow(KehuValidationError);
    expect(() => localDateAt(new Date(Number.NaN), 'UTC')).toThrow(KehuValidationError);
    expect(() => localDateAt(new Date('-000001-06-01T00:00:00Z'), 'UTC')).toThrow(KehuValidationError);
  });
});
