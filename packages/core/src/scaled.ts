import { Decimal } from './decimal.js';
import { invalidInput } from './errors.js';

/**
 * Exact conversions between Kehu {@link Decimal}s and scaled integers ("units" of
 * `10^-scale`, e.g. cents at scale 2), for the fast paths that sum, sort and compare
 * millions of amounts: integer arithmetic on doubles is exact while every value stays
 * within ±2^53 − 1, and these functions refuse (return `undefined`) rather than round.
 *
 * Why hand-written: `new Decimal(string)` parses a string (about 0.5 µs) and was the
 * largest cost of summarising and grading a million customers (`pnpm bench`). A Decimal
 * is stored as `{ s, e, d }` (sign, decimal exponent and base-10^7 digit words; the
 * read-only properties decimal.js declares in its typings), and building those fields
 * from an integer directly is about 50 times faster. `scaled.test.ts` checks, for random
 * values, that the result is identical field by field to what the constructor builds, so
 * an incompatible decimal.js release fails the tests rather than the arithmetic.
 */

const WORD = 1e7;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Largest scale {@link decimalsToUnits} picks (a safe integer holds at most 15 whole digits). */
export const MAX_UNIT_SCALE = 15;

/** Largest scale the conversions accept. */
const MAX_SCALE = 100;

function digitsOf(w: number): number {
  let n = 1;
  while (w >= POW10[n]!) n++;
  return n;
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE)
    throw invalidInput(['scale'], `scale must be an integer 0..${MAX_SCALE}`);
}

/**
 * The Decimal `units × 10^-scale`, exactly: `decimalFromUnits(123456, 2)` is `1234.56`.
 * `units` must be a safe integer; throws `KehuValidationError` otherwise (a programming
 * error of the fast path, never a rounding).
 */
export function decimalFromUnits(units: number, scale: number): Decimal {
  if (!Number.isSafeInteger(units)) throw invalidInput(['units'], `units must be a safe integer, got ${units}`);
  checkScale(scale);
  const sign = units < 0 || Object.is(units, -0) ? -1 : 1;
  const u = Math.abs(units);
  // A safe integer has at most three base-10^7 words; no intermediate array is needed.
  const w0 = u % WORD;
  const rest = (u - w0) / WORD;
  const w1 = rest % WORD;
  const w2 = (rest - w1) / WORD;
  return fromRawWords(sign, w2 > 0 ? [w0, w1, w2] : w1 > 0 ? [w0, w1] : w0 > 0 ? [w0] : [], scale);
}

const BIG_SPLIT = 10n ** 14n;

/** {@link decimalFromUnits} for a BigInt of units (any size), e.g. shares in units of 10^-20. */
export function decimalFromBigUnits(units: bigint, scale: number): Decimal {
  checkScale(scale);
  if (units >= -9007199254740991n && units <= 9007199254740991n) return decimalFromUnits(Number(units), scale);
  const raw: number[] = [];
  let u = units < 0n ? -units : units;
  // Fourteen digits (two words) per BigInt division.
  while (u > 0n) {
    const low = Number(u % BIG_SPLIT);
    u /= BIG_SPLIT;
    const w0 = low % WORD;
    raw.push(w0, (low - w0) / WORD);
  }
  while (raw.length > 0 && raw[raw.length - 1] === 0) raw.pop();
  return fromRawWords(units < 0n ? -1 : 1, raw, scale);
}

/**
 * The Decimal whose digits are the base-10^7 words `raw` (least significant first; the array is reused) times
 * 10^-scale.
 */
