/**
 * The one optimiser every fit of the package uses: BFGS with a backtracking line search on unconstrained
 * parameters (models pass log-parameters), several starting points, and numerical derivatives for
 * gradients, Hessians and standard errors.
 */
import { invalidInput } from '@kehu/core';

/**
 * A function to minimise over unconstrained parameters. When `gradientOut` is given and the objective
 * supplies an analytic gradient (`analyticGradient: true`), it writes ∂f/∂xᵢ into `gradientOut[i]`.
 * A NaN or infinite value marks a point outside the model's domain: the optimiser steps back from it.
 */
export type Objective = (x: Float64Array, gradientOut?: Float64Array) => number;

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Whether the objective fills `gradientOut` (default false: central differences). */
  readonly analyticGradient?: boolean;
  /** Iteration limit per start (default 500). */
  readonly maxIterations?: number;
  /** Converged when the Euclidean norm of the gradient is at most this (default 1e-8). */
  readonly tolerance?: number;
  /** Largest step per iteration in any coordinate (default 5: a factor e⁵ on a log-parameter). */
  readonly maxStep?: number;
}

/** The best point over every start, with how the search went. Never NaN: a failed search reports `Infinity`. */
export interface MinimizeResult {
  /** The minimiser found (the best start's point). */
  readonly x: Float64Array;
  /** The objective there (`Infinity` when no start had a finite value). */
  readonly value: number;
  /** The Euclidean norm of the gradient there. */
  readonly gradientNorm: number;
  /** Iterations of the best start. */
  readonly iterations: number;
  /** Objective evaluations over every start (numeric gradients included). */
  readonly evaluations: number;
  /** Whether the best start met the gradient tolerance. */
  readonly converged: boolean;
  /** How the best start ended, in words. */
  readonly message: string;
  /** How many starts were run. */
  readonly starts: number;
}

const FINITE_DIFFERENCE_STEP = 6.0554544523933395e-6; // cube root of machine epsilon

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

/**
 * Central-difference gradient of `f` at `x` (step ∛ε·max(1, |xᵢ|)); one-sided where one side is not finite,
 * 0 where neither is. Writes into `out` and returns it.
 */
export function numericGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const probe = Float64Array.from(x);
  const f0 = f(probe);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const h = FINITE_DIFFERENCE_STEP * Math.max(1, Math.abs(xi));
    probe[i] = xi + h;
    const up = f(probe);
    probe[i] = xi - h;
    const down = f(probe);
    probe[i] = xi;
    if (Number.isFinite(up) && Number.isFinite(down)) out[i] = (up - down) / (2 * h);
    else if (Number.isFinite(up) && Number.isFinite(f0)) out[i] = (up - f0) / h;
    else if (Number.isFinite(down) && Number.isFinite(f0)) out[i] = (f0 - down) / h;
    else out[i] = 0;
  }
  return out;
}

/**
 * The Hessian of `f` at `x` by finite differences: of the analytic gradient when `analyticGradient` is true
 * (step ∛ε·max(1, |xⱼ|)), else of function values (step ε^¼·max(1, |xᵢ|)). Symmetrised.
 */
