import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ces } from './ces.js';

const scoresAndPermutation = fc
  .array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 300 })
  .chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })));

describe('ces: mean effort on 1-7 and the share agreeing (SA-3)', () => {
  // Hand computation, checked with scipy: 12 scores, mean 5.1667, s = 1.527525, t(0.975, 11) = 2.200985;
  // 9 of 12 agree (5-7): 75%, Wilson 46.77% to 91.11%.
  const scores = [7, 6, 5, 5, 4, 3, 6, 7, 2, 5, 6, 6];

  it('mean 5.17 (t interval 4.196 to 6.137) and 75% agreeing (Wilson 46.77% to 91.11%) (SA-3)', () => {
    const r = ces(scores);
    expect(r.estimate).toBeCloseTo(5.166666666666667, 14);
    expect(r.sd).toBeCloseTo(1.5275252316519465, 14);
    expect(r.ci.lower).toBeCloseTo(4.1961234378423065, 10);
    expect(r.ci.upper).toBeCloseTo(6.1372098954910275, 10);
    expect(r.method).toBe('t');
    expect(r.rules).toEqual(['SA-3']);
    expect(r.agreeing.estimate).toBe(75);
    expect(r.agreeing.successes).toBe(9);
    expect(r.agreeing.counted).toEqual([5, 6, 7]);
    expect(r.agreeing.ci.lower).toBeCloseTo(46.76946650664343, 10);
    expect(r.agreeing.ci.upper).toBeCloseTo(91.10583316059451, 10);
    expect(r.agreeing.method).toBe('wilson');
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE']);
  });

  it('empty input gives NaN mean and share with EMPTY warnings (SA-3)', () => {
    const r = ces([]);
    expect(r.estimate).toBeNaN();
    expect(r.agreeing.estimate).toBeNaN();
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY']);
    expect(r.agreeing.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('refuses 8 or 5.5 on 1-7 at the index, and a bad topBox (SA-3)', () => {
    try {
      ces([7, 8]);
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual([1]);
    }
    expect(() => ces([5.5])).toThrow(KehuValidationError);
    expect(() => ces([5], { topBox: 7 })).toThrow(KehuValidationError);
  });

  it('intervals contain the estimates and shrink when n doubles (SA-3, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([s]) => {
        const once = ces(s);
        const twice = ces([...s, ...s]);
        expect(once.agreeing.ci.lower).toBeLessThanOrEqual(once.agreeing.estimate);
        expect(once.agreeing.ci.upper).toBeGreaterThanOrEqual(once.agreeing.estimate);
        expect(twice.agreeing.ci.upper - twice.agreeing.ci.lower).toBeLessThan(
          once.agreeing.ci.upper - once.agreeing.ci.lower,
        );
        if (!Number.isNaN(once.ci.lower)) {
          expect(once.ci.lower).toBeLessThanOrEqual(once.estimate);
          expect(once.ci.upper).toBeGreaterThanOrEqual(once.estimate);
          expect(twice.ci.upper - twice.ci.lower).toBeLessThanOrEqual(once.ci.upper - once.ci.lower);
        }
      }),
    );
  });

  it('results do not depend on response order (SA-3, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([s, shuffled]) => {
        expect(ces(shuffled)).toEqual(ces(s));
      }),
    );
  });
});
