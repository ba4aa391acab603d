import { dateOfDay, dayNumber } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanContext } from './context.js';
import { roundDay, roundDemands } from './rounds.js';
import { type DemandSink, newSink } from './sink.js';
import type { CustomerHistory, PlanCustomer, PlanRound } from './types.js';
import { instants, planHistory, shanghaiContext, testCustomer } from './test-support.js';

const context = (from: string, to: string, asOf: string, rounds: readonly PlanRound[]) =>
  shanghaiContext(from, to, asOf, { rounds });

const history = (customer: Partial<PlanCustomer>, contacts: readonly string[] = []): CustomerHistory =>
  planHistory(testCustomer(customer), { contactTimes: instants(contacts) });

const AUTUMN: PlanRound = {
  id: 'autumn',
  from: '2026-09-01',
  to: '2026-09-30',
  purpose: 'suggestion',
  channel: 'phone',
  label: { en: 'autumn service round', zh: '秋季服务回访' },
};
const GOLD_ONLY: PlanRound = {
  id: 'vip',
  from: '2026-10-08',
  to: '2026-10-16',
  purpose: 'promotion',
  channel: 'email',
  tiers: ['gold', 'diamond'],
};

function run(h: CustomerHistory, ctx: PlanContext) {
  const sink: DemandSink = newSink();
  roundDemands(h, ctx, h.contactTimes.map(ctx.localDay), sink);
  return sink;
}

describe('rounds covering every customer (rule CA-8)', () => {
  const ctx = context('2026-09-01', '2026-12-31', '2026-09-01T09:00:00+08:00', [AUTUMN, GOLD_ONLY]);

  it('CA-8: the autumn round 09-01..09-30 reaches every customer; the VIP round only its tiers', () => {
    const silver = run(history({ id: 's1', tier: 'silver' }), ctx);
    expect(silver.demands.map((d) => d.key)).toEqual(['s1|round|autumn']);
    const gold = run(history({ id: 'g1', tier: 'gold' }), ctx);
    expect(gold.demands.map((d) => d.key)).toEqual(['g1|round|autumn', 'g1|round|vip']);
    expect(run(history({ id: 'n1' }), ctx).demands.map((d) => d.key)).toEqual(['n1|round|autumn']);
    const [autumn, vip] = gold.demands;
    expect(autumn).toMatchObject({ kind: 'round', rules: ['CA-8'], purpose: 'suggestion', channel: 'phone' });
    expect(dateOfDay(autumn?.earliest ?? 0)).toBe('2026-09-01');
    expect(dateOfDay(autumn?.latest ?? 0)).toBe('2026-09-30');
    expect(autumn?.due).toBe(roundDay('g1', dayNumber('2026-09-01'), dayNumber('2026-09-30')));
    expect(autumn?.reason).toEqual({
      en: 'CA-8: round autumn service round, 2026-09-01..2026-09-30',
      zh: 'CA-8：回访轮次 秋季服务回访，2026-09-01 至 2026-09-30',
    });
    expect(vip).toMatchObject({ purpose: 'promotion', channel: 'email' });
    expect(vip?.reason.en).toBe('CA-8: round vip, 2026-10-08..2026-10-16');
  });

  it('CA-8: a completed contact inside the round window (up to asOf) satisfies the round', () => {
    const later = context('2026-09-20', '2026-12-31', '2026-09-20T09:00:00+08:00', [AUTUMN]);
    const sink = run(history({ id: 's1', tier: 'silver' }, ['2026-09-10T10:00:00+08:00']), later);
    expect(sink.demands).toEqual([]);
    expect(sink.skipped.map((s) => `${s.key} ${s.why}`)).toEqual(['s1|round|autumn satisfied-by-contact']);
  });

  it('CA-8: round days are deterministic, inside the window, and spread over it', () => {
    const from = dayNumber('2026-09-01');
    const to = dayNumber('2026-09-30');
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 400 }), (id, length) => {
        const d = roundDay(id, from, from + length);
        expect(d).toBeGreaterThanOrEqual(from);
        expect(d).toBeLessThanOrEqual(from + length);
        expect(roundDay(id, from, from + length)).toBe(d);
      }),
    );
    const days = new Set(Array.from({ length: 300 }, (_, i) => roundDay(`c${i}`, from, to)));
    expect(days.size).toBeGreaterThan(20);
  });
});
