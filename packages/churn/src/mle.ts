/**
 * Maximum-likelihood driver shared by every model fit (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, sBG):
 * minimises the penalised mean negative log-likelihood over log-parameters with the package's one optimiser, then
 * builds the {@link FitBase} fields (total log-likelihood, standard errors from the Hessian, diagnostics and
 * warnings).
 */
import { invalidInput } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import {
  type MinimizeResult,
  minimize,
  numericGradient,
  numericHessian,
  type Objective,
  standardErrorsFromHessian,
} from './optimize.js';
import type { ChurnWarning } from './warnings.js';

/** What a model tells the driver; `N` is the union of its parameter names. */
export interface MaximumLikelihoodSpec<N extends string = string> {
  /** Natural parameter names, in the order of the vectors below. */
  readonly names: readonly N[];
  /** Customers fitted (the sum of the weights). */
  readonly customers: number;
  /** Distinct rows fitted. */
  readonly rows: number;
  /**
   * The total log-likelihood at natural parameters `theta`; when `gradient` is given and `analyticGradient` is
   * true, also its gradient with respect to the log-parameters ln θ.
   */
  readonly logLikelihood: (theta: Float64Array, gradient?: Float64Array) => number;
  /** Whether `logLikelihood` fills the gradient. */
  readonly analyticGradient: boolean;
  /** Default starting points (natural parameters), tried in order. */
  readonly defaultStarts: readonly (readonly number[])[];
}

/**
 * The fitted natural parameters and the {@link FitBase} fields. `params` holds the names in the spec's order, so
 * a model's fit is `{ model, ...params, ...rest }`.
 */
export interface MaximumLikelihoodResult<N extends string = string> extends FitBase {
  /** Fitted natural parameters by name. */
  readonly params: Readonly<Record<N, number>>;
}

function gradientAt(objective: Objective, x: Float64Array, analytic: boolean, out: Float64Array): number {
  if (analytic) return objective(x, out);
  numericGradient((point) => objective(point), x, out);
  return objective(x);
}

