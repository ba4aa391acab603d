import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './calendar.js';
import type { BusinessCalendarSpecInput } from './spec.js';

const base: BusinessCalendarSpecInput = { timeZone: 'Asia/Shanghai', week: { mon: [['09:00', '18:00']] } };

describe('business calendar specs (rule SL-2: the calendar behind "24 hours")', () => {
  it.each<[string, BusinessCalendarSpecInput, Array<string | number>]>([
    ['a bad time', { ...base, week: { mon: [['9:00', '18:00']] } }, ['week', 'mon', 0, 0]],
    ['an hour past 24', { ...base, week: { tue: [['09:00', '25:00']] } }, ['week', 'tue', 0, 1]],
    ['an end before its start', { ...base, week: { wed: [['18:00', '09:00']] } }, ['week', 'wed', 0, 1]],
    ['24:00 as a start', { ...base, week: { thu: [['24:00', '24:00']] } }, ['week', 'thu', 0, 0]],
    [
      'overlapping intervals',
      {
        ...base,
        week: {
          fri: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      },
      ['week', 'fri', 1, 0],
    ],
    ['an unknown zone', { ...base, timeZone: 'Mars/Olympus' }, ['timeZone']],
    ['an offset instead of a zone', { ...base, timeZone: '+08:00' }, ['timeZone']],
    ['a date that does not exist', { ...base, holidays: ['2026-02-30'] }, ['holidays', 0]],
    ['a leap day of a common year', { ...base, holidays: ['2024-02-29', '2026-02-29'] }, ['holidays', 1]],
    ['a thirteenth month', { ...base, holidays: ['2026-13-01'] }, ['holidays', 0]],
    ['a badly written workday', { ...base, workdays: [{ date: '2026/02/01', hours: [] }] }, ['workdays', 0, 'date']],
    ['an unknown weekday', { ...base, week: { monday: [['09:00', '18:00']] } as never }, ['week', 'monday']],
    [
      'a coverage ending before it starts',
      { ...base, coverage: { from: '2026-01-01', to: '2025-01-01' } },
      ['coverage', 'to'],
    ],
  ])('refuses %s with a KehuValidationError naming the field', (_, spec, path) => {
    try {
      createBusinessCalendar(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KehuValidationError);
      expect((e as KehuValidationError).path).toEqual(path);
    }
  });

  it('accepts 24:00 as an end, split days, make-up workdays as dates or with hours, and keeps the spec as JSON', () => {
    const cal = createBusinessCalendar({
      ...base,
      week: {
        mon: [
          ['00:00', '12:00'],
          ['13:00', '24:00'],
        ],
      },
      holidays: ['2026-10-01'],
      workdays: ['2026-10-10', { date: '2026-10-11', hours: [['10:00', '15:00']] }],
    });
    expect(JSON.parse(JSON.stringify(cal.spec))).toEqual(cal.spec);
    expect(cal.spec.workdays).toHaveLength(2);
  });
});
