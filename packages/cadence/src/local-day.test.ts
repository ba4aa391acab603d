import { dayNumber } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDayFunction } from './local-day.js';

/** The reference: the local date of `ms` in `zone` by Intl. */
function referenceDay(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return dayNumber(`${get('year')}-${get('month')}-${get('day')}`);
}

const at = (iso: string) => Date.parse(iso);

describe('localDayFunction (CA-1: plans count local days of the calendar zone)', () => {
  it('CA-1: America/New_York across the spring-forward and fall-back days of 2026', () => {
    const day = localDayFunction('America/New_York');
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00 UTC).
    expect(day(at('2026-03-08T04:59:59Z'))).toBe(dayNumber('2026-03-07'));
    expect(day(at('2026-03-08T05:00:00Z'))).toBe(dayNumber('2026-03-08'));
    expect(day(at('2026-03-09T03:59:59Z'))).toBe(dayNumber('2026-03-08'));
    expect(day(at('2026-03-09T04:00:00Z'))).toBe(dayNumber('2026-03-09'));
    // 2026-11-01 02:00 EDT → 01:00 EST (06:00 UTC).
    expect(day(at('2026-11-01T03:59:59Z'))).toBe(dayNumber('2026-10-31'));
    expect(day(at('2026-11-01T04:00:00Z'))).toBe(dayNumber('2026-11-01'));
    expect(day(at('2026-11-02T04:59:59Z'))).toBe(dayNumber('2026-11-01'));
    expect(day(at('2026-11-02T05:00:00Z'))).toBe(dayNumber('2026-11-02'));
  });

  it('CA-1: Europe/London on the change days of 2026', () => {
    const day = localDayFunction('Europe/London');
    expect(day(at('2026-03-28T23:59:59Z'))).toBe(dayNumber('2026-03-28'));
    expect(day(at('2026-03-29T22:59:59Z'))).toBe(dayNumber('2026-03-29'));
    expect(day(at('2026-03-29T23:00:00Z'))).toBe(dayNumber('2026-03-30'));
    expect(day(at('2026-10-24T22:59:59Z'))).toBe(dayNumber('2026-10-24'));
    expect(day(at('2026-10-24T23:00:00Z'))).toBe(dayNumber('2026-10-25'));
    expect(day(at('2026-10-25T23:59:59Z'))).toBe(dayNumber('2026-10-25'));
  });

  it('CA-1: Asia/Shanghai at UTC+8, and its DST of 1988', () => {
    const day = localDayFunction('Asia/Shanghai');
    expect(day(at('2026-09-30T15:59:59Z'))).toBe(dayNumber('2026-09-30'));
    expect(day(at('2026-09-30T16:00:00Z'))).toBe(dayNumber('2026-10-01'));
    // China observed DST 1986-1991 (UTC+9 in summer).
    expect(day(at('1988-07-01T15:00:00Z'))).toBe(dayNumber('1988-07-02'));
    expect(day(at('1988-07-01T14:59:59Z'))).toBe(dayNumber('1988-07-01'));
  });

  it('CA-1: agrees with Intl for any instant 1970..2100 in zones with DST and half-hour offsets', () => {
    const zones = ['America/New_York', 'Europe/London', 'Asia/Shanghai', 'America/St_Johns', 'Australia/Lord_Howe'];
    const fns = new Map(zones.map((z) => [z, localDayFunction(z)]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: at('2100-01-01T00:00:00Z') }), (zone, ms) => {
        expect(fns.get(zone)?.(ms)).toBe(referenceDay(zone, ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('CA-1: refuses an unknown zone and an invalid instant with KehuValidationError', () => {
    expect(() => localDayFunction('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    const day = localDayFunction('UTC');
    expect(() => day(Number.NaN)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
