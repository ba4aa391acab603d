import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitBgNbd } from './bg-nbd.js';
import { calibrationVersusHoldout, type HoldoutRow, holdoutError, holdoutPredictor } from './holdout.js';
import { type MbgNbdFit, mbgNbdConditionalExpectedPurchases } from './mbg-nbd.js';
import { type ParetoNbdFit, paretoNbdConditionalExpectedPurchases } from './pareto-nbd.js';
import { type RfmTransaction, rfmSummary } from './rfm-summary.js';
import { simulateParetoNbd } from './simulate.js';

const row = (frequency: number, frequencyHoldout: number, durationHoldout = 10): HoldoutRow => ({
  frequency,
  recency: frequency === 0 ? 0 : 5,
  T: 20,
  frequencyHoldout,
  durationHoldout,
});

describe('calibrationVersusHoldout (FHL 2005 figure 4)', () => {
  const rows = [row(0, 0), row(0, 1), row(1, 2), row(3, 1), row(7, 4), row(12, 8)];
  const predictor = (r: { frequency: number }, t: number) => (r.frequency + 1) * (t / 10);

  it('groups by calibration frequency 0 … 6 and 7+, with mean actual and predicted purchases', () => {
    const c = calibrationVersusHoldout(predictor, rows);
    expect(c.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(c.buckets[0]).toEqual({ frequency: 0, label: '0', customers: 2, actual: 0.5, predicted: 1 });
    expect(c.buckets[2]).toEqual({ frequency: 2, label: '2', customers: 0, actual: null, predicted: null });
    expect(c.buckets[7]).toEqual({ frequency: 7, label: '7+', customers: 2, actual: 6, predicted: 10.5 });
    expect(c.total).toEqual({ customers: 6, actual: 16, predicted: 1 + 1 + 2 + 4 + 8 + 13 });
    expect(c.warnings).toEqual([]);
  });

  it('pools from maxFrequency', () => {
    const c = calibrationVersusHoldout(predictor, rows, { maxFrequency: 2 });
    expect(c.buckets.map((b) => [b.label, b.customers])).toEqual([
      ['0', 2],
      ['1', 1],
      ['2+', 3],
    ]);
  });

  it('holdoutError: MAE and RMSE over customers', () => {
    const e = holdoutError(predictor, rows);
    // |0−1|, |1−1|, |2−2|, |1−4|, |4−8|, |8−13|
    expect(e.mae).toBeCloseTo((1 + 0 + 0 + 3 + 4 + 5) / 6, 12);
    expect(e.rmse).toBeCloseTo(Math.sqrt((1 + 9 + 16 + 25) / 6), 12);
    expect(e.totalActual).toBe(16);
  });

  it('dispatches a fit on its model to the conditional expected purchases of that model', () => {
    const r = { frequency: 2, recency: 30.43, T: 38.86 };
    const pareto = { model: 'pareto-nbd', r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 } as ParetoNbdFit;
    expect(holdoutPredictor(pareto)(r, 39)).toBe(paretoNbdConditionalExpectedPurchases(pareto, r, 39));
    const mbg = { model: 'mbg-nbd', r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } as MbgNbdFit;
    expect(holdoutPredictor(mbg)(r, 39)).toBe(mbgNbdConditionalExpectedPurchases(mbg, r, 39));
    expect(() => holdoutPredictor({ model: 'gamma-gamma' } as unknown as MbgNbdFit)).toThrow(KehuValidationError);
  });

  it('passes the predictor the holdout length of each row', () => {
    const seen: number[] = [];
    holdoutError(
      (_r, t) => {
        seen.push(t);
        return 0;
      },
      [row(0, 0, 3), row(1, 0, 52)],
    );
    expect(seen).toEqual([3, 52]);
  });

  it('warns EMPTY (figures NaN) without rows and NO_HOLDOUT without a holdout period', () => {
    const e = holdoutError(predictor, []);
    expect(Number.isNaN(e.mae)).toBe(true);
    expect(e.warnings.map((w) => w.code)).toEqual(['EMPTY']);
    expect(calibrationVersusHoldout(predictor, [row(1, 0, 0)]).warnings.map((w) => w.code)).toEqual(['NO_HOLDOUT']);
  });

  it('refuses bad rows and predictions with a KehuValidationError naming the row and field', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      return null;
    };
    expect(path(() => holdoutError(predictor, [row(1, 0), { ...row(1, 0), recency: 30 }]))).toEqual([1, 'recency']);
    expect(path(() => holdoutError(predictor, [row(1, -1)]))).toEqual([0, 'frequencyHoldout']);
    expect(path(() => holdoutError(predictor, [row(1, 0, Number.NaN)]))).toEqual([0, 'durationHoldout']);
    expect(path(() => holdoutError(() => Number.NaN, [row(1, 0)]))).toEqual([0, 'predicted']);
    expect(path(() => calibrationVersusHoldout(predictor, [], { maxFrequency: 0 }))).toEqual(['maxFrequency']);
  });

  it('property: bucket customers add up to the total and the weighted bucket means to the totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        (pairs, maxFrequency) => {
          const c = calibrationVersusHoldout(
            predictor,
            pairs.map(([x, y]) => row(x, y)),
            { maxFrequency },
          );
          expect(c.buckets.reduce((s, b) => s + b.customers, 0)).toBe(pairs.length);
          const actual = c.buckets.reduce((s, b) => s + (b.actual ?? 0) * b.customers, 0);
          expect(actual).toBeCloseTo(c.total.actual, 9);
        },
      ),
    );
  });

  it('an exact model has holdout totals within noise of the observed ones (Pareto/NBD simulation)', () => {
    // Every customer predicted the population's unconditional purchases in (39, 78]: E[X(78)] − E[X(39)].
    const params = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    const rows = simulateParetoNbd(params, { customers: 20_000, T: 39, holdout: 39, seed: 23 });
    // Unconditional E[X(t)] of Pareto/NBD (SMC 1987): (rβ/(α(s−1))) [1 − (β/(β+t))^(s−1)].
    const ex = (t: number) =>
      ((params.r * params.beta) / (params.alpha * (params.s - 1))) *
      (1 - (params.beta / (params.beta + t)) ** (params.s - 1));
    const perCustomer = ex(78) - ex(39);
    const e = holdoutError(() => perCustomer, rows);
    expect(e.totalPredicted).toBeCloseTo(perCustomer * 20_000, 6);
    expect(Math.abs(e.totalActual - e.totalPredicted) / e.totalPredicted).toBeLessThan(0.1);
  });
});

