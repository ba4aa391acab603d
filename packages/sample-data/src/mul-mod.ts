/**
 * `(a × b) mod m`, exactly, for integers `0 ≤ a, b < 2^32` and `1 ≤ m < 2^32`, in float arithmetic: `b` is split
 * into 16-bit halves so that no intermediate product exceeds 2^48, where the plain `a * b % m` rounds once the
 * product passes 2^53.
 */
export function mulMod(a: number, b: number, m: number): number {
  const x = a % m;
  const high = Math.floor(b / 65_536);
  const low = b % 65_536;
  return (((x * high) % m) * 65_536 + x * low) % m;
}
