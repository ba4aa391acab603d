/**
 * Many segments at once (rules SA-3, SA-4): p-values adjusted for multiple comparisons, so that a report
 * over dozens of teams, agents or indicators does not flag chance differences. Holm's step-down method
 * controls the family-wise error rate; Benjamini-Hochberg controls the false discovery rate. Both match
 * R's `p.adjust(p, 'holm')` and `p.adjust(p, 'BH')`: adjusted p-values are monotone in the raw ones,
 * capped at 1, never below the raw p-value, and returned in the input order.
 */
import { invalidInput, type Label } from '@kehu/core';
import { type Comparison, verdictOf, verdictText } from './compare.js';

/** The adjustment: Holm (family-wise error rate) or Benjamini-Hochberg (false discovery rate). */
export type AdjustmentMethod = 'holm' | 'benjamini-hochberg';

/** The labels of the adjustment methods, for reports. */
export const ADJUSTMENT_LABELS: Readonly<Record<AdjustmentMethod, Label>> = {
  holm: { en: 'Holm (family-wise error rate)', zh: 'Holm 校正（族错误率）' },
  'benjamini-hochberg': {
    en: 'Benjamini-Hochberg (false discovery rate)',
    zh: 'Benjamini-Hochberg 校正（错误发现率）',
  },
};

/** Options of {@link adjustPValues}. */
export interface AdjustOptions {
  /** The adjustment method. */
  method: AdjustmentMethod;
  /** The level an adjusted p-value is compared with for `significant`. Default 0.05. */
  alpha?: number;
}

/** Adjusted p-values, in the order of the input, with the method that produced them. */
export interface AdjustedPValues {
  /** The method used. */
  method: AdjustmentMethod;
  /** The method's name in English and Simplified Chinese. */
  label: Label;
  /** How many p-values entered the adjustment (NaN ones are left out, as R's `p.adjust` does). */
  m: number;
  /** The raw p-values, as given. */
  raw: number[];
  /** The adjusted p-values, in input order; NaN where the raw one is NaN. */
  adjusted: number[];
  /** Whether each adjusted p-value is under `alpha`. */
  significant: boolean[];
  /** The level used for `significant`. */
  alpha: number;
  /** Rule ids the adjustment serves. */
  rules: string[];
}

function checkP(pValues: readonly number[]): void {
  if (!Array.isArray(pValues)) throw invalidInput(['pValues'], 'expected an array of p-values', 'invalid_type');
  pValues.forEach((p: unknown, i) => {
    if (typeof p !== 'number' || (!Number.isNaN(p) && !(p >= 0 && p <= 1))) {
      throw invalidInput(['pValues', i], `a p-value must be a number in [0, 1] (or NaN for none), got ${String(p)}`);
    }
  });
}

/**
 * Adjusts p-values for multiple comparisons.
 *
 * - Holm (S. Holm, "A simple sequentially rejective multiple test procedure", Scandinavian Journal of
 *   Statistics 6 (1979) 65-70): with the m p-values sorted ascending, p̃₍ᵢ₎ = max_{j≤i} min(1, (m − j + 1) p₍ⱼ₎).
 * - Benjamini-Hochberg (Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate", Journal of
 *   the Royal Statistical Society B 57 (1995) 289-300): p̃₍ᵢ₎ = min_{j≥i} min(1, m p₍ⱼ₎ / j).
 *
 * Ties keep their input order (the result does not depend on it: tied raw p-values get equal adjusted
 * ones). NaN p-values (a comparison that could not be computed) stay NaN and do not count in m.
 *
 * @param pValues - raw p-values in [0, 1] (NaN allowed)
 * @param options - `method` (required: the result must say which) and `alpha` (default 0.05)
 * @throws KehuValidationError at `['pValues', i]` for a value outside [0, 1], or at `['method']`
 */
export function adjustPValues(pValues: readonly number[], options: AdjustOptions): AdjustedPValues {
  checkP(pValues);
  const method = options?.method;
  if (method !== 'holm' && method !== 'benjamini-hochberg') {
    throw invalidInput(['method'], `method must be 'holm' or 'benjamini-hochberg', got ${String(method)}`);
  }
  const alpha = options.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw invalidInput(['alpha'], `alpha must be a number strictly between 0 and 1, got ${String(alpha)}`);
  }
  const order = pValues
    .map((_p, i) => i)
    .filter((i) => !Number.isNaN(pValues[i]))
    .sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  if (method === 'holm') {
    let running = 0;
    order.forEach((index, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
      adjusted[index] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank -= 1) {
      const index = order[rank] as number;
      const p = pValues[index] as number;
      // m p / j >= p exactly; the max keeps it so after the two roundings of the float arithmetic.
      running = Math.min(running, Math.min(1, Math.max(p, (m * p) / (rank + 1))));
      adjusted[index] = running;
    }
  }
  return {
    method,
    label: ADJUSTMENT_LABELS[method],
    m,
    raw: [...pValues],
    adjusted,
    significant: adjusted.map((p) => p < alpha),
    alpha,
    rules: ['SA-3', 'SA-4'],
  };
}

/** A comparison with its verdict read at a multiplicity-adjusted p-value. */
export interface AdjustedComparison extends Comparison {
  /** The comparison's own (unadjusted) p-value. */
  rawPValue: number;
  /** The adjusted p-value the verdict rests on (also in `pValue`). */
  adjustedPValue: number;
  /** The adjustment used. */
  adjustment: AdjustmentMethod;
}

/**
 * Adjusts a family of comparisons (one per segment: team, agent, indicator) and re-reads each verdict at
 * its adjusted p-value: `pValue` becomes the adjusted one, `rawPValue` keeps the original, and the verdict
 * and its text are recomputed against `1 − level` of each comparison. The intervals stay marginal (they are
 * not widened), which the text does not hide: it prints the adjusted p-value beside the unadjusted interval.
 *
 * @param comparisons - results of `compareNps`, `compareProportions` or `compareMeans`, in any order
 * @param options - `method` (Holm or Benjamini-Hochberg); `alpha` is taken from each comparison's level
 */
export function adjustComparisons(
  comparisons: readonly Comparison[],
  options: Pick<AdjustOptions, 'method'>,
): AdjustedComparison[] {
  if (!Array.isArray(comparisons)) {
    throw invalidInput(['comparisons'], 'expected an array of comparisons', 'invalid_type');
  }
  const { adjusted, method } = adjustPValues(
    comparisons.map((c) => c.pValue),
    { method: options?.method },
  );
  return comparisons.map((c, i) => {
    const p = adjusted[i] as number;
    const verdict = verdictOf(c.statistic, p, c.ci.level);
    return {
      ...c,
      pValue: p,
      rawPValue: c.pValue,
      adjustedPValue: p,
      adjustment: method,
      verdict,
      text: verdictText(verdict, c.difference, c.ci, p, c.unit, c.names),
      method: `${c.method}; p adjusted by ${method}`,
    };
  });
}
