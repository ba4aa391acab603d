import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './timestamptz.js';

describe('parseTimestamptz', () => {
  it('reads years 1 to 99 as written (V8 reads them as 2001 to 2099)', () => {
    expect(parseTimestamptz('0001-01-01 00:00:00+00')).toEqual(new Date('0001-01-01T00:00:00.000Z'));
    expect(parseTimestamptz('0099-12-31 23:59:59.999+00')).toEqual(new Date('0099-12-31T23:59:59.999Z'));
  });

  it('applies hour, minute and second offsets and truncates microseconds to milliseconds', () => {
    expect(parseTimestamptz('2026-01-05 09:00:00.1239+08')).toEqual(new Date('2026-01-05T01:00:00.123Z'));
    expect(parseTimestamptz('2026-01-05 09:00:00-05:30')).toEqual(new Date('2026-01-05T14:30:00.000Z'));
    expect(parseTimestamptz('0001-01-01 08:05:43+08:05:43')).toEqual(new Date('0001-01-01T00:00:00.000Z'));
    expect(parseTimestamptz('0001-12-31 23:59:59+00 BC')).toEqual(new Date('0000-12-31T23:59:59.000Z'));
  });

  it('gives infinities as numbers and falls back for other text', () => {
    expect(parseTimestamptz('infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parseTimestamptz('-infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseTimestamptz('2026-01-05T01:00:00Z')).toEqual(new Date('2026-01-05T01:00:00.000Z'));
  });

  it('inverts the ISO form PostgreSQL prints in UTC for every instant of years 0001 to 9999', () => {
    const min = Date.parse('0001-01-01T00:00:00.000Z');
    const max = Date.parse('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.integer({ min, max }), (t) => {
        const text = new Date(t).toISOString().replace('T', ' ').replace('Z', '+00');
        expect((parseTimestamptz(text) as Date).getTime()).toBe(t);
      }),
      { seed: 1184 },
    );
  });
});
