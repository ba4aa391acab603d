import { KehuValidationError, seededRandom } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBeta, sampleExponential, sampleGamma, sampleNormal, samplePoisson } from './random.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

/** |sample mean − mean| within 5 standard errors of the mean: a false alarm about once in 3.5 million runs. */
function expectMean(draw: () => number, mean: number, variance: number, n = 40_000): void {
  const m = moments(draw, n);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
}

describe('samplers: first two moments against their formulas', () => {
  const r = seededRandom(2026);
  it('normal: mean 0, variance 1', () => {
    expectMean(() => sampleNormal(r), 0, 1);
  });
  it('gamma (Marsaglia and Tsang 2000): mean k/θ, variance k/θ², including k < 1', () => {
    for (const [k, rate] of [
      [0.24, 4.4],
      [1, 1],
      [6.25, 3.74],
      [0.05, 1],
    ] as const) {
      expectMean(() => sampleGamma(r, k, rate), k / rate, k / rate ** 2);
      const m = moments(() => sampleGamma(r, k, rate), 40_000);
      expect(m.variance / (k / rate ** 2)).toBeGreaterThan(0.85);
      expect(m.variance / (k / rate ** 2)).toBeLessThan(1.15);
    }
  });
  it('beta: mean a/(a+b), variance ab/((a+b)²(a+b+1))', () => {
    for (const [a, b] of [
      [0.79, 2.4],
      [2, 5],
    ] as const) {
      expectMean(() => sampleBeta(r, a, b), a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)));
    }
  });
  it('exponential: mean 1/rate', () => {
    expectMean(() => sampleExponential(r, 0.25), 4, 16);
  });
  it('Poisson: mean = variance = μ, small and large μ (Knuth TAOCP 3.4.1)', () => {
    for (const mu of [0, 0.3, 4, 29.5, 100, 12_345]) {
      if (mu === 0) {
        expect(samplePoisson(r, 0)).toBe(0);
        continue;
      }
      expectMean(() => samplePoisson(r, mu), mu, mu, 20_000);
      const m = moments(() => samplePoisson(r, mu), 20_000);
      expect(m.variance / mu).toBeGreaterThan(0.9);
      expect(m.variance / mu).toBeLessThan(1.1);
    }
  });
  it('property: Poisson draws are non-negative integers', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1e6, noNaN: true }), (seed, mu) => {
        const x = samplePoisson(seededRandom(seed), mu);
        expect(Number.isInteger(x) && x >= 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('refuses bad shapes and rates with a KehuValidationError', () => {
    expect(() => sampleGamma(r, 0)).toThrow(KehuValidationError);
    expect(() => sampleGamma(r, 1, Number.NaN)).toThrow(KehuValidationError);
    expect(() => samplePoisson(r, -1)).toThrow(KehuValidationError);
  });
});
