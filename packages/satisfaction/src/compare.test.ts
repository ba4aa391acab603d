import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustedNps,
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  npsCountsOf,
  welchDifference,
} from './compare.js';

function scoresFor(counts: Record<number, number>): number[] {
  return Object.entries(counts).flatMap(([score, times]) => Array<number>(times).fill(Number(score)));
}

function expectSwapped(ab: Comparison, ba: Comparison): void {
  const flipped = { higher: 'lower', lower: 'higher', 'no-detectable-difference': 'no-detectable-difference' };
  expect(ba.verdict).toBe(flipped[ab.verdict]);
  expect(ba.difference).toBeCloseTo(-ab.difference, 9);
  expect(ba.ci.lower).toBeCloseTo(-ab.ci.upper, 9);
  expect(ba.ci.upper).toBeCloseTo(-ab.ci.lower, 9);
  expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
}

const npsGroup = fc
  .record({
    promoters: fc.integer({ min: 0, max: 400 }),
    passives: fc.integer({ min: 0, max: 400 }),
    detractors: fc.integer({ min: 0, max: 400 }),
  })
  .filter((c) => c.promoters + c.passives + c.detractors > 0);

describe('compareNps: adjusted-Wald two-sample z (MeasuringU) (SA-1, SA-4)', () => {
  // Hand computation (SA-4), checked with scipy: A = 30 promoters, 40 passives, 30 detractors;
  // B = 45/35/20. n' = 103; A: p' = 30.75/103, d' = 30.75/103, NPS' = 0, se² = 0.59709/103;
  // B: p' = 45.75/103, d' = 20.75/103, NPS' = 0.242718, se² = (0.645631 − 0.058912)/103;
  // se = 0.1072066, z = 2.264024, p = 0.0235726, 95% CI 3.2597 to 45.2840 points.
  const a = { promoters: 30, passives: 40, detractors: 30 };
  const b = { promoters: 45, passives: 35, detractors: 20 };

  it('matches the hand-computed case (SA-4)', () => {
    const r = compareNps(a, b);
    expect(r.difference).toBeCloseTo(25, 12); // observed 25 − 0
    expect(r.statistic).toBeCloseTo(2.264024336167951, 9);
    expect(r.pValue).toBeCloseTo(0.023572618026940904, 9);
    expect(r.ci.lower).toBeCloseTo(3.2597289278823602, 7);
    expect(r.ci.upper).toBeCloseTo(45.283960392505996, 7);
    expect(r.verdict).toBe('higher');
    expect(r.statisticName).toBe('z');
    expect(r.method).toBe('adjusted-wald z (MeasuringU)');
    expect(r.a).toEqual({ estimate: 0, n: 100 });
    expect(r.b).toEqual({ estimate: 25, n: 100 });
    expect(r.text.en).toBe('B is higher than A (difference +25.0 points, 95% CI +3.3 to +45.3, p = 0.024).');
    expect(r.text.zh).toBe('B高于A（差值 +25.0 分，95% 置信区间 +3.3 至 +45.3，p = 0.024）。');
  });

  it('keeps the sign of a decline, which R NPS::nps_test drops with abs() (SA-4)', () => {
    const r = compareNps(b, a, { names: { a: { en: 'Q1', zh: '第一季度' }, b: { en: 'Q2', zh: '第二季度' } } });
    expect(r.difference).toBeCloseTo(-25, 12);
    expect(r.statistic).toBeLessThan(0);
    expect(r.ci.upper).toBeLessThan(0);
    expect(r.verdict).toBe('lower');
    expect(r.text.en).toMatch(/^Q2 is lower than Q1 \(difference -25\.0 points/);
    expect(r.text.zh).toMatch(/^第二季度低于第一季度/);
  });

  it('gives the same result from raw 0-10 scores as from their counts (SA-1)', () => {
    const raw = scoresFor({ 0: 5, 3: 10, 6: 15, 7: 20, 8: 20, 9: 10, 10: 20 });
    expect(npsCountsOf({ scores: raw })).toEqual({ promoters: 30, passives: 40, detractors: 30 });
    expect(compareNps({ scores: raw }, b)).toEqual(compareNps(a, b));
  });

  it('never mutates its input (SA-1)', () => {
    const x = Object.freeze([10, 3, 9, 7]);
    const y = Object.freeze([0, 10, 10]);
    expect(() => compareNps({ scores: x }, { scores: y })).not.toThrow();
    expect([...x, ...y]).toEqual([10, 3, 9, 7, 0, 10, 10]);
  });

  it('adjusts one group as MeasuringU does: +3 to n, +3/4 to promoters and detractors (SA-1)', () => {
    const g = adjustedNps({ promoters: 9, passives: 1, detractors: 0 });
    expect(g.adjusted).toBeCloseTo((9.75 - 0.75) / 13, 14);
    expect(g.variance).toBeCloseTo((10.5 / 13 - (9 / 13) ** 2) / 13, 14);
    expect(g.nps).toBeCloseTo(0.9, 14);
  });

  it('refuses a score off the 0-10 scale with its path, never counting it nowhere (SA-1)', () => {
    const call = () => compareNps({ scores: [9, 6.5] }, a);
    expect(call).toThrow(KehuValidationError);
    try {
      call();
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['a', 'scores', 1]);
    }
    expect(() => compareNps(a, { promoters: -1, passives: 0, detractors: 0 })).toThrow(KehuValidationError);
    expect(() => compareNps(a, b, { level: 1 })).toThrow(KehuValidationError);
  });

  it('gives NaN and an EMPTY warning for an empty group, never 0 (SA-1)', () => {
    const r = compareNps({ scores: [] }, b);
    expect(r.difference).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(r.ci.lower).toBeNaN();
    expect(r.verdict).toBe('no-detectable-difference');
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('warns when the observed difference is outside the adjusted interval, as with a one-response group (SA-1)', () => {
    // scipy, computing p', d' and the +1/0/−1 variance from the adjusted shares: A = 1 promoter (NPS' 0.25,
    // se² 0.140625), B = 9999 promoters and 1 passive. Observed B − A = −0.01 points, yet z = 1.99893326,
    // p = 0.0456156, 95% CI 1.46135 to 148.45868: the adjustment of the tiny group alone gives "higher".
    const r = compareNps({ promoters: 1, passives: 0, detractors: 0 }, { promoters: 9999, passives: 1, detractors: 0 });
    expect(r.difference).toBeCloseTo(-0.01, 10);
    expect(r.statistic).toBeCloseTo(1.9989332626829464, 9);
    expect(r.pValue).toBeCloseTo(0.04561557519515439, 9);
    expect(r.ci.lower).toBeCloseTo(1.4613482158786884, 7);
    expect(r.ci.upper).toBeCloseTo(148.45867577692346, 7);
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'ESTIMATE_OUTSIDE_INTERVAL']);
    expect(compareNps(a, b).warnings).toEqual([]);
  });

  it('warns when a group is under 30 responses (SA-1)', () => {
    const r = compareNps({ promoters: 5, passives: 5, detractors: 5 }, b);
    expect(r.warnings).toEqual([{ code: 'SMALL_SAMPLE', message: 'group A has 15 responses, fewer than 30' }]);
  });

  it('flips the verdict when A and B swap; p-values stay in [0, 1] (property, SA-4)', () => {
    fc.assert(
      fc.property(npsGroup, npsGroup, (x, y) => {
        const ab = compareNps(x, y);
        const ba = compareNps(y, x);
        expectSwapped(ab, ba);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci.lower).toBeLessThanOrEqual(ab.ci.upper);
      }),
    );
  });

  it('does not depend on the order of the responses (property, SA-1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 }),
        (x, y) => {
          const reversed = compareNps({ scores: [...x].reverse() }, { scores: [...y].sort((p, q) => p - q) });
          expect(reversed).toEqual(compareNps({ scores: x }, { scores: y }));
        },
      ),
    );
  });
});