function fromRawWords(sign: number, raw: number[], scale: number): Decimal {
  const x = Object.create(Decimal.prototype) as Decimal & { constructor: unknown; s: number; e: number; d: number[] };
  // Same property order as the constructor, so every instance shares one hidden class.
  x.constructor = Decimal;
  x.s = sign;
  if (raw.length === 0) {
    x.e = 0;
    x.d = [0];
    return x;
  }
  // decimal.js aligns words to the decimal point: shift the digits left by r so that the
  // lowest exponent, -(scale + r), is a multiple of 7.
  const r = (7 - (scale % 7)) % 7;
  let words = raw;
  if (r > 0) {
    const keep = POW10[7 - r]!;
    const up = POW10[r]!;
    let carry = 0;
    for (let i = 0; i < raw.length; i++) {
      const w = raw[i]!;
      const low = w % keep;
      words[i] = low * up + carry;
      carry = (w - low) / keep;
    }
    if (carry > 0) words.push(carry);
  }
  const base = -(scale + r);
  let lo = 0;
  while (words[lo] === 0) lo++;
  const top = words.length - 1;
  x.e = base + 7 * top + digitsOf(words[top]!) - 1;
  // Most significant word first, without the zero words at the low end.
  if (lo > 0) words = words.slice(lo);
  words.reverse();
  x.d = words;
  return x;
}

/**
 * Every value of `values` as exact integer units at one common scale: 4 places when they
 * all fit, else the most places any value has; `undefined` when some value still does not
 * fit in ±(2^53 − 1) units or needs more than {@link MAX_UNIT_SCALE} places (callers then
 * take their Decimal path).
 */
export function decimalsToUnits(values: readonly Decimal[]): { units: Float64Array; scale: number } | undefined {
  const units = new Float64Array(values.length);
  let scale = 4;
  for (let attempt = 0; attempt < 2; attempt++) {
    let ok = true;
    for (let i = 0; i < values.length; i++) {
      const u = decimalToUnits(values[i]!, scale);
      if (u === undefined) {
        ok = false;
        break;
      }
      units[i] = u;
    }
    if (ok) return { units, scale };
    scale = values.reduce((p, v) => Math.max(p, v.decimalPlaces()), 0);
    if (scale > MAX_UNIT_SCALE) return undefined;
  }
  return undefined;
}

/**
 * `d × 10^scale` as a safe integer when that is exact, i.e. when `d` has at most `scale`
 * decimal places and the result stays within ±(2^53 − 1); otherwise `undefined`, so the
 * caller falls back to Decimal arithmetic. Works for instances of any decimal.js
 * constructor (same representation).
 */
export function decimalToUnits(d: Decimal, scale: number): number | undefined {
  const { d: words, e, s } = d as unknown as { d: number[] | null; e: number; s: number };
  if (words === null || words === undefined) return undefined;
  if (words.length === 1 && words[0] === 0) return 0;
  // The lowest exponent of the first word (a multiple of 7).
  let x = e - digitsOf(words[0]!) + 1 + scale;
  let units = 0;
  for (let i = 0; i < words.length; i++, x -= 7) {
    let w = words[i]!;
    if (x < 0) {
      if (x < -7) return w === 0 ? units * s : undefined;
      const p = POW10[-x]!;
      if (w % p !== 0) return undefined;
      w /= p;
      units += w;
    } else {
      if (x > 15) return undefined;
      units += w * POW10[x]!;
    }
    if (units > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return s < 0 ? -units : units;
}

/**
 * `d × 10^scale` as an exact BigInt of any size. With `rounding: 'exact'` (default) a value
 * with more than `scale` decimal places throws `KehuValidationError`; with `'ceil'` it rounds up, the
 * least number of units that reaches `d` (so `units ≥ result` ⇔ `units × 10^-scale ≥ d`).
 */
export function decimalToBigUnits(d: Decimal, scale: number, rounding: 'exact' | 'ceil' = 'exact'): bigint {
  checkScale(scale);
  let x = d.times(new Decimal(10).pow(scale));
  if (rounding === 'ceil') x = x.ceil();
  else if (!x.isInteger()) throw invalidInput([], `${d.toString()} has more than ${scale} decimal places`);
  return BigInt(x.toFixed(0));
}
