import { chinaCalendar } from '@kehu/calendar';
import { describe, expect, it } from 'vitest';
import { planRevisits } from './plan-revisits.js';
import type { PlanCustomer, PlanInput, PlanVisit } from './types.js';

const calendar = chinaCalendar();
const asOf = new Date('2026-09-28T01:00:00Z');
const window = { from: '2026-09-28', to: '2026-10-20', asOf, calendar };
const old = new Date('2024-01-01T00:00:00Z');
// A completed contact the day before the plan keeps the CA-1 cadence out of these small plans.
const recent = new Date('2026-09-27T02:00:00Z');

const customer = (id: string, extra: Partial<PlanCustomer> = {}): PlanCustomer => ({
  id,
  ownerId: 'o1',
  tier: 'silver',
  createdAt: old,
  ...extra,
});
const visit = (id: string, customerId: string, from: string, to = from): PlanVisit => ({
  id,
  customerId,
  from,
  to,
  purpose: 'emotional',
  channel: 'face-to-face',
});

function input(customers: PlanCustomer[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    customers,
    owners: [{ id: 'o1', dailyCapacity: 1 }],
    contacts: customers.map((c) => ({ customerId: c.id, at: recent })),
    ...extra,
  };
}

describe('planRevisits (CA-1, CA-8, CH-7: the object path)', () => {
  it('CA-1, CH-7: worked example: moved from 2026-10-01 past National Day and two full days to the 调休 10-10', () => {
    const plan = planRevisits(
      input([customer('v1'), customer('v2'), customer('x')], {
        visits: [visit('a', 'v1', '2026-10-08'), visit('b', 'v2', '2026-10-09')],
        winBacks: [{ customerId: 'x', exitId: 'e1', ownerId: 'o1', earliestDate: '2026-10-01' }],
      }),
      undefined,
      window,
    );
    const x = plan.tasks.find((t) => t.customerId === 'x');
    expect(x?.dueDate).toBe('2026-10-10');
    expect(x?.late).toBe(false);
    expect(x?.rules).toEqual(['CH-7', 'CH-4']);
    expect(x?.keys).toEqual(['x|win-back|e1']);
    expect(x?.kinds).toEqual(['win-back']);
    expect(x?.reasons[0]?.en).toMatch(/^CH-7: win back the lost customer \(exit e1\) from 2026-10-01/);
    expect(x?.reasons[0]?.zh).toMatch(/^CH-7：自 2026-10-01 起挽回流失客户/);
    expect([x?.purpose, x?.channel]).toEqual(['mediation', 'phone']);
    expect(x?.placement.preferredDate).toBe('2026-10-01');
    expect(x?.placement.explanation.en).toBe(
      'moved from 2026-10-01: National Day (10-01..10-07); capacity full on 2026-10-08..2026-10-09',
    );
    expect(x?.placement.explanation.zh).toBe(
      '由 2026-10-01 调整：国庆节（10-01..10-07）；2026-10-08..2026-10-09 已满额',
    );
    expect(plan.tasks.map((t) => [t.dueDate, t.customerId])).toEqual([
      ['2026-10-08', 'v1'],
      ['2026-10-09', 'v2'],
      ['2026-10-10', 'x'],
    ]);
    expect(plan.report.owners[0]?.days.find((d) => d.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      load: 1,
      capacity: 1,
      working: true,
      onLeave: false,
    });
    expect(plan.report.owners[0]?.days.find((d) => d.date === '2026-10-01')?.working).toBe(false);
  });

  it('CA-8: priority with its parts: kind points, important customer, overdue days', () => {
    const plan = planRevisits(
      input([customer('g', { tier: 'gold' })], { visits: [visit('a', 'g', '2026-09-29')] }),
      undefined,
      window,
    );
    const t = plan.tasks.find((x) => x.kinds.includes('visit'));
    expect(t?.priority.score).toBe(75);
    expect(t?.priority.parts.map((p) => p.points)).toEqual([65, 10]);
    expect(t?.priority.parts[1]?.label.en).toBe('important customer (CA-1)');
  });

  it('CA-8: leave with a cover reassigns (reassignedFrom) and says so; the report counts it', () => {
    const plan = planRevisits(
      {
        ...input([customer('c')], { visits: [visit('a', 'c', '2026-09-29', '2026-10-09')] }),
        owners: [
          { id: 'o1', dailyCapacity: 1, leave: [{ from: '2026-09-28', to: '2026-09-30', coverId: 'o2' }] },
          { id: 'o2', dailyCapacity: 1 },
        ],
      },
      { onLeave: 'reassign' },
      window,
    );
    const t = plan.tasks[0];
    expect(t?.ownerId).toBe('o2');
    expect(t?.dueDate).toBe('2026-09-29');
    expect(t?.placement.reassignedFrom).toBe('o1');
    expect(t?.placement.explanation.en).toBe(
      'reassigned from o1 (on leave on 2026-09-29) to o2; on the preferred day 2026-09-29',
    );
    expect(plan.report.reassigned).toBe(1);
    expect(plan.report.owners[0]?.days[1]).toMatchObject({ date: '2026-09-29', onLeave: true, capacity: 0 });
  });

  it('CA-8: defer moves the task past the leave instead', () => {
    const plan = planRevisits(
      {
        ...input([customer('c')], { visits: [visit('a', 'c', '2026-09-29', '2026-10-09')] }),
        owners: [
          { id: 'o1', dailyCapacity: 1, leave: [{ from: '2026-09-28', to: '2026-09-30', coverId: 'o2' }] },
          { id: 'o2', dailyCapacity: 1 },
        ],
      },
      { onLeave: 'defer' },
      window,
    );
    expect(plan.tasks[0]?.ownerId).toBe('o1');
    expect(plan.tasks[0]?.dueDate).toBe('2026-10-08');
    expect(plan.tasks[0]?.placement.explanation.en).toBe(
      'moved from 2026-09-29: on leave on 2026-09-29..2026-09-30; National Day (10-01..10-07)',
    );
  });

  it('CA-9: a skip action removes the component (skipped-by-user with the reason); a snooze moves it', () => {
    const keyA = 'a|visit|va';
    const keyB = 'b|visit|vb';
    const plan = planRevisits(
      input([customer('a'), customer('b')], {
        visits: [visit('va', 'a', '2026-09-29'), visit('vb', 'b', '2026-09-29')],
        actions: [
          { id: 's1', keys: [keyA], kind: 'skip', reason: 'customer asked for no calls', at: asOf },
          { id: 's2', keys: [keyB], kind: 'snooze', until: '2026-10-12', reason: 'travelling', at: asOf },
        ],
      }),
      undefined,
      window,
    );
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({ customerId: 'a', why: 'skipped-by-user', key: keyA }),
    );
    const b = plan.tasks.find((t) => t.customerId === 'b');
    expect(b?.keys).toEqual([keyB]);
    expect(b?.dueDate).toBe('2026-10-12');
    expect(b?.placement.snoozedUntil).toBe('2026-10-12');
    expect(b?.placement.explanation.en).toBe('snoozed until 2026-10-12; on the preferred day 2026-10-12');
  });

  it('CA-1: customers without an owner or with an unknown owner are skipped, not errors', () => {
    const plan = planRevisits(
      input([customer('n', { ownerId: undefined }), customer('u', { ownerId: 'ghost' })]),
      undefined,
      window,
    );
    expect(plan.skipped.map((s) => [s.customerId, s.why])).toEqual([
      ['n', 'no-owner'],
      ['u', 'unknown-owner'],
    ]);
    expect(plan.report.skippedByReason).toEqual({ 'no-owner': 1, 'unknown-owner': 1 });
  });

  it('CA-8: what cannot fit is late, never dropped; the report counts those past the plan', () => {
    const plan = planRevisits(
      input([customer('a'), customer('b'), customer('c')], {
        visits: [visit('1', 'a', '2026-10-20'), visit('2', 'b', '2026-10-20'), visit('3', 'c', '2026-10-20')],
      }),
      undefined,
      window,
    );
    expect(plan.tasks.map((t) => [t.customerId, t.dueDate, t.late])).toEqual([
      ['a', '2026-10-20', false],
      ['b', '2026-10-21', true],
      ['c', '2026-10-22', true],
    ]);
    expect(plan.tasks[1]?.placement.explanation.en).toBe(
      'late: no free day in 2026-10-20..2026-10-20; moved from 2026-10-20: capacity full on 2026-10-20',
    );
    expect(plan.report).toMatchObject({ tasks: 3, late: 2, pastPlan: 2 });
  });

  it('CA-1: task ids are stable hashes of the keys; refuses a bad window', () => {
    const a = planRevisits(input([customer('a')], { visits: [visit('1', 'a', '2026-10-09')] }), undefined, window);
    const b = planRevisits(input([customer('a')], { visits: [visit('1', 'a', '2026-10-09')] }), undefined, window);
    expect(a.tasks[0]?.id).toMatch(/^rv_[0-9a-f]{16}$/);
    expect(a.tasks[0]?.id).toBe(b.tasks[0]?.id);
    expect(() => planRevisits(input([]), undefined, { ...window, to: '2026-09-01' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['to'] }),
    );
    expect(() => planRevisits(input([]), undefined, { ...window, to: '2036-12-31' })).toThrow(
      expect.objectContaining({ path: ['to'] }),
    );
    expect(() => planRevisits(input([]), undefined, { ...window, asOf: undefined as unknown as Date })).toThrow(
      expect.objectContaining({ path: ['asOf'] }),
    );
  });

  it('CA-1: names asOf, from or to when it falls outside the calendar years 1900..2299', () => {
    const refused = (options: Partial<typeof window>, path: string[]) =>
      expect(() => planRevisits(input([]), undefined, { ...window, ...options })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', path }),
      );
    refused({ asOf: new Date('1850-01-01T00:00:00Z') }, ['asOf']);
    refused({ asOf: new Date('2400-01-01T00:00:00Z') }, ['asOf']);
    refused({ from: '1899-12-25', to: '1900-01-10', asOf: new Date('1899-12-25T00:00:00Z') }, ['from']);
    refused({ from: '1899-12-25', to: '1900-01-10', asOf: new Date('1900-01-02T00:00:00Z') }, ['from']);
    refused({ from: '2299-12-25', to: '2300-01-10', asOf: new Date('2299-12-25T00:00:00Z') }, ['to']);
    refused({ from: '1850-01-01', to: '1850-01-10', asOf: new Date('1850-01-01T00:00:00Z') }, ['from']);
    // The calendar's first and last years plan (placement looks some weeks past the plan's end for late tasks).
    for (const [from, to] of [
      ['1900-01-01', '1900-01-31'],
      ['2299-10-01', '2299-10-31'],
    ] as const) {
      const asOf = new Date(`${from}T00:00:00Z`);
      const visits = [visit('1', 'a', `${from.slice(0, 8)}10`)];
      const plan = planRevisits(input([customer('a', { createdAt: asOf })], { visits }), undefined, {
        ...window,
        from,
        to,
        asOf,
      });
      expect(plan.tasks.map((t) => t.dueDate.slice(0, 7))).toContain(from.slice(0, 7));
    }
  });
});

describe('the lead of a merged task', () => {
  it('CA-5, CA-7: the highest-priority component leads: its purpose, channel and reason head the task', () => {
    // A gold customer owed a monthly call (priority 40) whose lunar birthday (30) and the National Day greeting
    // (20) fall in the same days: one task, led by the cadence call.
    const plan = planRevisits(
      {
        customers: [customer('c1', { tier: 'gold', kind: 'person', birthday: '--08-20', birthdayCalendar: 'lunar' })],
        owners: [{ id: 'o1', dailyCapacity: 3 }],
        contacts: [{ customerId: 'c1', at: new Date('2026-09-05T02:00:00Z') }],
      },
      {},
      window,
    );
    const task = plan.tasks.find((t) => t.kinds.length === 3)!;
    expect(task.kinds).toEqual(['birthday', 'cadence', 'holiday']);
    expect(task.kinds[task.lead]).toBe('cadence');
    expect(task.purpose).toBe('emotional');
    expect(task.channel).toBe('phone');
    expect(task.reasons[task.lead]?.en).toMatch(/^CA-1: important customer, at least every 30 days/);
  });
});
