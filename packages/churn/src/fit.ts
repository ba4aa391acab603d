import type { ChurnWarning } from './warnings.js';

/**
 * How a maximum-likelihood fit went. A fit never throws on numerical trouble and never returns NaN
 * parameters: it returns its best point with `converged: false` and warnings instead.
 */
export interface FitDiagnostics {
  /** Whether the optimiser met its gradient tolerance. */
  readonly converged: boolean;
  /** Iterations of the best start. */
  readonly iterations: number;
  /** Objective evaluations over every start. */
  readonly evaluations: number;
  /** Euclidean norm of the gradient of the objective at the optimum (in the optimiser's log-parameters). */
  readonly gradientNorm: number;
  /** How many starting points were tried. */
  readonly starts: number;
  /** The optimiser's last message in words. */
  readonly message: string;
  /** What deserves a second look (not converged, a parameter at its bound, a singular Hessian). */
  readonly warnings: readonly ChurnWarning[];
}

/** Options every fit takes. */
export interface FitOptions {
  /**
   * L2 penalty coefficient: `penalty · Σ θ²` over the natural parameters is added to the negative mean
   * log-likelihood, the convention of the Python `lifetimes` library (its `penalizer_coef`). Default 0.
   */
  readonly penalty?: number;
  /** Starting points to try besides the default ones (natural parameters). */
  readonly initial?: readonly Readonly<Record<string, number>>[];
  /** Number of starting points (default 4); the best converged one wins. */
  readonly starts?: number;
  /** Iteration limit per start (default 500). */
  readonly maxIterations?: number;
  /** Gradient-norm tolerance on the mean negative log-likelihood (default 1e-8). */
  readonly tolerance?: number;
}

/** What every fitted model returns besides its own parameters. */
export interface FitBase {
  /** The total log-likelihood at the fitted parameters (not a per-customer mean), penalty excluded. */
  readonly logLikelihood: number;
  /** Customers fitted: the sum of the weights. */
  readonly customers: number;
  /** Distinct rows fitted after identical rows were aggregated. */
  readonly rows: number;
  /** The penalty coefficient used. */
  readonly penalty: number;
  /**
   * Standard errors of the natural parameters from the inverse Hessian of the total negative
   * log-likelihood, or `null` when the Hessian is not positive definite (with a warning).
   */
  readonly standardErrors: Readonly<Record<string, number>> | null;
  /** How the optimisation went. */
  readonly diagnostics: FitDiagnostics;
}
