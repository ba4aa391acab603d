import { type BusinessCalendar, chinaCalendar, dayInfo } from '@kehu/calendar';
import { DAY_MS, dateOfDay, dayNumber } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRevisits } from './plan-revisits.js';
import { testOwner, weekdayCalendar } from './test-support.js';
import type { PlanInput, PlanOwner, PlanTaskAction } from './types.js';

const china = chinaCalendar();
/** A custom calendar in Europe/London: weekdays, the August bank holiday closed, across the end of summer time. */
const london = weekdayCalendar('Europe/London', '09:00', '17:30', {
  holidays: ['2026-08-31', '2026-12-25'],
  names: { '2026-08-31': { en: 'Summer bank holiday', zh: '夏季银行假日' } },
});

const SCENARIOS: ReadonlyArray<{ calendar: BusinessCalendar; from: string }> = [
  { calendar: china, from: '2026-09-18' },
  { calendar: london, from: '2026-08-20' },
  { calendar: london, from: '2026-10-15' },
];
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', '客户', 'Z'];

/**
 * Plans with every kind of input the planner takes besides the basic ones: win-backs (one for another owner),
 * satisfaction and contact follow-ups, lunar and solar birthdays of persons and of organizations' key contacts.
 */
const arbPlan = fc
  .record({
    scenario: fc.integer({ min: 0, max: SCENARIOS.length - 1 }),
    days: fc.integer({ min: 7, max: 45 }),
    owners: fc.array(
      fc.record({
        capacity: fc.integer({ min: 1, max: 3 }),
        leave: fc.option(fc.record({ start: fc.nat(30), length: fc.nat(8) }), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    customers: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...IDS),
        owner: fc.nat(2),
        organization: fc.boolean(),
        birthday: fc.option(fc.constantFrom('--08-15', '--09-01', '--02-30', '1975-10-02'), { nil: undefined }),
        lunar: fc.boolean(),
        createdDaysAgo: fc.integer({ min: 0, max: 800 }),
        contacts: fc.array(fc.record({ ago: fc.nat(400), followUpIn: fc.option(fc.nat(10), { nil: undefined }) }), {
          maxLength: 3,
        }),
        purchases: fc.array(fc.nat(500), { maxLength: 3 }),
        winBack: fc.option(fc.record({ in: fc.integer({ min: -10, max: 20 }), other: fc.boolean() }), {
          nil: undefined,
        }),
        lowScore: fc.option(fc.record({ ago: fc.nat(20), dueIn: fc.nat(5) }), { nil: undefined }),
      }),
      { maxLength: 7, selector: (c) => c.id },
    ),
  })
  .map((g) => {
    const { calendar, from } = SCENARIOS[g.scenario] as (typeof SCENARIOS)[number];
    const fromDay = dayNumber(from);
    const asOf = new Date(fromDay * DAY_MS + 11 * 3_600_000);
    const ago = (days: number) => new Date(asOf.getTime() - days * DAY_MS);
    const owners: PlanOwner[] = g.owners.map((o, k) =>
      testOwner(k, o.capacity, fromDay, o.leave && { ...o.leave, cover: (k + 1) % g.owners.length }),
    );
    const ownerOf = (n: number) => `o${n % owners.length}`;
    // A lunar --02-30 exists; a solar one does not: a solar --02-30 becomes --02-28.
    const birthdayOf = (c: (typeof g.customers)[number]) =>
      c.birthday === undefined
        ? {}
        : {
            birthday: !c.lunar && c.birthday === '--02-30' ? '--02-28' : c.birthday,
            ...(c.lunar ? { birthdayCalendar: 'lunar' as const } : {}),
          };
    const input: PlanInput = {
      owners,
      customers: g.customers.map((c) => ({
        id: c.id,
        ownerId: ownerOf(c.owner),
        tier: 'gold' as const,
        createdAt: ago(c.createdDaysAgo),
        ...(c.organization
          ? { kind: 'organization' as const, contacts: [{ id: `${c.id}-k`, isKeyContact: true, ...birthdayOf(c) }] }
          : { kind: 'person' as const, ...birthdayOf(c) }),
      })),
      contacts: g.customers.flatMap((c) =>
        c.contacts.map((k, i) => ({
          id: `${c.id}-r${i}`,
          customerId: c.id,
          at: ago(k.ago),
          outcome: 'completed' as const,
          ...(k.followUpIn === undefined
            ? {}
            : { followUp: { action: 'send the price list', dueAt: ago(k.ago - k.followUpIn) } }),
        })),
      ),
      purchases: g.customers.flatMap((c) => c.purchases.map((d) => ({ customerId: c.id, at: ago(d) }))),
      winBacks: g.customers.flatMap((c) =>
        c.winBack === undefined
          ? []
          : [
              {
                customerId: c.id,
                exitId: `x-${c.id}`,
                ownerId: ownerOf(c.owner + (c.winBack.other ? 1 : 0)),
                earliestDate: dateOfDay(fromDay + c.winBack.in),
              },
            ],
      ),
      followUps: g.customers.flatMap((c) =>
        c.lowScore === undefined
          ? []
          : [
              {
                customerId: c.id,
                responseId: `s-${c.id}`,
                answeredAt: ago(c.lowScore.ago),
                dueAt: ago(c.lowScore.ago - c.lowScore.dueIn),
              },
            ],
      ),
    };
    return { input, owners, calendar, options: { from, to: dateOfDay(fromDay + g.days - 1), asOf, calendar } };
  });

