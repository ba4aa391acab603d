import { chinaCalendar, holidayPeriods } from '@kehu/calendar';
import { dateOfDay, dayNumber, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanContext } from './context.js';
import { type CadencePolicyInput, parseCadencePolicy } from './policy.js';
import { reminderDemands } from './reminders.js';
import { newSink } from './sink.js';
import type { CustomerHistory, Demand, PlanCustomer } from './types.js';
import { instants, planHistory, shanghaiContext, testCustomer } from './test-support.js';

const china = chinaCalendar();

/** A plan context in Asia/Shanghai with the China calendar's named holiday periods. */
function context(from: string, to: string, asOf: string, policy: CadencePolicyInput = {}): PlanContext {
  const p = parseCadencePolicy(policy);
  const holidays = holidayPeriods(china, { from, to: dateOfDay(dayNumber(to) + p.reminders.holiday.before) }).flatMap(
    (h) => (h.name === null ? [] : [{ from: dayNumber(h.from), to: dayNumber(h.to), name: h.name }]),
  );
  return shanghaiContext(from, to, `${asOf}T09:00:00+08:00`, { policy: p, holidays });
}

const history = (customer: Partial<PlanCustomer>, contacts: string[] = []): CustomerHistory =>
  planHistory(
    testCustomer({ ownerId: 'o1', createdAt: new Date('2020-01-01T00:00:00Z'), kind: 'person', ...customer }),
    { contactTimes: instants(contacts.map((d) => `${d}T10:00:00+08:00`)) },
  );

const dates = (d: Demand) => [dateOfDay(d.earliest), dateOfDay(d.due), dateOfDay(d.latest)];

