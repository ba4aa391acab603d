import { dateOfDay, dayNumber, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './calendar.js';
import { chinaCalendar, chinaHolidayData } from './china.js';
import { dayInfo, holidayPeriods, workingDays } from './days.js';

const NATIONAL_DAY = { en: 'National Day', zh: '国庆节' };
const MID_AUTUMN = { en: 'Mid-autumn Festival', zh: '中秋' };
const SPRING_FESTIVAL = { en: 'Spring Festival', zh: '春节' };

describe('dayInfo: day kinds and names of the China calendar (rules CA-7, SL-2)', () => {
  const cal = chinaCalendar();

  it('CA-7: names National Day 2026, its weekend days and its make-up workday (调休)', () => {
    expect(dayInfo(cal, '2026-10-01')).toEqual({
      date: '2026-10-01',
      working: false,
      kind: 'holiday',
      name: NATIONAL_DAY,
      provisional: false,
    });
    // Saturday 10-03 and Sunday 10-04 lie inside the period: closed and named.
    expect(dayInfo(cal, '2026-10-03')).toMatchObject({ working: false, kind: 'holiday', name: NATIONAL_DAY });
    expect(dayInfo(cal, '2026-10-04')).toMatchObject({ working: false, kind: 'holiday', name: NATIONAL_DAY });
    // Thursday 10-08 is an ordinary workday; Saturday 10-10 is worked for National Day.
    expect(dayInfo(cal, '2026-10-08')).toMatchObject({ working: true, kind: 'workday', name: null });
    expect(dayInfo(cal, '2026-10-10')).toMatchObject({
      working: true,
      kind: 'makeup-workday',
      name: { en: 'Make-up workday for National Day', zh: '国庆节调休上班' },
    });
    expect(dayInfo(cal, '2026-10-11')).toMatchObject({ working: false, kind: 'weekend', name: null });
  });

  it('CA-7: names the Spring Festival 2026 and its make-up Saturday 02-14', () => {
    expect(dayInfo(cal, '2026-02-17')).toMatchObject({ working: false, kind: 'holiday', name: SPRING_FESTIVAL });
    expect(dayInfo(cal, '2026-02-14')).toMatchObject({
      working: true,
      kind: 'makeup-workday',
      name: { en: 'Make-up workday for Spring Festival', zh: '春节调休上班' },
    });
    expect(chinaHolidayData().names['2026-02-15']).toEqual(SPRING_FESTIVAL);
  });

  it('SL-2: flags dates past the data as provisional (the plain week applies there)', () => {
    const past = Number(chinaHolidayData().coverage.to.slice(0, 4)) + 1;
    expect(dayInfo(cal, `${past}-10-01`).provisional).toBe(true);
    expect(dayInfo(cal, '2026-10-01').provisional).toBe(false);
    expect(dayInfo(cal, '2003-10-01').provisional).toBe(true);
  });

  it("CA-7: the host's overrides drop the data's name of the days they change, and may name their own", () => {
    const own = chinaCalendar({
      holidays: ['2026-10-10', '2026-06-15'],
      workdays: ['2026-10-07'],
      names: { '2026-06-15': { en: 'Founders day', zh: '公司日' } },
    });
    expect(dayInfo(own, '2026-10-10')).toMatchObject({ working: false, kind: 'holiday', name: null });
    expect(dayInfo(own, '2026-10-07')).toMatchObject({ working: true, kind: 'makeup-workday', name: null });
    expect(dayInfo(own, '2026-06-15')).toMatchObject({ working: false, name: { en: 'Founders day', zh: '公司日' } });
    // A host holiday without a name gets none.
    expect(dayInfo(chinaCalendar({ holidays: ['2026-06-16'] }), '2026-06-16').name).toBeNull();
  });

  it('SL-2: refuses dates that are not real YYYY-MM-DD dates with KehuValidationError', () => {
    for (const bad of ['2026-02-30', '2026-2-01', '', '1899-12-31', 20261001 as unknown as string]) {
      expect(() => dayInfo(cal, bad)).toThrow(KehuValidationError);
    }
    expect(() => dayInfo({ spec: cal.spec }, '2026-10-01')).toThrow(KehuValidationError);
  });
});

describe('workingDays: one byte per local day (rule CA-1: due dates on working days)', () => {
  const cal = chinaCalendar();

  it('CA-1: marks the National Day week closed and the make-up Saturday open', () => {
    const from = dayNumber('2026-09-24');
    const days = workingDays(cal, from, dayNumber('2026-10-11'));
    const open = [...days].map((w, i) => (w === 1 ? dateOfDay(from + i).slice(5) : null)).filter((d) => d !== null);
    expect(open).toEqual(['09-24', '09-28', '09-29', '09-30', '10-08', '10-09', '10-10']);
  });

  it('CA-1: agrees with dayInfo on every day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('2003-06-01'), max: dayNumber('2030-01-01') }), fc.nat(60), (a, n) => {
        const days = workingDays(cal, a, a + n);
        expect(days.length).toBe(n + 1);
        for (let i = 0; i <= n; i++) expect(days[i] === 1).toBe(dayInfo(cal, dateOfDay(a + i)).working);
      }),
      { numRuns: 40 },
    );
  });

  it('CA-1: refuses ranges that are not whole day numbers in order', () => {
    expect(() => workingDays(cal, 10, 9)).toThrow(KehuValidationError);
    expect(() => workingDays(cal, 1.5, 9)).toThrow(KehuValidationError);
    expect(() => workingDays(cal, Number.NaN, 9)).toThrow(KehuValidationError);
    expect(() => workingDays(cal, dayNumber('1800-01-01'), 9)).toThrow(KehuValidationError);
  });
});

