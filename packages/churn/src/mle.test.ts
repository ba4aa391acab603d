import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { maximumLikelihood } from './mle.js';

// Two independent Poisson samples with rates λ and μ: the MLEs are the sample means and SE = √(mean / n), the
// textbook closed form the driver must reproduce (penalty 0), with analytic or numeric gradients.
const first = [3, 5, 4, 6, 2, 4, 5, 3];
const second = [10, 12, 9, 11, 13, 10, 12, 11, 9, 13];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const poisson = (analyticGradient: boolean) => ({
  names: ['lambda', 'mu'],
  customers: first.length + second.length,
  rows: first.length + second.length,
  analyticGradient,
  defaultStarts: [
    [1, 1],
    [100, 0.01],
  ],
  logLikelihood: (theta: Float64Array, gradient?: Float64Array) => {
    const [lambda, mu] = theta as unknown as [number, number];
    if (gradient) {
      gradient[0] = (sum(first) / lambda - first.length) * lambda;
      gradient[1] = (sum(second) / mu - second.length) * mu;
    }
    return sum(first) * Math.log(lambda) - first.length * lambda + sum(second) * Math.log(mu) - second.length * mu;
  },
});

describe('maximumLikelihood, the driver of every fit', () => {
  it.each([true, false])('finds the Poisson MLE and its standard errors (analytic gradient: %s)', (analytic) => {
    const fit = maximumLikelihood(poisson(analytic));
    expect(fit.params.lambda).toBeCloseTo(4, 8);
    expect(fit.params.mu).toBeCloseTo(11, 8);
    expect(fit.standardErrors?.lambda).toBeCloseTo(Math.sqrt(4 / 8), 5);
    expect(fit.standardErrors?.mu).toBeCloseTo(Math.sqrt(11 / 10), 5);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.starts).toBe(1);
    expect(fit.diagnostics.warnings).toEqual([]);
    expect(fit.logLikelihood).toBeCloseTo(32 * Math.log(4) - 32 + 110 * Math.log(11) - 110, 8);
  });

  it('runs exactly `starts` starting points when asked, `initial` first', () => {
    const fit = maximumLikelihood(poisson(true), { starts: 2, initial: [{ lambda: 3, mu: 3 }] });
    expect(fit.diagnostics.starts).toBe(2);
    expect(fit.params.lambda).toBeCloseTo(4, 8);
  });

  it('the lifetimes penalty pulls the parameters towards 0: penalty · Σθ² on the mean negative log-likelihood', () => {
    const fit = maximumLikelihood(poisson(true), { penalty: 0.1 });
    // Stationary point in λ of −LL/18 + 0.1 (λ² + μ²): −(32/λ − 8)/18 + 0.2 λ = 0, a quadratic in λ.
    expect(fit.params.lambda).toBeLessThan(4);
    expect(fit.params.lambda).toBeCloseTo((-(8 / 18) + Math.sqrt((8 / 18) ** 2 + 0.8 * (32 / 18))) / 0.4, 6);
    expect(fit.penalty).toBe(0.1);
  });

  it('warns AT_BOUNDARY and never returns NaN when the data push a parameter to 0', () => {
    const spec = {
      ...poisson(true),
      logLikelihood: (theta: Float64Array, gradient?: Float64Array) => {
        const lambda = theta[0] as number;
        const mu = theta[1] as number;
        if (gradient) {
          gradient[0] = -8 * lambda;
          gradient[1] = (110 / mu - 10) * mu;
        }
        return -8 * lambda + 110 * Math.log(mu) - 10 * mu;
      },
    };
    const fit = maximumLikelihood(spec);
    expect(Number.isNaN(fit.params.lambda)).toBe(false);
    expect(fit.diagnostics.warnings.map((w) => w.code)).toContain('AT_BOUNDARY');
  });

  it('refuses bad options with a KehuValidationError naming the option', () => {
    const path = (options: object) => {
      try {
        maximumLikelihood(poisson(true), options);
      } catch (error) {
        expect(error).toBeInstanceOf(KehuValidationError);
        return (error as KehuValidationError).path;
      }
      throw new Error('expected a refusal');
    };
    expect(path({ penalty: -1 })).toEqual(['penalty']);
    expect(path({ starts: 0 })).toEqual(['starts']);
    expect(path({ maxIterations: 1.5 })).toEqual(['maxIterations']);
    expect(path({ tolerance: 0 })).toEqual(['tolerance']);
    expect(path({ initial: [{ lambda: 1 }] })).toEqual(['initial', 0, 'mu']);
  });
});
