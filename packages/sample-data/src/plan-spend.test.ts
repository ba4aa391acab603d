import {
  Decimal,
  parseBudgetActual,
  parseMaintenancePlan,
  parseOwner,
  parsePlanEvent,
  planContentSchema,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_ID, sampleMaintenancePlan } from './plan-spend.js';
import { createRandom } from './random.js';
import { generateSampleBusiness } from './sample-business.js';

const sample = generateSampleBusiness({ seed: 42, customers: 50 }).maintenancePlan;

describe('sample maintenance plan (MP-1, MP-2)', () => {
  it('MP-1: a valid plan for the diamond and gold customers with visits, an event, gifts and reviews', () => {
    const plan = parseMaintenancePlan(sample.plan);
    expect(plan.id).toBe(SAMPLE_PLAN_ID);
    expect(plan.group.tiers).toEqual(['diamond', 'gold']);
    expect(plan.period).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(new Set(plan.measures.map((m) => m.kind))).toEqual(
      new Set(['visit', 'event', 'gift', 'service-review', 'other']),
    );
    expect(plan.rules).toEqual(['GR-3', 'CA-1', 'CA-7']);
    expect(planContentSchema.safeParse(sample.plan).success).toBe(false); // the id is not content
  });

  it('MP-2: budget lines per quarter for development, maintenance and events, above 100,000 in all', () => {
    const plan = parseMaintenancePlan(sample.plan);
    const total = plan.budgetLines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
    expect(total.toFixed(2)).toBe('165000.00');
    expect(new Set(plan.budgetLines.map((l) => l.category))).toEqual(new Set(['development', 'maintenance', 'events']));
    expect(new Set(plan.budgetLines.map((l) => l.period))).toEqual(
      new Set(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']),
    );
    expect(plan.budgetLines.filter((l) => l.quantity !== undefined).length).toBeGreaterThan(5);
  });

  it('MP-2: actual spend within the plan up to as-of: over, under, a credit, and the event a quarter late', () => {
    const plan = parseMaintenancePlan(sample.plan);
    const lines = new Map(plan.budgetLines.map((l) => [l.id, l]));
    const actuals = sample.actuals.map((a) => parseBudgetActual(a));
    expect(new Set(actuals.map((a) => a.id)).size).toBe(actuals.length);
    for (const a of actuals) {
      expect(a.planId).toBe(SAMPLE_PLAN_ID);
      expect(a.spentOn >= plan.period.from && a.spentOn <= '2026-06-30').toBe(true);
      if (a.lineId !== undefined) expect(lines.get(a.lineId)?.category).toBe(a.category);
    }
    const byLine = new Map<string, Decimal>();
    for (const a of actuals)
      if (a.lineId !== undefined) byLine.set(a.lineId, (byLine.get(a.lineId) ?? new Decimal(0)).plus(a.amount));
    const over = [...byLine].filter(([id, v]) => v.gt(lines.get(id)!.amount)).length;
    const under = [...byLine].filter(([id, v]) => v.lt(lines.get(id)!.amount)).length;
    expect(over).toBeGreaterThan(2);
    expect(under).toBeGreaterThan(2);
    expect(actuals.some((a) => a.amount.isNegative())).toBe(true);
    const event = plan.budgetLines.find((l) => l.category === 'events')!;
    const late = actuals.filter((a) => a.category === 'events');
    expect(late.length).toBeGreaterThan(0);
    for (const a of late) expect(a.lineId).toBeUndefined();
    expect(late.every((a) => a.spentOn > '2025-12-31')).toBe(true);
    expect(event.period).toBe('2025-Q4');
  });

  it('MP-1: approvers with the finance director on leave and covered while the plan is signed', () => {
    const owners = sample.approvers.map((o) => parseOwner(o));
    const director = owners.find((o) => o.id === 'finance-director')!;
    const cover = sample.approval.find((s) => s.signerId === 'finance-director')!;
    expect(cover.actor).toBe(director.leave[0]!.coverId);
    const day = cover.at.slice(0, 10);
    expect(day >= director.leave[0]!.from && day <= director.leave[0]!.to).toBe(true);
    const times = sample.approval.map((s) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(sample.approval.map((s) => s.type)).toEqual([
      'drafted',
      'submitted',
      'signed',
      'signer-added',
      'signed',
      'signed',
      'signed',
      'signed',
      'activated',
    ]);
    for (const c of sample.causes) parsePlanEvent({ type: 'variance-explained', actor: 'am-01', ...c });
  });

  it('MP-2: nothing after the as-of date: a mid-quarter as-of has less spend and no causes for open quarters', () => {
    const mid = sampleMaintenancePlan(createRandom(1), '2026-05-15');
    for (const a of mid.actuals) expect(a.spentOn <= '2026-05-15').toBe(true);
    expect(mid.actuals.length).toBeLessThan(sample.actuals.length);
    for (const c of mid.causes) expect(c.at.slice(0, 10) <= '2026-05-15').toBe(true);
    expect(() => sampleMaintenancePlan(createRandom(1), '15/05/2026')).toThrow(
      expect.objectContaining({ path: ['asOf'] }),
    );
  });
});
