import { type Decimal, decimalFromBigUnits, decimalToBigUnits } from '@kehu/core';

/** Decimal places of contribution shares. */
export const SHARE_PLACES = 18;

const UNIT = 10n ** BigInt(SHARE_PLACES);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Apportions 10^{@link SHARE_PLACES} share units over integer `units` (negative ones count
 * as 0) in proportion, by largest remainder: each item gets the floor of its exact share,
 * and the units still missing go to the largest remainders, ties to the earlier item. The
 * quotients sum to exactly 10^SHARE_PLACES unless no unit is positive (then all are 0).
 * `units` are BigInts, or safe integers in a Float64Array (the fast path).
 *
 * BigInt arithmetic keeps it exact; the remainders are ranked as doubles (exact while the
 * total is below 2^53, order-preserving above), and the last units are handed out after a
 * native sort of the remainders rather than a comparator sort of the items.
 */
export function apportionShareUnits(units: Float64Array | readonly bigint[]): {
  quotients: BigUint64Array;
  total: bigint;
} {
  const n = units.length;
  const at =
    units instanceof Float64Array ? (i: number) => BigInt(units[i]!) : (i: number) => (units as readonly bigint[])[i]!;
  let total = 0n;
  if (units instanceof Float64Array) {
    // Sum in doubles while exact, BigInt only past 2^53.
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = units[i]!;
      if (u > 0) {
        if (sum + u > Number.MAX_SAFE_INTEGER) {
          total += BigInt(sum);
          sum = 0;
        }
        sum += u;
      }
    }
    total += BigInt(sum);
  } else for (const u of units) if (u > 0n) total += u;
  const quotients = new BigUint64Array(n);
  if (total === 0n) return { quotients, total };
  const remainders = new Float64Array(n);
  const exact = total <= MAX_SAFE;
  let assigned = 0n;
  for (let i = 0; i < n; i++) {
    const u = at(i);
    if (u <= 0n) continue;
    const scaled = u * UNIT;
    const q = scaled / total;
    quotients[i] = q;
    assigned += q;
    const r = scaled % total;
    remainders[i] = exact ? Number(r) : Number(r) / Number(total);
  }
  let missing = Number(UNIT - assigned);
  if (missing > 0) {
    // The `missing` largest remainders get one unit more: all above the threshold, then the
    // earliest of those equal to it. (Only positive items have a positive remainder, and
    // there are more of those than units missing.)
    const sorted = remainders.slice().sort();
    const threshold = sorted[n - missing]!;
    for (let i = 0; i < n; i++) {
      if (remainders[i]! > threshold) {
        quotients[i]! += 1n;
        missing--;
      }
    }
    for (let i = 0; i < n && missing > 0; i++) {
      if (remainders[i] === threshold && at(i) > 0n) {
        quotients[i]! += 1n;
        missing--;
      }
    }
  }
  return { quotients, total };
}

/**
 * Shares of `values` in their total, as Decimals with {@link SHARE_PLACES} places that sum
 * to exactly 1 (largest-remainder rounding; ties in the remainder go to the earlier item).
 * Negative values count as 0. All zero (or empty) gives all-zero shares.
 */
export function exactShares(values: readonly Decimal[]): Decimal[] {
  return sharesAndTotal(values).shares;
}

/** {@link exactShares} and the total of the non-negative values. */
export function sharesAndTotal(values: readonly Decimal[]): { shares: Decimal[]; total: Decimal } {
  const places = values.reduce((p, v) => Math.max(p, v.decimalPlaces()), 0);
  const units = values.map((v) => decimalToBigUnits(v, places));
  const { quotients, total } = apportionShareUnits(units);
  return {
    shares: Array.from(quotients, (q) => decimalFromBigUnits(q, SHARE_PLACES)),
    total: decimalFromBigUnits(total, places),
  };
}
