import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanBenchmark, npsBenchmark, shareBenchmark } from './benchmark.js';

describe('npsBenchmark: one-sided adjusted-Wald z (SA-1, SA-5)', () => {
  // Hand case (checked with scipy): 45 promoters, 35 passives, 20 detractors against NPS 10.
  // p' = 45.75/103, d' = 20.75/103, NPS' = 0.242718, se = 0.0754861, z = 1.890966, p = 0.0293144,
  // one-sided 95% lower bound 11.8575.
  const sample = { promoters: 45, passives: 35, detractors: 20 };

  it('matches the hand-computed case (SA-5)', () => {
    const r = npsBenchmark(sample, 10);
    expect(r.estimate).toBeCloseTo(25, 12);
    expect(r.statistic).toBeCloseTo(1.890965961951345, 9);
    expect(r.pValue).toBeCloseTo(0.029314444049822197, 9);
    expect(r.bound).toBeCloseTo(11.85750409301457, 7);
    expect(r.verdict).toBe('above');
    expect(r.text.en).toBe('25.0 is above the benchmark 10.0 (one-sided 95% lower bound 11.9, p = 0.029).');
    expect(r.text.zh).toBe('25.0 高于基准 10.0（单侧 95% 置信下限 11.9，p = 0.029）。');
  });

  it('says not-shown rather than below when the tested direction fails (SA-5)', () => {
    const r = npsBenchmark(sample, 40);
    expect(r.verdict).toBe('not-shown');
    expect(r.pValue).toBeGreaterThan(0.5);
    expect(npsBenchmark(sample, 40, { direction: 'below' }).verdict).toBe('below');
  });

  it('gives NaN and EMPTY for no answers; refuses a bad benchmark (SA-1)', () => {
    const r = npsBenchmark({ scores: [] }, 0);
    expect(r.estimate).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(r.verdict).toBe('not-shown');
    expect(r.warnings[0]?.code).toBe('EMPTY');
    expect(() => npsBenchmark(sample, 120)).toThrow(KehuValidationError);
    expect(() => npsBenchmark({ scores: [11] }, 0)).toThrow(KehuValidationError);
  });

  it('agrees with its one-sided bound and keeps p in [0, 1] (property, SA-5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: -100, max: 100 }),
        fc.constantFrom('above' as const, 'below' as const),
        (promoters, passives, detractors, benchmark, direction) => {
          fc.pre(promoters + passives + detractors > 0);
          const r = npsBenchmark({ promoters, passives, detractors }, benchmark, { direction });
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          const beyond = direction === 'above' ? r.bound > benchmark : r.bound < benchmark;
          if (Math.abs(r.bound - benchmark) > 1e-9) expect(r.verdict !== 'not-shown').toBe(beyond);
        },
      ),
    );
  });
});

describe('shareBenchmark: one-sample score z (SA-1, SA-5)', () => {
  it('matches the hand-computed case: 40 of 50 against 70% (SA-5)', () => {
    // z = (0.8 − 0.7)/√(0.21/50) = 1.543033, p = 0.0614113; one-sided 95% Wilson lower bound 69.2674.
    const r = shareBenchmark({ successes: 40, n: 50 }, 70);
    expect(r.statistic).toBeCloseTo(1.5430334996209207, 9);
    expect(r.pValue).toBeCloseTo(0.061411324050696055, 9);
    expect(r.bound).toBeCloseTo(69.26736151891771, 7);
    expect(r.verdict).toBe('not-shown');
    expect(r.text.en).toMatch(/^80\.0 is not shown to be above the benchmark 70\.0/);
  });

  it('counts the top-2 box of raw scores and refuses benchmarks of 0 or 100 (SA-1)', () => {
    const r = shareBenchmark({ scores: [5, 4, 4, 3, 1] }, 50);
    expect(r.estimate).toBeCloseTo(60, 12);
    expect(() => shareBenchmark({ successes: 1, n: 2 }, 100)).toThrow(KehuValidationError);
    expect(() => shareBenchmark({ successes: 3, n: 2 }, 50)).toThrow(KehuValidationError);
  });

  it('agrees with its Wilson bound, which inverts the same score test (property, SA-5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        fc.integer({ min: 1, max: 99 }),
        ([n, successes], benchmark) => {
          const r = shareBenchmark({ successes, n }, benchmark);
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          if (Math.abs(r.bound - benchmark) > 1e-7) expect(r.verdict === 'above').toBe(r.bound > benchmark);
        },
      ),
    );
  });
});

describe('meanBenchmark: one-sample t (SA-1, SA-5)', () => {
  const scores = [5, 5, 4, 5, 5, 4, 5, 3, 5, 5, 4, 5];

  it("matches R's t.test(x, mu = 4.2, alternative = 'greater') (SA-5)", () => {
    const r = meanBenchmark({ scores }, 4.2);
    expect(r.statistic).toBeCloseTo(1.9862237401065124, 9);
    expect(r.df).toBe(11);
    expect(r.pValue).toBeCloseTo(0.03624683425377853, 9);
    expect(r.bound).toBeCloseTo(4.236734659711784, 9);
    expect(r.verdict).toBe('above');
  });

  it("matches R's t.test(x, mu = 4.8, alternative = 'less') (SA-5)", () => {
    const r = meanBenchmark({ scores }, 4.8, { direction: 'below' });
    expect(r.statistic).toBeCloseTo(-1.1226482009297698, 9);
    expect(r.pValue).toBeCloseTo(0.1427466191905637, 9);
    expect(r.bound).toBeCloseTo(4.929932006954882, 9);
    expect(r.verdict).toBe('not-shown');
    expect(r.text.zh).toMatch(/^未能表明 4\.6 低于基准 4\.8/);
  });

  it('warns instead of returning an infinite t when every score is the same (SA-1)', () => {
    const r = meanBenchmark({ scores: [4, 4, 4] }, 3);
    expect(r.pValue).toBeNaN();
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'NO_VARIANCE']);
    expect(meanBenchmark({ mean: 4, sd: 1, n: 1 }, 3).warnings.map((w) => w.code)).toContain('NO_INTERVAL');
    expect(() => meanBenchmark({ scores }, Number.NaN)).toThrow(KehuValidationError);
  });
});
