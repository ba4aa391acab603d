import { KehuError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  businessClock,
  businessTimeBetween,
  isBusinessTime,
  isProvisional,
  nextBusinessTime,
  workingDayDeadline,
} from './arithmetic.js';
import { createBusinessCalendar, type BusinessCalendar } from './calendar.js';
import { referenceCalendar } from './minute-reference.js';
import type { BusinessCalendarSpecInput } from './spec.js';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);
const office: BusinessCalendarSpecInput['week'] = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
    d,
    [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
  ]),
);

describe('business time (rules SL-2, SL-3)', () => {
  const shanghai = createBusinessCalendar({
    timeZone: 'Asia/Shanghai',
    week: office,
    holidays: ['2026-10-01', '2026-10-02'],
    workdays: ['2026-10-10'],
  });

  it('adds business hours across the lunch break, the night and the weekend', () => {
    // Friday 2026-09-25 17:00 Beijing + 2 h: 1 h on Friday, 1 h on Monday morning.
    expect(addBusinessTime(shanghai, at('2026-09-25T17:00:00+08:00'), 2 * H).at).toEqual(
      at('2026-09-28T10:00:00+08:00'),
    );
    // 11:30 + 1 h skips lunch.
    expect(addBusinessTime(shanghai, at('2026-09-28T11:30:00+08:00'), H).at).toEqual(at('2026-09-28T13:30:00+08:00'));
    // Ends land on the earliest instant: 3 h from 09:00 is 12:00 exactly, not 13:00.
    expect(addBusinessTime(shanghai, at('2026-09-28T09:00:00+08:00'), 3 * H).at).toEqual(
      at('2026-09-28T12:00:00+08:00'),
    );
    expect(addBusinessTime(shanghai, at('2026-09-28T20:00:00+08:00'), 0).at).toEqual(at('2026-09-28T20:00:00+08:00'));
  });

  it("closes holidays and opens make-up workdays (调休) with Monday's hours", () => {
    expect(isBusinessTime(shanghai, at('2026-10-01T10:00:00+08:00'))).toBe(false);
    expect(isBusinessTime(shanghai, at('2026-10-10T10:00:00+08:00'))).toBe(true); // a Saturday worked
    expect(isBusinessTime(shanghai, at('2026-10-10T12:30:00+08:00'))).toBe(false);
    expect(businessTimeBetween(shanghai, at('2026-09-30T00:00:00+08:00'), at('2026-10-12T00:00:00+08:00')).ms).toBe(
      7 * 8 * H,
    ); // Sep 30, Oct 5-9 and the Saturday Oct 10
  });

  it('counts real elapsed time across DST: 23 and 25 hour days in New York', () => {
    const ny = createBusinessCalendar({ timeZone: 'America/New_York', week: { sun: [['00:00', '24:00']] } });
    expect(businessTimeBetween(ny, at('2026-03-07T00:00:00-05:00'), at('2026-03-09T12:00:00-04:00')).ms).toBe(23 * H);
    expect(businessTimeBetween(ny, at('2026-10-31T00:00:00-04:00'), at('2026-11-02T12:00:00-05:00')).ms).toBe(25 * H);
    // 02:30 does not exist on 2026-03-08: the next working day's wall time moves past the gap.
    const gap = createBusinessCalendar({
      timeZone: 'America/New_York',
      week: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]])),
    });
    expect(addBusinessDays(gap, at('2026-03-07T02:30:00-05:00'), 1).at).toEqual(at('2026-03-08T03:00:00-04:00'));
  });

  it('finds the next open instant, working-day deadlines and business days', () => {
    expect(nextBusinessTime(shanghai, at('2026-09-26T08:00:00+08:00')).at).toEqual(at('2026-09-28T09:00:00+08:00'));
    expect(nextBusinessTime(shanghai, at('2026-09-28T09:30:00+08:00')).at).toEqual(at('2026-09-28T09:30:00+08:00'));
    // "By 18:00 on the next working day" from the eve of the National Day holidays.
    expect(workingDayDeadline(shanghai, at('2026-09-30T20:00:00+08:00'), { days: 1, at: '18:00' }).at).toEqual(
      at('2026-10-05T18:00:00+08:00'),
    );
    expect(workingDayDeadline(shanghai, at('2026-10-01T09:00:00+08:00'), { days: 0, at: '12:00' }).at).toEqual(
      at('2026-10-05T12:00:00+08:00'),
    );
    expect(addBusinessDays(shanghai, at('2026-10-09T15:00:00+08:00'), 1).at).toEqual(at('2026-10-10T15:00:00+08:00'));
  });

  it('refuses bad input with typed errors; a calendar that never opens cannot add time', () => {
    expect(() => addBusinessTime(shanghai, at('2026-01-01'), -1)).toThrow(expect.objectContaining({ path: ['ms'] }));
    expect(() => addBusinessTime(shanghai, at('2026-01-01'), 0.5)).toThrow(KehuValidationError);
    expect(() => addBusinessTime(shanghai, new Date(Number.NaN), 1)).toThrow(
      expect.objectContaining({ path: ['start'] }),
    );
    expect(() => businessTimeBetween({ spec: shanghai.spec }, at('2026-01-01'), at('2026-01-02'))).toThrow(
      expect.objectContaining({ path: ['calendar'] }),
    );
    expect(() => workingDayDeadline(shanghai, at('2026-01-01'), { days: 1, at: '7pm' })).toThrow(
      expect.objectContaining({ path: ['at'] }),
    );
    const closed = createBusinessCalendar({ timeZone: 'UTC', week: {} });
    expect(() => addBusinessTime(closed, at('2026-01-01'), 1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NEVER_OPENS' }),
    );
    expect(() => nextBusinessTime(closed, at('2026-01-01'))).toThrow(KehuError);
    expect(businessTimeBetween(closed, at('2026-01-01'), at('2027-01-01')).ms).toBe(0);
    expect(businessTimeBetween(shanghai, at('2026-01-02'), at('2026-01-01')).ms).toBe(0);
  });

  it('flags results past the coverage as provisional', () => {
    const covered = createBusinessCalendar({
      timeZone: 'Asia/Shanghai',
      week: office,
      coverage: { from: '2004-01-01', to: '2026-12-31' },
    });
    expect(addBusinessTime(covered, at('2026-12-31T17:00:00+08:00'), 2 * H)).toMatchObject({ provisional: true });
    expect(addBusinessTime(covered, at('2026-12-30T09:00:00+08:00'), 2 * H)).toMatchObject({ provisional: false });
    expect(isProvisional(covered, at('2027-03-01T00:00:00Z'))).toBe(true);
    expect(businessTimeBetween(shanghai, at('2030-01-01'), at('2030-02-01')).provisional).toBe(false);
  });
});

