import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KehuValidationError, seededRandom } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgBbColumns,
  bgBbConditionalExpectedPurchases,
  bgBbExpectedPurchases,
  bgBbLogLikelihood,
  bgBbProbabilityAlive,
  bgBbProbabilityOfPurchases,
  bgBbTotalLogLikelihood,
  fitBgBb,
  fitBgBbColumns,
} from './bg-bb.js';

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-values.json'), 'utf8')).bgbb_donations as {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
  palive_table6: Record<string, number>;
  sum_cond_exp_5_periods: number;
  expected_in_first_n_periods_cells: Record<string, number>;
};

/** donations.csv: `frequency,recency,periods,weights`, 22 patterns of 11,104 donors over 6 opportunities. */
const donations = readFileSync(join(FIXTURES, 'donations.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [frequency, recency, periods, weight] = line.split(',').map(Number) as [number, number, number, number];
    return { frequency, recency, periods, weight };
  });

describe('fitBgBb reproduces bgbb_donations (Fader, Hardie & Shang 2010; lifetimes tests)', () => {
  const fit = fitBgBb(donations);

  it('α 1.204, β 0.750, γ 0.657, δ 2.783 to two decimals', () => {
    expect(fit.model).toBe('bg-bb');
    expect(fit.customers).toBe(11104);
    expect(fit.rows).toBe(22);
    expect(fit.alpha).toBeCloseTo(reference.alpha, 2);
    expect(fit.beta).toBeCloseTo(reference.beta, 2);
    expect(fit.gamma).toBeCloseTo(reference.gamma, 2);
    expect(fit.delta).toBeCloseTo(reference.delta, 2);
    // scipy.optimize.minimize on eq. 5: 1.2035222, 0.7497163, 0.6567182, 2.7834425, LL −33225.581274.
    expect(fit.alpha).toBeCloseTo(1.2035222, 4);
    expect(fit.delta).toBeCloseTo(2.7834425, 4);
    expect(fit.logLikelihood).toBeCloseTo(-33225.581274, 4);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.standardErrors).not.toBeNull();
  });

  it('Table 6: P(alive in the next opportunity) for (x, tx) = (0, 0), (2, 4), (6, 6) to two decimals', () => {
    for (const [key, value] of Object.entries(reference.palive_table6)) {
      const [x, tx] = key.slice(1, -1).split(',').map(Number) as [number, number];
      const p = bgBbProbabilityAlive(fit, { frequency: x, recency: tx, periods: 6 }, { horizon: 1 });
      expect(p).toBeCloseTo(value, 2);
    }
  });

  it('the donors’ expected donations over the next 5 opportunities sum to 12884.2 (Hardie’s sheet, ±1.5)', () => {
    let total = 0;
    for (const row of donations) total += row.weight * bgBbConditionalExpectedPurchases(fit, row, 5);
    expect(Math.abs(total - reference.sum_cond_exp_5_periods)).toBeLessThan(1.5);
  });

  it('expected donors with 0 and 6 of 6 donations: 3454.9 and 1253.1 (the in-sample fit sheet, ±1.5)', () => {
    for (const [x, value] of Object.entries(reference.expected_in_first_n_periods_cells)) {
      expect(Math.abs(11104 * bgBbProbabilityOfPurchases(fit, 6, Number(x)) - value)).toBeLessThan(1.5);
    }
  });

  it('the columnar fit matches the row fit', () => {
    const columnar = fitBgBbColumns({
      frequency: donations.map((r) => r.frequency),
      recency: donations.map((r) => r.recency),
      periods: donations.map((r) => r.periods),
      weight: donations.map((r) => r.weight),
    });
    expect(columnar.gamma).toBeCloseTo(fit.gamma, 8);
  });
});

