import { KehuValidationError, normalQuantile } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { criticalValue } from './proportion.js';

describe('normal quantile and critical value (the rates of rule CH-4 and the calibration of CH-2)', () => {
  it('normalQuantile matches scipy.stats.norm.ppf (Wichura AS 241)', () => {
    // scipy.stats.norm.ppf(0.975), ppf(0.995), ppf(1e-10)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(KehuValidationError);
    expect(() => criticalValue(1)).toThrow(KehuValidationError);
  });
});
