import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRiskScore, evaluateRiskScoreColumns } from './evaluate-risk.js';

// A holdout of 60 customers with tied scores, drawn in Python (numpy default_rng(14), scores rounded to
// multiples of 5 plus five hand-set ones, churn with probability 0.1 + 0.7 × score / 100).
const SCORES = [
  0, 100, 37.5, 62.25, 12.5, 55, 75, 70, 45, 55, 75, 5, 65, 75, 40, 50, 25, 65, 95, 30, 45, 90, 55, 40, 65, 5, 15, 85,
  15, 5, 95, 75, 100, 75, 90, 35, 75, 15, 80, 75, 20, 20, 15, 80, 65, 30, 65, 70, 70, 100, 85, 45, 5, 25, 5, 80, 80, 20,
  95, 30,
];
const CHURNED = [
  0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1,
  1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0,
].map((x) => x === 1);

describe('evaluateRiskScore (rules CH-2, CH-3: the risk score is validated, not asserted)', () => {
  const result = evaluateRiskScore(SCORES, CHURNED);

  it('AUC equals scipy mannwhitneyu U / (m k) (= sklearn roc_auc_score) with a DeLong interval', () => {
    // Python: scipy.stats.mannwhitneyu(pos, neg).statistic / (m * k); DeLong by the O(mn) definition
    // psi = (x > y) + ½ (x = y), var = var(V10, ddof=1)/m + var(V01, ddof=1)/k, z = norm.ppf(0.975).
    expect(result.n).toBe(60);
    expect(result.positives).toBe(32);
    expect(result.negatives).toBe(28);
    expect(result.auc.value).toBeCloseTo(0.8158482142857143, 14);
    expect(result.auc.standardError).toBeCloseTo(0.05632656760649134, 14);
    expect(result.auc.lower).toBeCloseTo(0.7054501704042309, 12);
    expect(result.auc.upper).toBeCloseTo(0.9262462581671977, 12);
    expect(result.auc.method).toBe('delong');
    expect(result.warnings).toEqual([]);
  });

  it('Brier score of score/100 equals numpy mean((p - y)^2) (= sklearn brier_score_loss), beside the base rate', () => {
    expect(result.brier.value).toBeCloseTo(0.17452093749999997, 14);
    expect(result.brier.baseRate).toBeCloseTo(32 / 60, 15);
    expect(result.brier.reference).toBeCloseTo(0.24888888888888888, 14);
    expect(result.brier.skill).toBeCloseTo(0.2987998046875001, 12);
  });

  it('calibration bins match numpy per-bin means (sklearn calibration_curve, uniform) with Wilson intervals', () => {
    const expected: [number, number, number, number][] = [
      [6, 1, 0.041666666666666664, 0.16666666666666666],
      [5, 1, 0.14500000000000002, 0.2],
      [5, 2, 0.22000000000000003, 0.4],
      [5, 1, 0.325, 0.2],
      [5, 1, 0.43000000000000005, 0.2],
      [4, 2, 0.5375000000000001, 0.5],
      [6, 4, 0.6454166666666666, 0.6666666666666666],
      [10, 8, 0.7350000000000001, 0.8],
      [6, 4, 0.8166666666666668, 0.6666666666666666],
      [8, 8, 0.9562499999999999, 1],
    ];
    expect(result.calibration).toHaveLength(10);
    result.calibration.forEach((row, b) => {
      const [n, positives, predicted, observed] = expected[b] as [number, number, number, number];
      expect(row.from).toBe(b * 10);
      expect(row.to).toBe(b * 10 + 10);
      expect(row.n).toBe(n);
      expect(row.positives).toBe(positives);
      expect(row.predicted).toBeCloseTo(predicted, 14);
      expect(row.observed).toBeCloseTo(observed, 14);
      expect(row.observedLower).toBeLessThanOrEqual(row.observed);
      expect(row.observedUpper).toBeGreaterThanOrEqual(row.observed);
    });
    // Wilson 95% for 8 of 10, computed in Python with z = scipy.stats.norm.ppf(0.975).
    expect(result.calibration[7]?.observedLower).toBeCloseTo(0.4901624715366418, 12);
    expect(result.calibration[7]?.observedUpper).toBeCloseTo(0.9433178485456248, 12);
    expect(result.calibration[9]?.observedUpper).toBe(1);
  });

  it('lift by decile, decile 1 = highest scores; tied scores at a boundary shared in proportion', () => {
    // Python: expected churned count per decile when ties are broken at random (overlap / block size).
    const expected: [number, number, number][] = [
      [6, 1.875, 0.1875],
      [4.5, 1.40625, 0.328125],
      [4.928571428571428, 1.5401785714285712, 0.4821428571428571],
      [4.571428571428571, 1.4285714285714286, 0.625],
      [4, 1.25, 0.75],
      [2.6666666666666665, 0.8333333333333333, 0.8333333333333334],
      [1.3333333333333333, 0.41666666666666663, 0.875],
      [1.3333333333333333, 0.41666666666666663, 0.9166666666666666],
      [1.6666666666666665, 0.5208333333333333, 0.96875],
      [1, 0.3125, 1],
    ];
    expect(result.lift).toHaveLength(10);
    result.lift.forEach((row, d) => {
      const [positives, lift, capture] = expected[d] as [number, number, number];
      expect(row.decile).toBe(d + 1);
      expect(row.n).toBe(6);
      expect(row.positives).toBeCloseTo(positives, 12);
      expect(row.lift).toBeCloseTo(lift, 12);
      expect(row.cumulativeCapture).toBeCloseTo(capture, 12);
    });
    expect(result.lift[0]?.maxScore).toBe(100);
    expect(result.lift[9]?.minScore).toBe(0);
  });

  it('the columnar form gives the same result', () => {
    const cols = evaluateRiskScoreColumns(Float64Array.from(SCORES), Uint8Array.from(CHURNED, Number));
    expect(cols).toEqual(result);
  });

  it('empty input: NaN figures with EMPTY; one outcome class: AUC NaN with ONE_CLASS', () => {
    const empty = evaluateRiskScore([], []);
    expect(empty.n).toBe(0);
    expect(empty.auc.value).toBeNaN();
    expect(empty.brier.value).toBeNaN();
    expect(empty.lift).toEqual([]);
    expect(empty.calibration.every((r) => r.n === 0 && Number.isNaN(r.observed))).toBe(true);
    expect(empty.warnings.map((w) => w.code)).toEqual(['EMPTY']);
    const none = evaluateRiskScore([10, 20, 30], [false, false, false]);
    expect(none.auc.value).toBeNaN();
    expect(none.brier.value).toBeCloseTo((0.01 + 0.04 + 0.09) / 3, 15);
    expect(none.warnings.map((w) => w.code)).toEqual(['ONE_CLASS']);
    const all = evaluateRiskScore([10, 20], [true, true]);
    expect(all.auc.value).toBeNaN();
    expect(all.warnings.map((w) => w.code)).toEqual(['ONE_CLASS']);
    expect(evaluateRiskScore([10, 90], [false, true]).warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE']);
  });

  it('bad input is a KehuValidationError with the index', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('expected a KehuValidationError');
    };
    expect(path(() => evaluateRiskScore([1, 2], [true]))).toEqual(['outcomes', 1]);
    expect(path(() => evaluateRiskScore([1, 101], [true, false]))).toEqual(['scores', 1]);
    expect(path(() => evaluateRiskScore([Number.NaN], [true]))).toEqual(['scores', 0]);
    expect(path(() => evaluateRiskScore([-1], [true]))).toEqual(['scores', 0]);
    expect(path(() => evaluateRiskScore([1, 2], [true, 1 as never]))).toEqual(['outcomes', 1]);
    expect(path(() => evaluateRiskScore([1], [true], { bins: 0 }))).toEqual(['bins']);
    expect(path(() => evaluateRiskScore([1], [true], { level: 1 }))).toEqual(['level']);
    expect(path(() => evaluateRiskScoreColumns(new Float64Array([1, Infinity]), new Uint8Array(2)))).toEqual([
      'scores',
      1,
    ]);
    expect(path(() => evaluateRiskScoreColumns(new Float64Array(2), new Uint8Array([0, 2])))).toEqual(['outcomes', 1]);
  });

  const holdout = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { minLength: 1, maxLength: 200 })
    .map((rows) => ({ scores: rows.map((r) => r[0]), outcomes: rows.map((r) => r[1]) }));

  it('property: AUC in [0, 1] inside its interval; reversed scores give 1 - AUC; no NaN with both classes', () => {
    fc.assert(
      fc.property(holdout, ({ scores, outcomes }) => {
        const r = evaluateRiskScore(scores, outcomes);
        const both = outcomes.includes(true) && outcomes.includes(false);
        if (!both) return Number.isNaN(r.auc.value);
        const flipped = evaluateRiskScore(
          scores.map((s) => 100 - s),
          outcomes,
        );
        return (
          r.auc.value >= 0 &&
          r.auc.value <= 1 &&
          Math.abs(flipped.auc.value - (1 - r.auc.value)) < 1e-12 &&
          Number.isFinite(r.brier.value) &&
          r.lift.every((row) => row.n === 0 || Number.isFinite(row.lift)) &&
          (Number.isNaN(r.auc.standardError) || (r.auc.lower <= r.auc.value && r.auc.value <= r.auc.upper))
        );
      }),
    );
  });

  it('property: results do not depend on the order of customers; capture reaches 1; counts add up', () => {
    fc.assert(
      fc.property(holdout, fc.integer(), ({ scores, outcomes }, seed) => {
        const idx = scores.map((_, i) => i);
        let s = seed >>> 0;
        for (let i = idx.length - 1; i > 0; i -= 1) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
        }
        const a = evaluateRiskScore(scores, outcomes);
        const b = evaluateRiskScore(
          idx.map((i) => scores[i] as number),
          idx.map((i) => outcomes[i] as boolean),
        );
        const sum = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0);
        const positives = a.positives;
        return (
          a.lift.every((row, d) => Math.abs(row.positives - (b.lift[d]?.positives ?? Number.NaN)) < 1e-9) &&
          sum(a.lift.map((r) => r.n)) === scores.length &&
          Math.abs(sum(a.lift.map((r) => r.positives)) - positives) < 1e-9 &&
          sum(a.calibration.map((r) => r.n)) === scores.length &&
          (positives === 0 || Math.abs((a.lift[9]?.cumulativeCapture ?? 0) - 1) < 1e-9)
        );
      }),
    );
  });
});