export function numericHessian(
  f: Objective,
  x: ArrayLike<number>,
  options: { readonly analyticGradient?: boolean } = {},
): number[][] {
  const n = x.length;
  const point = Float64Array.from(x);
  const hessian: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  if (options.analyticGradient) {
    const up = new Float64Array(n);
    const down = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const xj = point[j] as number;
      const h = FINITE_DIFFERENCE_STEP * Math.max(1, Math.abs(xj));
      point[j] = xj + h;
      f(point, up);
      point[j] = xj - h;
      f(point, down);
      point[j] = xj;
      for (let i = 0; i < n; i++) (hessian[i] as number[])[j] = ((up[i] as number) - (down[i] as number)) / (2 * h);
    }
  } else {
    const step = (i: number) => 1.220703125e-4 * Math.max(1, Math.abs(point[i] as number));
    const at = (i: number, di: number, j: number, dj: number) => {
      const xi = point[i] as number;
      const xj = point[j] as number;
      point[i] = xi + di;
      point[j] = (point[j] as number) + dj;
      const value = f(point);
      point[i] = xi;
      point[j] = xj;
      return value;
    };
    const f0 = f(point);
    for (let i = 0; i < n; i++) {
      const hi = step(i);
      (hessian[i] as number[])[i] = (at(i, hi, i, 0) - 2 * f0 + at(i, -hi, i, 0)) / (hi * hi);
      for (let j = 0; j < i; j++) {
        const hj = step(j);
        const value = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj);
        (hessian[i] as number[])[j] = value;
        (hessian[j] as number[])[i] = value;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (((hessian[i] as number[])[j] as number) + ((hessian[j] as number[])[i] as number));
      (hessian[i] as number[])[j] = mean;
      (hessian[j] as number[])[i] = mean;
    }
  }
  return hessian;
}

/**
 * Standard errors √diag(H⁻¹) from the Hessian of a total negative log-likelihood at its minimum, or `null`
 * when the Hessian is not finite and positive definite (its Cholesky factorisation fails).
 */
export function standardErrorsFromHessian(hessian: readonly (readonly number[])[]): number[] | null {
  const n = hessian.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (hessian[i] as readonly number[])[j] as number;
      if (!Number.isFinite(s)) return null;
      for (let k = 0; k < j; k++) s -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number);
      if (i === j) {
        if (!(s > 0)) return null;
        (l[i] as number[])[i] = Math.sqrt(s);
      } else {
        (l[i] as number[])[j] = s / ((l[j] as number[])[j] as number);
      }
    }
  }
  // H⁻¹ = L⁻ᵀL⁻¹, so diag(H⁻¹)ⱼ = ‖L⁻¹eⱼ‖²: solve L y = eⱼ by forward substitution for each j.
  const variance = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    const y = new Array<number>(n).fill(0);
    let sum = 0;
    for (let i = j; i < n; i++) {
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= ((l[i] as number[])[k] as number) * (y[k] as number);
      const value = s / ((l[i] as number[])[i] as number);
      y[i] = value;
      sum += value * value;
    }
    variance[j] = sum;
  }
  const errors = variance.map((v) => Math.sqrt(v));
  return errors.every(Number.isFinite) ? errors : null;
}

interface StartResult {
  x: Float64Array;
  value: number;
  gradientNorm: number;
  iterations: number;
  converged: boolean;
  message: string;
}