// Calendars with DST, make-up workdays, overnight shifts and split days, each checked
// against the minute-by-minute reference around its zone's changes.
const calendars: Array<[string, BusinessCalendarSpecInput, string]> = [
  [
    'New York office, DST',
    { timeZone: 'America/New_York', week: office, holidays: ['2026-03-09'], workdays: ['2026-03-07'] },
    '2026-03-01T00:00:00Z',
  ],
  [
    'New York round the clock on Sundays, fall back',
    {
      timeZone: 'America/New_York',
      week: {
        sun: [['00:00', '24:00']],
        mon: [
          ['01:00', '01:30'],
          ['01:45', '02:15'],
        ],
      },
    },
    '2026-10-27T00:00:00Z',
  ],
  [
    'London night shift across midnight, split days',
    {
      timeZone: 'Europe/London',
      week: {
        fri: [['22:00', '24:00']],
        sat: [
          ['00:00', '06:00'],
          ['09:00', '10:30'],
          ['11:00', '12:00'],
        ],
        sun: [['00:30', '03:00']],
      },
      workdays: [{ date: '2026-03-30', hours: [['00:00', '02:00']] }],
    },
    '2026-03-22T00:00:00Z',
  ],
  [
    'Shanghai with 调休',
    {
      timeZone: 'Asia/Shanghai',
      week: office,
      holidays: ['2026-02-16', '2026-02-17', '2026-02-18'],
      workdays: ['2026-02-14', '2026-02-28'],
    },
    '2026-02-08T00:00:00Z',
  ],
];

