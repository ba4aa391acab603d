import { Decimal } from '@kehu/core';

/** Decimal places of contribution shares. */
export const SHARE_PLACES = 20;

/**
 * Shares of `values` in their total, as Decimals with {@link SHARE_PLACES} places that sum
 * to exactly 1 (largest-remainder rounding; ties in the remainder go to the earlier item).
 * Negative values count as 0. All zero (or empty) gives all-zero shares.
 */
export function exactShares(values: readonly Decimal[]): Decimal[] {
  const clamped = values.map((v) => (v.isNegative() ? new Decimal(0) : v));
  const total = clamped.reduce((s, v) => s.plus(v), new Decimal(0));
  if (total.isZero()) return clamped.map(() => new Decimal(0));
  const unit = new Decimal(1).div(new Decimal(10).pow(SHARE_PLACES));
  const exact = clamped.map((v) => v.div(total));
  const floored = exact.map((x) => x.toDecimalPlaces(SHARE_PLACES, Decimal.ROUND_DOWN));
  let missing = new Decimal(1).minus(floored.reduce((s, v) => s.plus(v), new Decimal(0))).div(unit).round().toNumber();
  const order = exact.map((x, i) => ({ i, rest: x.minus(floored[i]!) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floored[i] = floored[i]!.plus(unit);
    missing--;
  }
  return floored;
}
