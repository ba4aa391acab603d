import { KehuPolicyError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { bandLowerBound, DEFAULT_RISK_POLICY, parseRiskPolicy } from './risk-policy.js';

const policyError = (input: unknown): KehuPolicyError => {
  try {
    parseRiskPolicy(input);
  } catch (e) {
    if (e instanceof KehuPolicyError) return e;
    throw e;
  }
  throw new Error('expected a KehuPolicyError');
};

describe('churn risk policy (rules CH-2, CH-3, CH-5)', () => {
  it("documents Kehu's defaults: weights summing to 100, 90-day windows, bands 25/50/75, hysteresis 5", () => {
    const p = DEFAULT_RISK_POLICY;
    expect(Object.values(p.weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(p.windows).toEqual({ recentDays: 90, previousDays: 90 });
    expect(p.recency).toEqual({ fullRiskRatio: 3, curve: 'linear', fallbackGapDays: 90 });
    expect(p.bands).toEqual({ medium: 25, high: 50, critical: 75 });
    expect(p.hysteresis).toBe(5);
    expect(p.alertFrom).toBe('high');
    expect(bandLowerBound(p, 'low')).toBe(0);
    expect(bandLowerBound(p, 'high')).toBe(50);
  });

  it('CH-5: maps every factor to a suspected reason of the taxonomy', () => {
    expect(DEFAULT_RISK_POLICY.reasons).toEqual({
      recency: 'market.product-obsolete',
      frequencyDrop: 'market.product-obsolete',
      spendDrop: 'price.competitor-cheaper',
      satisfactionLevel: 'service.quality',
      satisfactionDrop: 'service.quality',
      openComplaints: 'service.after-sales',
      slaBreaches: 'service.slow-response',
      modelDropout: 'market.product-obsolete',
    });
    expect(policyError({ reasons: { spendDrop: 'price.cheap' } }).path).toEqual(['reasons', 'spendDrop']);
  });

  it('keeps what a host sets and fills the rest', () => {
    const p = parseRiskPolicy({ weights: { modelDropout: 0 }, bands: { critical: 90 }, version: 'shop-2' });
    expect(p.weights.modelDropout).toBe(0);
    expect(p.weights.recency).toBe(25);
    expect(p.bands).toEqual({ medium: 25, high: 50, critical: 90 });
    expect(parseRiskPolicy(p)).toEqual(p);
  });

  it('CH-2: refuses a policy that ignores frequency, spend or satisfaction', () => {
    expect(policyError({ weights: { spendDrop: 0 } }).path).toEqual(['weights', 'spendDrop']);
    expect(policyError({ weights: { frequencyDrop: 0, recency: 0 } }).path).toEqual(['weights', 'frequencyDrop']);
    expect(policyError({ weights: { satisfactionLevel: 0, satisfactionDrop: 0 } }).path).toEqual([
      'weights',
      'satisfactionLevel',
    ]);
    expect(parseRiskPolicy({ weights: { recency: 0 } }).weights.frequencyDrop).toBe(15);
  });

  it('refuses bands out of order, a hysteresis reaching below 0, unknown fields and bad numbers', () => {
    expect(policyError({ bands: { high: 20 } }).path).toEqual(['bands', 'high']);
    expect(policyError({ bands: { critical: 50 } }).path).toEqual(['bands', 'critical']);
    expect(policyError({ hysteresis: 25 }).path).toEqual(['hysteresis']);
    expect(policyError({ weight: {} }).path).toEqual(['weight']);
    expect(policyError({ weights: { recency: -1 } }).path).toEqual(['weights', 'recency']);
    expect(policyError({ recency: { fullRiskRatio: 1 } }).path).toEqual(['recency', 'fullRiskRatio']);
    expect(policyError({ windows: { recentDays: 0.5 } }).path).toEqual(['windows', 'recentDays']);
    expect(policyError({ alertFrom: 'low' }).code).toBe('POLICY_INVALID');
  });
});
