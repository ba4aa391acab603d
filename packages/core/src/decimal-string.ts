import * as z from 'zod';

/**
 * Decimal strings in policies and files: plain digits with an optional fraction (`500`,
 * `199.99`), no exponent, no grouping, no spaces, so a policy reads the same to a person and
 * to the code. Amounts from hosts go through the more lenient `toDecimal` instead.
 */

const NON_NEGATIVE = /^\d+(?:\.\d+)?$/;
const SIGNED = /^-?\d+(?:\.\d+)?$/;

/** True when `text` is a plain decimal string (`500`, `199.99`; with `signed`, also `-3.5`). */
export function isDecimalString(text: string, options: { signed?: boolean } = {}): boolean {
  return (options.signed === true ? SIGNED : NON_NEGATIVE).test(text);
}

/** A non-negative plain decimal string such as `500` or `199.99`, kept as a string (exact). */
export const decimalStringSchema = z
  .string()
  .regex(NON_NEGATIVE, 'expected a non-negative decimal string such as "500" or "199.99"');

/** A plain decimal string that may be negative, such as `-12.5` or `300`, kept as a string (exact). */
export const signedDecimalStringSchema = z.string().regex(SIGNED, 'expected a decimal string such as "300" or "-12.5"');
