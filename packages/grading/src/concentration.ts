import { Decimal, invalidInput } from '@kehu/core';
import type { ContributionGrading } from './contribution.js';

/** The share of buying customers whose value share rule GR-6 speaks of: the top 20%. */
export const DEFAULT_TOP_SHARE = 0.2;
/** The most points of a concentration curve by default (enough for a chart, short enough for its table). */
export const DEFAULT_CONCENTRATION_POINTS = 200;

/** One point of the concentration curve: the top `customers` buying customers bring `valueShare` of the value. */
export interface ConcentrationPoint {
  /** How many of the top buying customers (0..buyers). */
  customers: number;
  /** The exact share of the total positive contribution they bring, 0..1. */
  valueShare: Decimal;
}

/** How concentrated value is over the buying customers (rule GR-6), from a contribution grading. */
export interface ValueConcentration {
  /** Buying customers: those with a positive contribution, ranked by contribution. */
  buyers: number;
  /** Their total contribution (the grading's total positive contribution). */
  total: Decimal;
  /** The curve from (0 customers, 0) to (all buyers, 1), ascending; at most `maxPoints` + 1 points. */
  points: ConcentrationPoint[];
  /** The marked point: the top `share` of buying customers, `ceil(share × buyers)` of them, and what they bring. */
  top: { share: number } & ConcentrationPoint;
}

/** Options of {@link valueConcentration}. */
export interface ValueConcentrationOptions {
  /** The share of buying customers marked, in (0, 1]; default 0.2 (GR-6). */
  topShare?: number;
  /** The most points of the curve (the top customers and the last are always in), at least 1; default 200. */
  maxPoints?: number;
}

/**
 * The concentration (Pareto) curve of a contribution grading (rule GR-6): over the buying customers (positive
 * contribution) in rank order, the cumulative sum of the exact shares `gradeByContribution` gives each (they sum to
 * exactly 1), and the share the top 20% bring. `null` when no customer has a positive contribution.
 *
 * @throws KehuValidationError at `['topShare']` or `['maxPoints']` for a bad option
 */
export function valueConcentration(
  grading: ContributionGrading,
  options: ValueConcentrationOptions = {},
): ValueConcentration | null {
  const topShare = options.topShare ?? DEFAULT_TOP_SHARE;
  if (typeof topShare !== 'number' || !(topShare > 0 && topShare <= 1))
    throw invalidInput(['topShare'], `topShare must be a number in (0, 1], got ${String(topShare)}`);
  const maxPoints = options.maxPoints ?? DEFAULT_CONCENTRATION_POINTS;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 1)
    throw invalidInput(['maxPoints'], `maxPoints must be a whole number of at least 1, got ${String(maxPoints)}`);
  const buying = grading.grades.filter((g) => g.contribution.greaterThan(0));
  const n = buying.length;
  if (n === 0) return null;
  const cumulative: Decimal[] = [new Decimal(0)];
  for (const g of buying) cumulative.push(cumulative.at(-1)!.plus(g.share));
  const topCount = Math.ceil(n * topShare);
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const ks: number[] = [];
  for (let k = 0; k < n; k += step) ks.push(k);
  ks.push(n);
  return {
    buyers: n,
    total: grading.total,
    points: ks.map((k) => ({ customers: k, valueShare: cumulative[k]! })),
    top: { share: topShare, customers: topCount, valueShare: cumulative[topCount]! },
  };
}
