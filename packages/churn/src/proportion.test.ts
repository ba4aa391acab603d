import { KehuValidationError, normalQuantile } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { criticalValue, wilson } from './proportion.js';

describe('normal quantile and Wilson interval (the rates of rule CH-4 and the calibration of CH-2)', () => {
  it('normalQuantile matches scipy.stats.norm.ppf (Wichura AS 241)', () => {
    // scipy.stats.norm.ppf(0.975), ppf(0.995), ppf(1e-10)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(KehuValidationError);
    expect(() => criticalValue(1)).toThrow(KehuValidationError);
  });

  it('Wilson interval: Wilson (1927) formula, exact ends at 0 and n, NaN for an empty base', () => {
    const z = criticalValue(0.95);
    // Python: the Wilson formula with z = scipy.stats.norm.ppf(0.975).
    const w = wilson(1, 4, z);
    expect(w.lower).toBeCloseTo(0.04558726080970055, 12);
    expect(w.upper).toBeCloseTo(0.6993581574175981, 12);
    expect(wilson(0, 5, z).lower).toBe(0);
    expect(wilson(5, 5, z).upper).toBe(1);
    expect(wilson(0, 0, z).rate).toBeNaN();
  });
});
