import { dayNumber, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanContext } from './context.js';
import { demandsFor, importanceOf } from './demands.js';
import { type CadencePolicy, DEFAULT_CADENCE_POLICY, parseCadencePolicy } from './policy.js';
import type { CustomerHistory, PlanCustomer, PlanRound } from './types.js';

const ROUND: PlanRound = { id: 'r1', from: '2026-06-01', to: '2026-06-30', purpose: 'suggestion', channel: 'phone' };

/** A plan context in Asia/Shanghai (UTC+8 all year). */
function context(policy: CadencePolicy = DEFAULT_CADENCE_POLICY, asOf = '2026-06-01T09:00:00+08:00'): PlanContext {
  const localDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / 86_400_000);
  const asOfMs = Date.parse(asOf);
  return {
    policy,
    zone: 'Asia/Shanghai',
    fromDay: dayNumber('2026-06-01'),
    toDay: dayNumber('2026-08-31'),
    todayDay: localDay(asOfMs),
    asOfMs,
    localDay,
    holidays: [],
    rounds: [ROUND],
  };
}

function history(customer: Partial<PlanCustomer>, extra: Partial<CustomerHistory> = {}): CustomerHistory {
  return {
    customer: { id: 'c1', ownerId: 'u1', createdAt: new Date('2024-01-01T00:00:00+08:00'), ...customer },
    contactTimes: [Date.parse('2026-05-20T10:00:00+08:00')],
    contactFollowUps: [],
    purchaseTimes: [Date.parse('2026-05-28T10:00:00+08:00')],
    callbacks: [],
    winBacks: [{ customerId: 'c1', exitId: 'x1', ownerId: 'u1', earliestDate: '2026-06-05' }],
    followUps: [],
    visits: [],
    ...extra,
  };
}

const kinds = (h: CustomerHistory, ctx = context()) => [...new Set(demandsFor(h, ctx).demands.map((d) => d.kind))];