describe('calibration versus holdout on CDNOW, BG/NBD (FHL 2005 figure 4, weeks 40-78)', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'test-fixtures', 'cdnow', 'CDNOW_sample.txt'), 'utf8');
  const transactions: RfmTransaction[] = text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 5)
    .map((f) => {
      const d = f[2] as string;
      const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      return { customerId: f[1] as string, occurredAt: new Date(`${date}T12:00:00+08:00`), amount: f[4] as string };
    });
  const summary = rfmSummary(transactions, {
    period: 'week',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
  });

  it('matches per bucket the conditional expectations computed with SciPy at the published parameters', () => {
    // Python: FHL eq. 10 with scipy.special.hyp2f1 at lifetimes' r 0.242593, α 4.413532, a 0.792886,
    // b 2.425752, t = 39, over cdnow_sample_cal39_holdout39_weeks.csv with recency and T as days / 7.
    const expected: [number, number, number, number][] = [
      [0, 1411, 0.236712, 0.225086],
      [1, 439, 0.697039, 0.523127],
      [2, 214, 1.392523, 1.044137],
      [3, 100, 1.56, 1.520291],
      [4, 62, 2.532258, 2.163888],
      [5, 38, 2.947368, 2.653877],
      [6, 29, 3.862069, 3.504089],
      [7, 64, 6.359375, 6.157278],
    ];
    const fit = fitBgNbd(summary.rows);
    const c = calibrationVersusHoldout(fit, summary.rows);
    c.buckets.forEach((b, k) => {
      const [frequency, customers, actual, predicted] = expected[k] as [number, number, number, number];
      expect(b.frequency).toBe(frequency);
      expect(b.customers).toBe(customers);
      expect(b.actual).toBeCloseTo(actual, 6);
      expect(Math.abs((b.predicted as number) - predicted)).toBeLessThan(1e-4);
    });
    expect(c.total.actual).toBe(1882);
    expect(Math.abs(c.total.predicted - 1653.4161)).toBeLessThan(0.1);
    const e = holdoutError(fit, summary.rows);
    expect(Math.abs(e.mae - 0.785454)).toBeLessThan(1e-4);
    expect(Math.abs(e.rmse - 1.607982)).toBeLessThan(1e-4);
  });
});
