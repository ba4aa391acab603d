import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimize, numericGradient, numericHessian, type Objective, standardErrorsFromHessian } from './optimize.js';

/** Rosenbrock's function with its analytic gradient (Nocedal & Wright, eq. 2.22): minimum 0 at (1, 1). */
const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0] as number, x[1] as number];
  if (g) {
    g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
    g[1] = 200 * (b - a * a);
  }
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
};

describe('minimize: BFGS with a backtracking line search (Nocedal & Wright, Alg. 6.1)', () => {
  it('finds the Rosenbrock minimum with an analytic gradient', () => {
    const result = minimize(rosenbrock, [[-1.2, 1]], { analyticGradient: true });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-8);
  });
  it('finds it with central-difference gradients', () => {
    const result = minimize((x) => rosenbrock(x), [[-1.2, 1]], { tolerance: 1e-6 });
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });
  it('treats NaN and Infinity as failed steps and never returns NaN (issue 14: never NaN parameters)', () => {
    // log-barrier: undefined (NaN) for x ≤ 0, minimum at x = 1.
    const barrier: Objective = (x, g) => {
      const v = x[0] as number;
      if (g) g[0] = 1 - 1 / v;
      return v <= 0 ? Number.NaN : v - Math.log(v);
    };
    const result = minimize(barrier, [[50]], { analyticGradient: true, maxStep: 100 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
  });
  it('reports a start where the objective is not finite instead of throwing, and picks the best start', () => {
    const bowl: Objective = (x) => ((x[0] as number) > 10 ? Number.POSITIVE_INFINITY : ((x[0] as number) - 3) ** 2);
    const failed = minimize(bowl, [[20]]);
    expect(failed.value).toBe(Number.POSITIVE_INFINITY);
    expect(failed.converged).toBe(false);
    const result = minimize(bowl, [[20], [0]]);
    expect(result.x[0]).toBeCloseTo(3, 6);
    expect(result.starts).toBe(2);
  });
  it('refuses an empty list of starts with a KehuValidationError', () => {
    expect(() => minimize(rosenbrock, [])).toThrow(KehuValidationError);
  });
  it('minimises random convex quadratics (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (centre, curvature) => {
          const f: Objective = (x, g) => {
            let v = 0;
            for (let i = 0; i < 3; i++) {
              const d = (x[i] as number) - (centre[i] as number);
              const w = i === 0 ? curvature : 1;
              v += w * d * d;
              if (g) g[i] = 2 * w * d;
            }
            return v;
          };
          const result = minimize(f, [[0, 0, 0]], { analyticGradient: true, maxStep: 20 });
          expect(result.converged).toBe(true);
          for (let i = 0; i < 3; i++) expect(result.x[i]).toBeCloseTo(centre[i] as number, 6);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('numerical derivatives and standard errors', () => {
  it('numericGradient matches the analytic Rosenbrock gradient', () => {
    const x = Float64Array.from([0.3, -0.7]);
    const analytic = new Float64Array(2);
    rosenbrock(x, analytic);
    const numeric = numericGradient((p) => rosenbrock(p), x);
    expect(numeric[0]).toBeCloseTo(analytic[0] as number, 5);
    expect(numeric[1]).toBeCloseTo(analytic[1] as number, 5);
  });
  it('numericHessian matches the analytic Rosenbrock Hessian at (1, 1): [[802, −400], [−400, 200]]', () => {
    for (const analyticGradient of [true, false]) {
      const h = numericHessian(rosenbrock, [1, 1], { analyticGradient });
      expect(h[0]?.[0]).toBeCloseTo(802, 3);
      expect(h[0]?.[1]).toBeCloseTo(-400, 3);
      expect(h[1]?.[0]).toBeCloseTo(-400, 3);
      expect(h[1]?.[1]).toBeCloseTo(200, 3);
    }
  });
  it('standardErrorsFromHessian gives √diag(H⁻¹) and null when H is not positive definite', () => {
    // H = [[4, 2], [2, 3]]: H⁻¹ = [[3, −2], [−2, 4]] / 8.
    const se = standardErrorsFromHessian([
      [4, 2],
      [2, 3],
    ]);
    expect(se?.[0]).toBeCloseTo(Math.sqrt(3 / 8), 14);
    expect(se?.[1]).toBeCloseTo(Math.sqrt(4 / 8), 14);
    expect(
      standardErrorsFromHessian([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
    expect(standardErrorsFromHessian([[Number.NaN]])).toBeNull();
  });
});
