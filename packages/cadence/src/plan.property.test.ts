import { type BusinessCalendar, chinaCalendar, dayInfo } from '@kehu/calendar';
import { compareCodePoints, DAY_MS, dateOfDay, dayNumber } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRevisits } from './plan-revisits.js';
import { testOwner, weekdayCalendar } from './test-support.js';
import type { PlanInput, PlanOwner, RevisitTask } from './types.js';

const china = chinaCalendar();
/** A custom calendar in a DST zone: weekdays, Thanksgiving closed, one Saturday worked (a make-up workday). */
const newYork = weekdayCalendar('America/New_York', '09:00', '17:00', {
  holidays: ['2026-11-26', '2026-11-27'],
  workdays: ['2026-11-07'],
  names: { '2026-11-26': { en: 'Thanksgiving', zh: '感恩节' } },
});

/** Plans around National Day and Spring Festival (China) and across the end of DST (New York). */
const SCENARIOS: ReadonlyArray<{ calendar: BusinessCalendar; from: string }> = [
  { calendar: china, from: '2026-09-20' },
  { calendar: china, from: '2026-02-05' },
  { calendar: newYork, from: '2026-10-25' },
];
const TIERS = ['diamond', 'gold', 'silver', 'regular'] as const;
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'Z', '客户', '😀'];

const arbPlan = fc
  .record({
    scenario: fc.integer({ min: 0, max: SCENARIOS.length - 1 }),
    days: fc.integer({ min: 7, max: 60 }),
    asOfOffset: fc.integer({ min: -3, max: 3 }),
    onLeave: fc.constantFrom('reassign' as const, 'defer' as const),
    owners: fc.array(
      fc.record({
        capacity: fc.integer({ min: 1, max: 3 }),
        leave: fc.option(
          fc.record({
            start: fc.integer({ min: 0, max: 40 }),
            length: fc.integer({ min: 0, max: 10 }),
            cover: fc.nat(3),
          }),
          { nil: undefined },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    customers: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...IDS),
        owner: fc.integer({ min: -1, max: 4 }),
        tier: fc.option(fc.constantFrom(...TIERS), { nil: undefined }),
        createdDaysAgo: fc.integer({ min: 0, max: 900 }),
        birthday: fc.option(fc.constantFrom('--10-03', '--02-18', '--11-01', '1980-09-29'), { nil: undefined }),
        contacts: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 4 }),
        purchases: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 4 }),
        visits: fc.array(
          fc.record({ start: fc.integer({ min: -5, max: 50 }), length: fc.integer({ min: 0, max: 6 }) }),
          {
            maxLength: 2,
          },
        ),
        callbacks: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 2 }),
      }),
      { maxLength: 9, selector: (c) => c.id },
    ),
  })
  .map((g) => {
    const { calendar, from } = SCENARIOS[g.scenario] as (typeof SCENARIOS)[number];
    const fromDay = dayNumber(from);
    const asOf = new Date((fromDay + g.asOfOffset) * DAY_MS + 14 * 3_600_000);
    const date = (d: number) => dateOfDay(fromDay + d);
    const owners: PlanOwner[] = g.owners.map((o, k) =>
      testOwner(k, o.capacity, fromDay, o.leave && { ...o.leave, cover: o.leave.cover % g.owners.length }),
    );
    const ago = (days: number) => new Date(asOf.getTime() - days * DAY_MS);
    const input: PlanInput = {
      owners,
      customers: g.customers.map((c) => ({
        id: c.id,
        ...(c.owner < 0 ? {} : { ownerId: `o${c.owner}` }),
        ...(c.tier === undefined ? {} : { tier: c.tier }),
        createdAt: ago(c.createdDaysAgo),
        kind: 'person' as const,
        ...(c.birthday === undefined ? {} : { birthday: c.birthday }),
      })),
      contacts: g.customers.flatMap((c) => c.contacts.map((d) => ({ customerId: c.id, at: ago(d) }))),
      purchases: g.customers.flatMap((c) => c.purchases.map((d) => ({ customerId: c.id, at: ago(d) }))),
      visits: g.customers.flatMap((c) =>
        c.visits.map((v, k) => ({
          id: `v${k}`,
          customerId: c.id,
          from: date(v.start),
          to: date(v.start + v.length),
          purpose: 'emotional' as const,
          channel: 'face-to-face' as const,
        })),
      ),
      callbacks: g.customers.flatMap((c) =>
        c.callbacks.map((d, k) => ({
          id: `cb${k}`,
          customerId: c.id,
          reason: 'written-complaint' as const,
          at: new Date(asOf.getTime() + (d - 10) * DAY_MS),
        })),
      ),
    };
    return { input, calendar, options: { from, to: date(g.days - 1), asOf, calendar }, onLeave: g.onLeave, owners };
  });

