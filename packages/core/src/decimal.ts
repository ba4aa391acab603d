// The named export: decimal.js types its package as CommonJS, so under `module: nodenext` its default
// export is the whole module object, and a default import would make `Decimal` a namespace for consumers.
import { Decimal as DecimalJs } from 'decimal.js';
import { invalidInput, type ErrorPath } from './errors.js';

/**
 * The `decimal.js` constructor Kehu computes with: 60 significant digits, banker's
 * rounding, and plain (never exponential) notation in `toString()`, so sums of large
 * amounts with many fraction digits stay exact and print as exact decimal strings.
 *
 * It is a clone, so the host's own `decimal.js` configuration is never touched.
 * Instances of any `decimal.js` constructor are accepted as input.
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** An instance of {@link Decimal}. */
export type Decimal = DecimalJs;

/** What Kehu accepts where an exact decimal is expected. */
export type DecimalInput = string | number | DecimalJs;

const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * True when {@link toDecimal} accepts `value`: a decimal string (sign, fraction and exponent
 * allowed, surrounding spaces ignored), a number exact in binary, or a finite `decimal.js` value.
 */
export function isDecimalInput(value: unknown): value is DecimalInput {
  if (typeof value === 'string') return DECIMAL_PATTERN.test(value.trim());
  if (typeof value === 'number') return isExactDecimalNumber(value);
  return DecimalJs.isDecimal(value) && (value as DecimalJs).isFinite();
}

/**
 * True when the number `n` is exactly the decimal its shortest string shows, so it can
 * be taken as money without a rounding error: `0.5` and `12.25` are, `0.1` is not
 * (its binary value is 0.1000000000000000055…).
 */
export function isExactDecimalNumber(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (Number.isInteger(n)) return Number.isSafeInteger(n);
  // The shortest decimal A / 10^k equals the binary value only when the reduced
  // fraction has a power-of-two denominator, i.e. when 5^k divides A.
  const d = new Decimal(String(n));
  const k = d.decimalPlaces();
  const scaled = d.abs().times(new Decimal(10).pow(k));
  return scaled.mod(new Decimal(5).pow(k)).isZero();
}

/**
 * Converts a string, an exactly representable number or a `decimal.js` value to a
 * Kehu {@link Decimal}. Anything else, including `0.1` as a number, `NaN`, `Infinity`
 * and malformed strings, throws a {@link KehuValidationError} at `path`.
 */
export function toDecimal(value: unknown, path: ErrorPath = []): Decimal {
  if (DecimalJs.isDecimal(value)) {
    const d = value as DecimalJs;
    if (!d.isFinite()) throw invalidInput(path, 'amount must be finite', 'NOT_FINITE');
    return isKehuDecimal(d) ? d : new Decimal(d.toString());
  }
  if (typeof value === 'string') {
    const s = value.trim();
    if (!DECIMAL_PATTERN.test(s))
      throw invalidInput(path, `not a decimal number: ${JSON.stringify(value)}`, 'NOT_A_DECIMAL');
    return new Decimal(s);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(path, 'amount must be finite', 'NOT_FINITE');
    if (!isExactDecimalNumber(value)) {
      throw invalidInput(
        path,
        `the number ${value} is not exact in binary; pass the amount as a string`,
        'INEXACT_NUMBER',
      );
    }
    return new Decimal(String(value));
  }
  throw invalidInput(
    path,
    `expected a decimal string, an exact number or a Decimal, got ${typeof value}`,
    'NOT_A_DECIMAL',
  );
}

/**
 * True when `d` was made by Kehu's {@link Decimal} constructor. (`instanceof` cannot tell:
 * every `decimal.js` clone shares one prototype, while the precision used in arithmetic
 * comes from each instance's `constructor`.)
 */
export function isKehuDecimal(d: DecimalJs): boolean {
  return (d as { constructor?: unknown }).constructor === Decimal;
}

/** The exact decimal string of `d` (never exponential notation). */
export function decimalToString(d: DecimalJs): string {
  return isKehuDecimal(d) ? d.toString() : new Decimal(d.toString()).toString();
}
