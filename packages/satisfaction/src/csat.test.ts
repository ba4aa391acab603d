import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csat } from './csat.js';

const scoresAndPermutation = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 300 })
  .chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })));

function repeat(counts: Record<number, number>): number[] {
  return Object.entries(counts).flatMap(([value, count]) => Array(count).fill(Number(value)));
}

describe('csat: top-2-box share with the Wilson interval (SA-1)', () => {
  // 40 of 50 answer 4 or 5: 80%; Wilson 95% 66.96% to 88.76% (hand computation, checked with scipy).
  const scores = repeat({ 1: 2, 2: 3, 3: 5, 4: 15, 5: 25 });

  it('40 of 50 satisfied: 80%, Wilson 66.96% to 88.76% (SA-1)', () => {
    const r = csat(scores);
    expect(r.estimate).toBe(80);
    expect(r.n).toBe(50);
    expect(r.successes).toBe(40);
    expect(r.counted).toEqual([4, 5]);
    expect(r.ci.lower).toBeCloseTo(66.9628940677746, 10);
    expect(r.ci.upper).toBeCloseTo(88.7562499842239, 10);
    expect(r.method).toBe('wilson');
    expect(r.rules).toEqual(['SA-1']);
    expect(r.warnings).toEqual([]);
  });

  it("interval: 'adjusted-wald' gives Agresti-Coull, 66.77% to 88.95% (SA-1)", () => {
    const r = csat(scores, { interval: 'adjusted-wald' });
    expect(r.estimate).toBe(80);
    expect(r.ci.lower).toBeCloseTo(66.7693895085815, 10);
    expect(r.ci.upper).toBeCloseTo(88.94975454341697, 10);
    expect(r.method).toBe('adjusted-wald (Agresti-Coull)');
  });

  it('topBox and scale are configurable: top-1-box, top-3-box on 1-7 (SA-1)', () => {
    expect(csat(scores, { topBox: 1 }).estimate).toBe(50);
    const r = csat([7, 6, 5, 4, 1], { scale: { min: 1, max: 7 }, topBox: 3 });
    expect(r.estimate).toBe(60);
    expect(r.counted).toEqual([5, 6, 7]);
  });

  it('empty: NaN with EMPTY; nobody satisfied: 0% with ALL_SAME_BUCKET and SMALL_SAMPLE (SA-1)', () => {
    const empty = csat([]);
    expect(empty.estimate).toBeNaN();
    expect(empty.ci.lower).toBeNaN();
    expect(empty.warnings.map((w) => w.code)).toEqual(['EMPTY']);
    const none = csat([1, 2, 3, 3, 2, 1, 2, 3, 1, 2]);
    expect(none.estimate).toBe(0);
    expect(none.ci.lower).toBe(0);
    expect(none.ci.upper).toBeCloseTo(27.75327998628892, 10);
    expect(none.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'ALL_SAME_BUCKET']);
    const clipped = csat([1, 2, 3, 3, 2, 1, 2, 3, 1, 2], { interval: 'adjusted-wald' });
    expect(clipped.warnings.map((w) => w.code)).toContain('CLIPPED');
  });

  it('refuses scores off the scale, a topBox covering the whole scale and unknown intervals (SA-1)', () => {
    try {
      csat([5, 4, 3.5]);
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual([2]);
    }
    expect(() => csat([5], { topBox: 5 })).toThrow(KehuValidationError);
    expect(() => csat([5], { topBox: 0 })).toThrow(KehuValidationError);
    expect(() => csat([5], { interval: 'wald' as 'wilson' })).toThrow(KehuValidationError);
  });

  it('intervals contain the estimate, for both methods (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, fc.constantFrom('wilson' as const, 'adjusted-wald' as const), ([s], m) => {
        const r = csat(s, { interval: m });
        expect(r.ci.lower).toBeLessThanOrEqual(r.estimate);
        expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate);
      }),
    );
  });

  it('intervals shrink when n doubles with the same proportions (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, fc.constantFrom('wilson' as const, 'adjusted-wald' as const), ([s], m) => {
        const once = csat(s, { interval: m });
        const twice = csat([...s, ...s], { interval: m });
        expect(twice.estimate).toBe(once.estimate);
        expect(twice.ci.upper - twice.ci.lower).toBeLessThan(once.ci.upper - once.ci.lower);
      }),
    );
  });

  it('results do not depend on response order (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([s, shuffled]) => {
        expect(csat(shuffled)).toEqual(csat(s));
      }),
    );
  });
});
