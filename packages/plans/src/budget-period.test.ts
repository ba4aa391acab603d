import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import {
  budgetPeriodContains,
  budgetPeriodLastDate,
  budgetPeriodOf,
  compareBudgetPeriods,
  isBudgetPeriodClosed,
  isMonthInQuarter,
  parseBudgetPeriod,
} from './budget-period.js';
import { localDateAt } from './local-time.js';

describe('budget periods (MP-2)', () => {
  it('MP-2: parses months and quarters with their first and last local dates', () => {
    expect(parseBudgetPeriod('2024-02')).toMatchObject({
      granularity: 'month',
      year: 2024,
      index: 2,
      firstDate: '2024-02-01',
      lastDate: '2024-02-29',
    });
    expect(parseBudgetPeriod('2026-Q4')).toMatchObject({
      granularity: 'quarter',
      index: 4,
      firstDate: '2026-10-01',
      lastDate: '2026-12-31',
    });
    expect(budgetPeriodLastDate('2026-Q1')).toBe('2026-03-31');
    expect(budgetPeriodLastDate('2026-12')).toBe('2026-12-31');
  });

  it('MP-2: refuses malformed period keys with a typed error at the given path', () => {
    for (const bad of ['2026-13', '2026-Q5', '2026-1', '26-01', '0000-01', '2026-q1', '']) {
      const e = (() => {
        try {
          parseBudgetPeriod(bad, ['period']);
        } catch (error) {
          return error;
        }
      })();
      expect(e).toBeInstanceOf(KehuValidationError);
      expect((e as KehuValidationError).path).toEqual(['period']);
    }
  });

  it('MP-2: gives the month or quarter of a local date and whether a period holds it', () => {
    expect(budgetPeriodOf('2026-05-17', 'month')).toBe('2026-05');
    expect(budgetPeriodOf('2026-05-17', 'quarter')).toBe('2026-Q2');
    expect(budgetPeriodOf('2026-12-31', 'quarter')).toBe('2026-Q4');
    expect(budgetPeriodContains('2026-Q2', '2026-06-30')).toBe(true);
    expect(budgetPeriodContains('2026-Q2', '2026-07-01')).toBe(false);
    expect(() => budgetPeriodOf('2026-02-30', 'month')).toThrow(KehuValidationError);
  });

  it('MP-2: tells whether a month lies in a quarter', () => {
    expect(isMonthInQuarter('2026-03', '2026-Q1')).toBe(true);
    expect(isMonthInQuarter('2026-04', '2026-Q1')).toBe(false);
    expect(isMonthInQuarter('2025-03', '2026-Q1')).toBe(false);
    expect(() => isMonthInQuarter('2026-Q1', '2026-Q1')).toThrow(KehuValidationError);
  });

  it('MP-2: orders periods in time, a month before the quarter that starts with it', () => {
    const keys = ['2026-Q2', '2026-02', '2026-Q1', '2026-01', '2025-12', '2026-04'];
    expect([...keys].sort(compareBudgetPeriods)).toEqual([
      '2025-12',
      '2026-01',
      '2026-Q1',
      '2026-02',
      '2026-04',
      '2026-Q2',
    ]);
  });

  it('MP-2: a period is closed once the local date of asOf is past its last day (time zone aware)', () => {
    // 2026-03-31T16:30Z is already 2026-04-01 in Shanghai, still 2026-03-31 in UTC.
    const asOf = new Date('2026-03-31T16:30:00Z');
    expect(localDateAt(asOf, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(isBudgetPeriodClosed('2026-Q1', { asOf, timeZone: 'Asia/Shanghai' })).toBe(true);
    expect(isBudgetPeriodClosed('2026-Q1', { asOf })).toBe(false);
    expect(isBudgetPeriodClosed('2026-03', { asOf, timeZone: 'Asia/Shanghai' })).toBe(true);
    expect(isBudgetPeriodClosed('2026-04', { asOf, timeZone: 'Asia/Shanghai' })).toBe(false);
  });

  it('MP-2: refuses an unknown time zone and a missing asOf with typed errors', () => {
    expect(() => localDateAt(new Date(0), 'Mars/Olympus')).toThrow(KehuValidationError);
    expect(() => isBudgetPeriodClosed('2026-01', { asOf: new Date(Number.NaN) })).toThrow(KehuValidationError);
  });
});