describe('compareProportions: pooled z test, Newcombe interval (SA-1, SA-4)', () => {
  it("matches Newcombe's published example 56/70 vs 48/80: 0.0524 to 0.3339 (method 10) (SA-4)", () => {
    const r = compareProportions({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    expect(r.difference).toBeCloseTo(20, 12);
    expect(r.ci.lower).toBeCloseTo(5.24, 2);
    expect(r.ci.upper).toBeCloseTo(33.39, 2);
    // Pooled z: equal to Pearson's chi-squared without continuity correction (scipy: p = 0.0080451).
    expect(r.statistic).toBeCloseTo(2.6501719512585336, 9);
    expect(r.pValue).toBeCloseTo(0.00804508136819656, 9);
    expect(r.verdict).toBe('higher');
    expect(r.text.en).toContain('percentage points');
  });

  it('counts the top-2 box of raw 1-5 scores, configurable (SA-1)', () => {
    const a = { scores: [1, 2, 3, 4, 5, 5] }; // 3 of 6 in 4-5
    const b = { scores: [4, 4, 5, 5, 3, 5] }; // 5 of 6
    const fromScores = compareProportions(a, b);
    expect(fromScores).toEqual(compareProportions({ successes: 3, n: 6 }, { successes: 5, n: 6 }));
    const top1 = compareProportions(a, b, { topBox: 1 });
    expect(top1.a.estimate).toBeCloseTo((2 / 6) * 100, 12);
    expect(() => compareProportions({ scores: [6] }, b)).toThrow(KehuValidationError);
    expect(() => compareProportions({ successes: 7, n: 6 }, b)).toThrow(KehuValidationError);
  });

  it('has no detectable difference when both groups are all satisfied (SA-1)', () => {
    const r = compareProportions({ successes: 40, n: 40 }, { successes: 50, n: 50 });
    expect(r.pValue).toBe(1);
    expect(r.verdict).toBe('no-detectable-difference');
    expect(r.ci.lower).toBeLessThan(0);
    expect(r.ci.upper).toBeGreaterThan(0);
  });

  it('flips the verdict when A and B swap (property, SA-4)', () => {
    const group = fc
      .integer({ min: 1, max: 500 })
      .chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(group, group, (x, y) => {
        const ab = compareProportions(x, y);
        expectSwapped(ab, compareProportions(y, x));
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci.lower).toBeGreaterThanOrEqual(-100 - 1e-9);
        expect(ab.ci.upper).toBeLessThanOrEqual(100 + 1e-9);
        expect(ab.ci.lower).toBeLessThanOrEqual(ab.difference + 1e-9);
        expect(ab.ci.upper).toBeGreaterThanOrEqual(ab.difference - 1e-9);
      }),
    );
  });
});

