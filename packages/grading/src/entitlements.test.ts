import { TIERS } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { TIER_ENTITLEMENTS } from './entitlements.js';

describe('tier entitlements (rules GR-3, CA-1)', () => {
  it('gives every tier its entitlements, better tiers never worse', () => {
    for (const t of TIERS) expect(TIER_ENTITLEMENTS[t].service.zh.length).toBeGreaterThan(0);
    expect(TIER_ENTITLEMENTS.diamond.dedicatedRepresentative).toBe(true);
    for (let i = 1; i < TIERS.length; i++) {
      const better = TIER_ENTITLEMENTS[TIERS[i - 1]!];
      const worse = TIER_ENTITLEMENTS[TIERS[i]!];
      expect(better.resourcePriority).toBeLessThan(worse.resourcePriority);
      expect(better.slaTargetFactor).toBeLessThanOrEqual(worse.slaTargetFactor);
      expect(better.revisitEveryDays).toBeLessThanOrEqual(worse.revisitEveryDays);
    }
    // CA-1: important customers at least monthly.
    expect(TIER_ENTITLEMENTS.gold.revisitEveryDays).toBeLessThanOrEqual(30);
  });
});
