import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { normalQuantile } from './normal-quantile.js';
import { wilsonInterval } from './wilson-interval.js';

const Z95 = normalQuantile(0.975);

describe('wilsonInterval (Wilson 1927)', () => {
  it('matches the formula computed with scipy (z = scipy.stats.norm.ppf(0.975))', () => {
    const a = wilsonInterval(1, 4, Z95);
    expect(a.rate).toBe(0.25);
    expect(a.lower).toBeCloseTo(0.04558726080970055, 12);
    expect(a.upper).toBeCloseTo(0.6993581574175981, 12);
    const b = wilsonInterval(40, 50, Z95);
    expect(b.lower).toBeCloseTo(0.669628940677746, 12);
    expect(b.upper).toBeCloseTo(0.887562499842239, 12);
  });

  it('ends exactly at 0 for no successes and at 1 for all; an empty base gives NaN', () => {
    const none = wilsonInterval(0, 10, Z95);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.2775327998628892, 12);
    expect(wilsonInterval(5, 5, Z95).upper).toBe(1);
    expect(wilsonInterval(1, 4, 0)).toEqual({ rate: 0.25, lower: 0.25, upper: 0.25 });
    const empty = wilsonInterval(0, 0, Z95);
    expect([empty.rate, empty.lower, empty.upper]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });

  it('property: lies in [0, 1] and contains the share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        ([x, n], z) => {
          const w = wilsonInterval(x, n, z);
          expect(w.lower).toBeGreaterThanOrEqual(0);
          expect(w.upper).toBeLessThanOrEqual(1);
          expect(w.lower).toBeLessThanOrEqual(w.rate);
          expect(w.upper).toBeGreaterThanOrEqual(w.rate);
        },
      ),
    );
  });

  it('refuses counts out of range and a critical value that is negative or not finite', () => {
    expect(() => wilsonInterval(11, 10, Z95)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(-1, 10, Z95)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(1.5, 10, Z95)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(0, -1, Z95)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(1, 2, -1)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(1, 2, Number.POSITIVE_INFINITY)).toThrow(KehuValidationError);
    expect(() => wilsonInterval(1, 2, Number.NaN)).toThrow(KehuValidationError);
  });
});
