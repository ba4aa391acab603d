import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isBusinessTime, workingDayDeadline } from './arithmetic.js';
import { chinaCalendar, chinaHolidayData } from './china.js';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('chinaCalendar: statutory holidays and make-up workdays (调休) from chinese-days', () => {
  const cal = chinaCalendar();

  it('records the years its data covers, from 2004', () => {
    const data = chinaHolidayData();
    expect(data.coverage.from).toBe('2004-01-01');
    expect(Number(data.coverage.to.slice(0, 4))).toBeGreaterThanOrEqual(2026);
    expect(data.workdays).toContain('2024-02-04'); // a Sunday worked before the Spring Festival
    expect(data.holidays).toContain('2024-02-12');
  });

  it('works the Sunday before the 2024 Spring Festival and rests through it', () => {
    expect(isBusinessTime(cal, at('2024-02-04T10:00:00+08:00'))).toBe(true);
    expect(isBusinessTime(cal, at('2024-02-13T10:00:00+08:00'))).toBe(false);
    // Friday 2024-02-09 17:00 (New Year's Eve is not a statutory holiday in 2024) + 2 h:
    // the festival runs 02-10 to 02-17 and Sunday 02-18 is a make-up workday.
    expect(isBusinessTime(cal, at('2024-02-09T10:00:00+08:00'))).toBe(true);
    expect(addBusinessTime(cal, at('2024-02-09T17:00:00+08:00'), 2 * H).at).toEqual(at('2024-02-18T10:00:00+08:00'));
    // "Reply within 24 business hours" (SL-2) received on the eve of National Day 2025:
    // 2 h on 09-30, closed 10-01 to 10-08, 8 h each on 10-09 and 10-10, and the last 6 h on
    // Saturday 10-11, a make-up workday.
    expect(addBusinessTime(cal, at('2025-09-30T16:00:00+08:00'), 24 * H).at).toEqual(at('2025-10-11T16:00:00+08:00'));
  });

  it("takes the host's own overrides on top and flags years past the data as provisional", () => {
    const own = chinaCalendar({ holidays: ['2025-06-16', '2025-10-11'], workdays: ['2025-06-21'] });
    expect(isBusinessTime(own, at('2025-06-16T10:00:00+08:00'))).toBe(false);
    expect(isBusinessTime(own, at('2025-06-21T10:00:00+08:00'))).toBe(true); // a Saturday the host works
    // Saturday 2025-10-11 is a make-up workday in the data; the host's holiday closes it.
    expect(isBusinessTime(cal, at('2025-10-11T10:00:00+08:00'))).toBe(true);
    expect(isBusinessTime(own, at('2025-10-11T10:00:00+08:00'))).toBe(false);
    const past = Number(chinaHolidayData().coverage.to.slice(0, 4)) + 1;
    const r = workingDayDeadline(cal, at(`${past}-03-02T10:00:00+08:00`), { days: 1, at: '18:00' });
    expect(r.provisional).toBe(true);
    expect(businessTimeBetween(cal, at('2025-03-03T00:00:00+08:00'), at('2025-03-04T00:00:00+08:00'))).toEqual({
      ms: 8 * H,
      provisional: false,
    });
  });
});
