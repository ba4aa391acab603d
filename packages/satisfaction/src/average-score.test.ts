import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageScore } from './average-score.js';

function width(ci: { lower: number; upper: number }): number {
  return ci.upper - ci.lower;
}

const scoresAndPermutation = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 })
  .chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })));

describe('averageScore: mean with a t interval (SA-1)', () => {
  // Hand computation, checked with scipy: mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445, half-width 1.963243.
  it('1, 2, 3, 4, 5 on 1-5: mean 3, 95% t interval 1.0368 to 4.9632 (SA-1)', () => {
    const r = averageScore([1, 2, 3, 4, 5]);
    expect(r.estimate).toBe(3);
    expect(r.n).toBe(5);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(r.ci.lower).toBeCloseTo(1.0367568385224428, 10);
    expect(r.ci.upper).toBeCloseTo(4.963243161477557, 10);
    expect(r.ci.level).toBe(0.95);
    expect(r.method).toBe('t');
    expect(r.rules).toEqual(['SA-1']);
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE']);
  });

  it('ten scores, mean 4, at 90% and 95% (SA-1)', () => {
    const scores = [4, 5, 3, 4, 4, 5, 2, 4, 5, 4];
    const r95 = averageScore(scores);
    expect(r95.ci.lower).toBeCloseTo(3.3255550410926875, 10);
    expect(r95.ci.upper).toBeCloseTo(4.674444958907313, 10);
    const r90 = averageScore(scores, { level: 0.9 });
    expect(r90.ci.lower).toBeCloseTo(3.4534713162862216, 10);
    expect(r90.ci.upper).toBeCloseTo(4.546528683713778, 10);
  });

  it('empty input gives NaN with an EMPTY warning, never 0 or null (SA-1)', () => {
    const r = averageScore([]);
    expect(r.estimate).toBeNaN();
    expect(r.ci.lower).toBeNaN();
    expect(r.ci.upper).toBeNaN();
    expect(r.n).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('one response: the mean, a NaN interval and NO_INTERVAL; no spread: NO_VARIANCE (SA-1)', () => {
    const one = averageScore([4]);
    expect(one.estimate).toBe(4);
    expect(one.ci.lower).toBeNaN();
    expect(one.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'NO_INTERVAL']);
    const same = averageScore(Array(40).fill(5));
    expect(same.estimate).toBe(5);
    expect(same.ci.upper).toBeNaN();
    expect(same.warnings.map((w) => w.code)).toEqual(['NO_VARIANCE']);
  });

  it('clips the interval to the scale and says so (SA-1)', () => {
    const r = averageScore([5, 5, 4]);
    expect(r.ci.upper).toBe(5);
    expect(r.warnings.map((w) => w.code)).toContain('CLIPPED');
  });

  it('takes the scale and smallSample from the options (SA-1)', () => {
    const r = averageScore([6, 8, 7], { scale: { min: 0, max: 10 }, smallSample: 2 });
    expect(r.estimate).toBe(7);
    expect(r.warnings).toEqual([]);
  });

  it('refuses 6 on 1-5 and 4.5 at their index, and bad options (SA-1)', () => {
    expect(() => averageScore([5, 6])).toThrow(KehuValidationError);
    try {
      averageScore([5, 4, 4.5]);
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual([2]);
    }
    expect(() => averageScore([5], { level: 95 })).toThrow(KehuValidationError);
  });

  it('does not mutate its input (SA-1)', () => {
    const scores = Object.freeze([3, 1, 2]);
    expect(averageScore(scores).estimate).toBe(2);
  });

  it('intervals contain the estimate (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([scores]) => {
        const r = averageScore(scores);
        if (!Number.isNaN(r.ci.lower)) {
          expect(r.ci.lower).toBeLessThanOrEqual(r.estimate);
          expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate);
        }
      }),
    );
  });

  it('intervals shrink when n doubles with the same proportions (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([scores]) => {
        const once = averageScore(scores);
        const twice = averageScore([...scores, ...scores]);
        expect(twice.estimate).toBeCloseTo(once.estimate, 12);
        if (!Number.isNaN(once.ci.lower)) expect(width(twice.ci)).toBeLessThanOrEqual(width(once.ci));
        if (!Number.isNaN(once.ci.lower) && !once.warnings.some((w) => w.code === 'CLIPPED')) {
          expect(width(twice.ci)).toBeLessThan(width(once.ci));
        }
      }),
    );
  });

  it('results do not depend on response order (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([scores, shuffled]) => {
        expect(averageScore(shuffled)).toEqual(averageScore(scores));
      }),
    );
  });
});
