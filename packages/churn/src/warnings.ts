/** Why a churn result deserves a second look. One union for every function of the package. */
export type ChurnWarningCode =
  | 'EMPTY'
  | 'SMALL_SAMPLE'
  | 'NOT_CONVERGED'
  | 'AT_BOUNDARY'
  | 'SINGULAR_HESSIAN'
  | 'ONE_CLASS'
  | 'MISSING_FACTORS'
  | 'NO_HOLDOUT'
  | 'CORRELATED_SPEND';

/** A warning attached to a result: it never replaces the result, it qualifies it. */
export interface ChurnWarning {
  /** The machine-readable reason. */
  readonly code: ChurnWarningCode;
  /** The reason in words. */
  readonly message: string;
}
