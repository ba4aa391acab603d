import { KehuPolicyError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { behaviourLabels, lifecycleStage } from './lifecycle.js';

const asOf = new Date(Date.UTC(2026, 5, 30));
const ago = (days: number) => new Date(asOf.getTime() - days * 86_400_000);

describe('lifecycle stages (rule AR-7) and behaviour labels (rule GR-8)', () => {
  it('classifies potential, new, mature, dormant and lost by policy thresholds, explaining why', () => {
    expect(lifecycleStage(null, { asOf }).stage).toBe('potential');
    expect(lifecycleStage({ firstPurchaseAt: ago(30), lastPurchaseAt: ago(2) }, { asOf })).toMatchObject({
      stage: 'new',
      tenureDays: 30,
      daysSinceLastPurchase: 2,
    });
    expect(lifecycleStage({ firstPurchaseAt: ago(700), lastPurchaseAt: ago(20) }, { asOf }).stage).toBe('mature');
    expect(lifecycleStage({ firstPurchaseAt: ago(700), lastPurchaseAt: ago(200) }, { asOf }).reason).toMatch(
      /dormantAfterDays 180/,
    );
    expect(lifecycleStage({ firstPurchaseAt: ago(900), lastPurchaseAt: ago(400) }, { asOf }).stage).toBe('lost');
    expect(
      lifecycleStage({ firstPurchaseAt: ago(900), lastPurchaseAt: ago(400) }, { asOf, lostAfterDays: 500 }).stage,
    ).toBe('dormant');
    expect(() => lifecycleStage(null, { asOf, lostAfterDays: 10 })).toThrow(KehuPolicyError);
  });
  it('labels VIP, active and sleeping customers', () => {
    expect(behaviourLabels({ recencyDays: 5, f: 5, m: 5 })).toEqual(['vip', 'active']);
    expect(behaviourLabels({ recencyDays: 400, f: 1, m: 2 })).toEqual(['sleeping']);
    expect(behaviourLabels({ recencyDays: 120, f: 3, m: 3 })).toEqual([]);
  });
});