function euclidean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Solves H d = −g by Cholesky; `null` when H is not positive definite. */
function newtonStep(hessian: number[][], g: Float64Array): Float64Array | null {
  const n = g.length;
  const l = hessian.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    const lj = l[j] as number[];
    let d = lj[j] as number;
    for (let k = 0; k < j; k++) d -= (lj[k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    lj[j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      const li = l[i] as number[];
      let s = li[j] as number;
      for (let k = 0; k < j; k++) s -= (li[k] as number) * (lj[k] as number);
      li[j] = s / (lj[j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = -(g[i] as number);
    for (let k = 0; k < i; k++) s -= ((l[i] as number[])[k] as number) * (y[k] as number);
    y[i] = s / ((l[i] as number[])[i] as number);
  }
  const d = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as number[])[i] as number) * (d[k] as number);
    d[i] = s / ((l[i] as number[])[i] as number);
  }
  return d;
}

/**
 * Newton steps from `start` with a numerical Hessian, each accepted only when the gradient norm falls (halving the
 * step up to 8 times); stops at `tolerance`, after 20 steps, or when no step lowers the gradient norm.
 */
function newtonPolish(objective: Objective, start: Float64Array, tolerance: number, analytic: boolean) {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let value = gradientAt(objective, x, analytic, g);
  let gradientNorm = euclidean(g);
  let evaluations = analytic ? 1 : 2 * n + 2;
  let iterations = 0;
  const trialGradient = new Float64Array(n);
  for (; iterations < 20 && gradientNorm > tolerance; iterations++) {
    const hessian = numericHessian(objective, x, { analyticGradient: analytic });
    evaluations += analytic ? 2 * n : 2 * n * n + 1;
    const step = newtonStep(hessian, g);
    if (step === null) break;
    let accepted = false;
    for (let halving = 0, scale = 1; halving < 8; halving++, scale /= 2) {
      const trial = Float64Array.from(x, (xi, i) => xi + scale * (step[i] as number));
      const trialValue = gradientAt(objective, trial, analytic, trialGradient);
      evaluations += analytic ? 1 : 2 * n + 2;
      const trialNorm = euclidean(trialGradient);
      if (Number.isFinite(trialValue) && trialNorm < gradientNorm) {
        x = trial;
        g = Float64Array.from(trialGradient);
        value = trialValue;
        gradientNorm = trialNorm;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  return { x, value, gradientNorm, evaluations, iterations };
}

/**
 * The search stays within e^±30 (about 1e-13 to 1e13) for every parameter: beyond, floating point cannot tell the
 * likelihood's changes apart, and data that push a parameter there (everyone buys every time, a single customer)
 * would otherwise send the search on for its whole iteration limit. Such a fit ends at the wall with AT_BOUNDARY.
 */
const LOG_LIMIT = 30;

/** Below e^-14 or above e^14 (about 1e-6 and 1e6) a parameter is reported at the edge of its range. */
const BOUNDARY = 14;

function checkOptions(options: FitOptions, names: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options must be an object');
  const { penalty, starts, maxIterations, tolerance, initial } = options;
  if (penalty !== undefined && !(typeof penalty === 'number' && Number.isFinite(penalty) && penalty >= 0)) {
    throw invalidInput(['penalty'], 'penalty must be a finite number, 0 or more');
  }
  if (starts !== undefined && !(Number.isInteger(starts) && starts >= 1)) {
    throw invalidInput(['starts'], 'starts must be a whole number, 1 or more');
  }
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw invalidInput(['maxIterations'], 'maxIterations must be a whole number, 1 or more');
  }
  if (tolerance !== undefined && !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0)) {
    throw invalidInput(['tolerance'], 'tolerance must be a finite positive number');
  }
  if (initial !== undefined) {
    if (!Array.isArray(initial)) throw invalidInput(['initial'], 'initial must be an array of parameter objects');
    initial.forEach((point, i) => {
      if (point === null || typeof point !== 'object') {
        throw invalidInput(['initial', i], `initial[${i}] must be an object of ${names.join(', ')}`);
      }
      for (const name of names) {
        const value = point[name];
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
          throw invalidInput(['initial', i, name], `initial ${name} must be a finite positive number`);
        }
      }
    });
  }
}

/**
 * Fits by maximum likelihood: minimises −LL(θ)/customers + penalty · Σ θ² (the `lifetimes` convention) over
 * x = ln θ from `options.initial` and the model's default starts: `options.starts` of them when given (the best
 * wins), else up to 4, stopping at the first that converges. Never
 * throws on numerical trouble and never returns NaN: warnings say what deserves a second look.
 */
export function maximumLikelihood<N extends string>(
  spec: MaximumLikelihoodSpec<N>,
  options: FitOptions = {},
): MaximumLikelihoodResult<N> {
  checkOptions(options, spec.names);
  const k = spec.names.length;
  const penalty = options.penalty ?? 0;
  const customers = spec.customers;
  const theta = new Float64Array(k);
  const logGradient = new Float64Array(k);
  const objective = (x: Float64Array, gradientOut?: Float64Array): number => {
    let penaltyTerm = 0;
    for (let i = 0; i < k; i++) {
      if (Math.abs(x[i] as number) > LOG_LIMIT) return Number.POSITIVE_INFINITY;
      const value = Math.exp(x[i] as number);
      theta[i] = value;
      penaltyTerm += value * value;
    }
    const ll = spec.logLikelihood(theta, gradientOut ? logGradient : undefined);
    if (Number.isNaN(ll)) return Number.POSITIVE_INFINITY;
    if (gradientOut) {
      for (let i = 0; i < k; i++) {
        const t = theta[i] as number;
        gradientOut[i] = -(logGradient[i] as number) / customers + 2 * penalty * t * t;
      }
    }
    return -ll / customers + penalty * penaltyTerm;
  };
  const initial = (options.initial ?? []).map((point) => spec.names.map((name) => point[name] as number));
  const count = Math.max(initial.length, options.starts ?? 4);
  const points = [...initial, ...spec.defaultStarts].slice(0, count);
  // Starts run one at a time; unless `options.starts` asks for a number, the first converged start ends the search.
  // BFGS runs to a looser gradient tolerance, then Newton steps polish to the requested one: near the optimum the
  // objective's rounding noise stops an Armijo line search before a tight gradient tolerance is met, while Newton
  // steps accepted on a falling gradient norm do not depend on the objective's last digits.
  const tolerance = options.tolerance ?? 1e-8;
  const minimizeOptions = {
    analyticGradient: spec.analyticGradient,
    maxIterations: options.maxIterations ?? 500,
    tolerance: Math.max(tolerance, 1e-6),
  };
  let result: MinimizeResult | null = null;
  let evaluations = 0;
  let run = 0;
  for (const point of points) {
    let attempt = minimize(objective, [point.map(Math.log)], minimizeOptions);
    run++;
    evaluations += attempt.evaluations;
    if (Number.isFinite(attempt.value)) {
      const polished = newtonPolish(objective, attempt.x, tolerance, spec.analyticGradient);
      evaluations += polished.evaluations;
      if (polished.gradientNorm <= attempt.gradientNorm && Number.isFinite(polished.value)) {
        attempt = {
          ...attempt,
          x: polished.x,
          value: polished.value,
          gradientNorm: polished.gradientNorm,
          iterations: attempt.iterations + polished.iterations,
        };
      }
      const converged = attempt.gradientNorm <= tolerance;
      attempt = {
        ...attempt,
        converged,
        message: converged
          ? 'gradient norm below tolerance'
          : `BFGS ended (${attempt.message}) and Newton steps did not reach the tolerance`,
      };
    }
    if (
      result === null ||
      attempt.value < result.value - 1e-12 * Math.abs(result.value) ||
      (attempt.converged && !result.converged && attempt.value <= result.value + 1e-9 * Math.abs(result.value))
    ) {
      result = attempt;
    }
    if (result.converged && options.starts === undefined) break;
  }
  result = { ...(result as MinimizeResult), evaluations, starts: run };
  const warnings: ChurnWarning[] = [];
  const fitted = Number.isFinite(result.value);
  const x = fitted ? result.x : Float64Array.from((points[0] as number[]).map(Math.log));
  const params = {} as Record<N, number>;
  spec.names.forEach((name, i) => {
    params[name] = Math.exp(x[i] as number);
  });
  if (!result.converged) {
    warnings.push({
      code: 'NOT_CONVERGED',
      message: `the fit did not meet its gradient tolerance: ${result.message} (gradient norm ${result.gradientNorm})`,
    });
  }
  const edge = spec.names.filter((_, i) => Math.abs(x[i] as number) > BOUNDARY);
  if (edge.length > 0) {
    warnings.push({
      code: 'AT_BOUNDARY',
      message: `${edge.join(', ')} is at the edge of its range (below 1e-6 or above 1e6): the data may not identify it`,
    });
  }
  const logLikelihood = fitted
    ? spec.logLikelihood(Float64Array.from(spec.names, (name) => params[name] as number))
    : -Infinity;
  // Standard errors of θ from the Hessian of the total negative log-likelihood in ln θ: at the maximum the
  // gradient vanishes, so SE(θᵢ) = θᵢ · SE(ln θᵢ) (the delta method).
  let standardErrors: Record<string, number> | null = null;
  if (fitted) {
    const negativeLogLikelihood = (point: Float64Array, gradientOut?: Float64Array): number => {
      for (let i = 0; i < k; i++) theta[i] = Math.exp(point[i] as number);
      const ll = spec.logLikelihood(theta, gradientOut ? logGradient : undefined);
      if (gradientOut) for (let i = 0; i < k; i++) gradientOut[i] = -(logGradient[i] as number);
      return Number.isNaN(ll) ? Number.POSITIVE_INFINITY : -ll;
    };
    const hessian = numericHessian(negativeLogLikelihood, x, { analyticGradient: spec.analyticGradient });
    const errors = standardErrorsFromHessian(hessian);
    if (errors) {
      standardErrors = {};
      spec.names.forEach((name, i) => {
        (standardErrors as Record<string, number>)[name] = (params[name] as number) * (errors[i] as number);
      });
    }
  }
  if (standardErrors === null) {
    warnings.push({
      code: 'SINGULAR_HESSIAN',
      message: 'the Hessian is not positive definite at the fitted point: no standard errors',
    });
  }
  return {
    params,
    logLikelihood,
    customers,
    rows: spec.rows,
    penalty,
    standardErrors,
    diagnostics: {
      converged: result.converged,
      iterations: result.iterations,
      evaluations: result.evaluations,
      gradientNorm: result.gradientNorm,
      starts: result.starts,
      message: result.message,
      warnings,
    },
  };
}