function onLeave(owner: PlanOwner | undefined, date: string): boolean {
  return (owner?.leave ?? []).some((l) => l.from <= date && date <= l.to);
}

const shuffled = <T>(xs: Iterable<T> | undefined, seed: number): T[] => {
  const out = [...(xs ?? [])];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

describe('plan invariants (CA-1, CA-2, CA-3, CA-7, CA-8: placement properties)', () => {
  it('CA-1, CA-8: no task outside its window unless late; never over capacity; due on working days off leave', () => {
    fc.assert(
      fc.property(arbPlan, ({ input, options, onLeave: mode, owners, calendar }) => {
        const plan = planRevisits(input, { onLeave: mode }, options);
        const load = new Map<string, number>();
        for (const t of plan.tasks) {
          if (!t.late) {
            expect(t.dueDate >= t.earliestDate).toBe(true);
            expect(t.dueDate <= t.latestDate).toBe(true);
          } else expect(t.dueDate > t.latestDate).toBe(true);
          expect(t.dueDate >= options.from).toBe(true);
          const key = `${t.ownerId}|${t.dueDate}`;
          load.set(key, (load.get(key) ?? 0) + 1);
          expect(dayInfo(calendar, t.dueDate).working).toBe(true);
          expect(
            onLeave(
              owners.find((o) => o.id === t.ownerId),
              t.dueDate,
            ),
          ).toBe(false);
        }
        for (const [key, n] of load) {
          const owner = owners.find((o) => o.id === key.split('|')[0]);
          expect(n).toBeLessThanOrEqual(owner?.dailyCapacity ?? 0);
        }
        expect(plan.report.tasks).toBe(plan.tasks.length);
        expect(plan.report.late).toBe(plan.tasks.filter((t) => t.late).length);
      }),
      { numRuns: 150 },
    );
  });

  it('CA-2, CA-3: merged tasks never overlap for one customer (same owner); every component once', () => {
    fc.assert(
      fc.property(arbPlan, ({ input, options }) => {
        const plan = planRevisits(input, undefined, options);
        const byCustomer = new Map<string, RevisitTask[]>();
        for (const t of plan.tasks) byCustomer.set(t.customerId, [...(byCustomer.get(t.customerId) ?? []), t]);
        for (const tasks of byCustomer.values()) {
          const sorted = [...tasks].sort((a, b) => (a.earliestDate < b.earliestDate ? -1 : 1));
          for (let i = 1; i < sorted.length; i++)
            expect((sorted[i - 1] as RevisitTask).latestDate < (sorted[i] as RevisitTask).earliestDate).toBe(true);
        }
        const keys = plan.tasks.flatMap((t) => t.keys);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(plan.tasks.length);
      }),
      { numRuns: 100 },
    );
  });

  it('CA-1, CA-7: deterministic: the same input twice, and shuffled input, give the same plan', () => {
    fc.assert(
      fc.property(arbPlan, fc.integer({ min: 1, max: 1000 }), ({ input, options }, seed) => {
        const a = planRevisits(input, undefined, options);
        const b = planRevisits(input, undefined, options);
        const c = planRevisits(
          {
            owners: input.owners,
            customers: shuffled(input.customers, seed),
            contacts: shuffled(input.contacts, seed + 1),
            purchases: shuffled(input.purchases, seed + 2),
            visits: shuffled(input.visits, seed + 3),
            callbacks: shuffled(input.callbacks, seed + 4),
          },
          undefined,
          options,
        );
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.stringify(c.tasks)).toBe(JSON.stringify(a.tasks));
        expect(JSON.stringify(c.skipped)).toBe(JSON.stringify(a.skipped));
      }),
      { numRuns: 80 },
    );
  });

  it('CA-4, CA-8: rows come by due date, owner id, priority descending, customer id, first key', () => {
    fc.assert(
      fc.property(arbPlan, ({ input, options }) => {
        const plan = planRevisits(input, undefined, options);
        for (let i = 1; i < plan.tasks.length; i++) {
          const p = plan.tasks[i - 1] as RevisitTask;
          const q = plan.tasks[i] as RevisitTask;
          const order =
            compareCodePoints(p.dueDate, q.dueDate) ||
            compareCodePoints(p.ownerId, q.ownerId) ||
            q.priority.score - p.priority.score ||
            compareCodePoints(p.customerId, q.customerId) ||
            compareCodePoints(p.keys[0] as string, q.keys[0] as string);
          expect(order).toBeLessThan(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