describe('BG/BB at fixed parameters (values from scipy.special.betaln on eqs. 5, 7, 8, 11, 13)', () => {
  const params = {
    alpha: 1.2035222224748703,
    beta: 0.7497162943493463,
    gamma: 0.6567182332933087,
    delta: 2.7834425146104653,
  };
  it('log-likelihood per row', () => {
    const unit = { alpha: 1, beta: 1, gamma: 1, delta: 1 };
    expect(bgBbLogLikelihood(unit, { frequency: 0, recency: 0, periods: 6 })).toBeCloseTo(-0.42364813, 7);
    expect(bgBbLogLikelihood(unit, { frequency: 1, recency: 2, periods: 6 })).toBeCloseTo(-3.73315601, 7);
    expect(bgBbLogLikelihood(params, { frequency: 0, recency: 0, periods: 6 })).toBeCloseTo(-1.16751711, 7);
  });
  it('probability alive at the end of the data and one opportunity later', () => {
    expect(bgBbProbabilityAlive(params, { frequency: 0, recency: 0, periods: 6 })).toBeCloseTo(0.11621818, 7);
    expect(bgBbProbabilityAlive(params, { frequency: 3, recency: 5, periods: 6 }, { horizon: 1 })).toBeCloseTo(
      0.766826,
      6,
    );
    expect(bgBbProbabilityAlive(params, { frequency: 6, recency: 6, periods: 6 })).toBe(1);
  });
  it('conditional and unconditional expectations', () => {
    expect(bgBbConditionalExpectedPurchases(params, { frequency: 0, recency: 0, periods: 6 }, 5)).toBeCloseTo(
      0.07286335,
      7,
    );
    expect(bgBbConditionalExpectedPurchases(params, { frequency: 3, recency: 5, periods: 6 }, 10)).toBeCloseTo(
      3.22528395,
      7,
    );
    expect(bgBbExpectedPurchases(params, 1)).toBeCloseTo(0.49854269164931214, 10);
    expect(bgBbExpectedPurchases(params, 6)).toBeCloseTo(2.2201693660720667, 10);
    expect(bgBbExpectedPurchases(params, 11)).toBeCloseTo(3.3886542671421966, 10);
  });
});

describe('bgBbTotalLogLikelihood gradient', () => {
  it('matches central differences of the log-likelihood in the log-parameters', () => {
    const columns = bgBbColumns(donations);
    for (const point of [
      [1.2, 0.75, 0.66, 2.8],
      [0.3, 4, 2, 0.5],
      [15, 0.2, 0.999, 40],
    ] as const) {
      const gradient = new Float64Array(4);
      bgBbTotalLogLikelihood(point[0], point[1], point[2], point[3], columns, gradient);
      for (let k = 0; k < 4; k++) {
        const h = 1e-6;
        const up = point.map((v, j) => (j === k ? v * Math.exp(h) : v)) as [number, number, number, number];
        const down = point.map((v, j) => (j === k ? v * Math.exp(-h) : v)) as [number, number, number, number];
        const numeric = (bgBbTotalLogLikelihood(...up, columns) - bgBbTotalLogLikelihood(...down, columns)) / (2 * h);
        expect(Math.abs((gradient[k] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });
});

describe('BG/BB invariants (fast-check)', () => {
  const positive = fc.double({ min: 0.01, max: 100, noNaN: true });
  const row = fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }))
    .map(([a, b, c]) => {
      const [x, tx, n] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
      return x === 0 ? { frequency: 0, recency: 0, periods: n } : { frequency: x, recency: tx, periods: n };
    });
  it('P(alive) in [0, 1]; conditional expectations ≥ 0, non-decreasing in the horizon; no NaN (γ near 1 too)', () => {
    fc.assert(
      fc.property(
        positive,
        positive,
        fc.oneof(positive, fc.double({ min: 1 - 1e-6, max: 1 + 1e-6, noNaN: true })),
        positive,
        row,
        fc.integer({ min: 0, max: 200 }),
        (alpha, beta, gamma, delta, r, m) => {
          const params = { alpha, beta, gamma, delta };
          const p = bgBbProbabilityAlive(params, r);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          const e1 = bgBbConditionalExpectedPurchases(params, r, m);
          const e2 = bgBbConditionalExpectedPurchases(params, r, m + 1);
          expect(Number.isFinite(e1)).toBe(true);
          expect(e1).toBeGreaterThanOrEqual(0);
          expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-9));
          const u = bgBbExpectedPurchases(params, m);
          expect(Number.isFinite(u) && u >= 0 && u <= m + 1e-9).toBe(true);
        },
      ),
    );
  });
  it('the probabilities of 0..n purchases sum to 1 and give the unconditional mean', () => {
    fc.assert(
      fc.property(
        positive,
        positive,
        positive,
        positive,
        fc.integer({ min: 0, max: 12 }),
        (alpha, beta, gamma, delta, n) => {
          const params = { alpha, beta, gamma, delta };
          let total = 0;
          let mean = 0;
          for (let x = 0; x <= n; x++) {
            const p = bgBbProbabilityOfPurchases(params, n, x);
            total += p;
            mean += x * p;
          }
          expect(total).toBeCloseTo(1, 9);
          expect(Math.abs(mean - bgBbExpectedPurchases(params, n))).toBeLessThan(1e-7 * Math.max(1, n));
        },
      ),
    );
  });
});