describe('holidayPeriods: runs of closed days around a holiday (rule CA-7)', () => {
  const cal = chinaCalendar();

  it('CA-7: Mid-Autumn and National Day 2026 are two periods, weekends included', () => {
    expect(holidayPeriods(cal, { from: '2026-09-01', to: '2026-10-31' })).toEqual([
      { from: '2026-09-25', to: '2026-09-27', name: MID_AUTUMN },
      { from: '2026-10-01', to: '2026-10-07', name: NATIONAL_DAY },
    ]);
  });

  it('CA-7: the Spring Festival 2026 runs 02-15..02-23 and a period crossing the range comes whole', () => {
    expect(holidayPeriods(cal, { from: '2026-02-20', to: '2026-02-20' })).toEqual([
      { from: '2026-02-15', to: '2026-02-23', name: SPRING_FESTIVAL },
    ]);
    // Plain weekends are no period.
    expect(holidayPeriods(cal, { from: '2026-03-01', to: '2026-03-31' })).toEqual([]);
  });

  it('CA-7: a named holiday in a DST zone takes the weekend next to it; unnamed holidays are named null', () => {
    const ny = createBusinessCalendar({
      timeZone: 'America/New_York',
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
      // Memorial Day (a Monday) and a company day off on the Friday after the DST change.
      holidays: ['2026-05-25', '2026-03-13'],
      names: { '2026-05-25': { en: 'Memorial Day', zh: '阵亡将士纪念日' } },
      coverage: { from: '2026-01-01', to: '2026-12-31' },
    });
    expect(dayInfo(ny, '2026-05-25')).toEqual({
      date: '2026-05-25',
      working: false,
      kind: 'holiday',
      name: { en: 'Memorial Day', zh: '阵亡将士纪念日' },
      provisional: false,
    });
    expect(dayInfo(ny, '2026-03-09')).toMatchObject({ working: true, kind: 'workday' }); // the Monday after DST
    expect(holidayPeriods(ny, { from: '2026-03-01', to: '2026-05-31' })).toEqual([
      { from: '2026-03-13', to: '2026-03-15', name: null },
      { from: '2026-05-23', to: '2026-05-25', name: { en: 'Memorial Day', zh: '阵亡将士纪念日' } },
    ]);
    expect(dayInfo(ny, '2027-05-31').provisional).toBe(true);
  });

  it('CA-7: refuses bad ranges with KehuValidationError', () => {
    expect(() => holidayPeriods(cal, { from: '2026-10-31', to: '2026-10-01' })).toThrow(KehuValidationError);
    expect(() => holidayPeriods(cal, { from: '2026-13-01', to: '2026-10-01' })).toThrow(KehuValidationError);
  });
});

describe('business calendar specs: names (rule CA-7)', () => {
  const base = { timeZone: 'Asia/Shanghai', week: { mon: [['09:00', '18:00']] as Array<[string, string]> } };

  it.each<[string, unknown, Array<string | number>]>([
    ['a bad date', { '2026-02-30': { en: 'x', zh: 'x' } }, ['names', '2026-02-30']],
    ['an empty name', { '2026-02-03': { en: ' ', zh: 'x' } }, ['names', '2026-02-03', 'en']],
    ['a missing language', { '2026-02-03': { en: 'x' } }, ['names', '2026-02-03', 'zh']],
    ['a long name', { '2026-02-03': { en: 'x'.repeat(201), zh: 'x' } }, ['names', '2026-02-03', 'en']],
  ])('CA-7: refuses %s at its path', (_, names, path) => {
    let error: unknown;
    try {
      createBusinessCalendar({ ...base, names } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KehuValidationError);
    expect((error as KehuValidationError).path).toEqual(path);
  });
});
