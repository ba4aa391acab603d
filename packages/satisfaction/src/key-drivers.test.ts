import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KeyDriverRow, keyDrivers, keyDriversFromColumns } from './key-drivers.js';
import { seededRandom } from './seeded-random.js';

/**
 * R's `mtcars` (Henderson and Velleman 1981): mpg, cyl, disp, hp, wt of the 32 cars. The published output of
 * `rwa::rwa_multiregress(mtcars, "mpg", c("cyl", "disp", "hp", "wt"))` (martinctc.github.io/rwa, "regression
 * methods") gives the raw relative weights cyl 0.2096904, disp 0.1883043, hp 0.1799590, wt 0.2706812.
 */
const MTCARS = `21.0 6 160.0 110 2.620|21.0 6 160.0 110 2.875|22.8 4 108.0 93 2.320|21.4 6 258.0 110 3.215
18.7 8 360.0 175 3.440|18.1 6 225.0 105 3.460|14.3 8 360.0 245 3.570|24.4 4 146.7 62 3.190|22.8 4 140.8 95 3.150
19.2 6 167.6 123 3.440|17.8 6 167.6 123 3.440|16.4 8 275.8 180 4.070|17.3 8 275.8 180 3.730|15.2 8 275.8 180 3.780
10.4 8 472.0 205 5.250|10.4 8 460.0 215 5.424|14.7 8 440.0 230 5.345|32.4 4 78.7 66 2.200|30.4 4 75.7 52 1.615
33.9 4 71.1 65 1.835|21.5 4 120.1 97 2.465|15.5 8 318.0 150 3.520|15.2 8 304.0 150 3.435|13.3 8 350.0 245 3.840
19.2 8 400.0 175 3.845|27.3 4 79.0 66 1.935|26.0 4 120.3 91 2.140|30.4 4 95.1 113 1.513|15.8 8 351.0 264 3.170
19.7 6 145.0 175 2.770|15.0 8 301.0 335 3.570|21.4 4 121.0 109 2.780`
  .split(/[|\n]/)
  .map((line) => {
    const [mpg, cyl, disp, hp, wt] = line.trim().split(' ').map(Number);
    return { overall: mpg!, indicators: { cyl: cyl!, disp: disp!, hp: hp!, wt: wt! } };
  });

/** Survey-like rows: integer scores 1-5 on `p` indicators, overall driven by the first ones, from a seed. */
function surveyRows(n: number, p: number, seed: number): KeyDriverRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const common = random.next();
    const indicators: Record<string, number> = {};
    let driven = 0;
    for (let j = 0; j < p; j++) {
      const value = 1 + Math.min(4, Math.floor(5 * (0.5 * common + 0.5 * random.next())));
      indicators[`i${j}`] = value;
      driven += value / (j + 1);
    }
    return { overall: Math.round(driven + 2 * random.next()), indicators };
  });
}