describe.each(calendars)('%s: against the minute-by-minute reference (properties)', (_, spec, from) => {
  const cal: BusinessCalendar = createBusinessCalendar(spec);
  const ref = referenceCalendar(cal.spec);
  const t0 = at(from).getTime();
  const instantArb = fc
    .integer({ min: 0, max: 21 * 24 * 60 })
    .chain((m) => fc.integer({ min: 0, max: 59_999 }).map((ms) => t0 + m * 60_000 + (m % 3 === 0 ? ms : 0)));
  const durationArb = fc
    .integer({ min: 0, max: 3 * 24 * 60 })
    .chain((m) => fc.integer({ min: 0, max: 59_999 }).map((ms) => m * 60_000 + (m % 2 === 0 ? ms : 0)));

  it('businessTimeBetween equals the reference count and isBusinessTime the reference rule', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 4 * 24 * 60 * 60_000 }), (a, span) => {
        expect(businessTimeBetween(cal, new Date(a), new Date(a + span)).ms).toBe(ref.openBetween(a, a + span));
        expect(isBusinessTime(cal, new Date(a))).toBe(ref.isOpen(a));
      }),
      { numRuns: 150 },
    );
  });

  it('businessTimeBetween(a, addBusinessTime(a, d)) = d, at the earliest such instant, monotone in d', () => {
    fc.assert(
      fc.property(instantArb, durationArb, durationArb, (a, d1, d2) => {
        const start = new Date(a);
        const r1 = addBusinessTime(cal, start, d1).at.getTime();
        expect(r1).toBeGreaterThanOrEqual(a);
        expect(businessTimeBetween(cal, start, new Date(r1)).ms).toBe(d1);
        if (d1 > 0) expect(businessTimeBetween(cal, start, new Date(r1 - 1)).ms).toBeLessThan(d1);
        const r2 = addBusinessTime(cal, start, d2).at.getTime();
        if (d1 <= d2) expect(r1).toBeLessThanOrEqual(r2);
        expect(businessTimeBetween(cal, start, new Date(Math.max(r1, r2))).ms).toBe(Math.max(d1, d2));
      }),
      { numRuns: 200 },
    );
  });

  it('nextBusinessTime is the first open instant at or after t', () => {
    fc.assert(
      fc.property(instantArb, (a) => {
        const next = nextBusinessTime(cal, new Date(a)).at.getTime();
        expect(ref.isOpen(next)).toBe(true);
        expect(ref.openBetween(a, next)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe('businessClock: the same arithmetic on epoch milliseconds (property)', () => {
  const cal = createBusinessCalendar({
    timeZone: 'Europe/London',
    week: office,
    holidays: ['2026-03-30'],
    coverage: { from: '2026-01-01', to: '2026-03-31' },
  });
  const clock = businessClock(cal);
  it('agrees with businessTimeBetween and addBusinessTime', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: 0, max: 5 * 24 * 60 }), (m, d) => {
        const a = Date.parse('2026-03-10T00:00:00Z') + m * 60_000;
        const ms = d * 60_000;
        expect(clock.between(a, a + ms)).toBe(businessTimeBetween(cal, new Date(a), new Date(a + ms)).ms);
        const added = addBusinessTime(cal, new Date(a), ms);
        expect(clock.add(a, ms)).toBe(added.at.getTime());
        expect(clock.provisional(a, added.at.getTime())).toBe(added.provisional);
      }),
      { numRuns: 200 },
    );
    expect(() => clock.add(0, -1)).toThrow(expect.objectContaining({ path: ['ms'] }));
  });
});

describe('businessClock positions', () => {
  it('keep their values while the calendar extends its timeline, forwards and backwards (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -30 * 366, max: 30 * 366 }), { minLength: 2, maxLength: 6 }), (days) => {
        // A fresh calendar per run, asked about years in random order.
        const cal = createBusinessCalendar({
          timeZone: 'America/New_York',
          week: office,
          holidays: ['2026-07-03'],
          workdays: ['2026-07-11'],
        });
        const clock = businessClock(cal);
        const instants = days.map((d) => Date.parse('2026-07-01T12:34:00Z') + d * 86_400_000);
        const first = instants.map((t) => clock.position(t));
        expect(instants.map((t) => clock.position(t))).toEqual(first);
        for (let i = 1; i < instants.length; i++) {
          const [a, b] = [instants[i - 1]!, instants[i]!];
          // `+ 0` turns the -0 of a negated empty span into 0, which is what a difference of equal positions gives.
          const span = a <= b ? clock.between(a, b) : -clock.between(b, a) + 0;
          expect(clock.position(b) - clock.position(a)).toBe(span);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('invert to the earliest instant: instantAt(position(a) + ms) = add(a, ms) for ms > 0 (property)', () => {
    const cal = createBusinessCalendar({ timeZone: 'Europe/London', week: office, workdays: ['2026-03-28'] });
    const clock = businessClock(cal);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 24 * 60 }), fc.integer({ min: 1, max: 30 * 24 * 60 }), (m, d) => {
        const a = Date.parse('2026-03-01T00:00:00Z') + m * 60_000;
        expect(clock.instantAt(clock.position(a) + d * 60_000)).toBe(clock.add(a, d * 60_000));
      }),
      { numRuns: 200 },
    );
    expect(() => clock.instantAt(Number.NaN)).toThrow(expect.objectContaining({ path: ['position'] }));
  });
});