describe('reminderDemands: birthdays (rules CA-7, AR-3)', () => {
  const september = context('2026-09-01', '2026-09-30', '2026-09-01');

  it('CA-7, AR-3: a lunar birthday on Mid-Autumn (08-15) is greeted on 2026-09-25, up to 3 days early', () => {
    const r = reminderDemands(history({ birthday: '1970-08-15', birthdayCalendar: 'lunar' }), september, 'general');
    expect(r.skipped).toEqual([]);
    expect(r.demands).toHaveLength(1);
    const d = r.demands[0]!;
    expect(d).toMatchObject({
      key: 'c1|birthday:self|2026-09-25',
      customerId: 'c1',
      kind: 'birthday',
      rules: ['CA-7', 'AR-3'],
      purpose: 'emotional',
      channel: 'sms',
      basePriority: 30,
      overdueDays: 0,
    });
    expect(dates(d)).toEqual(['2026-09-22', '2026-09-25', '2026-09-25']);
    expect(d.reason.en).toContain('lunar birthday (month 8, day 15) on 2026-09-25');
    expect(d.reason.zh).toContain('农历生日');
  });

  it('CA-7, AR-3: a solar 02-29 birthday is greeted on 02-28 in a common year, and the reason says so', () => {
    const r = reminderDemands(
      history({ birthday: '--02-29' }),
      context('2027-02-01', '2027-03-31', '2027-02-01'),
      null,
    );
    expect(r.demands.map((d) => d.key)).toEqual(['c1|birthday:self|2027-02-28']);
    expect(r.demands[0]!.reason.en).toContain('common year 2027');
  });

  it("CA-7, AR-3: an organization's key contacts get one demand each; other contacts none", () => {
    const org = history({
      kind: 'organization',
      contacts: [
        { id: 'k1', isKeyContact: true, birthday: '1980-09-10' },
        { id: 'k2', isKeyContact: true, birthday: '--08-15', birthdayCalendar: 'lunar' },
        { id: 'x3', isKeyContact: false, birthday: '--09-11' },
        { id: 'k4', isKeyContact: true },
      ],
    });
    const r = reminderDemands(org, september, 'important');
    const birthdays = r.demands.filter((d) => d.kind === 'birthday');
    expect(birthdays.map((d) => d.key)).toEqual(['c1|birthday:k1|2026-09-10', 'c1|birthday:k2|2026-09-25']);
    expect(birthdays[0]!.reason).toEqual({
      en: 'CA-7: birthday of key contact k1 on 2026-09-10',
      zh: 'CA-7：关键联系人 k1 的生日 2026-09-10',
    });
    expect(r.skipped).toEqual([]);
  });

  it('CA-7: a window touching the plan counts; a birthday right after the plan is greeted early inside it', () => {
    // 10-02 is after the plan, but its window opens on 09-29.
    const r = reminderDemands(history({ birthday: '--10-02' }), september, null);
    expect(r.demands.map(dates)).toEqual([['2026-09-29', '2026-10-02', '2026-10-02']]);
    expect(reminderDemands(history({ birthday: '--10-05' }), september, null).demands).toEqual([]);
  });

  it('CA-7: a contact inside the window satisfies the greeting (skipped while open, counted once closed)', () => {
    // asOf 09-24: the window 09-22..09-25 is still open at the plan's start, so the satisfied greeting is listed.
    const open = context('2026-09-01', '2026-09-30', '2026-09-24');
    const r = reminderDemands(history({ birthday: '--09-25' }, ['2026-09-24']), open, null);
    expect(r.demands).toEqual([]);
    expect(r.skipped).toMatchObject([{ why: 'satisfied-by-contact', key: 'c1|birthday:self|2026-09-25' }]);
    expect(r.closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 0 });
    // asOf 09-26: the window closed before the plan's start: history, counted and not listed.
    const closed = context('2026-09-01', '2026-09-30', '2026-09-26');
    const c = reminderDemands(history({ birthday: '--09-25' }, ['2026-09-24']), closed, null);
    expect(c.demands).toEqual([]);
    expect(c.skipped).toEqual([]);
    expect(c.closed).toEqual({ 'satisfied-by-contact': 1, 'window-passed': 0 });
  });

  it('CA-7, AR-3: skipped reasons: no birthday (person, organization with key contacts), lunar date not found', () => {
    expect(reminderDemands(history({}), september, null).skipped).toMatchObject([
      { customerId: 'c1', kind: 'birthday', why: 'no-birthday', key: null },
    ]);
    const org = history({ kind: 'organization', contacts: [{ id: 'k1', isKeyContact: true }] });
    const skipped = reminderDemands(org, september, null).skipped;
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ why: 'no-birthday' });
    expect(skipped[0]!.reason.en).toContain('key contact');
    // An organization without key contacts, or a policy without birthday greetings, lists nothing.
    expect(reminderDemands(history({ kind: 'organization' }), september, null).skipped).toEqual([]);
    const off = context('2026-09-01', '2026-09-30', '2026-09-01', {
      reminders: { ...defaults(), birthday: { enabled: false, before: 3 } },
    });
    expect(reminderDemands(history({}), off, null)).toEqual({
      demands: [],
      skipped: [],
      closed: { 'satisfied-by-contact': 0, 'window-passed': 0 },
    });
    // Lunar years past 2099 are outside the lunar tables.
    const far = context('2099-12-01', '2100-02-28', '2099-12-01');
    const lunar = reminderDemands(history({ birthday: '--01-01', birthdayCalendar: 'lunar' }), far, null);
    expect(lunar.demands).toEqual([]);
    expect(lunar.skipped).toMatchObject([{ why: 'lunar-date-not-found', kind: 'birthday' }]);
  });

  it('CA-7: the reminders go into the sink given, after what it already holds', () => {
    const sink = newSink();
    const ctx = context('2026-09-01', '2026-09-30', '2026-09-26');
    reminderDemands(history({ birthday: '--09-10' }), september, null, undefined, sink);
    const r = reminderDemands(history({ birthday: '--09-25' }, ['2026-09-24']), ctx, null, undefined, sink);
    expect(r).toBe(sink);
    expect(sink.demands.map((d) => d.key)).toEqual(['c1|birthday:self|2026-09-10']);
    expect(sink.closed).toEqual({ 'satisfied-by-contact': 1, 'window-passed': 0 });
  });

  it('AR-3: refuses a birthday that is no date of its calendar at its place in the input', () => {
    let error: unknown;
    try {
      reminderDemands(history({ birthday: '--02-30' }), september, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KehuValidationError);
    expect((error as KehuValidationError).path).toEqual(['customers', 'c1', 'birthday']);
  });

  it('CA-7, AR-3: every birthday demand lies in its window, on the birthday, with a stable key (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom<'solar' | 'lunar'>('solar', 'lunar'),
        fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2030-12-31') }),
        fc.integer({ min: 0, max: 400 }),
        (month, day, calendar, from, length) => {
          const birthday = `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const ctx = context(dateOfDay(from), dateOfDay(from + length), dateOfDay(from));
          const h = history({ birthday, birthdayCalendar: calendar });
          const r = reminderDemands(h, ctx, null);
          expect(reminderDemands(h, ctx, null)).toEqual(r);
          for (const d of r.demands) {
            expect(d.earliest).toBeLessThanOrEqual(d.due);
            expect(d.due).toBeLessThanOrEqual(d.latest);
            expect(d.latest).toBeGreaterThanOrEqual(ctx.fromDay);
            expect(d.earliest).toBeLessThanOrEqual(ctx.toDay);
            if (calendar === 'solar') expect(dateOfDay(d.latest).slice(5)).toBe(birthday.slice(2));
          }
          expect(new Set(r.demands.map((d) => d.key)).size).toBe(r.demands.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});

function defaults() {
  return parseCadencePolicy({}).reminders;
}

describe('reminderDemands: statutory holidays and the annual conference (rule CA-7)', () => {
  const autumn = context('2026-09-01', '2026-10-31', '2026-09-01');

  it('CA-7: important customers are greeted before Mid-Autumn and National Day 2026, general ones are not', () => {
    const r = reminderDemands(history({ birthday: '--01-01' }), autumn, 'important');
    const greetings = r.demands.filter((d) => d.kind === 'holiday');
    expect(greetings.map((d) => d.key)).toEqual(['c1|holiday|2026-09-25', 'c1|holiday|2026-10-01']);
    const national = greetings[1]!;
    // 5 days of lead, due the day before: the placer takes the last working day before the holiday.
    expect(dates(national)).toEqual(['2026-09-26', '2026-09-30', '2026-09-30']);
    expect(national).toMatchObject({ rules: ['CA-7'], purpose: 'emotional', channel: 'sms', basePriority: 20 });
    expect(national.reason).toEqual({
      en: 'CA-7: greetings before National Day (2026-10-01..2026-10-07)',
      zh: 'CA-7：国庆节（2026-10-01..2026-10-07）前问候',
    });
    expect(reminderDemands(history({ birthday: '--01-01' }), autumn, 'general').demands).toEqual([]);
  });

  it('CA-7: a holiday starting within the lead after the plan is greeted inside the plan; one under way is not', () => {
    const r = reminderDemands(
      history({ birthday: '--01-01' }),
      context('2026-09-01', '2026-09-27', '2026-09-01'),
      'important',
    );
    expect(r.demands.map((d) => d.key)).toEqual(['c1|holiday|2026-09-25', 'c1|holiday|2026-10-01']);
    const during = reminderDemands(
      history({ birthday: '--01-01' }),
      context('2026-10-02', '2026-10-20', '2026-10-02'),
      'important',
    );
    expect(during.demands).toEqual([]);
  });

  it('CA-7: the annual conference invitation goes to important customers in its window', () => {
    const policy = {
      reminders: { ...defaults(), conference: { date: '--12-10', inviteDaysBefore: 30, windowDays: 14 } },
    };
    const ctx = context('2026-11-01', '2026-11-30', '2026-11-01', policy);
    const r = reminderDemands(history({ birthday: '--01-01' }), ctx, 'important');
    expect(r.demands).toHaveLength(1);
    expect(r.demands[0]).toMatchObject({
      key: 'c1|conference|2026-12-10',
      kind: 'conference',
      rules: ['CA-7'],
      purpose: 'promotion',
      channel: 'face-to-face',
      basePriority: 35,
    });
    expect(dates(r.demands[0]!)).toEqual(['2026-11-10', '2026-11-10', '2026-11-24']);
    expect(r.demands[0]!.reason.zh).toContain('年度客户大会');
    expect(reminderDemands(history({ birthday: '--01-01' }), ctx, 'general').demands).toEqual([]);
    // A plan that does not touch the invitation window has none.
    const spring = context('2026-03-01', '2026-03-31', '2026-03-01', policy);
    // Only the greeting before Tomb-sweeping Day (2026-04-04) comes in March.
    const march = reminderDemands(history({ birthday: '--01-01' }), spring, 'important').demands;
    expect(march.map((d) => d.key)).toEqual(['c1|holiday|2026-04-04']);
  });
});