function validationError(f: () => unknown): KehuValidationError {
  try {
    f();
  } catch (error) {
    if (error instanceof KehuValidationError) return error;
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}

describe('keyDrivers: relative weights of the SA-3 indicators (Johnson 2000)', () => {
  it('SA-3: two orthogonal predictors get weights r² and betas r (hand computation)', () => {
    // x1, x2 and x1*x2 are mutually orthogonal contrasts; overall = 2 x1 + x2 + x1 x2, so var = 6,
    // r1 = 2 / sqrt 6, r2 = 1 / sqrt 6, R² = 5 / 6.
    const rows: KeyDriverRow[] = [];
    for (let block = 0; block < 10; block++) {
      for (const [a, b] of [
        [1, 1],
        [-1, 1],
        [1, -1],
        [-1, -1],
      ] as const) {
        rows.push({ overall: 2 * a + b + a * b, indicators: { attitude: a, 'response-speed': b } });
      }
    }
    const result = keyDrivers(rows, { bootstrap: 0 });
    expect(result.estimate).toBeCloseTo(5 / 6, 14);
    expect(result.n).toBe(40);
    const [first, second] = result.drivers;
    expect(first).toMatchObject({ indicator: 'attitude', rank: 1 });
    expect(first!.weight).toBeCloseTo(4 / 6, 14);
    expect(first!.beta).toBeCloseTo(2 / Math.sqrt(6), 14);
    expect(first!.correlation).toBeCloseTo(2 / Math.sqrt(6), 14);
    expect(first!.share).toBeCloseTo(80, 12);
    expect(second).toMatchObject({ indicator: 'response-speed', rank: 2 });
    expect(second!.weight).toBeCloseTo(1 / 6, 14);
    expect(second!.share).toBeCloseTo(20, 12);
  });

  it('SA-3: two correlated predictors match the closed form of Lambda = R^(1/2) for a 2 x 2 R', () => {
    const rows = surveyRows(200, 2, 5);
    const result = keyDrivers(rows, { bootstrap: 0 });
    const x = rows.map((r) => [r.indicators.i0!, r.indicators.i1!, r.overall!]);
    const corr = (j: number, k: number): number => {
      const mean = (c: number) => x.reduce((s, r) => s + r[c]!, 0) / x.length;
      const [mj, mk] = [mean(j), mean(k)];
      const sjk = x.reduce((s, r) => s + (r[j]! - mj) * (r[k]! - mk), 0);
      const sjj = x.reduce((s, r) => s + (r[j]! - mj) ** 2, 0);
      const skk = x.reduce((s, r) => s + (r[k]! - mk) ** 2, 0);
      return sjk / Math.sqrt(sjj * skk);
    };
    const [rho, r1, r2] = [corr(0, 1), corr(0, 2), corr(1, 2)];
    // R = [[1, rho], [rho, 1]] has eigenvalues 1 ± rho on (1, ±1) / sqrt 2, so Lambda = [[a, b], [b, a]].
    const a = (Math.sqrt(1 + rho) + Math.sqrt(1 - rho)) / 2;
    const b = (Math.sqrt(1 + rho) - Math.sqrt(1 - rho)) / 2;
    const det = a * a - b * b;
    const beta1 = (a * r1 - b * r2) / det;
    const beta2 = (a * r2 - b * r1) / det;
    const byName = Object.fromEntries(result.drivers.map((d) => [d.indicator, d]));
    expect(byName.i0!.weight).toBeCloseTo(a * a * beta1 ** 2 + b * b * beta2 ** 2, 12);
    expect(byName.i1!.weight).toBeCloseTo(b * b * beta1 ** 2 + a * a * beta2 ** 2, 12);
    // R² of two predictors: (r1² + r2² - 2 rho r1 r2) / (1 - rho²); betas (r1 - rho r2) / (1 - rho²).
    expect(result.estimate).toBeCloseTo((r1 ** 2 + r2 ** 2 - 2 * rho * r1 * r2) / (1 - rho ** 2), 12);
    expect(byName.i0!.beta).toBeCloseTo((r1 - rho * r2) / (1 - rho ** 2), 12);
    expect(byName.i1!.beta).toBeCloseTo((r2 - rho * r1) / (1 - rho ** 2), 12);
  });

  it('SA-3: reproduces the published rwa output on mtcars (mpg on cyl, disp, hp, wt)', () => {
    const result = keyDrivers(MTCARS, { bootstrap: 0, minN: 0 });
    const weights = Object.fromEntries(result.drivers.map((d) => [d.indicator, d.weight]));
    expect(weights.cyl).toBeCloseTo(0.2096904, 7);
    expect(weights.disp).toBeCloseTo(0.1883043, 7);
    expect(weights.hp).toBeCloseTo(0.179959, 7);
    expect(weights.wt).toBeCloseTo(0.2706812, 7);
    // Published rescaled weights, and R² of lm(mpg ~ cyl + disp + hp + wt) = 0.8486.
    expect(result.drivers.find((d) => d.indicator === 'wt')!.share).toBeCloseTo(31.89607, 4);
    expect(result.estimate).toBeCloseTo(0.8486349, 6);
    expect(result.drivers.map((d) => d.indicator)).toEqual(['wt', 'cyl', 'disp', 'hp']);
    expect(result.drivers.map((d) => d.rank)).toEqual([1, 2, 3, 4]);
    expect(result.warnings).toEqual([{ code: 'NO_INTERVAL', message: expect.any(String) }]);
  });

  it("SA-3: weights are non-negative and sum to R² = r' R^-1 r = sum of beta_j r_j; shares sum to 100 (prop.)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 30, max: 80 }), fc.integer(), (p, n, seed) => {
        const result = keyDrivers(surveyRows(n, p, seed), { bootstrap: 0 });
        fc.pre(result.warnings.every((w) => w.code !== 'NO_VARIANCE' && w.code !== 'COLLINEAR'));
        const sum = result.drivers.reduce((s, d) => s + d.weight, 0);
        const betaR = result.drivers.reduce((s, d) => s + d.beta * d.correlation, 0);
        expect(result.drivers.every((d) => d.weight >= -1e-15)).toBe(true);
        expect(Math.abs(sum - result.estimate)).toBeLessThan(1e-12);
        expect(Math.abs(betaR - result.estimate)).toBeLessThan(1e-10);
        expect(Math.abs(result.drivers.reduce((s, d) => s + d.share, 0) - 100)).toBeLessThan(1e-9);
        expect(result.estimate).toBeGreaterThanOrEqual(0);
        expect(result.estimate).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('SA-3: the order of rows and of indicator keys changes nothing, intervals included (property)', () => {
    const rows = surveyRows(60, 3, 11);
    const expected = keyDrivers(rows, { bootstrap: 50 });
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        const reordered = shuffled.map((r) => ({
          overall: r.overall,
          indicators: Object.fromEntries(Object.entries(r.indicators).reverse()),
        }));
        expect(keyDrivers(reordered, { bootstrap: 50 })).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });

  it('SA-3: the same seed gives the same intervals; another seed other intervals; the input is not mutated', () => {
    const rows = surveyRows(120, 3, 3);
    const copy = structuredClone(rows);
    const a = keyDrivers(rows, { seed: 42, bootstrap: 200 });
    const b = keyDrivers(rows, { seed: 42, bootstrap: 200 });
    const c = keyDrivers(rows, { seed: 43, bootstrap: 200 });
    expect(b).toEqual(a);
    expect(c.drivers.map((d) => d.weight)).toEqual(a.drivers.map((d) => d.weight));
    expect(c.drivers[0]!.ci).not.toEqual(a.drivers[0]!.ci);
    expect(a.bootstrap).toEqual({ resamples: 200, used: 200, seed: 42 });
    expect(rows).toEqual(copy);
  });

  it('SA-3: bootstrap intervals bracket a clear effect and narrow as n grows', () => {
    const small = keyDrivers(surveyRows(100, 3, 8), { bootstrap: 300 });
    const large = keyDrivers(surveyRows(2000, 3, 8), { bootstrap: 300 });
    for (const result of [small, large]) {
      expect(result.ci.lower).toBeLessThan(result.estimate);
      expect(result.ci.upper).toBeGreaterThan(result.estimate);
      expect(result.ci.level).toBe(0.95);
    }
    const width = (r: typeof small, name: string) => {
      const d = r.drivers.find((x) => x.indicator === name)!;
      return d.ci.upper - d.ci.lower;
    };
    for (const name of ['i0', 'i1', 'i2']) expect(width(large, name)).toBeLessThan(width(small, name));
    expect(large.ci.upper - large.ci.lower).toBeLessThan(small.ci.upper - small.ci.lower);
  });

  it('SA-3: the result explains itself: rule, method, source, n and the rows left out', () => {
    const rows: KeyDriverRow[] = [
      ...surveyRows(40, 2, 1),
      { overall: null, indicators: { i0: 3, i1: 4 } },
      { overall: 4, indicators: { i0: 3 } },
      { overall: 4, indicators: { i0: Number.NaN, i1: 2 } },
      { overall: 4, indicators: { i0: undefined, i1: 2 } },
    ];
    const result = keyDrivers(rows, { bootstrap: 20 });
    expect(result.n).toBe(40);
    expect(result.excluded).toBe(4);
    expect(result.rules).toEqual(['SA-3']);
    expect(result.method).toBe('relative weights (Johnson 2000), percentile bootstrap');
    expect(result.source).toContain('Multivariate Behavioral Research, 35(1)');
    expect(result.warnings).toEqual([]);
  });

  it('SA-3: fewer than 10 complete responses per indicator carry SMALL_SAMPLE; minN overrides the default', () => {
    const rows = surveyRows(25, 3, 2);
    expect(keyDrivers(rows, { bootstrap: 10 }).warnings.map((w) => w.code)).toContain('SMALL_SAMPLE');
    expect(keyDrivers(rows, { bootstrap: 10, minN: 20 }).warnings.map((w) => w.code)).not.toContain('SMALL_SAMPLE');
    expect(keyDrivers(surveyRows(30, 3, 2), { bootstrap: 10 }).warnings.map((w) => w.code)).not.toContain(
      'SMALL_SAMPLE',
    );
    const tiny = keyDrivers(surveyRows(3, 2, 2), { bootstrap: 10 });
    expect(tiny.warnings.find((w) => w.code === 'SMALL_SAMPLE')!.message).toContain('fits exactly');
  });

  it('SA-3: no complete response gives NaN with EMPTY, never 0 or null', () => {
    for (const rows of [[], [{ overall: null, indicators: { i0: 1 } }]] as KeyDriverRow[][]) {
      const result = keyDrivers(rows, { indicators: ['i0'] });
      expect(result.estimate).toBeNaN();
      expect(result.ci.lower).toBeNaN();
      expect(result.warnings.map((w) => w.code)).toContain('EMPTY');
      expect(result.drivers).toEqual([expect.objectContaining({ indicator: 'i0', weight: Number.NaN, rank: null })]);
    }
  });

  it('SA-3: a constant indicator is named, left out with NaN figures, and the rest still sum to R²', () => {
    const rows = surveyRows(80, 2, 4).map((r) => ({ ...r, indicators: { ...r.indicators, innovation: 3 } }));
    const result = keyDrivers(rows, { bootstrap: 20 });
    const warning = result.warnings.find((w) => w.code === 'NO_VARIANCE')!;
    expect(warning.message).toContain('innovation');
    const innovation = result.drivers.at(-1)!;
    expect(innovation).toMatchObject({ indicator: 'innovation', rank: null });
    expect(innovation.weight).toBeNaN();
    const sum = result.drivers.slice(0, 2).reduce((s, d) => s + d.weight, 0);
    expect(sum).toBeCloseTo(result.estimate, 12);
  });

  it('SA-3: a constant overall score gives NaN with NO_VARIANCE', () => {
    const rows = surveyRows(50, 2, 4).map((r) => ({ ...r, overall: 5 }));
    const result = keyDrivers(rows);
    expect(result.estimate).toBeNaN();
    expect(result.warnings.map((w) => w.code)).toEqual(['NO_VARIANCE']);
    expect(result.warnings[0]!.message).toContain('overall');
  });

  it('SA-3: collinear indicators are named; duplicates split their weight equally and weights still sum to R²', () => {
    const base = surveyRows(100, 2, 6);
    const duplicated = base.map((r) => ({
      overall: r.overall,
      indicators: { ...r.indicators, copy: 2 * r.indicators.i0! + 1 },
    }));
    const result = keyDrivers(duplicated, { bootstrap: 30 });
    const warning = result.warnings.find((w) => w.code === 'COLLINEAR')!;
    expect(warning.message).toContain('copy, i0');
    expect(warning.message).not.toContain('i1');
    const byName = Object.fromEntries(result.drivers.map((d) => [d.indicator, d]));
    expect(byName.copy!.weight).toBeCloseTo(byName.i0!.weight, 10);
    expect(result.drivers.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(result.estimate, 12);
    // The model with the duplicate explains what the model without it explains.
    expect(result.estimate).toBeCloseTo(keyDrivers(base, { bootstrap: 0 }).estimate, 10);
    expect(byName.copy!.weight + byName.i0!.weight).toBeGreaterThan(0);

    const sum = base.map((r) => ({
      overall: r.overall,
      indicators: { ...r.indicators, total: r.indicators.i0! + r.indicators.i1! },
    }));
    const three = keyDrivers(sum, { bootstrap: 0 });
    expect(three.warnings.find((w) => w.code === 'COLLINEAR')!.message).toContain('i0, i1, total');
    expect(three.drivers.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(three.estimate, 12);
  });

  it('SA-3: columns give exactly the result rows give; NaN in a Float64Array is a missing value', () => {
    const rows = surveyRows(70, 3, 9);
    rows[5] = { overall: rows[5]!.overall, indicators: { ...rows[5]!.indicators, i1: null } };
    const columns = {
      overall: Float64Array.from(rows, (r) => r.overall ?? Number.NaN),
      indicators: Object.fromEntries(
        ['i2', 'i0', 'i1'].map((name) => [name, Float64Array.from(rows, (r) => r.indicators[name] ?? Number.NaN)]),
      ),
    };
    const fromColumns = keyDriversFromColumns(columns, { bootstrap: 40 });
    expect(fromColumns).toEqual(keyDrivers(rows, { bootstrap: 40 }));
    expect(fromColumns.excluded).toBe(1);
  });

  it('SA-3: the indicators option selects indicators and treats a row without one as missing', () => {
    const rows = surveyRows(60, 3, 12);
    const selected = keyDrivers(rows, { indicators: ['i1', 'i0'], bootstrap: 0 });
    expect(selected.drivers.map((d) => d.indicator).sort()).toEqual(['i0', 'i1']);
    const withGap = keyDrivers([...rows, { overall: 3, indicators: { i0: 2 } }], { indicators: ['i0', 'i1'] });
    expect(withGap.excluded).toBe(1);
  });

  it('SA-3: bad input is a KehuValidationError with the path of the bad field', () => {
    const rows = surveyRows(20, 2, 1);
    const bad = (row: unknown) => validationError(() => keyDrivers([...rows, row as KeyDriverRow])).path;
    expect(bad({ overall: '4', indicators: { i0: 1, i1: 1 } })).toEqual([20, 'overall']);
    expect(bad({ overall: 4, indicators: { i0: 1, i1: Number.POSITIVE_INFINITY } })).toEqual([20, 'indicators', 'i1']);
    expect(bad({ overall: 4 })).toEqual([20, 'indicators']);
    expect(bad(null)).toEqual([20]);
    expect(validationError(() => keyDrivers(rows, { level: 1.5 })).path).toEqual(['level']);
    expect(validationError(() => keyDrivers(rows, { seed: 0.5 })).path).toEqual(['seed']);
    expect(validationError(() => keyDrivers(rows, { bootstrap: -1 })).path).toEqual(['bootstrap']);
    expect(validationError(() => keyDrivers(rows, { extra: 1 } as never)).issues.length).toBeGreaterThan(0);
    expect(validationError(() => keyDrivers([], {})).path).toEqual(['indicators']);
    const columns = { overall: [1, 2, 3], indicators: { a: [1, 2, 3], b: [1, 2] } };
    expect(validationError(() => keyDrivers(columns as never)).path).toEqual([]);
    expect(validationError(() => keyDriversFromColumns(rows as never)).path).toEqual([]);
    expect(validationError(() => keyDriversFromColumns(columns)).path).toEqual(['indicators', 'b']);
    expect(
      validationError(() => keyDriversFromColumns({ ...columns, indicators: { a: ['x', 2, 3] } } as never)).path,
    ).toEqual(['indicators', 'a', 0]);
    expect(validationError(() => keyDriversFromColumns(columns, { indicators: ['zzz'] })).path).toEqual([
      'indicators',
      'zzz',
    ]);
  });
});