describe('fitBgBb on extreme data (fast-check)', () => {
  it('never returns NaN parameters: nobody buys, everybody always buys, a single row, 500 opportunities', () => {
    const row = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
      .map(([a, b, c]) => {
        const [x, tx, n] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
        return x === 0 ? { frequency: 0, recency: 0, periods: n } : { frequency: x, recency: tx, periods: n };
      });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        const fit = fitBgBb(rows);
        for (const value of [fit.alpha, fit.beta, fit.gamma, fit.delta, fit.logLikelihood]) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
    for (const rows of [[{ frequency: 0, recency: 0, periods: 6 }], [{ frequency: 6, recency: 6, periods: 6 }]]) {
      const fit = fitBgBb(rows);
      expect(Number.isFinite(fit.alpha) && Number.isFinite(fit.delta)).toBe(true);
      expect(fit.diagnostics.warnings.length).toBeGreaterThan(0);
    }
  });
});

describe('BG/BB parameter recovery on simulated data', () => {
  it('recovers α 1.2, β 0.75, γ 0.66, δ 2.8 from 20,000 simulated donors over 8 opportunities within 25%', async () => {
    const { sampleBeta } = await import('./random.js');
    const random = seededRandom(2010);
    const rows = [];
    for (let i = 0; i < 20000; i++) {
      const p = sampleBeta(random, 1.2, 0.75);
      const theta = sampleBeta(random, 0.66, 2.8);
      let x = 0;
      let tx = 0;
      for (let t = 1; t <= 8; t++) {
        if (random.next() < theta) break;
        if (random.next() < p) {
          x++;
          tx = t;
        }
      }
      rows.push({ frequency: x, recency: tx, periods: 8 });
    }
    const fit = fitBgBb(rows);
    const truth = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };
    for (const [name, value] of Object.entries(truth)) {
      expect(Math.abs(fit[name as keyof typeof truth] / value - 1)).toBeLessThan(0.25);
    }
  });
});

describe('BG/BB refuses bad input with a KehuValidationError naming the row and field', () => {
  const path = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(KehuValidationError);
      return (error as KehuValidationError).path;
    }
    throw new Error('expected a refusal');
  };
  it('recency beyond periods, frequency beyond recency, fractions, empty data, bad parameters', () => {
    expect(path(() => fitBgBb([{ frequency: 1, recency: 7, periods: 6 }]))).toEqual([0, 'recency']);
    expect(
      path(() =>
        fitBgBb([
          { frequency: 0, recency: 0, periods: 6 },
          { frequency: 3, recency: 2, periods: 6 },
        ]),
      ),
    ).toEqual([1, 'frequency']);
    expect(path(() => fitBgBb([{ frequency: 0, recency: 2, periods: 6 }]))).toEqual([0, 'recency']);
    expect(path(() => fitBgBb([{ frequency: 1.5, recency: 2, periods: 6 }]))).toEqual([0, 'frequency']);
    expect(path(() => fitBgBb([{ frequency: 1, recency: 2, periods: Number.NaN }]))).toEqual([0, 'periods']);
    expect(path(() => fitBgBb([]))).toEqual([]);
    const params = { alpha: 1, beta: 1, gamma: 1, delta: 1 };
    expect(
      path(() => bgBbProbabilityAlive({ ...params, delta: -1 }, { frequency: 0, recency: 0, periods: 1 })),
    ).toEqual(['delta']);
    expect(path(() => bgBbConditionalExpectedPurchases(params, { frequency: 0, recency: 0, periods: 1 }, 1.5))).toEqual(
      ['future'],
    );
  });
});