describe('demands of one customer (rules CA-1, CA-2, CA-7, CA-8, CH-7)', () => {
  it('CA-1: tiers map to importance by policy; no tier takes the policy’s ungraded importance', () => {
    expect(importanceOf({ id: 'a', tier: 'diamond', createdAt: new Date() }, DEFAULT_CADENCE_POLICY)).toBe('important');
    expect(importanceOf({ id: 'a', tier: 'gold', createdAt: new Date() }, DEFAULT_CADENCE_POLICY)).toBe('important');
    expect(importanceOf({ id: 'a', tier: 'silver', createdAt: new Date() }, DEFAULT_CADENCE_POLICY)).toBe('general');
    expect(importanceOf({ id: 'a', createdAt: new Date() }, DEFAULT_CADENCE_POLICY)).toBe('general');
    const policy = parseCadencePolicy({
      ungraded: null,
      importance: { diamond: 'important', gold: 'important', silver: 'important', regular: 'general' },
    });
    expect(importanceOf({ id: 'a', createdAt: new Date() }, policy)).toBeNull();
    expect(importanceOf({ id: 'a', tier: 'silver', createdAt: new Date() }, policy)).toBe('important');
    const bad = () =>
      importanceOf({ id: 'a', tier: 'platinum' as never, createdAt: new Date() }, DEFAULT_CADENCE_POLICY);
    expect(bad).toThrow(KehuValidationError);
  });

  it('CA-1, CA-2, CA-8, CH-7: an active gold customer gets cadence, post-purchase, round and win-back demands', () => {
    const { demands, skipped } = demandsFor(history({ tier: 'gold' }), context());
    // CA-7: no birthday recorded, so no birthday greeting (listed by the reminders).
    expect(skipped.map((s) => s.why)).toEqual(['no-birthday']);
    expect(demands.map((d) => d.key)).toEqual([
      'c1|cadence|2026-06-19',
      'c1|cadence|2026-07-19',
      'c1|cadence|2026-08-18',
      'c1|post-purchase:1-week|2026-05-28',
      'c1|round|r1',
      'c1|win-back|x1',
    ]);
  });

  it('CA-2, CA-9: windows closed before the plan are counted by how they ended; open satisfied ones are listed', () => {
    // The 2025-06-01 series: 1-week (06-08..06-11) satisfied by the contact of 06-10 and 4-6 months
    // (2025-10-01..12-01) passed are history; 10-12 months (2026-03-31..06-01) is open and satisfied on 05-20.
    const h = history(
      { tier: 'gold' },
      {
        contactTimes: [Date.parse('2025-06-10T10:00:00+08:00'), Date.parse('2026-05-20T10:00:00+08:00')],
        purchaseTimes: [Date.parse('2025-06-01T10:00:00+08:00'), Date.parse('2026-05-28T10:00:00+08:00')],
      },
    );
    const { skipped, closed } = demandsFor(h, context());
    expect(closed).toEqual({ 'satisfied-by-contact': 1, 'window-passed': 1 });
    expect(skipped.map((s) => `${s.key} ${s.why}`)).toEqual([
      'c1|post-purchase:10-12-months|2025-06-01 satisfied-by-contact',
      'null no-birthday',
    ]);
  });

  it('CH-7: a lost customer gets no cadence, post-purchase or round demands, listed once; the win-back comes', () => {
    const { demands, skipped } = demandsFor(history({ tier: 'gold', status: 'lost' }), context());
    expect(demands.map((d) => d.kind)).toEqual(['win-back']);
    const whole = skipped.filter((s) => s.kind === null);
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ customerId: 'c1', kind: null, why: 'lost-customer', key: null });
  });

  it('CA-1: with ungraded null an ungraded customer is listed once as ungraded; event demands still come', () => {
    const ctx = context(parseCadencePolicy({ ungraded: null }));
    const { demands, skipped } = demandsFor(history({}), ctx);
    expect(demands.map((d) => d.kind)).toEqual(['win-back']);
    expect(skipped.map((s) => [s.why, s.kind])).toEqual([['ungraded', null]]);
    expect(kinds(history({ tier: 'silver' }), ctx)).toEqual(['cadence', 'post-purchase', 'round', 'win-back']);
  });

  it('CA-7: reminders come through the aggregator (a person customer’s birthday on 06-20)', () => {
    const h = history({ tier: 'silver', kind: 'person', birthday: '--06-20' });
    expect(kinds(h)).toContain('birthday');
  });

  it('CA-1: demands are deterministic, keys unique, due inside the window, the window from the plan start', () => {
    const ctx = context();
    fc.assert(
      fc.property(
        fc.constantFrom('diamond', 'gold', 'silver', 'regular', undefined),
        fc.array(fc.integer({ min: -800, max: 0 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: -800, max: 0 }), { maxLength: 6 }),
        fc.integer({ min: -900, max: 0 }),
        (tier, contactOffsets, purchaseOffsets, createdOffset) => {
          const day = 86_400_000;
          const asOf = ctx.asOfMs;
          const h = history(
            { ...(tier === undefined ? {} : { tier }), createdAt: new Date(asOf + createdOffset * day) },
            {
              contactTimes: contactOffsets.map((o) => asOf + o * day).sort((a, b) => a - b),
              purchaseTimes: purchaseOffsets.map((o) => asOf + o * day).sort((a, b) => a - b),
            },
          );
          const result = demandsFor(h, ctx);
          expect(demandsFor(h, ctx)).toEqual(result);
          const keys = [...result.demands.map((d) => d.key), ...result.skipped.flatMap((s) => s.key ?? [])];
          expect(new Set(keys).size).toBe(keys.length);
          for (const d of result.demands) {
            expect(d.earliest).toBeLessThanOrEqual(d.due);
            expect(d.due).toBeLessThanOrEqual(d.latest);
            expect(d.earliest).toBeGreaterThanOrEqual(ctx.fromDay);
            expect(d.earliest).toBeLessThanOrEqual(ctx.toDay);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