describe("compareMeans: Welch's t (SA-1, SA-4)", () => {
  // Reference: scipy.stats.ttest_ind(b, a, equal_var=False), the same as R's t.test(b, a).
  const a = [3, 4, 5, 5, 4, 3, 2, 5, 4, 4];
  const b = [5, 5, 4, 5, 5, 4, 5, 3, 5, 5, 4, 5];

  it('matches R t.test / scipy on a hand case (SA-4)', () => {
    const r = compareMeans({ scores: a }, { scores: b });
    expect(r.difference).toBeCloseTo(55 / 12 - 3.9, 12);
    expect(r.statistic).toBeCloseTo(1.8520194074942853, 9);
    expect(r.df).toBeCloseTo(15.282746411237902, 9);
    expect(r.pValue).toBeCloseTo(0.08343902922097966, 9);
    expect(r.ci.lower).toBeCloseTo(-0.10183504005253752, 9);
    expect(r.ci.upper).toBeCloseTo(1.4685017067192039, 9);
    expect(r.verdict).toBe('no-detectable-difference');
    expect(r.statisticName).toBe('t');
    expect(r.text.en).toMatch(/^No detectable difference between A and B at the 95% level/);
  });

  it('welchDifference takes summaries, for SERVQUAL gaps (SA-3)', () => {
    const w = welchDifference({ mean: 3.9, sd: 0.994428926011753, n: 10 }, { mean: 55 / 12, sd: 0.668557, n: 12 });
    expect(w.difference).toBeCloseTo(55 / 12 - 3.9, 12);
    expect(w.t).toBeCloseTo(1.852, 3);
  });

  it('reports NO_VARIANCE instead of a silent NaN or an infinite t (SA-1)', () => {
    const r = compareMeans({ scores: [4, 4, 4] }, { scores: [5, 5, 5] });
    expect(r.difference).toBe(1);
    expect(r.pValue).toBeNaN();
    expect(r.verdict).toBe('no-detectable-difference');
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'SMALL_SAMPLE', 'NO_VARIANCE']);
    const one = compareMeans({ scores: [4] }, { scores: [5, 4] });
    expect(one.warnings.map((w) => w.code)).toContain('NO_INTERVAL');
  });

  it('refuses scores off the scale and bad summaries with their paths (SA-1)', () => {
    expect(() => compareMeans({ scores: [7] }, { scores: [5] })).toThrow(KehuValidationError);
    expect(compareMeans({ scores: [7, 6] }, { scores: [5, 1] }, { scale: { min: 1, max: 7 } }).difference).toBe(-3.5);
    expect(() => compareMeans({ mean: 3, sd: -1, n: 5 }, { scores: [5] })).toThrow(KehuValidationError);
  });

  it('flips the verdict when A and B swap (property, SA-4)', () => {
    const scores = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 50 });
    fc.assert(
      fc.property(scores, scores, (x, y) => {
        const ab = compareMeans({ scores: x }, { scores: y });
        const ba = compareMeans({ scores: y }, { scores: x });
        if (Number.isNaN(ab.pValue)) {
          expect(ba.pValue).toBeNaN();
          return;
        }
        expectSwapped(ab, ba);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});
