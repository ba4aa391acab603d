import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nps, npsBucketOf, npsFromCounts } from './nps.js';

const scoresAndPermutation = fc
  .array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 })
  .chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })));

function responses(promoters: number, passives: number, detractors: number): number[] {
  return [...Array(promoters).fill(10), ...Array(passives).fill(8), ...Array(detractors).fill(3)];
}

describe('nps: promoters minus detractors with the adjusted-Wald interval of MeasuringU (SA-1)', () => {
  // MeasuringU's published worked example could not be retrieved here, so this case is hand-computed from
  // the published method (Sauro, MeasuringU 2021; Rocks 2016) and checked with scipy: 50 promoters,
  // 30 passives, 20 detractors. NPS = 30. n' = 103, p' = 50.75/103 = 0.492718, d' = 20.75/103 = 0.201456,
  // NPS' = 0.291262, se = sqrt((0.694175 - 0.084834)/103) = 0.076915, z = 1.959964:
  // 29.1262 ± 15.0751 = 14.0511 to 44.2013.
  it('50/30/20: NPS 30, 95% adjusted-Wald interval 14.05 to 44.20 (SA-1)', () => {
    const r = nps(responses(50, 30, 20));
    expect(r.estimate).toBe(30);
    expect(r.n).toBe(100);
    expect(r.adjusted).toBeCloseTo(29.126213592233007, 12);
    expect(r.ci.lower).toBeCloseTo(14.051130178761607, 10);
    expect(r.ci.upper).toBeCloseTo(44.20129700570441, 10);
    expect(r.ci.level).toBe(0.95);
    expect(r.counts).toEqual({ promoters: 50, passives: 30, detractors: 20 });
    expect(r.percents).toEqual({ promoters: 50, passives: 30, detractors: 20 });
    expect(r.method).toBe('adjusted-wald (MeasuringU)');
    expect(r.rules).toEqual(['SA-1']);
    expect(r.warnings).toEqual([]);
  });

  it('9/1/0: NPS 90, interval 38.08 to 100 (clipped from 100.38) (SA-1)', () => {
    const r = nps(responses(9, 1, 0));
    expect(r.estimate).toBe(90);
    expect(r.ci.lower).toBeCloseTo(38.079226869568636, 10);
    expect(r.ci.upper).toBe(100);
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'CLIPPED']);
  });

  it('keeps the sign: more detractors than promoters is negative (SA-1)', () => {
    const r = nps(responses(20, 30, 50));
    expect(r.estimate).toBe(-30);
    expect(r.ci.lower).toBeCloseTo(-44.20129700570441, 10);
    expect(r.ci.upper).toBeCloseTo(-14.051130178761607, 10);
  });

  it('a single promoter: NPS 100 outside its adjusted interval, which is said (SA-1)', () => {
    const r = nps([9]);
    expect(r.estimate).toBe(100);
    expect(r.ci.upper).toBeCloseTo(98.49864942025202, 10);
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'ALL_SAME_BUCKET', 'ESTIMATE_OUTSIDE_INTERVAL']);
  });

  it('no answers give NaN with an EMPTY warning, never 0 or null (SA-1)', () => {
    const r = nps([]);
    expect(r.estimate).toBeNaN();
    expect(r.ci.lower).toBeNaN();
    expect(r.ci.upper).toBeNaN();
    expect(r.percents.promoters).toBeNaN();
    expect(r.counts).toEqual({ promoters: 0, passives: 0, detractors: 0 });
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('refuses 6.5 at its index instead of counting it in n and in no bucket (SA-1)', () => {
    try {
      nps([10, 9, 6.5]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual([2]);
    }
    expect(() => nps([11])).toThrow(KehuValidationError);
    expect(() => nps([-1])).toThrow(KehuValidationError);
  });

  it('npsFromCounts gives the same figures as the scores and refuses bad counts (SA-1)', () => {
    expect(npsFromCounts({ promoters: 50, passives: 30, detractors: 20 })).toEqual(nps(responses(50, 30, 20)));
    try {
      npsFromCounts({ promoters: 5, passives: -1, detractors: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual(['counts', 'passives']);
    }
  });

  it('every value of the 0-10 scale lands in exactly one bucket (SA-1)', () => {
    const buckets = Array.from({ length: 11 }, (_, v) => npsBucketOf(v));
    expect(buckets).toEqual([...Array(7).fill('detractors'), 'passives', 'passives', 'promoters', 'promoters']);
    for (let v = 0; v <= 10; v += 1) {
      const r = nps([v]);
      expect(r.counts.promoters + r.counts.passives + r.counts.detractors).toBe(1);
    }
  });

  it('intervals contain the estimate from n = 2 at 95%, or say they do not (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, fc.constantFrom(0.8, 0.9, 0.95, 0.99), ([s], level) => {
        const r = nps(s, { level });
        const inside = r.ci.lower <= r.estimate && r.estimate <= r.ci.upper;
        const flagged = r.warnings.some((w) => w.code === 'ESTIMATE_OUTSIDE_INTERVAL');
        expect(inside).toBe(!flagged);
        if (level >= 0.95 && s.length >= 2) expect(inside).toBe(true);
      }),
    );
  });

  it('intervals shrink when n doubles with the same proportions (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([s]) => {
        const once = nps(s);
        const twice = nps([...s, ...s]);
        expect(twice.estimate).toBe(once.estimate);
        expect(twice.ci.upper - twice.ci.lower).toBeLessThanOrEqual(once.ci.upper - once.ci.lower);
      }),
    );
  });

  it('results do not depend on response order (SA-1, property)', () => {
    fc.assert(
      fc.property(scoresAndPermutation, ([s, shuffled]) => {
        expect(nps(shuffled)).toEqual(nps(s));
      }),
    );
  });
});
