import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { percentileBootstrap, quantile7 } from './bootstrap.js';

const data = [3, 5, 4, 4, 2, 5, 5, 3, 4, 1, 5, 4, 3, 4, 5, 2, 4, 5, 3, 4];
const mean = (counts: Uint32Array): number[] => {
  let sum = 0;
  let total = 0;
  counts.forEach((c, i) => {
    sum += c * data[i]!;
    total += c;
  });
  return [sum / total];
};

describe('percentile bootstrap for the key-driver intervals (rule SA-3)', () => {
  it("SA-3: quantile7 matches R's quantile(type = 7)", () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // R: quantile(1:10, c(0, 0.025, 0.5, 0.975, 1)) gives 1, 1.225, 5.5, 9.775, 10.
    expect(quantile7(x, 0)).toBe(1);
    expect(quantile7(x, 0.025)).toBeCloseTo(1.225, 12);
    expect(quantile7(x, 0.5)).toBe(5.5);
    expect(quantile7(x, 0.975)).toBeCloseTo(9.775, 12);
    expect(quantile7(x, 1)).toBe(10);
    expect(quantile7([7], 0.3)).toBe(7);
    expect(quantile7([], 0.5)).toBeNaN();
  });

  it('SA-3: every resample draws n rows; the same seed gives the same interval, another seed another', () => {
    const seen: number[] = [];
    const a = percentileBootstrap(
      data.length,
      1,
      (counts) => {
        seen.push(counts.reduce((s, c) => s + c, 0));
        return mean(counts);
      },
      { resamples: 200, seed: 9, level: 0.95 },
    );
    expect(seen.every((total) => total === data.length)).toBe(true);
    const b = percentileBootstrap(data.length, 1, mean, { resamples: 200, seed: 9, level: 0.95 });
    const c = percentileBootstrap(data.length, 1, mean, { resamples: 200, seed: 10, level: 0.95 });
    expect(b).toEqual(a);
    expect(c.intervals[0]).not.toEqual(a.intervals[0]);
    expect(a.used).toBe(200);
    expect(a.skipped).toBe(0);
  });

  it('SA-3: the interval of a mean sits around the mean and near the t interval', () => {
    const { intervals } = percentileBootstrap(data.length, 1, mean, { resamples: 2000, seed: 1, level: 0.95 });
    const m = data.reduce((s, v) => s + v, 0) / data.length;
    const sd = Math.sqrt(data.reduce((s, v) => s + (v - m) ** 2, 0) / (data.length - 1));
    const halfWidth = (2.093 * sd) / Math.sqrt(data.length);
    const ci = intervals[0]!;
    expect(ci.lower).toBeLessThan(m);
    expect(ci.upper).toBeGreaterThan(m);
    expect(ci.level).toBe(0.95);
    // The percentile interval is a little narrower than the t interval for small n; within 25% of its width.
    expect(Math.abs(ci.upper - ci.lower - 2 * halfWidth)).toBeLessThan(0.25 * 2 * halfWidth);
  });

  it('SA-3: resamples the statistic refuses are counted, not used; none used gives NaN bounds', () => {
    let call = 0;
    const some = percentileBootstrap(data.length, 1, (counts) => (call++ % 2 === 0 ? null : mean(counts)), {
      resamples: 100,
      seed: 1,
      level: 0.9,
    });
    expect(some.used).toBe(50);
    expect(some.skipped).toBe(50);
    expect(Number.isFinite(some.intervals[0]!.lower)).toBe(true);
    const none = percentileBootstrap(data.length, 2, () => null, { resamples: 10, seed: 1, level: 0.9 });
    expect(none.intervals).toEqual([
      { lower: Number.NaN, upper: Number.NaN, level: 0.9 },
      { lower: Number.NaN, upper: Number.NaN, level: 0.9 },
    ]);
    const zero = percentileBootstrap(data.length, 1, mean, { resamples: 0, seed: 1, level: 0.9 });
    expect(zero.used).toBe(0);
    expect(zero.intervals[0]!.lower).toBeNaN();
  });

  it('SA-3: refuses bad options and a statistic of the wrong length with KehuValidationError', () => {
    const ok = { resamples: 10, seed: 1, level: 0.95 };
    expect(() => percentileBootstrap(5, 1, mean, { ...ok, level: 1 })).toThrow(KehuValidationError);
    expect(() => percentileBootstrap(5, 1, mean, { ...ok, resamples: -1 })).toThrow(KehuValidationError);
    expect(() => percentileBootstrap(5, 1, mean, { ...ok, seed: 0.5 })).toThrow(KehuValidationError);
    expect(() => percentileBootstrap(5, 2, () => [1], ok)).toThrow(KehuValidationError);
  });
});
