import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { servqualGaps } from './servqual.js';

describe('servqualGaps: perception minus expectation per dimension (SA-3)', () => {
  // Checked with scipy.stats.ttest_ind(P, E, equal_var=False): gap -1.1167, 95% CI -1.8737 to -0.3596,
  // Welch-Satterthwaite df 15.78.
  const perception = [5, 6, 4, 5, 7, 6, 5, 4, 6, 5];
  const expectation = [6, 7, 6, 7, 7, 6, 5, 7, 6, 7, 6, 7];

  it('response speed: gap -1.12 with Welch interval -1.87 to -0.36 (SA-3)', () => {
    const r = servqualGaps({ 'response-speed': { perception, expectation } });
    const gap = r['response-speed'];
    expect(gap?.estimate).toBeCloseTo(-1.1166666666666671, 12);
    expect(gap?.ci.lower).toBeCloseTo(-1.8737333106143765, 9);
    expect(gap?.ci.upper).toBeCloseTo(-0.35960002271895775, 9);
    expect(gap?.df).toBeCloseTo(15.779676673007954, 9);
    expect(gap?.n).toBe(10);
    expect(gap?.perception).toEqual({ mean: 5.3, sd: expect.any(Number), n: 10 });
    expect(gap?.expectation.n).toBe(12);
    expect(gap?.method).toBe('welch');
    expect(gap?.rules).toEqual(['SA-3']);
    expect(gap?.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE']);
  });

  it('gives every dimension its own gap; an empty side is NaN with EMPTY (SA-3)', () => {
    const r = servqualGaps({
      attitude: { perception: [7, 6], expectation: [5, 6] },
      expertise: { perception: [], expectation: [6] },
    });
    expect(r.attitude?.estimate).toBe(1);
    expect(r.expertise?.estimate).toBeNaN();
    expect(r.expertise?.ci.lower).toBeNaN();
    expect(r.expertise?.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('no spread on either side: the gap with a NaN interval and NO_VARIANCE (SA-3)', () => {
    const r = servqualGaps({ service: { perception: [5, 5, 5], expectation: [6, 6] } });
    expect(r.service?.estimate).toBe(-1);
    expect(r.service?.ci.lower).toBeNaN();
    expect(r.service?.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'NO_VARIANCE']);
  });

  it('refuses a score off the 1-7 scale at [dimension, side, index] (SA-3)', () => {
    try {
      servqualGaps({ communication: { perception: [5], expectation: [7, 8] } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(['communication', 'expectation', 1]);
    }
  });

  const sides = fc.record({
    perception: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 80 }),
    expectation: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 80 }),
  });

  it('intervals contain the gap and shrink when n doubles (SA-3, property)', () => {
    fc.assert(
      fc.property(sides, ({ perception: p, expectation: e }) => {
        const once = servqualGaps({ d: { perception: p, expectation: e } }).d;
        const twice = servqualGaps({ d: { perception: [...p, ...p], expectation: [...e, ...e] } }).d;
        if (once === undefined || twice === undefined) throw new Error('missing dimension');
        expect(twice.estimate).toBeCloseTo(once.estimate, 12);
        if (!Number.isNaN(once.ci.lower)) {
          expect(once.ci.lower).toBeLessThanOrEqual(once.estimate);
          expect(once.ci.upper).toBeGreaterThanOrEqual(once.estimate);
          expect(twice.ci.upper - twice.ci.lower).toBeLessThan(once.ci.upper - once.ci.lower);
        }
      }),
    );
  });

  it('results do not depend on response order (SA-3, property)', () => {
    fc.assert(
      fc.property(sides, ({ perception: p, expectation: e }) => {
        const a = servqualGaps({ d: { perception: p, expectation: e } });
        const b = servqualGaps({ d: { perception: [...p].reverse(), expectation: [...e].reverse() } });
        expect(b).toEqual(a);
      }),
    );
  });
});
