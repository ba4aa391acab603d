import chineseDays from 'chinese-days';
import { dateOfDay, dayNumber, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthdayOccurrences, lunarMonthDays, solarDayOfLunar } from './lunar.js';

const dates = (r: ReturnType<typeof birthdayOccurrences>) => r?.map((o) => dateOfDay(o.day));
const range = (from: string, to: string) => [dayNumber(from), dayNumber(to)] as const;

describe('birthdayOccurrences: solar birthdays (rules AR-3, CA-7)', () => {
  it('AR-3: a month and day fall on that date every year of the range', () => {
    expect(dates(birthdayOccurrences('--05-20', 'solar', ...range('2025-01-01', '2026-12-31')))).toEqual([
      '2025-05-20',
      '2026-05-20',
    ]);
    expect(birthdayOccurrences('1980-05-20', 'solar', ...range('2026-05-21', '2026-12-31'))).toEqual([]);
  });

  it('AR-3: 02-29 falls on 02-28 in common years, with a note', () => {
    const r = birthdayOccurrences('--02-29', 'solar', ...range('2027-01-01', '2028-12-31'))!;
    expect(dates(r)).toEqual(['2027-02-28', '2028-02-29']);
    expect(r[0]!.note?.en).toContain('02-28');
    expect(r[0]!.note?.zh).toContain('平年');
    expect(r[1]!.note).toBeNull();
    expect(dates(birthdayOccurrences('2000-02-29', 'solar', ...range('2026-01-01', '2026-12-31')))).toEqual([
      '2026-02-28',
    ]);
  });

  it('AR-3: no birthday on or before the birth date', () => {
    expect(dates(birthdayOccurrences('2025-06-01', 'solar', ...range('2025-01-01', '2026-12-31')))).toEqual([
      '2026-06-01',
    ]);
  });
});

describe('birthdayOccurrences: Chinese lunar birthdays from chinese-days (rules AR-3, CA-7)', () => {
  it('AR-3: lunar 08-15 is Mid-Autumn: 2025-10-06 and 2026-09-25', () => {
    expect(dates(birthdayOccurrences('--08-15', 'lunar', ...range('2025-01-01', '2026-12-31')))).toEqual([
      '2025-10-06',
      '2026-09-25',
    ]);
    // The birth year is ignored: the month and day are lunar.
    expect(dates(birthdayOccurrences('1975-08-15', 'lunar', ...range('2026-01-01', '2026-12-31')))).toEqual([
      '2026-09-25',
    ]);
  });

  it('AR-3: lunar 01-01 is the Spring Festival: 2026-02-17 and 2027-02-06', () => {
    expect(dates(birthdayOccurrences('--01-01', 'lunar', ...range('2026-01-01', '2027-12-31')))).toEqual([
      '2026-02-17',
      '2027-02-06',
    ]);
  });

  it('AR-3: a range across a lunar new year finds the birthday of both lunar years', () => {
    // Lunar 12-20: of lunar 2025 in January 2026, of lunar 2026 in January 2027.
    const r = dates(birthdayOccurrences('--12-20', 'lunar', ...range('2026-01-01', '2027-01-31')))!;
    expect(r).toHaveLength(2);
    expect(r.map((d) => chineseDays.getLunarDate(d))).toMatchObject([
      { lunarYear: 2025, lunarMon: 12, lunarDay: 20, isLeap: false },
      { lunarYear: 2026, lunarMon: 12, lunarDay: 20, isLeap: false },
    ]);
  });

  it('AR-3: day 30 of a 29-day lunar month falls on day 29, with a note', () => {
    expect(lunarMonthDays(2025, 2)).toBe(29);
    const r = birthdayOccurrences('--02-30', 'lunar', ...range('2025-01-01', '2025-12-31'))!;
    expect(r).toHaveLength(1);
    expect(chineseDays.getLunarDate(dateOfDay(r[0]!.day))).toMatchObject({ lunarMon: 2, lunarDay: 29 });
    expect(r[0]!.note?.en).toContain('day 30 falls on day 29');
  });

  it('AR-3: a leap month is never the birthday month (2025 has a leap sixth month)', () => {
    expect(chineseDays.getYearLeapMonth(2025).leapMonth).toBe(6);
    expect(dates(birthdayOccurrences('--06-10', 'lunar', ...range('2025-01-01', '2025-12-31')))).toEqual([
      '2025-07-04',
    ]);
  });

  it('AR-3: agrees with chinese-days getLunarDate for every regular lunar month and day (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        (y, m, d) => {
          const day = solarDayOfLunar(y, m, d)!;
          expect(chineseDays.getLunarDate(dateOfDay(day))).toMatchObject({
            lunarYear: y,
            lunarMon: m,
            lunarDay: Math.min(d, lunarMonthDays(y, m)),
            isLeap: false,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('AR-3: outside the lunar years of the tables (1900..2099) there is no answer: null', () => {
    expect(birthdayOccurrences('--08-15', 'lunar', ...range('1899-01-01', '1900-12-31'))).toBeNull();
    expect(birthdayOccurrences('--08-15', 'lunar', ...range('2099-06-01', '2100-12-31'))).toBeNull();
    expect(dates(birthdayOccurrences('--08-15', 'lunar', ...range('2099-01-01', '2099-12-31')))).toHaveLength(1);
  });

  it('AR-3: refuses birthdays that are no date of their calendar with KehuValidationError', () => {
    const [a, b] = range('2026-01-01', '2026-12-31');
    for (const [birthday, calendar] of [
      ['--02-30', 'solar'],
      ['--13-01', 'lunar'],
      ['--01-31', 'lunar'],
      ['2026-5-1', 'solar'],
      ['--05-20', 'gregorian'],
    ] as const) {
      expect(() => birthdayOccurrences(birthday, calendar as 'solar', a, b)).toThrow(KehuValidationError);
    }
    expect(() => birthdayOccurrences('--05-20', 'solar', 1.5, b)).toThrow(KehuValidationError);
  });
});