const onLeave = (owner: PlanOwner | undefined, date: string) =>
  (owner?.leave ?? []).some((l) => l.from <= date && date <= l.to);

describe('plan invariants with win-backs, follow-ups, lunar birthdays, key contacts (CA-7, CA-9, CH-7, SA-5)', () => {
  it('CA-7, CH-7, SA-5: windows, capacity, working days and leave hold for every kind of task', () => {
    fc.assert(
      fc.property(arbPlan, ({ input, owners, calendar, options }) => {
        const plan = planRevisits(input, undefined, options);
        const load = new Map<string, number>();
        for (const t of plan.tasks) {
          if (!t.late) expect(t.earliestDate <= t.dueDate && t.dueDate <= t.latestDate).toBe(true);
          expect(dayInfo(calendar, t.dueDate).working).toBe(true);
          expect(
            onLeave(
              owners.find((o) => o.id === t.ownerId),
              t.dueDate,
            ),
          ).toBe(false);
          load.set(`${t.ownerId}|${t.dueDate}`, (load.get(`${t.ownerId}|${t.dueDate}`) ?? 0) + 1);
        }
        for (const [key, n] of load)
          expect(n).toBeLessThanOrEqual(owners.find((o) => o.id === key.split('|')[0])?.dailyCapacity ?? 0);
      }),
      { numRuns: 120 },
    );
  });

  it('CA-9: every component key is in exactly one task or one skipped entry', () => {
    fc.assert(
      fc.property(arbPlan, ({ input, options }) => {
        const plan = planRevisits(input, undefined, options);
        const keys = [
          ...plan.tasks.flatMap((t) => t.keys),
          ...plan.skipped.flatMap((s) => (s.key === null ? [] : [s.key])),
        ];
        expect(new Set(keys).size).toBe(keys.length);
        for (const t of plan.tasks) for (const k of t.keys) expect(k.startsWith(`${t.customerId}|`)).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('CA-6, CA-9: a skipped task stays out of the next plan; a snoozed one comes back on its date', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.integer({ min: 1, max: 10 }), ({ input, options }, pick, days) => {
        const first = planRevisits(input, undefined, options);
        fc.pre(first.tasks.length >= 2);
        const skip = first.tasks[pick % first.tasks.length]!;
        const snooze = first.tasks[(pick + 1) % first.tasks.length]!;
        const until = dateOfDay(dayNumber(snooze.dueDate) + days);
        const actions: PlanTaskAction[] = [
          { id: 'a1', keys: skip.keys, kind: 'skip', reason: '客户已转交他人', at: options.asOf },
          { id: 'a2', keys: snooze.keys, kind: 'snooze', until, reason: 'customer travelling', at: options.asOf },
        ];
        const second = planRevisits({ ...input, actions }, undefined, options);
        const planned = new Set(second.tasks.flatMap((t) => t.keys));
        for (const k of skip.keys) {
          expect(planned.has(k)).toBe(false);
          expect(second.skipped.some((s) => s.key === k && s.why === 'skipped-by-user')).toBe(true);
        }
        for (const t of second.tasks)
          if (t.keys.some((k) => snooze.keys.includes(k))) {
            expect(t.dueDate >= until).toBe(true);
            expect(t.placement.snoozedUntil).toBe(until);
          }
      }),
      { numRuns: 80 },
    );
  });
});
