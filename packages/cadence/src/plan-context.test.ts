import { chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { dayNumber } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createPlanContext } from './plan-context.js';
import { DEFAULT_CADENCE_POLICY } from './policy.js';

describe('createPlanContext (CA-1, CA-7: the plan context)', () => {
  it('CA-7: named holiday periods touching the window and the greeting lead, as day numbers', () => {
    const ctx = createPlanContext(DEFAULT_CADENCE_POLICY, {
      from: '2026-09-01',
      to: '2026-09-28',
      asOf: new Date('2026-09-01T00:00:00Z'),
      calendar: chinaCalendar(),
    });
    expect(ctx.holidays.map((h) => [h.from, h.to, h.name.en])).toEqual([
      [dayNumber('2026-09-25'), dayNumber('2026-09-27'), 'Mid-autumn Festival'],
      [dayNumber('2026-10-01'), dayNumber('2026-10-07'), 'National Day'],
    ]);
    expect(ctx.zone).toBe('Asia/Shanghai');
    expect([ctx.fromDay, ctx.toDay]).toEqual([dayNumber('2026-09-01'), dayNumber('2026-09-28')]);
    // asOf 00:00 UTC is 08:00 in Shanghai: the same local date.
    expect(ctx.todayDay).toBe(dayNumber('2026-09-01'));
  });

  it('CA-1: asOf and instants are read in the calendar zone (America/New_York)', () => {
    const calendar = createBusinessCalendar({ timeZone: 'America/New_York', week: { mon: [['09:00', '17:00']] } });
    const ctx = createPlanContext(DEFAULT_CADENCE_POLICY, {
      from: '2026-11-01',
      to: '2026-11-30',
      asOf: new Date('2026-11-01T03:30:00Z'),
      calendar,
    });
    expect(ctx.todayDay).toBe(dayNumber('2026-10-31'));
    expect(ctx.localDay(Date.parse('2026-11-01T05:30:00Z'))).toBe(dayNumber('2026-11-01'));
    expect(ctx.holidays).toEqual([]);
  });

  it('CA-1: refuses bad dates, to before from, over 3660 days, a missing asOf, bad rounds', () => {
    const calendar = chinaCalendar();
    const asOf = new Date('2026-09-01T00:00:00Z');
    const make = (o: object, rounds: never[] = []) =>
      createPlanContext(DEFAULT_CADENCE_POLICY, { from: '2026-09-01', to: '2026-09-30', asOf, calendar, ...o }, rounds);
    expect(() => make({ from: '2026-13-01' })).toThrow(expect.objectContaining({ path: ['from'] }));
    expect(() => make({ to: '2026-08-01' })).toThrow(expect.objectContaining({ path: ['to'] }));
    expect(() => make({ to: '2036-09-30' })).toThrow(expect.objectContaining({ path: ['to'] }));
    expect(() => make({ asOf: new Date(Number.NaN) })).toThrow(expect.objectContaining({ path: ['asOf'] }));
    expect(() => make({}, [{ id: 'r', from: '2026-09-02', to: '2026-09-01' }] as never[])).toThrow(
      expect.objectContaining({ path: ['rounds', 0, 'to'] }),
    );
  });
});
