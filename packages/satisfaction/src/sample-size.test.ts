import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  meanDetectableDifference,
  meanSampleSize,
  npsDetectableDifference,
  npsSampleSize,
  proportionDetectableDifference,
  proportionSampleSize,
} from './sample-size.js';

describe('proportionSampleSize (SA-1)', () => {
  it("matches R's power.prop.test(p1 = .5, p2 = .6, power = .8): n = 387.3385 (SA-1)", () => {
    const r = proportionSampleSize({ baseline: 50, difference: 10 });
    expect(r.exact).toBeCloseTo(387.33851669903584, 8);
    expect(r.nPerGroup).toBe(388);
    expect(r.alpha).toBe(0.05);
    expect(r.power).toBe(0.8);
    expect(proportionSampleSize({ baseline: 50, difference: 10 }, { power: 0.9 }).exact).toBeCloseTo(518.03717, 4);
    expect(proportionSampleSize({ baseline: 80, difference: 5 }).exact).toBeCloseTo(905.36578, 4);
  });

  it('is the same up or down around 50% and refuses impossible targets (SA-1)', () => {
    expect(proportionSampleSize({ baseline: 50, difference: -10 }).exact).toBeCloseTo(387.33851669903584, 8);
    expect(() => proportionSampleSize({ baseline: 95, difference: 10 })).toThrow(KehuValidationError);
    expect(() => proportionSampleSize({ baseline: 50, difference: 0 })).toThrow(KehuValidationError);
    expect(() => proportionSampleSize({ baseline: 50, difference: 5 }, { alpha: 0 })).toThrow(KehuValidationError);
  });

  it('inverts into the minimum detectable difference (SA-1)', () => {
    const up = proportionDetectableDifference({ baseline: 50, nPerGroup: 388 });
    expect(up.difference).toBeCloseTo(9.991582942947694, 6);
    const down = proportionDetectableDifference({ baseline: 50, nPerGroup: 388 }, { direction: 'down' });
    expect(down.difference).toBeCloseTo(-9.991582942947694, 6);
    expect(proportionDetectableDifference({ baseline: 99, nPerGroup: 2 }).difference).toBeNaN();
  });

  it('round-trips: n for the detectable difference of n is n (property, SA-1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 95 }), fc.integer({ min: 50, max: 5000 }), (baseline, n) => {
        const mdd = proportionDetectableDifference({ baseline, nPerGroup: n });
        fc.pre(Number.isFinite(mdd.difference));
        expect(proportionSampleSize({ baseline, difference: mdd.difference }).exact).toBeCloseTo(n, 3);
      }),
    );
  });
});

describe('meanSampleSize (SA-1)', () => {
  it("lands on R's power.t.test ceilings: delta = sd gives 17 (power .8) and 23 (power .9) (SA-1)", () => {
    // R: power.t.test(delta = 1, sd = 1, power = .8) n = 16.71476; power = .9: n = 22.02110.
    const r = meanSampleSize({ sd: 1, difference: 1 });
    expect(r.exact).toBeCloseTo(16.714759831161924, 1);
    expect(r.nPerGroup).toBe(17);
    const r90 = meanSampleSize({ sd: 1, difference: -1 }, { power: 0.9 });
    expect(r90.exact).toBeCloseTo(22.021095570096918, 1);
    expect(r90.nPerGroup).toBe(23);
  });

  it("inverts into the detectable difference, close to R's power.t.test(n = 20, power = .8) (SA-1)", () => {
    expect(meanDetectableDifference({ sd: 1, nPerGroup: 20 }).difference).toBeCloseTo(0.9091301276268384, 3);
    expect(meanDetectableDifference({ sd: 0.9, nPerGroup: 100 }).difference).toBeCloseTo(0.3583247623868746, 4);
    expect(() => meanDetectableDifference({ sd: 0, nPerGroup: 20 })).toThrow(KehuValidationError);
    expect(() => meanDetectableDifference({ sd: 1, nPerGroup: 1 })).toThrow(KehuValidationError);
  });

  it('needs more responses for smaller differences (property, SA-1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        (d1, d2) => {
          fc.pre(d1 < d2 * (1 - 1e-6));
          expect(meanSampleSize({ sd: 1, difference: d1 }).exact).toBeGreaterThan(
            meanSampleSize({ sd: 1, difference: d2 }).exact,
          );
        },
      ),
    );
  });
});

describe('npsSampleSize (SA-1)', () => {
  it('matches the hand computation: 45% promoters, 20% detractors, 10 points (SA-1)', () => {
    // σ² = 0.45 + 0.20 − 0.25² = 0.5875; n = (1.959964 + 0.841621)² · 2 · 0.5875 / 0.1² = 922.2434.
    const r = npsSampleSize({ promoters: 45, detractors: 20, difference: 10 });
    expect(r.exact).toBeCloseTo(922.2433687860179, 8);
    expect(r.nPerGroup).toBe(923);
    const mdd = npsDetectableDifference({ promoters: 45, detractors: 20, nPerGroup: 200 });
    expect(mdd.difference).toBeCloseTo(21.473744070213023, 8);
  });

  it('refuses shares that do not add up or carry no variance (SA-1)', () => {
    expect(() => npsSampleSize({ promoters: 70, detractors: 40, difference: 5 })).toThrow(KehuValidationError);
    expect(() => npsSampleSize({ promoters: 100, detractors: 0, difference: 5 })).toThrow(KehuValidationError);
  });
});