function bfgs(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
  maxStep: number,
): StartResult {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = evaluate(x, g);
  if (!Number.isFinite(f) || !allFinite(g)) {
    return {
      x,
      value: Number.POSITIVE_INFINITY,
      gradientNorm: Number.POSITIVE_INFINITY,
      iterations: 0,
      converged: false,
      message: 'the objective is not finite at the starting point',
    };
  }
  const h = new Float64Array(n * n);
  const resetH = (scale: number) => {
    h.fill(0);
    for (let i = 0; i < n; i++) h[i * n + i] = scale;
  };
  resetH(1);
  let fresh = true;
  const p = new Float64Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let message = 'iteration limit reached';
  let iterations = 0;
  // A valley that runs off to a bound (e.g. BG/NBD's a and b growing together) improves the objective by
  // ever less and would use every iteration: stop when STALL iterations together gained almost nothing.
  const STALL = 25;
  const history = new Float64Array(STALL);
  for (; iterations < maxIterations; iterations++) {
    if (norm(g) <= tolerance) {
      message = 'gradient norm below tolerance';
      break;
    }
    if (iterations >= STALL && (history[iterations % STALL] as number) - f <= 1e-13 * (1 + Math.abs(f))) {
      message = `the objective improved by less than 1e-13 (relative) over ${STALL} iterations`;
      break;
    }
    history[iterations % STALL] = f;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum -= (h[i * n + j] as number) * (g[j] as number);
      p[i] = sum;
    }
    let slope = dot(p, g);
    if (!(slope < 0)) {
      resetH(1);
      fresh = true;
      for (let i = 0; i < n; i++) p[i] = -(g[i] as number);
      slope = dot(p, g);
    }
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(p[i] as number));
    if (largest > maxStep) {
      const shrink = maxStep / largest;
      for (let i = 0; i < n; i++) p[i] = (p[i] as number) * shrink;
      slope *= shrink;
    }
    let alpha = 1;
    let accepted = false;
    let fn = Number.NaN;
    for (let trial = 0; trial < 60; trial++) {
      for (let i = 0; i < n; i++) xn[i] = (x[i] as number) + alpha * (p[i] as number);
      fn = evaluate(xn, gn);
      if (Number.isFinite(fn) && allFinite(gn) && fn <= f + 1e-4 * alpha * slope) {
        accepted = true;
        break;
      }
      if (Number.isFinite(fn)) {
        // Minimum of the quadratic through f, the slope and fn, kept within [0.1, 0.5]·alpha.
        const next = (-slope * alpha * alpha) / (2 * (fn - f - slope * alpha));
        alpha = Math.min(0.5 * alpha, Math.max(0.1 * alpha, Number.isFinite(next) ? next : 0.5 * alpha));
      } else {
        alpha *= 0.2;
      }
    }
    if (!accepted) {
      if (!fresh) {
        resetH(1);
        fresh = true;
        continue;
      }
      message = 'the line search found no lower point (at the limit of floating-point precision)';
      break;
    }
    for (let i = 0; i < n; i++) {
      s[i] = (xn[i] as number) - (x[i] as number);
      y[i] = (gn[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * norm(s) * norm(y)) {
      if (fresh) {
        resetH(sy / dot(y, y));
        fresh = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(sᵀy).
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += (h[i * n + j] as number) * (y[j] as number);
        hy[i] = sum;
      }
      const yhy = dot(y, hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          h[i * n + j] =
            (h[i * n + j] as number) -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number);
        }
      }
    }
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    f = fn;
  }
  const gradientNorm = norm(g);
  return { x, value: f, gradientNorm, iterations, converged: gradientNorm <= tolerance, message };
}

/**
 * Minimises `objective` from each start with BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 6.1)
 * and a backtracking Armijo line search with quadratic interpolation. Gradients are analytic when
 * `analyticGradient` is true, else central differences ({@link numericGradient}). A NaN or infinite objective
 * is a failed step (the line search backs off), never a result. Returns the start with the lowest value.
 */
export function minimize(
  objective: Objective,
  starts: readonly (ArrayLike<number> & Iterable<number>)[],
  options: MinimizeOptions = {},
): MinimizeResult {
  if (starts.length === 0) throw invalidInput(['starts'], 'minimize needs at least one starting point');
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-8;
  const maxStep = options.maxStep ?? 5;
  let evaluations = 0;
  const counted = (x: Float64Array) => {
    evaluations++;
    const value = objective(x);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };
  const evaluate = options.analyticGradient
    ? (x: Float64Array, g: Float64Array) => {
        evaluations++;
        const value = objective(x, g);
        return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
      }
    : (x: Float64Array, g: Float64Array) => {
        const value = counted(x);
        if (Number.isFinite(value)) numericGradient(counted, x, g);
        return value;
      };
  let best: StartResult | null = null;
  for (const start of starts) {
    const point = Float64Array.from(start);
    if (!allFinite(point)) throw invalidInput(['starts'], 'starting points must be finite');
    const result = bfgs(evaluate, point, maxIterations, tolerance, maxStep);
    if (
      best === null ||
      result.value < best.value - 1e-12 * Math.abs(best.value) ||
      (result.converged && !best.converged && result.value <= best.value + 1e-9 * Math.abs(best.value))
    ) {
      best = result;
    }
  }
  const chosen = best as StartResult;
  return { ...chosen, evaluations, starts: starts.length };
}
