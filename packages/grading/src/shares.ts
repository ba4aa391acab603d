import { Decimal } from '@kehu/core';

/** Decimal places of contribution shares. */
export const SHARE_PLACES = 20;

const UNIT = 10n ** BigInt(SHARE_PLACES);

const SAFE = 2 ** 52;

/** `d` (non-negative) as an integer of `places` decimal places. */
function scaled(d: Decimal, places: number, asNumber: number): bigint {
  // Fast path: a double within 2^52 units rounds back to the exact integer.
  const units = asNumber * 10 ** places;
  if (units < SAFE) return BigInt(Math.round(units));
  return BigInt(d.toFixed(places).replace('.', ''));
}

/** Units of 10^-SHARE_PLACES as a Decimal. */
function fromUnits(units: bigint): Decimal {
  const s = units.toString().padStart(SHARE_PLACES + 1, '0');
  return new Decimal(`${s.slice(0, -SHARE_PLACES)}.${s.slice(-SHARE_PLACES)}`);
}

/**
 * Shares of `values` in their total, as Decimals with {@link SHARE_PLACES} places that sum
 * to exactly 1 (largest-remainder rounding; ties in the remainder go to the earlier item).
 * Negative values count as 0. All zero (or empty) gives all-zero shares.
 *
 * Computed in integer arithmetic (BigInt over the values scaled by their largest number of
 * decimal places), which is exact and much faster than Decimal division per value.
 */
export function exactShares(values: readonly Decimal[]): Decimal[] {
  return sharesAndTotal(values).shares;
}

/**
 * {@link exactShares} and the total of the non-negative values. `numbers`, when given, are
 * the values as correctly rounded doubles (saves converting them again).
 */
export function sharesAndTotal(values: readonly Decimal[], numbers?: ArrayLike<number>): { shares: Decimal[]; total: Decimal } {
  const places = values.reduce((p, v) => Math.max(p, v.decimalPlaces()), 0);
  const ints = values.map((v, i) => (v.isNegative() ? 0n : scaled(v, places, numbers?.[i] ?? v.toNumber())));
  const total = ints.reduce((s, v) => s + v, 0n);
  if (total === 0n) return { shares: values.map(() => new Decimal(0)), total: new Decimal(0) };
  const quotients = new Array<bigint>(ints.length);
  const remainders = new Float64Array(ints.length);
  const totalAsNumber = Number(total);
  let assigned = 0n;
  for (let i = 0; i < ints.length; i++) {
    const scaledValue = ints[i]! * UNIT;
    const q = scaledValue / total;
    quotients[i] = q;
    assigned += q;
    // Only the order of remainders matters (which items get the last units), so a float is enough.
    remainders[i] = Number(scaledValue - q * total) / totalAsNumber;
  }
  let missing = Number(UNIT - assigned);
  if (missing > 0) {
    const order = Array.from({ length: ints.length }, (_, i) => i).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
    for (const i of order) {
      if (missing-- <= 0) break;
      quotients[i] = quotients[i]! + 1n;
    }
  }
  const t = total.toString().padStart(places + 1, '0');
  return { shares: quotients.map(fromUnits), total: new Decimal(places === 0 ? t : `${t.slice(0, -places)}.${t.slice(-places)}`) };
}
