import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedWaldInterval, readProportionMethod, wilsonInterval } from './proportion-interval.js';

describe('share intervals (SA-1)', () => {
  // Hand computation, checked with scipy: x = 40, n = 50, z = 1.959964; Wilson centre
  // (0.8 + z²/100) / (1 + z²/50) = 0.778596, half-width 0.108967.
  it('Wilson (1927) for 40 of 50 at 95%: 66.96% to 88.76%', () => {
    const ci = wilsonInterval(40, 50, 0.95);
    expect(ci.lower).toBeCloseTo(0.669628940677746, 12);
    expect(ci.upper).toBeCloseTo(0.887562499842239, 12);
    expect(ci.clipped).toBe(false);
  });

  it('Agresti-Coull (1998) for 40 of 50 at 95%: 66.77% to 88.95%', () => {
    const ci = adjustedWaldInterval(40, 50, 0.95);
    expect(ci.lower).toBeCloseTo(0.667693895085815, 12);
    expect(ci.upper).toBeCloseTo(0.8894975454341697, 12);
  });

  it('ends at 0 for no successes; Agresti-Coull is clipped there and says so', () => {
    const wilson = wilsonInterval(0, 10, 0.95);
    expect(wilson.lower).toBe(0);
    expect(wilson.upper).toBeCloseTo(0.2775327998628892, 12);
    const aw = adjustedWaldInterval(0, 10, 0.95);
    expect(aw.lower).toBe(0);
    expect(aw.upper).toBeCloseTo(0.3208873057505457, 12);
    expect(aw.clipped).toBe(true);
  });

  it('refuses counts out of range and unknown methods', () => {
    expect(() => wilsonInterval(11, 10, 0.95)).toThrow(KehuValidationError);
    expect(() => adjustedWaldInterval(1, 0, 0.95)).toThrow(KehuValidationError);
    expect(() => readProportionMethod('wald')).toThrow(KehuValidationError);
    expect(readProportionMethod(undefined)).toBe('wilson');
  });

  it('contain the observed share, lie in [0, 1], and Agresti-Coull contains Wilson (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (n, f, level) => {
          const x = Math.round(f * n);
          const w = wilsonInterval(x, n, level);
          const a = adjustedWaldInterval(x, n, level);
          expect(w.lower).toBeLessThanOrEqual(x / n);
          expect(w.upper).toBeGreaterThanOrEqual(x / n);
          expect(w.lower).toBeGreaterThanOrEqual(0);
          expect(w.upper).toBeLessThanOrEqual(1);
          expect(a.lower).toBeLessThanOrEqual(w.lower + 1e-12);
          expect(a.upper).toBeGreaterThanOrEqual(w.upper - 1e-12);
        },
      ),
    );
  });
});
